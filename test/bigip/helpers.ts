/** Fast, deterministic client settings for tests against the simulator. */
import { BigipClient, type BigipClientOptions } from '../../lib/bigip';
import type { RunningSimulator } from '../../lib/simulator';

export { adc, webTenant } from '../simulator/helpers';

/** A client whose polls and back-offs take milliseconds; jitter is pinned so delays are reproducible. */
export function fastClient(sim: RunningSimulator, extra: Partial<BigipClientOptions> = {}): BigipClient {
  return new BigipClient({
    url: sim.url,
    username: 'admin',
    password: 'admin',
    pollIntervalMs: 2,
    maxPollIntervalMs: 5,
    requestTimeoutMs: 5_000,
    taskDeadlineMs: 10_000,
    random: () => 0.5,
    ...extra,
    retry: { maxAttempts: 6, baseDelayMs: 2, maxDelayMs: 10, ...extra.retry },
  });
}

/** The requests the simulator saw, as `METHOD path status` lines (queries dropped), for exact assertions. */
export function requestLines(sim: RunningSimulator): string[] {
  return sim.requestLog.map(
    (e) => `${e.method} ${e.path.replace(/\/task\/[0-9a-f-]{36}$/, '/task/<id>')} ${e.status}`,
  );
}
