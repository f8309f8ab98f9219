/**
 * Broken networks and restarted devices: connection resets are retried with back-off (bounded), a refused
 * connection and a timeout are typed transport errors, a vanished or cancelled task leads to a new submission
 * (declarations are idempotent), a task that outlives the deadline is a BigipTimeoutError.
 */
import * as net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  BigipTaskLostError,
  BigipTimeoutError,
  BigipTransportError,
  type BigipClient,
} from '../../lib/bigip';
import { startSimulator, type RunningSimulator } from '../../lib/simulator';
import { adc, fastClient, requestLines, webTenant } from './helpers';

async function freePortWithNobodyListening(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('BigipClient transport faults', () => {
  let sim: RunningSimulator;
  let client: BigipClient;
  afterEach(async () => {
    await client.close();
    await sim.close();
  });

  it('connection resets are retried and the deploy succeeds', async () => {
    sim = await startSimulator();
    client = fastClient(sim);
    await client.info();
    sim.faults.resetConnections = 2;
    const result = await client.deploy(adc({ T1: webTenant() }), ['T1']);
    expect(result.ok).toBe(true);
    expect(requestLines(sim).filter((l) => l.endsWith(' 0'))).toEqual([
      'POST /mgmt/shared/appsvcs/declare/T1 0',
      'POST /mgmt/shared/appsvcs/declare/T1 0',
    ]);
  });

  it('resets beyond retry.maxAttempts are a BigipTransportError after exactly that many attempts', async () => {
    sim = await startSimulator();
    client = fastClient(sim, { retry: { maxAttempts: 3 } });
    await client.info();
    sim.clearRequestLog();
    sim.faults.resetConnections = 100;
    const error = await client.getDeclaration().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BigipTransportError);
    expect((error as BigipTransportError).operation).toBe('get declaration');
    expect((error as Error).message).toMatch(/\(after 3 attempt\(s\)\)$/);
    expect(sim.requestLog).toHaveLength(3);
  });

  it('a refused connection is a BigipTransportError with code ECONNREFUSED', async () => {
    sim = await startSimulator();
    const port = await freePortWithNobodyListening();
    const closedClient = fastClient({ ...sim, url: `http://127.0.0.1:${port}` } as RunningSimulator, {
      retry: { maxAttempts: 2 },
    });
    client = closedClient;
    const error = await closedClient.info().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BigipTransportError);
    expect((error as BigipTransportError).code).toBe('ECONNREFUSED');
    expect((error as Error).message).toContain(`BIG-IP 127.0.0.1:${port}: login failed`);
  });

  it('a request with no answer within requestTimeoutMs is a transport error', async () => {
    sim = await startSimulator();
    client = fastClient(sim, { useAsyncTasks: false, requestTimeoutMs: 100, retry: { maxAttempts: 1 } });
    await client.info();
    const release = sim.faults.holdDeclarations();
    const error = await client.deploy(adc({ T1: webTenant() }), ['T1']).catch((e: unknown) => e);
    release();
    expect(error).toBeInstanceOf(BigipTransportError);
    expect((error as Error).message).toMatch(/no answer within 100 ms/);
  });

  it('a task id that vanishes (restart) leads to a new submission; the tenant ends up deployed', async () => {
    sim = await startSimulator({ faults: { vanishTaskIds: 1 } });
    client = fastClient(sim);
    const result = await client.deploy(adc({ T1: webTenant() }), ['T1']);
    expect(result.ok).toBe(true);
    expect(result.submissions).toBeGreaterThanOrEqual(2);
    expect(requestLines(sim).filter((l) => l.includes('/task/'))[0]).toBe(
      'GET /mgmt/shared/appsvcs/task/<id> 404',
    );
    expect(await client.getTenant('T1')).toEqual(webTenant());
  });

  it('a task cancelled by a restart leads to a new submission', async () => {
    sim = await startSimulator();
    client = fastClient(sim, { retry: { maxAttempts: 1_000, baseDelayMs: 2, maxDelayMs: 5 } });
    const release = sim.faults.holdDeclarations();
    const deploying = client.deploy(adc({ T1: webTenant() }), ['T1']);
    await sim.whenLocked();
    sim.faults.cancelPendingTasks();
    release();
    const result = await deploying;
    expect(result.ok).toBe(true);
    expect(result.submissions).toBeGreaterThanOrEqual(2);
  });

  it('tasks lost more often than retry.maxAttempts: BigipTaskLostError', async () => {
    sim = await startSimulator({ faults: { vanishTaskIds: 100 } });
    client = fastClient(sim, { retry: { maxAttempts: 2 } });
    const error = await client.deploy(adc({ T1: webTenant() }), ['T1']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BigipTaskLostError);
    expect((error as Error).message).toMatch(/lost \(the device no longer knows the task id\) 2 time\(s\)/);
  });

  it('a task still running at the deadline is a BigipTimeoutError with its id', async () => {
    sim = await startSimulator();
    client = fastClient(sim, { taskDeadlineMs: 150 });
    const release = sim.faults.holdDeclarations();
    const error = await client.deploy(adc({ T1: webTenant() }), ['T1']).catch((e: unknown) => e);
    release();
    expect(error).toBeInstanceOf(BigipTimeoutError);
    expect((error as BigipTimeoutError).taskId).toMatch(/^[0-9a-f-]{36}$/);
    expect((error as Error).message).toMatch(/still in progress after [\d.]+ s \(taskDeadlineMs\)/);
  });
});
