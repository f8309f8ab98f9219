import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const lib = (entry: string) => fileURLToPath(new URL(`./lib/${entry}`, import.meta.url));

export default defineConfig({
  resolve: {
    // Tests import the package as consumers do; in this checkout it resolves to the TypeScript sources.
    alias: [
      { find: /^vks-bigip$/, replacement: lib('index.ts') },
      { find: /^vks-bigip\/(testing|simulator|bigip|pulumi)$/, replacement: lib('$1/index.ts') },
    ],
  },
  test: {
    include: ['test/**/*.test.ts'],
    // Pulumi's closure serializer breaks under worker threads; forks keep each file in its own process.
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
