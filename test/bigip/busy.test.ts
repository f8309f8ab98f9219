/**
 * Busy devices: AS3's lock (503 inside the task, or HTTP 503 from iControl REST) is retried with back-off
 * and jitter, bounded by retry.maxAttempts and the deadline; writes to one device are serialized in-process.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { backoffDelay, BigipBusyError, type BigipClient } from '../../lib/bigip';
import { startSimulator, type RunningSimulator } from '../../lib/simulator';
import { adc, call, DECLARE } from '../simulator/helpers';
import { fastClient, webTenant } from './helpers';

const BUSY = 'Error: Configuration operation in progress on device localhost, please try again in 2 minutes';

function declarePosts(sim: RunningSimulator): number {
  return sim.requestLog.filter((e) => e.method === 'POST' && e.path.startsWith(DECLARE)).length;
}

describe('BigipClient on a busy device', () => {
  let sim: RunningSimulator;
  const clients: BigipClient[] = [];
  afterEach(async () => {
    for (const client of clients.splice(0)) await client.close();
    await sim.close();
  });

  function client(extra: Parameters<typeof fastClient>[1] = {}): BigipClient {
    const c = fastClient(sim, extra);
    clients.push(c);
    return c;
  }

  it('a 503 storm (AS3 lock taken, reported inside the task) then success', async () => {
    sim = await startSimulator({ faults: { busyResponses: 3 } });
    const result = await client().deploy(adc({ T1: webTenant() }), ['T1']);
    expect(result.ok).toBe(true);
    expect(result.submissions).toBe(4);
    expect(declarePosts(sim)).toBe(4);
    expect(sim.tasks().map((t) => t.resultStatus)).toEqual([200, 503, 503, 503]);
  });

  it('an HTTP 503 storm from iControl REST then success', async () => {
    sim = await startSimulator({ faults: { restBusyResponses: 2 } });
    const result = await client().deploy(adc({ T1: webTenant() }), ['T1']);
    expect(result).toMatchObject({ ok: true, submissions: 3 });
    expect(sim.requestLog.filter((e) => e.status === 503)).toHaveLength(2);
  });

  it('503 until retry.maxAttempts is used up: BigipBusyError after exactly that many submissions', async () => {
    sim = await startSimulator({ faults: { busyResponses: 1_000_000 } });
    const error = await client({ retry: { maxAttempts: 3 } })
      .deploy(adc({ T1: webTenant() }), ['T1'])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BigipBusyError);
    expect(error).toMatchObject({
      reason: 'attempts',
      busyAnswers: 3,
      lastMessage: BUSY,
      operation: 'deploy',
      tenants: ['T1'],
    });
    expect(declarePosts(sim)).toBe(3);
  });

  it('503 until the deadline: a clear BigipBusyError naming the device, tenants, deadline and AS3’s message', async () => {
    sim = await startSimulator({ faults: { busyResponses: 1_000_000 } });
    const c = client({ taskDeadlineMs: 300, retry: { maxAttempts: 10_000, baseDelayMs: 5, maxDelayMs: 20 } });
    const error = await c.deploy(adc({ T1: webTenant() }), ['T1']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BigipBusyError);
    const busy = error as BigipBusyError;
    expect(busy.reason).toBe('deadline');
    expect(busy.message).toMatch(
      new RegExp(
        `^BIG-IP ${c.device.replace(/\./g, '\\.')}: deploy of tenant\\(s\\) T1 failed: device busy: answered 503 \\d+ time\\(s\\) in [\\d.]+ s and the deadline \\(taskDeadlineMs\\) was reached \\(last answer: Error: Configuration operation in progress`,
      ),
    );
  });

  it('waits out a real lock held by another writer', async () => {
    sim = await startSimulator();
    const release = sim.faults.holdDeclarations();
    const other = call(sim, 'POST', `${DECLARE}/Other`, adc({ Other: webTenant('192.0.2.99') }));
    await sim.whenLocked();
    const deploying = client({ retry: { maxAttempts: 1_000, baseDelayMs: 2, maxDelayMs: 5 } }).deploy(
      adc({ T1: webTenant() }),
      ['T1'],
    );
    for (let i = 0; i < 2_000 && !sim.tasks().some((t) => t.resultStatus === 503); i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    expect(sim.tasks().some((t) => t.resultStatus === 503)).toBe(true);
    release();
    expect((await other).status).toBe(200);
    const result = await deploying;
    expect(result.ok).toBe(true);
    expect(result.submissions).toBeGreaterThan(1);
  });

  it('writes from several clients in one process are serialized per device: no 503 at all', async () => {
    sim = await startSimulator({ faults: { declarationLatencyMs: 30 } });
    // Control: two raw concurrent writes do collide on AS3's lock.
    const raw = await Promise.all([
      call(sim, 'POST', `${DECLARE}/A`, adc({ A: webTenant('192.0.2.1') })),
      call(sim, 'POST', `${DECLARE}/B`, adc({ B: webTenant('192.0.2.2') })),
    ]);
    expect(raw.map((r) => r.status).sort()).toEqual([200, 503]);
    const earlier = new Set(sim.tasks().map((t) => t.id));
    const [one, two] = [client(), client()];
    const results = await Promise.all([
      one.deploy(adc({ T1: webTenant('192.0.2.10') }), ['T1']),
      two.deploy(adc({ T2: webTenant('192.0.2.20') }), ['T2']),
      one.deleteTenants(['A']),
    ]);
    expect(results.map((r) => [r.ok, r.submissions])).toEqual([
      [true, 1],
      [true, 1],
      [true, 1],
    ]);
    const mine = sim.tasks().filter((t) => !earlier.has(t.id));
    expect(mine).toHaveLength(3);
    expect(mine.filter((t) => t.resultStatus === 503)).toEqual([]);
  });

  it('back-off doubles up to the cap, with 50–100 % jitter', () => {
    const policy = { baseDelayMs: 100, maxDelayMs: 1_000, random: () => 1 };
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, policy))).toEqual([100, 200, 400, 800, 1000, 1000]);
    expect(backoffDelay(3, { ...policy, random: () => 0 })).toBe(200);
  });
});
