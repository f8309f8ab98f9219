import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO } from '../helpers/cli';

/**
 * Start-up cost of the CLI (issue 17): a command loads only what it needs. Checked by which modules a
 * run loaded, not by timing it.
 */
const work = mkdtempSync(join(tmpdir(), 'vks-bigip-startup-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The files Node loaded during `vks-bigip <args>`. */
function loadedModules(args: string[]): string[] {
  const probe = join(work, 'probe.js');
  writeFileSync(
    probe,
    "process.on('exit', () => process.stderr.write('\\nLOADED ' + JSON.stringify(Object.keys(require.cache)) + '\\n'));\n",
  );
  const run = spawnSync(process.execPath, ['--require', probe, 'bin/vks-bigip.js', ...args], {
    cwd: REPO,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  const line = run.stderr.split('\n').find((l) => l.startsWith('LOADED '));
  return JSON.parse(line?.slice('LOADED '.length) ?? '[]') as string[];
}

const loads = (modules: string[], name: string) => modules.some((m) => m.includes(`/node_modules/${name}/`));

describe('CLI start-up', () => {
  it('--help loads neither the compiler, cdk8s, the constructs nor Pulumi', () => {
    const modules = loadedModules(['--help']);
    expect(modules.length).toBeGreaterThan(0);
    for (const heavy of [
      'typescript',
      'cdk8s',
      'cdk8s-plus-34',
      'constructs',
      '@pulumi/pulumi',
      'ajv',
      'undici',
    ])
      expect(loads(modules, heavy), heavy).toBe(false);
    expect(modules.length).toBeLessThan(40);
  });

  it('synth --help loads no more than --help', () => {
    const modules = loadedModules(['synth', '--help']);
    for (const heavy of ['typescript', 'cdk8s', 'constructs'])
      expect(loads(modules, heavy), heavy).toBe(false);
  });

  it('a synth whose sources are in the transpile cache does not load the compiler', () => {
    const out = join(work, 'dist');
    loadedModules(['synth', '--out', out]); // fills the cache
    const modules = loadedModules(['synth', '--out', out]);
    expect(loads(modules, 'cdk8s')).toBe(true);
    expect(loads(modules, 'typescript')).toBe(false);
    // The AS3 schema validator is loaded only when --as3-schema asks for it.
    expect(loads(modules, 'ajv')).toBe(false);
    // One copy of yaml: cdk8s bundles the release we depend on, and that copy is the one used.
    const yamlCopies = new Set(
      modules.map((m) => /^(.*\/node_modules\/yaml)\//.exec(m)?.[1]).filter((m) => m !== undefined),
    );
    expect([...yamlCopies]).toEqual([join(REPO, 'node_modules', 'cdk8s', 'node_modules', 'yaml')]);
  });
});
