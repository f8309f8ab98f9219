import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { App } from '../../lib/core/app';
import { AppLoadError } from '../../lib/core/errors';
import { loadApp } from '../../lib/core/load-app';
import { runSynth } from '../../lib/cli/synth-run';
import { UsageError } from '../../lib/cli/usage-error';

/**
 * Loading the app module, checked in process with plain JavaScript app files (the child-process tests
 * in test/cli/synth-cli.test.ts cover the TypeScript path end to end): each way it can go wrong has its
 * own message.
 */

const dir = mkdtempSync(join(tmpdir(), 'vks-bigip-load-app-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function appFile(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

function loadErrorOf(work: () => unknown): AppLoadError {
  try {
    work();
  } catch (error) {
    if (error instanceof AppLoadError) return error;
    throw error;
  }
  throw new Error('expected an AppLoadError');
}

// The app modules are plain JavaScript run by Node's own loader: they hand back Apps built here.
const apps = globalThis as unknown as { vksBigipTestApp?: App };
const appFrom = 'module.exports.createApp = () => globalThis.vksBigipTestApp;\n';

describe('loadApp', () => {
  it('fails when the app file does not exist, naming the file and where it looked (a usage error)', () => {
    const error = loadErrorOf(() => loadApp('missing/app.ts', dir));
    expect(error.usage).toBe(true);
    expect(error.message).toBe(
      `app file missing/app.ts does not exist (resolved to ${join(dir, 'missing/app.ts')}); pass --app <file> (under Pulumi: pulumi config set app <file>)`,
    );
  });

  it('fails when the module exports no createApp function, saying what it exports', () => {
    const file = appFile('no-factory.js', 'module.exports = { somethingElse: 1 };\n');
    const error = loadErrorOf(() => loadApp(file, dir));
    expect(error.usage).toBe(false);
    expect(error.message).toBe(`${file} must export a function createApp(): App; it exports somethingElse`);
  });

  it('fails on a syntax error with the file and line, not as a missing export', () => {
    const file = appFile('broken.js', 'module.exports.createApp = () => {\n  return (;\n};\n');
    const error = loadErrorOf(() => loadApp(file, dir));
    expect(error.message).toMatch(
      new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} has a syntax error at \\S*broken\\.js:2`),
    );
  });

  it.each([
    ['undefined', 'module.exports.createApp = () => undefined;\n', 'undefined'],
    ['{}', 'module.exports.createApp = () => ({});\n', 'a plain object'],
    ['a number', 'module.exports.createApp = () => 42;\n', 'a number'],
  ])('fails when createApp() returns %s', (name, text, got) => {
    const file = appFile(`returns-${name.replace(/\W/g, '')}.js`, text);
    expect(loadErrorOf(() => loadApp(file, dir)).message).toBe(
      `createApp() in ${file} must return the App (new App() from 'vks-bigip'), got ${got}`,
    );
  });

  it('fails when createApp() returns a Promise', () => {
    const file = appFile('async.js', 'module.exports.createApp = async () => ({});\n');
    expect(loadErrorOf(() => loadApp(file, dir)).message).toBe(
      `createApp() in ${file} returned a Promise; it must build the App synchronously and return it`,
    );
  });

  it('takes createApp, or a default export', () => {
    apps.vksBigipTestApp = new App();
    const named = appFile('named.js', appFrom);
    const fallback = appFile('default.js', appFrom.replace('createApp', 'default'));
    expect(loadApp(named, dir)).toBe(apps.vksBigipTestApp);
    expect(loadApp(fallback, dir)).toBe(apps.vksBigipTestApp);
  });
});

describe('runSynth', () => {
  it('fails when the app defines no stacks, and writes nothing', () => {
    apps.vksBigipTestApp = new App();
    const file = appFile('empty.js', appFrom);
    const out = join(dir, 'out');
    let error: unknown;
    try {
      runSynth({ app: file, out, strict: false });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toBe(`${file} defines no stacks`);
    expect(existsSync(out)).toBe(false);
  });
});
