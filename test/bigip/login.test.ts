/**
 * Logins are bounded and never hammer a device: one shared login per device and credentials in the
 * process, no retry of credentials the device refused (401/403 — BIG-IP locks accounts after a few
 * failures), a deadline on the whole login, and the wait behind earlier writes counted in taskDeadlineMs.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { BigipAuthError, BigipTimeoutError, BigipTransportError, type BigipClient } from '../../lib/bigip';
import { startSimulator, type RunningSimulator } from '../../lib/simulator';
import { adc, fastClient, requestLines, webTenant } from './helpers';

const LOGIN = 'POST /mgmt/shared/authn/login';

let sim: RunningSimulator | undefined;
const clients: BigipClient[] = [];
const servers: http.Server[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) await client.close();
  await sim?.close();
  sim = undefined;
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

function client(
  target: RunningSimulator | string,
  extra: Parameters<typeof fastClient>[1] = {},
): BigipClient {
  const c =
    typeof target === 'string'
      ? fastClient({ url: target } as RunningSimulator, extra)
      : fastClient(target, extra);
  clients.push(c);
  return c;
}

/** A fake device on 127.0.0.1 whose every answer the test decides; counts requests per path. */
async function fakeDevice(
  handle: (request: http.IncomingMessage, response: http.ServerResponse) => void,
): Promise<{ url: string; seen: string[] }> {
  const seen: string[] = [];
  const server = http.createServer((request, response) => {
    seen.push(`${request.method} ${request.url}`);
    handle(request, response);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

describe('a wrong password', () => {
  it('makes exactly one login attempt for ten operations in a row, each failing at once with a clear message', async () => {
    sim = await startSimulator({ password: 'the-right-one' });
    const c = client(sim, { password: 'a-wrong-one' });
    const errors: unknown[] = [];
    for (let i = 0; i < 10; i += 1) errors.push(await c.getTenant(`T${i}`).catch((e: unknown) => e));
    expect(requestLines(sim).filter((l) => l.startsWith(LOGIN))).toEqual([`${LOGIN} 401`]);
    expect(requestLines(sim)).toHaveLength(1);
    expect(errors.every((e) => e instanceof BigipAuthError)).toBe(true);
    expect((errors[0] as Error).message).toMatch(
      /login failed: the device refused the credentials of user 'admin' \(401 Authentication failed\.\); not retried, so that a wrong password cannot lock the account/,
    );
    expect((errors[9] as Error).message).toMatch(
      /get declaration of tenant\(s\) T9 failed: the device refused the credentials of user 'admin' \(401 Authentication failed\.\) earlier in this process, so they were not sent again/,
    );
  });

  it('is shared by every client of the device: ten clients, ten concurrent operations, one login', async () => {
    sim = await startSimulator({ password: 'the-right-one' });
    const many = Array.from({ length: 10 }, () =>
      client(sim as RunningSimulator, { password: 'wrong-again' }),
    );
    const outcomes = await Promise.allSettled(
      many.map((c, i) => c.deploy(adc({ [`T${i}`]: webTenant() }), [`T${i}`])),
    );
    expect(outcomes.every((o) => o.status === 'rejected' && o.reason instanceof BigipAuthError)).toBe(true);
    expect(requestLines(sim).filter((l) => l.startsWith(LOGIN))).toHaveLength(1);
    expect(requestLines(sim).filter((l) => l.startsWith('POST /mgmt/shared/appsvcs'))).toEqual([]);
  });

  it('with basic auth, the first refused request is the last one sent', async () => {
    sim = await startSimulator({ password: 'the-right-one' });
    const c = client(sim, { auth: 'basic', password: 'basic-wrong' });
    for (let i = 0; i < 10; i += 1) await expect(c.getDeclaration()).rejects.toThrow(BigipAuthError);
    expect(requestLines(sim)).toEqual(['GET /mgmt/shared/appsvcs/declare 401']);
  });

  it('does not stop a client with the right password from logging in', async () => {
    sim = await startSimulator({ password: 'the-right-one' });
    await expect(client(sim, { password: 'nope' }).info()).rejects.toThrow(BigipAuthError);
    await expect(client(sim, { password: 'the-right-one' }).info()).resolves.toMatchObject({
      version: '3.56.0',
    });
  });

  it('a login answered 403 is not retried either', async () => {
    const device = await fakeDevice((_request, response) => {
      response.writeHead(403, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ code: 403, message: 'Forbidden' }));
    });
    const c = client(device.url);
    for (let i = 0; i < 3; i += 1)
      await expect(c.info()).rejects.toThrow(/\(403 Forbidden\)(; not retried| earlier in this process)/);
    expect(device.seen).toEqual(['POST /mgmt/shared/authn/login']);
  });
});

describe('a right password', () => {
  it('logs in once for every client of the device in the process; the last client to close logs out', async () => {
    sim = await startSimulator();
    const [a, b] = [client(sim), client(sim)];
    await Promise.all([
      a.deploy(adc({ A: webTenant() }), ['A']),
      b.deploy(adc({ B: webTenant('192.0.2.20') }), ['B']),
    ]);
    await a.info();
    await b.info();
    expect(requestLines(sim).filter((l) => l.startsWith(LOGIN))).toEqual([`${LOGIN} 200`]);
    await a.close();
    expect(requestLines(sim).filter((l) => l.startsWith('DELETE /mgmt/shared/authz/tokens'))).toEqual([]);
    await b.info();
    await b.close();
    expect(requestLines(sim).filter((l) => l.startsWith('DELETE /mgmt/shared/authz/tokens'))).toHaveLength(1);
  });
});

describe('the login deadline', () => {
  it('a device that never answers the login ends it at loginDeadlineMs, not after every retry', async () => {
    // Accepts the connection and never answers: each attempt runs into its timeout.
    const device = await fakeDevice(() => undefined);
    const c = client(device.url, {
      requestTimeoutMs: 200,
      loginDeadlineMs: 300,
      retry: { maxAttempts: 6, baseDelayMs: 1, maxDelayMs: 1 },
    });
    const error = await c.info().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BigipTransportError);
    expect((error as Error).message).toMatch(
      /login failed: gave up after [12] attempt\(s\) in [\d.]+ s: the login deadline \(loginDeadlineMs, 300 ms\) was reached/,
    );
    // Six attempts of 200 ms each without the deadline; at most two fit in 300 ms.
    expect(device.seen.length).toBeGreaterThanOrEqual(1);
    expect(device.seen.length).toBeLessThanOrEqual(2);
  });
});

describe('the wait behind earlier writes', () => {
  it('counts in taskDeadlineMs: a queued write whose deadline passes leaves the queue, having sent nothing', async () => {
    sim = await startSimulator();
    const release = sim.faults.holdDeclarations();
    const first = client(sim, { taskDeadlineMs: 20_000 });
    const queued = client(sim, { taskDeadlineMs: 200 });
    const slow = first.deploy(adc({ T1: webTenant() }), ['T1']);
    await sim.whenLocked();
    const error = await queued.deploy(adc({ T2: webTenant('192.0.2.30') }), ['T2']).catch((e: unknown) => e);
    release();
    expect(error).toBeInstanceOf(BigipTimeoutError);
    expect((error as Error).message).toMatch(
      /deploy of tenant\(s\) T2 failed: waited [\d.]+ s behind earlier writes to this device and the deadline \(taskDeadlineMs\) passed; nothing was sent/,
    );
    expect((await slow).ok).toBe(true);
    expect(requestLines(sim).filter((l) => l.startsWith('POST /mgmt/shared/appsvcs/declare'))).toEqual([
      'POST /mgmt/shared/appsvcs/declare/T1 202',
    ]);
  });
});
