import { formatMs } from './measure';
import { compareWithLimit, RECONCILE_TENANTS } from './reconcile';

/**
 * `node bin/run-ts.js bench/reconcile-limit.ts`: deploy of 100 tenants on 2 devices against the limit
 * (one POST per device) at 200 ms and 2 s per declaration. Prints a markdown section and exits 1 when
 * a ratio is over the 1.5× target.
 */
const TARGET = 1.5;

export async function limitReport(latencies: readonly number[] = [200, 2000]): Promise<{
  lines: string[];
  pass: boolean;
}> {
  const lines = [
    `## Deploy at the device limit (${RECONCILE_TENANTS} tenants, 2 simulated BIG-IPs; limit = one POST per device, same client, alternating runs)`,
    '',
    '| latency per declaration | provider deploy (median) | limit (median) | ratio | POSTs per deploy | errors | target |',
    '|---:|---:|---:|---:|---:|---:|---|',
  ];
  let pass = true;
  for (const latency of latencies) {
    const c = await compareWithLimit(latency);
    const sorted = (v: readonly number[]) => [...v].sort((a, b) => a - b);
    const med = (v: readonly number[]) => sorted(v)[Math.floor(v.length / 2)] as number;
    const ok = c.ratio <= TARGET && c.errors.length === 0;
    pass &&= ok;
    lines.push(
      `| ${formatMs(latency)} | ${formatMs(med(c.oursMs))} | ${formatMs(med(c.limitMs))} | ${c.ratio.toFixed(2)}× | ${c.oursPosts.join(', ')} | ${c.errors.length} | ≤ ${TARGET}× ${ok ? 'PASS' : 'FAIL'} |`,
    );
    for (const e of c.errors.slice(0, 3)) lines.push(`- error: ${e}`);
  }
  return { lines, pass };
}

if (process.argv[1] === __filename) {
  limitReport()
    .then(({ lines, pass }) => {
      process.stdout.write(`${lines.join('\n')}\n`);
      if (!pass) process.exitCode = 1;
    })
    .catch((error: unknown) => {
      process.stderr.write(`bench failed: ${(error as Error).stack ?? String(error)}\n`);
      process.exitCode = 1;
    });
}
