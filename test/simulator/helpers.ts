/**
 * Raw-HTTP helpers for the simulator's contract tests (deliberately independent of lib/bigip) and shared
 * fixtures. Servers listen on 127.0.0.1 on ports the OS picks.
 */
import * as path from 'node:path';
import * as fs from 'node:fs';
import * as net from 'node:net';
import { request } from 'undici';
import type { RunningSimulator } from '../../lib/simulator';

type Json = Record<string, unknown>;

/** `../shared` next to the repository (as3-facts, the official AS3 schema). */
export const SHARED_DIR = path.resolve(__dirname, '../../../shared');
export const AS3_SCHEMA_FILE = path.join(SHARED_DIR, 'as3', 'as3-schema-3.56.0-10.json');
export const HAVE_AS3_SCHEMA = fs.existsSync(AS3_SCHEMA_FILE);
export const NO_SCHEMA_REASON = `official AS3 schema not found at ${AS3_SCHEMA_FILE} (the sibling ../shared folder is absent); schema tests skipped`;
if (!HAVE_AS3_SCHEMA) console.warn(`[simulator] SKIPPED: ${NO_SCHEMA_REASON}`);

export interface RawAnswer {
  readonly status: number;
  readonly text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly body: any;
}

export const BASIC_ADMIN = `Basic ${Buffer.from('admin:admin').toString('base64')}`;

/** One HTTP exchange with basic auth (unless `headers` says otherwise). */
export async function call(
  sim: RunningSimulator,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT',
  urlPath: string,
  body?: unknown,
  headers: Record<string, string> = { authorization: BASIC_ADMIN },
): Promise<RawAnswer> {
  const response = await request(`${sim.url}${urlPath}`, {
    method,
    headers: { ...headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.body.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: response.statusCode, text, body: parsed };
}

export const DECLARE = '/mgmt/shared/appsvcs/declare';

/** A small but schema-valid ingress-shaped tenant: one HTTP virtual server and its pool. */
export function webTenant(vip = '192.0.2.10', members = ['192.0.2.11']): Json {
  return {
    class: 'Tenant',
    app: {
      class: 'Application',
      web_vs: { class: 'Service_HTTP', virtualAddresses: [vip], pool: 'web_pool' },
      web_pool: {
        class: 'Pool',
        monitors: ['http'],
        members: [{ servicePort: 80, serverAddresses: members }],
      },
    },
  };
}

export function adc(tenants: Record<string, Json>, extra: Json = {}): Json {
  return { class: 'ADC', schemaVersion: '3.50.0', ...extra, ...tenants };
}

/** Polls `GET /task/<id>` until AS3 reports a final code; bounded (the simulator finishes in milliseconds). */
export async function taskResult(sim: RunningSimulator, id: string): Promise<RawAnswer> {
  for (let i = 0; i < 400; i += 1) {
    const answer = await call(sim, 'GET', `/mgmt/shared/appsvcs/task/${id}`);
    const results: Array<{ code: number }> = answer.body?.results ?? [];
    if (answer.status !== 200 || results.every((r) => r.code !== 0)) return answer;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`task ${id} did not finish within 400 polls`);
}

export function messages(answer: RawAnswer): string[] {
  return (answer.body?.results ?? []).map(
    (r: { tenant?: string; message: string }) => `${r.tenant ?? ''}:${r.message}`,
  );
}

export interface RawHttpAnswer {
  /** The status of the first response; undefined when the connection closed without one. */
  readonly status: number | undefined;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/**
 * Writes raw bytes to the simulator's port (requests no HTTP client would send), half-closes, and reads the
 * first response: complete once its Content-Length is in, or when the server closes. Bounded by `timeoutMs`.
 */
export function rawExchange(
  sim: RunningSimulator,
  bytes: Buffer | string,
  timeoutMs = 5_000,
): Promise<RawHttpAnswer> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(sim.port, sim.host);
    let received = Buffer.alloc(0);
    let done = false;
    const finish = (error?: Error) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      if (error) return reject(error);
      resolve(parseRawResponse(received));
    };
    const timer = setTimeout(() => finish(new Error(`no complete answer within ${timeoutMs} ms`)), timeoutMs);
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const head = received.indexOf('\r\n\r\n');
      const length = Number(parseRawResponse(received).headers['content-length']);
      if (head >= 0 && Number.isFinite(length) && received.length - head - 4 >= length) finish();
    });
    socket.on('close', () => finish());
    socket.on('error', () => undefined); // a reset while writing still lets the answer be read
    socket.end(bytes);
  });
}

function parseRawResponse(raw: Buffer): RawHttpAnswer {
  const text = raw.toString('latin1');
  const end = text.indexOf('\r\n\r\n');
  if (end < 0) return { status: undefined, headers: {}, body: '' };
  const [statusLine = '', ...lines] = text.slice(0, end).split('\r\n');
  const status = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1];
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return {
    status: status === undefined ? undefined : Number(status),
    headers,
    body: Buffer.from(text.slice(end + 4), 'latin1').toString('utf8'),
  };
}
