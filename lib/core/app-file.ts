/** The default app module: `stacks/index.ts`, exporting `createApp(): App`. */
export const DEFAULT_APP_FILE = 'stacks/index.ts';
