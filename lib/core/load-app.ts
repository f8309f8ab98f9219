import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { App } from './app';
import { AppLoadError } from './errors';

export { AppLoadError };

import { DEFAULT_APP_FILE } from './app-file';

export { DEFAULT_APP_FILE };

/** `file:line:column` of a syntax error, from its message (the TypeScript hook) or its stack (Node). */
function syntaxLocation(error: Error, path: string): string {
  const frame = [error.message, ...(error.stack?.split('\n') ?? [])].find((line) => line.includes(path));
  const match = frame && /(\S+?):(\d+)(?::(\d+))?/.exec(frame.trim().replace(/^at\s+/, ''));
  return match ? `${match[1]}:${match[2]}${match[3] ? `:${match[3]}` : ''}` : path;
}

/**
 * Loads the module that defines the stacks and builds the App. Construct errors (bad props) surface
 * here, as thrown by the constructors; a module that does not load or export `createApp()` gets an
 * error that says which of the two went wrong.
 */
export function loadApp(file: string = DEFAULT_APP_FILE, cwd: string = process.cwd()): App {
  const path = resolve(cwd, file);
  if (!existsSync(path)) {
    throw new AppLoadError(
      `app file ${file} does not exist (resolved to ${path}); pass --app <file> (under Pulumi: pulumi config set app <file>)`,
      true,
    );
  }
  let loaded: { createApp?: unknown; default?: unknown };
  try {
    loaded = require(path) as typeof loaded;
  } catch (error) {
    if (error instanceof SyntaxError) {
      const where = syntaxLocation(error, path);
      const message = error.message.startsWith(`${where}: `)
        ? error.message.slice(where.length + 2)
        : error.message;
      throw new AppLoadError(`${file} has a syntax error at ${where}: ${message}`);
    }
    throw error;
  }
  const factory = loaded.createApp ?? loaded.default;
  if (typeof factory !== 'function') {
    const exported = Object.keys(loaded).join(', ') || 'nothing';
    throw new AppLoadError(`${file} must export a function createApp(): App; it exports ${exported}`);
  }
  const app: unknown = factory();
  if (app instanceof Promise) {
    throw new AppLoadError(
      `createApp() in ${file} returned a Promise; it must build the App synchronously and return it`,
    );
  }
  if (!(app instanceof App)) {
    throw new AppLoadError(
      `createApp() in ${file} must return the App (new App() from 'vks-bigip'), got ${describeValue(app)}`,
    );
  }
  return app;
}

function describeValue(value: unknown): string {
  if (value === undefined || value === null) return String(value);
  if (typeof value !== 'object') return `a ${typeof value}`;
  const type = (value as { constructor?: { name?: string } }).constructor?.name;
  return !type || type === 'Object' ? 'a plain object' : `an instance of ${type}`;
}
