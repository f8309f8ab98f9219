import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { formatMs } from './measure';

/**
 * The hook for the reconcile benchmarks of the BIG-IP side (owned by that work, in bench/reconcile.ts
 * and bench/reconcile-limit.ts): whatever they export is run and reported here, so `npm run bench`
 * carries synth and reconcile in one report. Nothing here defines what they measure.
 */
export interface ReconcileSection {
  readonly lines: readonly string[];
  readonly targets: ReadonlyArray<{ ok: boolean; text: string }>;
}

interface Phase {
  readonly phase: string;
  readonly requests: Record<string, number>;
  readonly declarePosts: number;
  readonly loginPosts: number;
  readonly gets: number;
  readonly tasksStarted: number;
  readonly busySeen: number;
  readonly errors: readonly string[];
  readonly wallMs: number;
}

type Loaded = Record<string, unknown> | undefined;

function load(name: string): Loaded {
  return existsSync(join(__dirname, `${name}.ts`))
    ? (require(`./${name}`) as Record<string, unknown>)
    : undefined;
}

function phaseLines(phases: readonly Phase[], tenants: unknown, latency: unknown): ReconcileSection {
  const lines = [
    '',
    `## Reconcile (${String(tenants)} stack-owned tenants on 2 simulated BIG-IPs, ${String(latency)} ms per declaration)`,
    '',
    '| phase | requests by method | declaration POSTs | login POSTs | declaration GETs | AS3 tasks | 503s seen | errors | wall time |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const p of phases) {
    const methods = Object.entries(p.requests)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([m, n]) => `${m} ${n}`)
      .join(', ');
    lines.push(
      `| ${p.phase} | ${methods || 'none'} | ${p.declarePosts} | ${p.loginPosts} | ${p.gets} | ${p.tasksStarted} | ${p.busySeen} | ${p.errors.length} | ${formatMs(p.wallMs)} |`,
    );
  }
  for (const p of phases) for (const e of p.errors.slice(0, 3)) lines.push(`- error in "${p.phase}": ${e}`);
  const errors = phases.reduce((n, p) => n + p.errors.length, 0);
  return {
    lines,
    targets: [{ ok: errors === 0, text: `reconcile: no errors surfaced over every phase (${errors})` }],
  };
}

/** Runs the reconcile benchmarks that exist (`runReconcile`, `limitReport`) and formats their results. */
export async function reconcileSection(): Promise<ReconcileSection> {
  const lines: string[] = [];
  const targets: Array<{ ok: boolean; text: string }> = [];
  const reconcile = load('reconcile');
  if (typeof reconcile?.runReconcile === 'function') {
    process.stderr.write('reconcile…\n');
    const phases = (await (reconcile.runReconcile as () => Promise<Phase[]>)()) ?? [];
    const section = phaseLines(phases, reconcile.RECONCILE_TENANTS, reconcile.DECLARATION_LATENCY_MS);
    lines.push(...section.lines);
    targets.push(...section.targets);
  }
  const limit = load('reconcile-limit');
  if (typeof limit?.limitReport === 'function') {
    process.stderr.write('reconcile at the device limit…\n');
    const report = await (limit.limitReport as () => Promise<{ lines: string[]; pass: boolean }>)();
    lines.push('', ...report.lines);
    targets.push({
      ok: report.pass,
      text: 'reconcile at the device limit: every ratio within its target (table above)',
    });
  }
  if (lines.length === 0)
    lines.push('', '## Reconcile', '', 'No reconcile benchmark module exports a runner.');
  return { lines, targets };
}
