/**
 * No credential or token in anything the client throws or returns, even from a device that echoes each
 * request — body, headers and URL — into its answers: at login, token extension, reads, writes, task
 * results, busy answers, and in text cut short (never half a password).
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { BigipClient, type BigipClientOptions } from '../../lib/bigip';
import { adc, webTenant } from './helpers';

/** Distinctive, with characters JSON and URLs escape, so every encoding of it is exercised. */
const PASSWORD = 'Pa55-w0rd!"echo\\7f3a91/é';
const USERNAME = 'echo-admin';
const TOKEN = 'ECHOTOKEN7Q2ZK4M6N8P3R5T7V9XB';
const BASIC = Buffer.from(`${USERNAME}:${PASSWORD}`).toString('base64');

type Route = (request: { method: string; url: string; echo: string }) => { status: number; body: string };

const servers: http.Server[] = [];
const clients: BigipClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) await c.close();
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** A device that answers with `route`, given the whole request echoed as text. */
async function echoDevice(route: Route): Promise<string> {
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const echo = `${request.method} ${request.url} headers=${JSON.stringify(request.headers)} body=${body}`;
      const answer = route({ method: request.method ?? '', url: request.url ?? '', echo });
      response.writeHead(answer.status, { 'content-type': 'application/json' });
      response.end(answer.body);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const json = (status: number, value: unknown) => ({ status, body: JSON.stringify(value) });
const loginOk = json(200, { token: { token: TOKEN, timeout: 1200 } });

function client(url: string, extra: Partial<BigipClientOptions> = {}): BigipClient {
  const c = new BigipClient({
    url,
    username: USERNAME,
    password: PASSWORD,
    requestTimeoutMs: 2_000,
    taskDeadlineMs: 2_000,
    pollIntervalMs: 1,
    maxPollIntervalMs: 2,
    random: () => 0.5,
    retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2 },
    ...extra,
  });
  clients.push(c);
  return c;
}

/** Every text an error or result carries: message, stack, JSON, and each own property, deeply. */
function everythingIn(value: unknown): string {
  const parts: string[] = [];
  const walk = (node: unknown, depth: number) => {
    if (depth > 8 || node === null || node === undefined) return;
    if (typeof node === 'string') parts.push(node);
    else if (typeof node === 'object') {
      for (const key of Object.getOwnPropertyNames(node)) {
        parts.push(key);
        walk((node as Record<string, unknown>)[key], depth + 1);
      }
    }
  };
  walk(value, 0);
  if (value instanceof Error) parts.push(String(value), String(value.stack));
  parts.push(JSON.stringify(value) ?? '');
  return parts.join('\n');
}

/** No secret in any of its encodings, and no 8-character piece of the password (a cut-off echo). */
function expectNoSecret(value: unknown): void {
  const text = everythingIn(value);
  expect(text.length).toBeGreaterThan(0);
  for (const secret of [
    PASSWORD,
    TOKEN,
    BASIC,
    JSON.stringify(PASSWORD).slice(1, -1),
    encodeURIComponent(PASSWORD),
  ])
    expect(text).not.toContain(secret);
  for (let at = 0; at + 8 <= PASSWORD.length; at += 1) expect(text).not.toContain(PASSWORD.slice(at, at + 8));
  for (let at = 0; at + 8 <= TOKEN.length; at += 1) expect(text).not.toContain(TOKEN.slice(at, at + 8));
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(outcome).toBeInstanceOf(Error);
  return outcome;
}

describe('a device that echoes requests into its answers', () => {
  it.each([401, 403, 500, 400])('a login answered %i with the echo', async (status) => {
    const url = await echoDevice(({ echo }) => json(status, { code: status, message: echo }));
    expectNoSecret(await failure(client(url).info()));
  });

  it('a login answered with non-JSON text that cuts the echo inside the password', async () => {
    const url = await echoDevice(({ echo }) => {
      // The password starts at character 190; messages are cut at 200.
      const at = echo.indexOf('Pa55');
      return { status: 502, body: `${'x'.repeat(Math.max(0, 190 - at))}${echo}` };
    });
    expectNoSecret(await failure(client(url).info()));
  });

  it('a token extension answered with the echo (the token is in the URL and a header)', async () => {
    const url = await echoDevice(({ method, echo }) =>
      method === 'POST' ? loginOk : json(400, { code: 400, message: echo }),
    );
    expectNoSecret(await failure(client(url, { tokenTimeoutSeconds: 3600 }).info()));
  });

  it('a read answered 500 with the echo of the token header', async () => {
    const url = await echoDevice(({ method, echo }) =>
      method === 'POST' ? loginOk : json(500, { message: echo }),
    );
    expectNoSecret(await failure(client(url).getDeclaration()));
  });

  it('basic auth answered 401 with the echo of the Authorization header', async () => {
    const url = await echoDevice(({ echo }) => json(401, { code: 401, message: echo }));
    expectNoSecret(await failure(client(url, { auth: 'basic' }).getDeclaration()));
  });

  it('a busy device whose 503 echoes the request', async () => {
    const url = await echoDevice(({ url: path, echo }) =>
      path.includes('/authn/login') ? loginOk : json(503, { code: 503, message: echo }),
    );
    expectNoSecret(await failure(client(url).info()));
  });

  it('a declaration refused as a whole (422) with the echo in message and errors', async () => {
    const url = await echoDevice(({ url: path, echo }) =>
      path.includes('/authn/login') ? loginOk : json(422, { code: 422, message: echo, errors: [echo] }),
    );
    expectNoSecret(
      await failure(client(url, { useAsyncTasks: false }).deploy(adc({ T1: webTenant() }), ['T1'])),
    );
  });

  it('per-tenant results with the echo: the returned result and As3TenantError are clean', async () => {
    const url = await echoDevice(({ url: path, echo }) =>
      path.includes('/authn/login')
        ? loginOk
        : json(422, {
            code: 422,
            results: [{ code: 422, tenant: 'T1', host: 'localhost', message: echo, response: echo }],
            declaration: { T1: { class: 'Tenant', remark: echo } },
          }),
    );
    const c = client(url, { useAsyncTasks: false });
    const result = await c.deploy(adc({ T1: webTenant() }), ['T1']);
    expect(result.ok).toBe(false);
    expectNoSecret(result);
    expectNoSecret(await failure(c.deploy(adc({ T1: webTenant() }), ['T1'], { throwOnTenantFailure: true })));
  });

  it('debug lines never carry a secret either', async () => {
    const url = await echoDevice(({ url: path, echo }) =>
      path.includes('/authn/login') ? loginOk : json(500, { message: echo }),
    );
    const lines: string[] = [];
    await failure(client(url, { tokenTimeoutSeconds: 60, logger: { debug: (l) => lines.push(l) } }).info());
    expect(lines.length).toBeGreaterThan(0);
    expectNoSecret(lines);
  });
});
