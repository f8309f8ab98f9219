import { synthesizeApp } from '../lib/core/synth';
import { buildFleet } from './fleet';
import { nowMs } from './measure';

/**
 * `node bin/run-ts.js bench/memory-worker.ts <apps> <clusters> <devices>`: one in-process synth of a
 * fleet in its own process, so that the peak RSS printed (one JSON line) is that synth's alone.
 */
const [apps, clusters, devices] = process.argv.slice(2).map(Number) as [number, number, number];
const start = nowMs();
const { app } = buildFleet(apps, { clusters, devices });
const built = nowMs();
const [output] = synthesizeApp(app).stacks;
const done = nowMs();
let bytes = 0;
let indexBytes = 0;
for (const [path, content] of output?.files ?? []) {
  bytes += Buffer.byteLength(content);
  if (path.endsWith('/index.json')) indexBytes = Buffer.byteLength(content);
}
process.stdout.write(
  `${JSON.stringify({
    apps,
    clusters,
    devices,
    buildMs: built - start,
    synthMs: done - built,
    files: output?.files.size ?? 0,
    bytes,
    indexBytes,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
  })}\n`,
);
