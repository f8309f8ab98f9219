import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadApp } from '../../lib/cli/load-app';
import { runSynth } from '../../lib/cli/synth-command';
import { UsageError } from '../../lib/cli/usage-error';

/**
 * The CLI's usage errors (exit code 2 in `main`), checked in process with plain JavaScript app files
 * (the child-process tests in synth-cli.test.ts cover the TypeScript path end to end).
 */

const dir = mkdtempSync(join(tmpdir(), 'vks-bigip-load-app-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function appFile(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

function usageErrorOf(work: () => unknown): UsageError {
  try {
    work();
  } catch (error) {
    if (error instanceof UsageError) return error;
    throw error;
  }
  throw new Error('expected a UsageError');
}

describe('loadApp', () => {
  it('fails when the app file does not exist, naming the file and where it looked', () => {
    const error = usageErrorOf(() => loadApp('missing/app.ts', dir));
    expect(error.message).toBe(
      `app file missing/app.ts does not exist (resolved to ${join(dir, 'missing/app.ts')}); pass --app <file> (under Pulumi: pulumi config set app <file>)`,
    );
  });

  it('fails when the module exports no createApp function', () => {
    const file = appFile('no-factory.js', 'module.exports = { somethingElse: 1 };\n');
    expect(usageErrorOf(() => loadApp(file, dir)).message).toBe(
      `${file} must export a function createApp(): App`,
    );
  });

  it('takes createApp, or a default export', () => {
    const named = appFile('named.js', 'module.exports.createApp = () => "named";\n');
    const fallback = appFile('default.js', 'module.exports.default = () => "default";\n');
    expect(loadApp(named, dir)).toBe('named');
    expect(loadApp(fallback, dir)).toBe('default');
  });
});

describe('runSynth', () => {
  it('fails when the app defines no stacks, and writes nothing', () => {
    const file = appFile('empty.js', 'module.exports.createApp = () => ({ stacks: [] });\n');
    const out = join(dir, 'out');
    const error = usageErrorOf(() => runSynth({ app: file, out, strict: false }));
    expect(error.message).toBe(`${file} defines no stacks`);
    expect(existsSync(out)).toBe(false);
  });
});
