import { FileStore } from '../lib/core/file-store';
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
// Piece by piece, as the CLI writes them: counting must not build a large file's whole text.
const files = output?.files;
for (const path of files?.keys() ?? []) {
  let size = 0;
  const pieces = files instanceof FileStore ? files.pieces(path) : [files?.get(path) ?? ''];
  for (const piece of pieces) size += Buffer.byteLength(piece);
  bytes += size;
  if (path.endsWith('/index.json')) indexBytes = size;
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
