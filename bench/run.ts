import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { CLUSTERS, DEVICES } from './fleet';
import { formatBytes, formatMs } from './measure';
import { DECLARATION_LATENCY_MS, RECONCILE_TENANTS, runReconcile, type PhaseResult } from './reconcile';

/**
 * `npm run bench`: synth at fleet scale against raw cdk8s and the serialization floor (each size in its
 * own process, so peak RSS is its own), then reconcile cost against the simulator. Prints a markdown
 * report with one PASS/FAIL line per target and writes it to bench/results/latest.md.
 */
const SIZES = [1, 10, 100, 500, 1000, 5000];
const root = resolve(__dirname, '..');

interface OursResult {
  apps: number;
  inMemoryMs: number;
  writeMs: number;
  files: number;
  bytes: number;
  peakRssBytes: number;
}
interface BaselineResult {
  apps: number;
  cdk8sMs: number;
  floorMs: number;
  objects: number;
}

function worker<T>(mode: 'ours' | 'baselines', apps: number): T {
  const repeat = apps >= 5000 ? 3 : 5;
  const text = execFileSync(
    process.execPath,
    ['bin/run-ts.js', 'bench/synth-worker.ts', mode, String(apps), String(repeat)],
    {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  return JSON.parse(text.trim().split('\n').pop() as string) as T;
}

function verdict(ok: boolean, text: string): string {
  return `${text} ${ok ? 'PASS' : 'FAIL'}`;
}

async function main(): Promise<void> {
  const lines: string[] = [];
  const say = (line = '') => {
    lines.push(line);
    process.stdout.write(`${line}\n`);
  };
  say('# vks-bigip benchmark');
  say();
  say(
    `Machine: ${cpus().length} CPUs, Node ${process.version}. Ratios compare runs measured in this same run.`,
  );
  say();
  say(
    `## Synth scaling (${CLUSTERS} clusters, ${DEVICES} BIG-IPs; each app: Deployment + NPL or NodePort Service + VirtualServer, plus an AS3 front for NodePort apps)`,
  );
  say();
  say(
    '| apps | objects | files | output | in-memory synth | synth + write | per app | raw cdk8s | serialization floor | ours ÷ cdk8s | ours ÷ floor | peak RSS |',
  );
  say('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  const rows = new Map<number, { ours: OursResult; base: BaselineResult }>();
  for (const apps of SIZES) {
    process.stderr.write(`synth: ${apps} apps…\n`);
    const ours = worker<OursResult>('ours', apps);
    const base = worker<BaselineResult>('baselines', apps);
    rows.set(apps, { ours, base });
    say(
      `| ${apps} | ${base.objects} | ${ours.files} | ${formatBytes(ours.bytes)} | ${formatMs(ours.inMemoryMs)} | ${formatMs(ours.writeMs)} | ${(ours.inMemoryMs / apps).toFixed(3)} ms | ${formatMs(base.cdk8sMs)} | ${formatMs(base.floorMs)} | ${(ours.inMemoryMs / base.cdk8sMs).toFixed(2)}× | ${(ours.inMemoryMs / base.floorMs).toFixed(2)}× | ${formatBytes(ours.peakRssBytes)} |`,
    );
  }
  const big = rows.get(5000) as { ours: OursResult; base: BaselineResult };
  const mid = rows.get(500) as { ours: OursResult; base: BaselineResult };
  const slope = big.ours.inMemoryMs / 5000 / (mid.ours.inMemoryMs / 500);
  say();
  say(`Slope: time per app at 5,000 ÷ time per app at 500 = ${slope.toFixed(2)}.`);

  say();
  say(
    `## Reconcile (${RECONCILE_TENANTS} stack-owned tenants on 2 simulated BIG-IPs, ${DECLARATION_LATENCY_MS} ms per declaration, provider driven as \`pulumi up --parallel 10\`)`,
  );
  say();
  say(
    '| phase | requests by method | declaration POSTs | login POSTs | declaration GETs | AS3 tasks | 503s seen | errors | wall time |',
  );
  say('|---|---|---:|---:|---:|---:|---:|---:|---:|');
  process.stderr.write('reconcile…\n');
  const phases = await runReconcile();
  for (const p of phases) {
    const methods = Object.entries(p.requests)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([m, n]) => `${m} ${n}`)
      .join(', ');
    say(
      `| ${p.phase} | ${methods || 'none'} | ${p.declarePosts} | ${p.loginPosts} | ${p.gets} | ${p.tasksStarted} | ${p.busySeen} | ${p.errors.length} | ${formatMs(p.wallMs)} |`,
    );
  }
  for (const p of phases) for (const e of p.errors.slice(0, 3)) say(`- error in "${p.phase}": ${e}`);

  const [deploy, noop, refresh, one] = phases as [
    PhaseResult,
    PhaseResult,
    PhaseResult,
    PhaseResult,
    PhaseResult,
  ];
  say();
  say('## Targets');
  say();
  say(
    verdict(
      big.ours.inMemoryMs <= 1.5 * big.base.cdk8sMs,
      `- 5,000 apps: synth ≤ 1.5× raw cdk8s (${(big.ours.inMemoryMs / big.base.cdk8sMs).toFixed(2)}×)`,
    ),
  );
  say(
    verdict(
      big.ours.inMemoryMs <= 3 * big.base.floorMs,
      `- 5,000 apps: synth ≤ 3× the serialization floor (${(big.ours.inMemoryMs / big.base.floorMs).toFixed(2)}×)`,
    ),
  );
  say(
    verdict(
      big.ours.peakRssBytes < 1024 ** 3,
      `- 5,000 apps: peak RSS < 1 GiB (${formatBytes(big.ours.peakRssBytes)})`,
    ),
  );
  say(verdict(slope <= 1.1, `- time per app at 5,000 ≤ 1.1× time per app at 500 (${slope.toFixed(2)}×)`));
  const noopPosts = noop.declarePosts + (noop.requests.POST ?? 0);
  say(
    verdict(
      noopPosts === 0 && noop.gets <= RECONCILE_TENANTS,
      `- no-op redeploy: 0 POSTs and ≤ 1 GET per tenant (${noop.requests.POST ?? 0} POSTs, ${noop.gets} GETs)`,
    ),
  );
  say(
    verdict(
      refresh.declarePosts === 0 && refresh.gets <= RECONCILE_TENANTS,
      `- no-op redeploy with --refresh: 0 declaration POSTs and ≤ 1 GET per tenant (${refresh.declarePosts} POSTs, ${refresh.gets} GETs)`,
    ),
  );
  say(
    verdict(
      one.declarePosts === 1,
      `- one changed tenant: 1 declaration POST, plus task polls (${one.declarePosts} POST, ${one.loginPosts} login)`,
    ),
  );
  const surfaced = phases.reduce((n, p) => n + p.errors.length, 0);
  say(
    verdict(
      surfaced === 0,
      `- zero 503s surfaced as errors (${deploy.busySeen} busy answers seen during deploy, ${surfaced} errors)`,
    ),
  );

  const resultsDir = join(root, 'bench', 'results');
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(join(resultsDir, 'latest.md'), `${lines.join('\n')}\n`);
  process.stderr.write('written to bench/results/latest.md\n');
}

main().catch((error) => {
  process.stderr.write(`bench failed: ${(error as Error).stack ?? error}\n`);
  process.exitCode = 1;
});
