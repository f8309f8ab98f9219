import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, expect, it } from 'vitest';

/**
 * docs/api is generated from the TSDoc by `npm run docs` (TypeDoc + typedoc-plugin-markdown, typedoc.json)
 * and committed. This regenerates it into a temp folder and compares: a public API or TSDoc change
 * without `npm run docs` fails here, naming the stale pages.
 */

const ROOT = path.resolve(__dirname, '../..');
const COMMITTED = path.join(ROOT, 'docs', 'api');
const fresh = fs.mkdtempSync(path.join(os.tmpdir(), 'vks-bigip-api-'));

afterAll(() => fs.rmSync(fresh, { recursive: true, force: true }));

function typedoc(out: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [path.join('node_modules', 'typedoc', 'bin', 'typedoc'), '--options', 'typedoc.json', '--out', out],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 170_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

function pages(dir: string): Map<string, string> {
  const files = fs.existsSync(dir) ? (fs.readdirSync(dir, { recursive: true }) as string[]) : [];
  return new Map(
    files
      .filter((f) => fs.statSync(path.join(dir, f)).isFile())
      .map((f) => [f.split(path.sep).join('/'), fs.readFileSync(path.join(dir, f), 'utf8')]),
  );
}

it('docs/api is what `npm run docs` generates from the current TSDoc', async () => {
  const run = await typedoc(fresh);
  expect(run.code, run.output).toBe(0);
  const expected = pages(fresh);
  const committed = pages(COMMITTED);
  expect(expected.size).toBeGreaterThan(50);
  const stale = [...new Set([...expected.keys(), ...committed.keys()])]
    .filter((page) => expected.get(page) !== committed.get(page))
    .sort()
    .map((page) => `${committed.has(page) ? (expected.has(page) ? 'changed' : 'removed') : 'new'}: ${page}`);
  expect(stale, 'docs/api is stale: run `npm run docs` and commit docs/api').toEqual([]);
}, 180_000);
