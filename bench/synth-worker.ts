import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiObject, App as Cdk8sApp, Chart } from 'cdk8s';
import YAML from 'yaml';
import { writeStackOutput } from '../lib/core/output';
import { synthesizeApp, type StackOutput } from '../lib/core/synth';
import { buildFleet } from './fleet';
import { median, time } from './measure';

/**
 * One benchmark size in its own process (so peak RSS belongs to it):
 * `ours` — build the fleet's constructs and synthesize in memory, then once more with the write to a
 * temp dir; or `baselines` — the same final objects through cdk8s alone and through the serializers.
 * Prints one JSON line.
 */
const [mode, appsArg, repeatArg] = process.argv.slice(2);
const apps = Number(appsArg);
const repeat = Number(repeatArg ?? 3);

function synth(n: number): StackOutput {
  const [output] = synthesizeApp(buildFleet(n).app).stacks;
  if (!output) throw new Error('the fleet app has no stack');
  return output;
}

function runOurs(): Record<string, number> {
  synth(50); // warm-up: module loading and JIT are not what we measure
  const inMemory: number[] = [];
  let output: StackOutput | undefined;
  for (let i = 0; i < repeat; i += 1) {
    const run = time(() => synth(apps));
    inMemory.push(run.ms);
    output = run.value;
  }
  const dir = mkdtempSync(join(tmpdir(), 'vks-bigip-bench-'));
  try {
    const write = time(() => writeStackOutput(dir, synth(apps)));
    let bytes = 0;
    for (const content of output?.files.values() ?? []) bytes += Buffer.byteLength(content);
    return {
      inMemoryMs: median(inMemory),
      writeMs: write.ms,
      files: output?.files.size ?? 0,
      bytes,
      peakRssBytes: process.resourceUsage().maxRSS * 1024,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function runBaselines(): Record<string, number> {
  const output = synth(apps);
  const manifests: Record<string, unknown>[] = [];
  const declarations: unknown[] = [];
  for (const [path, content] of output.files) {
    if (path.endsWith('.yaml') && !path.endsWith('/kustomization.yaml')) manifests.push(YAML.parse(content));
    if (path.endsWith('.as3.json')) declarations.push(JSON.parse(content));
  }
  const cdk8s: number[] = [];
  const floor: number[] = [];
  for (let i = -1; i < repeat; i += 1) {
    const raw = time(() => {
      const app = new Cdk8sApp({ outdir: tmpdir() });
      const chart = new Chart(app, 'Fleet');
      manifests.forEach((manifest, n) => new ApiObject(chart, `Object${n}`, manifest as never));
      return app.synthYaml();
    });
    const serial = time(() => {
      let length = 0;
      for (const manifest of manifests)
        length += JSON.stringify(manifest).length + YAML.stringify(manifest).length;
      for (const declaration of declarations) length += JSON.stringify(declaration, null, 2).length;
      return length;
    });
    if (i >= 0) {
      // i = -1 warms both up
      cdk8s.push(raw.ms);
      floor.push(serial.ms);
    }
  }
  return {
    cdk8sMs: median(cdk8s),
    floorMs: median(floor),
    objects: manifests.length,
    declarations: declarations.length,
  };
}

const result = mode === 'ours' ? runOurs() : runBaselines();
process.stdout.write(`${JSON.stringify({ mode, apps, ...result })}\n`);
