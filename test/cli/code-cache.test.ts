import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO } from '../helpers/cli';

/**
 * The V8 code cache of the CLI (bin/code-cache.js): modules compiled from it behave as Node's loader
 * makes them behave, the cache is used on the next run and invalidated by a change of content.
 */
const work = mkdtempSync(join(tmpdir(), 'vks-bigip-code-cache-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const cacheModule = join(REPO, 'bin', 'code-cache.js');

/** Runs `main` in a fresh Node process with the code cache in `cache`; returns its JSON report. */
function run(cache: string, main: string) {
  const entry = join(work, `entry-${Math.random().toString(36).slice(2)}.js`);
  writeFileSync(
    entry,
    `const stats = require(${JSON.stringify(cacheModule)}).installCodeCache(${JSON.stringify(cache)});
     const report = require(${JSON.stringify(main)});
     Promise.resolve(report.done).then((extra) => {
       process.stdout.write(JSON.stringify({ ...report.values, extra, stats }));
     });`,
  );
  const result = spawnSync(process.execPath, [entry], { cwd: work, encoding: 'utf8' });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return JSON.parse(result.stdout) as {
    values: never;
    extra: unknown;
    stats: { hits: number; misses: number };
  } & Record<string, unknown>;
}

function fixture(name: string): string {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'other.js'), "module.exports = { who: 'other' };\n");
  writeFileSync(join(dir, 'data.mjs'), 'export const value = 42;\n');
  // A module that calls import() is compiled by Node's own loader.
  writeFileSync(join(dir, 'dynamic.js'), 'module.exports = import("./data.mjs").then((m) => m.value);\n');
  writeFileSync(
    join(dir, 'main.js'),
    [
      '#!/usr/bin/env node',
      "'use strict';",
      'const path = require("node:path");',
      'let line;',
      'try { throw new Error("here"); } catch (e) { line = Number(/main\\.js:(\\d+)/.exec(e.stack)[1]); }',
      'module.exports.values = {',
      '  thisIsExports: this === module.exports,',
      '  dirname: __dirname,',
      '  filename: __filename,',
      '  resolved: path.basename(require.resolve("./other")),',
      '  paths: Array.isArray(require.resolve.paths("x")),',
      '  cached: typeof require.cache[__filename] === "object",',
      '  extensions: typeof require.extensions[".js"] === "function",',
      '  other: require("./other").who,',
      '  errorLine: line,',
      '};',
      'module.exports.done = require("./dynamic");',
    ].join('\n'),
  );
  return dir;
}

describe('V8 code cache of the CLI', () => {
  it("compiles modules as Node's loader does: wrapper, this, require, shebang and line numbers", () => {
    const dir = fixture('semantics');
    const main = join(dir, 'main.js');
    const report = run(join(work, 'cache-semantics'), main);
    expect(report).toMatchObject({
      thisIsExports: true,
      dirname: dir,
      filename: main,
      resolved: 'other.js',
      paths: true,
      cached: true,
      extensions: true,
      other: 'other',
      errorLine: 5, // the shebang line still counts
      extra: 42, // import() works in a module left to Node
    });
  });

  it('a second run compiles every module from the cache; a changed module alone is compiled anew', () => {
    const dir = fixture('reuse');
    const cache = join(work, 'cache-reuse');
    const main = join(dir, 'main.js');
    const first = run(cache, main);
    expect(first.stats).toEqual({ hits: 0, misses: 2, skipped: 1 });
    expect(readdirSync(cache).filter((f) => f.endsWith('.bin'))).toHaveLength(2);
    const second = run(cache, main);
    expect(second.stats).toEqual({ hits: 2, misses: 0, skipped: 1 });
    expect(second.other).toBe('other');

    writeFileSync(join(dir, 'other.js'), "module.exports = { who: 'changed' };\n");
    const third = run(cache, main);
    expect(third.stats).toEqual({ hits: 1, misses: 1, skipped: 1 });
    expect(third.other).toBe('changed');
  });

  it('an unwritable cache folder only costs speed', () => {
    const dir = fixture('unwritable');
    const blocker = join(work, 'not-a-folder');
    writeFileSync(blocker, 'a file where the cache folder would be');
    const report = run(join(blocker, 'cache'), join(dir, 'main.js'));
    expect(report.other).toBe('other');
    expect(readFileSync(blocker, 'utf8')).toBe('a file where the cache folder would be');
  });

  it('the CLI writes the same files with the cache and without it', () => {
    const synth = (out: string, env: Record<string, string>) => {
      const result = spawnSync(
        process.execPath,
        ['bin/vks-bigip.js', 'synth', '--app', 'bench/fleet-app.ts', '--out', out],
        { cwd: REPO, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FLEET_APPS: '12', ...env } },
      );
      expect(result.status, result.stderr).toBe(0);
      return result.stdout;
    };
    const off = synth(join(work, 'off'), { VKS_BIGIP_CODE_CACHE: '0' });
    synth(join(work, 'on'), {}); // fills the cache
    const on = synth(join(work, 'on'), {});
    expect(on.replace(join(work, 'on'), '<out>')).toBe(off.replace(join(work, 'off'), '<out>'));
    const files = (root: string) =>
      readdirSync(root, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => join(e.parentPath, e.name).slice(root.length))
        .sort();
    const offFiles = files(join(work, 'off'));
    expect(files(join(work, 'on'))).toEqual(offFiles);
    for (const f of offFiles)
      expect(readFileSync(join(work, 'on', f), 'utf8'), f).toBe(readFileSync(join(work, 'off', f), 'utf8'));
  });
});
