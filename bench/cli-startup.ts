import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { synthesizeApp } from '../lib/core/synth';
import { buildFleet } from './fleet';
import { median, nowMs } from './measure';
import { finalObjects } from './peers';

const root = resolve(__dirname, '..');

export interface CliComparison {
  readonly apps: number;
  readonly cliMs: number;
  readonly cdk8sMs: number;
  readonly ratios: readonly number[];
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

function wallMs(args: string[], env: NodeJS.ProcessEnv): number {
  const start = nowMs();
  const run = spawnSync(process.execPath, args, { cwd: root, env, encoding: 'utf8' });
  const ms = nowMs() - start;
  if (run.status !== 0) throw new Error(`${args.join(' ')} failed: ${run.stderr}`);
  return ms;
}

/**
 * Wall time of `vks-bigip synth` on an `apps`-app fleet against a precompiled cdk8s program writing the
 * same objects, the two processes started alternately (`pairs` pairs after a warm-up pair that fills
 * the transpile cache and the file cache).
 */
export function compareCliStartup(apps: number, pairs: number): CliComparison {
  const work = mkdtempSync(join(tmpdir(), 'vks-bigip-bench-cli-'));
  try {
    const [output] = synthesizeApp(buildFleet(apps).app).stacks;
    if (!output) throw new Error('the fleet app has no stack');
    const { manifests, json } = finalObjects(output);
    const objectsFile = join(work, 'objects.json');
    writeFileSync(objectsFile, JSON.stringify({ manifests, json }));
    const env = { ...process.env, FLEET_APPS: String(apps), NO_COLOR: '1' };
    const cli = ['bin/vks-bigip.js', 'synth', '--app', 'bench/fleet-app.ts', '--out', join(work, 'ours')];
    const cdk8s = ['bench/cdk8s-program.js', objectsFile, join(work, 'cdk8s')];
    const cliMs: number[] = [];
    const cdk8sMs: number[] = [];
    const ratios: number[] = [];
    for (let pair = -1; pair < pairs; pair += 1) {
      const a = wallMs(cli, env);
      const b = wallMs(cdk8s, env);
      if (pair < 0) continue;
      cliMs.push(a);
      cdk8sMs.push(b);
      ratios.push(a / b);
    }
    return {
      apps,
      cliMs: median(cliMs),
      cdk8sMs: median(cdk8sMs),
      ratios,
      median: median(ratios),
      min: Math.min(...ratios),
      max: Math.max(...ratios),
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
