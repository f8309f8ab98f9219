import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { synthesizeApp } from '../lib/core/synth';
import { compareCliStartup } from './cli-startup';
import { buildFleet, CLUSTERS, DEVICES } from './fleet';
import { formatBytes, formatMs } from './measure';
import { formatRatio, measurePairs, type PairedRatio } from './pairs';
import { cdk8sWithOurEmitter, cdk8sWithYamlLibrary, finalObjects, serializationFloor } from './peers';
import { reconcileSection } from './reconcile-report';

/**
 * `npm run bench` (`-- --quick` for a smoke run at tiny sizes, `-- --results <dir>` for where the
 * report goes): synth against its peers, measured in this process with ours and each peer alternating;
 * fleets up to 100,000 apps in their own processes (peak RSS), the CLI against a precompiled cdk8s
 * program, and the reconcile benchmarks of the BIG-IP side. Prints a markdown report with one
 * PASS/FAIL line per target and writes it to `<results>/latest.md` (quick: `quick.md`).
 */
const root = resolve(__dirname, '..');
const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const resultsArg = argv.indexOf('--results');
const resultsDir = resultsArg >= 0 ? resolve(argv[resultsArg + 1] as string) : join(root, 'bench', 'results');

const PLAN = quick
  ? {
      sizes: [1, 10, 50],
      rounds: () => 2,
      target: 50,
      large: [{ apps: 200, clusters: 20, devices: 4 }],
      cliPairs: 1,
    }
  : {
      sizes: [1, 10, 100, 1000, 5000, 10000],
      rounds: (apps: number) => (apps >= 10000 ? 2 : apps >= 5000 ? 3 : 5),
      target: 5000,
      large: [{ apps: 100000, clusters: 20, devices: 4 }],
      cliPairs: 9,
    };
const LARGE = PLAN.large[PLAN.large.length - 1] as (typeof PLAN.large)[number];
/**
 * The V8 heap limit of the large-fleet processes: with the default (a share of the machine's memory)
 * V8 lets garbage pile up far past the live set before a full collection; a limit near the target
 * makes it collect instead. The live set of 100,000 apps is about 1.4 GiB.
 */
const HEAP_LIMIT_MB = 1664;
const HEAP_FLAG = `--max-old-space-size=${HEAP_LIMIT_MB}`;
const GIB = 1024 ** 3;

interface WorkerResult {
  apps: number;
  clusters: number;
  devices: number;
  buildMs: number;
  synthMs: number;
  files: number;
  bytes: number;
  indexBytes: number;
  peakRssBytes: number;
  failed?: string;
}

function memoryWorker(apps: number, clusters: number, devices: number): WorkerResult {
  const run = spawnSync(
    process.execPath,
    [HEAP_FLAG, 'bin/run-ts.js', 'bench/memory-worker.ts', String(apps), String(clusters), String(devices)],
    { cwd: root, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 },
  );
  if (run.status === 0) return JSON.parse(run.stdout.trim().split('\n').pop() as string) as WorkerResult;
  // A failed run (out of memory above all) is a result too: reported as such, not a crash of the bench.
  const reason = failureOf(run);
  process.stderr.write(`memory worker (${apps} apps) failed: ${run.stderr}\n`);
  return {
    apps,
    clusters,
    devices,
    buildMs: NaN,
    synthMs: NaN,
    files: 0,
    bytes: 0,
    indexBytes: 0,
    peakRssBytes: NaN,
    failed: reason,
  };
}

/** Why a process of the bench failed, in words: V8's out-of-memory report is a native stack trace. */
function failureOf(run: { status: number | null; signal: NodeJS.Signals | null; stderr: string }): string {
  if (/heap out of memory|Reached heap limit/.test(run.stderr))
    return `out of memory at the ${HEAP_LIMIT_MB} MiB heap limit`;
  if (run.signal) return `killed by ${run.signal}`;
  return `exit ${run.status}: ${run.stderr.trim().split('\n').slice(-3).join(' ')}`;
}

/** `vks-bigip synth` of the large fleet into a temp folder: exit status, wall time, peak RSS, files. */
function cliWrite(apps: number, clusters: number, devices: number) {
  const out = mkdtempSync(join(tmpdir(), 'vks-bigip-bench-write-'));
  try {
    const start = Date.now();
    const run = spawnSync(
      process.execPath,
      [
        HEAP_FLAG,
        '--require',
        './bench/report-rss.js',
        'bin/vks-bigip.js',
        'synth',
        '--app',
        'bench/fleet-app.ts',
        '--out',
        out,
      ],
      {
        cwd: root,
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
        env: {
          ...process.env,
          NO_COLOR: '1',
          FLEET_APPS: String(apps),
          FLEET_CLUSTERS: String(clusters),
          FLEET_DEVICES: String(devices),
        },
      },
    );
    const wallMs = Date.now() - start;
    const rss = /PEAK_RSS_BYTES (\d+)/.exec(run.stderr);
    const written = existsSync(join(out, 'fleet', 'index.json'));
    return {
      status: run.status,
      outcome: run.status === 0 ? 'exit 0' : failureOf(run),
      wallMs,
      peakRssBytes: rss ? Number(rss[1]) : NaN,
      written,
      stderr: run.stderr,
    };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

function verdict(ok: boolean, text: string): string {
  return `- ${ok ? 'PASS' : 'FAIL'} ${text}`;
}

async function main(): Promise<void> {
  const lines: string[] = [];
  const verdicts: boolean[] = [];
  const say = (line = '') => {
    lines.push(line);
    process.stdout.write(`${line}\n`);
  };
  const target = (ok: boolean, text: string) => {
    verdicts.push(ok);
    say(verdict(ok, text));
  };
  say(`# vks-bigip benchmark${quick ? ' (quick mode: tiny sizes, a smoke test; not the targets)' : ''}`);
  say();
  say(
    `Machine: ${cpus().length} CPUs, Node ${process.version}, shared with other work. Every ratio is per pair of adjacent runs in one process (ours, then the peer), printed as median (min–max) over the rounds.`,
  );
  say();
  say(
    `## Synth against its peers (${CLUSTERS} clusters, ${DEVICES} BIG-IPs; each app: Deployment + NPL or NodePort Service + VirtualServer, plus an AS3 front for NodePort apps)`,
  );
  say();
  say(
    'Ours = build the constructs + synthesize in memory (files, hashes, index.json). Peers get the final objects: a hand-written cdk8s program of them with the stock `yaml` library, the same with our emitter, and the floor (canonical key order + our emitter or canonical JSON + sha256 of every file).',
  );
  say();
  say(
    '| apps | objects | files | output | ours | per app | ÷ cdk8s + yaml | ÷ cdk8s + our emitter | ÷ floor |',
  );
  say('|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  const atTarget = new Map<string, PairedRatio>();
  for (const apps of PLAN.sizes) {
    process.stderr.write(`synth: ${apps} apps…\n`);
    const [output] = synthesizeApp(buildFleet(apps).app).stacks;
    if (!output) throw new Error('the fleet app has no stack');
    let bytes = 0;
    for (const content of output.files.values()) bytes += Buffer.byteLength(content);
    const objects = finalObjects(output);
    const result = measurePairs(
      () => synthesizeApp(buildFleet(apps).app),
      [
        { name: 'cdk8s + yaml', run: () => cdk8sWithYamlLibrary(objects) },
        { name: 'cdk8s + our emitter', run: () => cdk8sWithOurEmitter(objects) },
        { name: 'floor', run: () => serializationFloor(objects) },
      ],
      PLAN.rounds(apps),
    );
    if (apps === PLAN.target) for (const b of result.baselines) atTarget.set(b.name, b);
    say(
      `| ${apps} | ${objects.manifests.length} | ${output.files.size} | ${formatBytes(bytes)} | ${formatMs(result.oursMs)} | ${(result.oursMs / apps).toFixed(3)} ms | ${result.baselines.map(formatRatio).join(' | ')} |`,
    );
  }

  say();
  say(
    `## Large fleets, each in its own process (in-memory synth; peak RSS of that process; node ${HEAP_FLAG})`,
  );
  say();
  say('| apps | clusters | BIG-IPs | files | output | index.json | build | synth | per app | peak RSS |');
  say('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  let largest: WorkerResult | undefined;
  for (const { apps, clusters, devices } of PLAN.large) {
    process.stderr.write(`large fleet: ${apps} apps…\n`);
    const w = memoryWorker(apps, clusters, devices);
    largest = w;
    if (w.failed) say(`| ${w.apps} | ${w.clusters} | ${w.devices} | failed: ${w.failed} | | | | | | |`);
    else
      say(
        `| ${w.apps} | ${w.clusters} | ${w.devices} | ${w.files} | ${formatBytes(w.bytes)} | ${formatBytes(w.indexBytes)} | ${formatMs(w.buildMs)} | ${formatMs(w.synthMs)} | ${((w.buildMs + w.synthMs) / w.apps).toFixed(3)} ms | ${formatBytes(w.peakRssBytes)} |`,
      );
  }
  process.stderr.write(`CLI write: ${LARGE.apps} apps…\n`);
  const write = cliWrite(LARGE.apps, LARGE.clusters, LARGE.devices);
  say();
  say(
    `CLI \`vks-bigip synth\` (node ${HEAP_FLAG}) of ${LARGE.apps} apps (${LARGE.clusters} clusters, ${LARGE.devices} BIG-IPs) into a temp folder: ${write.outcome}, ${formatMs(write.wallMs)}${Number.isFinite(write.peakRssBytes) ? `, peak RSS ${formatBytes(write.peakRssBytes)}` : ''}.`,
  );

  process.stderr.write('CLI start-up…\n');
  const cli = compareCliStartup(10, PLAN.cliPairs);
  say();
  say(
    `CLI start-up: \`vks-bigip synth\` of ${cli.apps} apps ${formatMs(cli.cliMs)} vs a precompiled cdk8s program writing the same objects ${formatMs(cli.cdk8sMs)} (processes alternating).`,
  );

  const reconcile = quick ? undefined : await reconcileSection();
  if (reconcile) for (const line of reconcile.lines) say(line);

  say();
  say('## Targets');
  say();
  const emitterPeer = atTarget.get('cdk8s + our emitter') as PairedRatio;
  const floor = atTarget.get('floor') as PairedRatio;
  const at = PLAN.target.toLocaleString('en-US');
  target(
    emitterPeer.median <= 1.3,
    `${at} apps: ours ≤ 1.3× cdk8s + our emitter: ${formatRatio(emitterPeer)}`,
  );
  target(floor.median <= 3, `${at} apps: ours ≤ 3× the floor: ${formatRatio(floor)}`);
  target(
    cli.median <= 1.3,
    `${cli.apps}-app CLI synth ≤ 1.3× the precompiled cdk8s program: ${formatRatio(cli)}`,
  );
  const large = largest as WorkerResult;
  const fleet = `${large.apps.toLocaleString('en-US')} apps over ${large.clusters} clusters and ${large.devices} BIG-IPs`;
  target(
    !large.failed && large.peakRssBytes < 2 * GIB,
    `${fleet} in-process: peak RSS < 2 GiB: ${large.failed ?? formatBytes(large.peakRssBytes)}`,
  );
  target(
    write.status === 0 && write.written && write.peakRssBytes < 2 * GIB,
    `${fleet} written through the CLI (${write.outcome}), peak RSS < 2 GiB: ${Number.isFinite(write.peakRssBytes) ? formatBytes(write.peakRssBytes) : 'not measured'}`,
  );
  for (const t of reconcile?.targets ?? []) target(t.ok, t.text);

  mkdirSync(resultsDir, { recursive: true });
  const file = join(resultsDir, quick ? 'quick.md' : 'latest.md');
  writeFileSync(file, `${lines.join('\n')}\n`);
  process.stderr.write(`written to ${file}\n`);
  if (!quick && verdicts.includes(false)) process.exitCode = 1;
}

main().catch((error) => {
  process.stderr.write(`bench failed: ${(error as Error).stack ?? error}\n`);
  process.exitCode = 1;
});
