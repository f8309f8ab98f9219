import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { App } from '../core/app';
import { UsageError } from './usage-error';

/** The default app module: `stacks/index.ts`, exporting `createApp(): App`. */
export const DEFAULT_APP_FILE = 'stacks/index.ts';

/**
 * Loads the module that defines the stacks and builds the App. Construct errors (bad props) surface
 * here, as thrown by the constructors.
 */
export function loadApp(file: string = DEFAULT_APP_FILE, cwd: string = process.cwd()): App {
  const path = resolve(cwd, file);
  if (!existsSync(path)) {
    throw new UsageError(
      `app file ${file} does not exist (resolved to ${path}); pass --app <file> (under Pulumi: pulumi config set app <file>)`,
    );
  }
  const loaded = require(path) as { createApp?: () => App; default?: () => App };
  const factory = loaded.createApp ?? loaded.default;
  if (typeof factory !== 'function') {
    throw new UsageError(`${file} must export a function createApp(): App`);
  }
  return factory();
}
