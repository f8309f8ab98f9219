/**
 * A seeded, bounded fuzz of the simulator's HTTP surface: request lines, targets, methods, versions,
 * headers, credentials, framing, encodings and bodies, written as raw bytes. Every case must get the
 * answer its class of request gets from a BIG-IP running AS3 (or from the HTTP layer in front of it), the
 * simulator must keep serving, and nothing may reach Object.prototype. Same seed, same cases.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCK_BUSY_MESSAGE, startSimulator, type RunningSimulator } from '../../lib/simulator';
import { adc, BASIC_ADMIN, rawExchange, webTenant, type RawHttpAnswer } from './helpers';

/** `VKS_BIGIP_FUZZ_SEED` replays or explores other seeds; CI uses the fixed one. */
const SEED = Number(process.env.VKS_BIGIP_FUZZ_SEED ?? 0x5eed_0a53);
const CASES = 2_500;
const MAX_BODY_BYTES = 16 * 1024;

/** mulberry32: small, fast, good enough to pick cases; deterministic per seed. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Gen {
  constructor(readonly next: () => number) {}
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }
  bytes(n: number): Buffer {
    return Buffer.from(Array.from({ length: n }, () => this.int(256)));
  }
}

const APPSVCS = '/mgmt/shared/appsvcs';
const LOGIN = '/mgmt/shared/authn/login';
const TOKENS = '/mgmt/shared/authz/tokens/';
const SEGMENTS = [
  'declare',
  'declare',
  'declare',
  'task',
  'info',
  'settings',
  'applications',
  'T1',
  'T2',
  'A1',
  'app',
  'T1,T2',
  ',,',
  '%2C',
  '*',
  '..',
  '.',
  '',
  '%ZZ',
  '%00',
  '%5F%5Fproto%5F%5F',
  '__proto__',
  'constructor',
  'prototype',
  '~0~1',
  'x'.repeat(300),
  '%E2%82%AC',
  '0',
  '-1',
];
const PREFIXES = [
  APPSVCS,
  APPSVCS,
  APPSVCS,
  '/mgmt/shared/authn/login',
  TOKENS.slice(0, -1),
  '/mgmt/tm/ltm',
  '',
  '/',
  '//',
];
const QUERIES = [
  '',
  '',
  '',
  '?async=true',
  '?show=full',
  '?show=nope',
  '?showHash=true',
  '?age=list',
  '?age=99',
  '?foo=bar',
  '?%ZZ',
  '?&&=&',
  '?async=true&async=false',
  '?controls.dryRun=true',
  '?filterClass=Pool',
  '?unchecked=maybe',
  `?x=${'q'.repeat(500)}`,
];
const METHODS = ['GET', 'GET', 'POST', 'POST', 'PATCH', 'DELETE', 'PUT', 'HEAD', 'OPTIONS', 'TRACE'];
/** Request-line and header defects the HTTP parser refuses (400) before any handler runs. */
const BROKEN_FRAMING = [
  'lowercase method',
  'unknown method',
  'bad version',
  'space in target',
  'control byte in target',
  'raw non-ASCII target',
  'header without colon',
  'control byte in header',
  'conflicting lengths',
  'bad chunk size',
  'no Host on HTTP/1.1',
  'negative length',
  'target without a path',
] as const;

type Framing = 'length' | 'chunked' | (typeof BROKEN_FRAMING)[number] | 'oversized header';
type Auth = 'none' | 'basic' | 'wrong basic' | 'garbage basic' | 'bad token' | 'empty token';
type BodyKind =
  | 'none'
  | 'declaration'
  | 'proto declaration'
  | 'patch'
  | 'hostile patch'
  | 'login'
  | 'bad login'
  | 'truncated json'
  | 'random bytes'
  | 'invalid utf-8'
  | 'nested'
  | 'over limit'
  | 'settings';

interface FuzzCase {
  readonly index: number;
  readonly method: string;
  readonly target: string;
  readonly auth: Auth;
  readonly bodyKind: BodyKind;
  readonly framing: Framing;
  readonly bytes: Buffer;
}

function bodyOf(g: Gen, kind: BodyKind): Buffer | undefined {
  const json = (value: unknown) => Buffer.from(JSON.stringify(value));
  switch (kind) {
    case 'none':
      return undefined;
    case 'declaration':
      return json(adc({ [g.pick(['T1', 'T2'])]: webTenant(`192.0.2.${g.int(250) + 1}`) }));
    case 'proto declaration': {
      const text = JSON.stringify(adc({ T1: webTenant() }));
      const at = g.pick(['"class":"ADC"', '"class":"Tenant"', '"class":"Pool"', '"servicePort":80']);
      return Buffer.from(text.replace(at, `${at},"__proto__":{"polluted":"fuzz"}`));
    }
    case 'patch':
      return json([{ op: g.pick(['add', 'replace', 'remove']), path: '/T1/label', value: 'x' }]);
    case 'hostile patch': {
      const path = g.pick([
        '/T1/__proto__/polluted',
        '/__proto__/polluted',
        '/T1/constructor/prototype/polluted',
        '/T1/app/prototype',
        '/T1/app/web_pool/members/0/__proto__/polluted',
        '/T1/app/web_pool/members/-1',
        '/T1/app/web_pool/members/01',
        '/constructor',
      ]);
      const op = g.pick(['add', 'replace', 'remove', 'move', 'copy', 'test']);
      return json([
        { op, path, from: g.pick(['/T1/__proto__', '/T1/app', undefined]), value: { polluted: 'fuzz' } },
      ]);
    }
    case 'login':
      return json({ username: 'admin', password: 'admin', loginProviderName: 'tmos' });
    case 'bad login':
      return json(g.pick([{ username: 'admin', password: 'nope' }, { username: 1 }, [], 'admin', null]));
    case 'truncated json': {
      const text = JSON.stringify(adc({ T1: webTenant() }));
      return Buffer.from(text.slice(0, g.int(text.length)));
    }
    case 'random bytes':
      return g.bytes(g.int(200) + 1);
    case 'invalid utf-8':
      return Buffer.concat([
        Buffer.from('{"class":"ADC","schemaVersion":"3.50.0","T1":"'),
        g.bytes(20),
        Buffer.from('"}'),
      ]);
    case 'nested': {
      const depth = g.int(400) + 1;
      const [open, close] = g.pick([
        ['{"a":', '}'],
        ['[', ']'],
      ] as const);
      return Buffer.from(`${open.repeat(depth)}1${close.repeat(depth)}`);
    }
    case 'over limit':
      return Buffer.alloc(MAX_BODY_BYTES + 1 + g.int(MAX_BODY_BYTES), 0x61);
    case 'settings':
      return json(g.pick([{ burstHandlingEnabled: true }, { asyncTaskStorage: 'disk' }, { nope: 1 }, [1]]));
  }
}

function targetOf(g: Gen): string {
  if (g.chance(0.04)) return g.pick(['*', 'http://elsewhere/mgmt/shared/appsvcs/info']);
  let path = g.pick(PREFIXES);
  const depth = g.int(4);
  for (let i = 0; i < depth; i += 1) path += `${g.chance(0.1) ? '//' : '/'}${g.pick(SEGMENTS)}`;
  if (g.chance(0.1)) path += '/';
  if (!path.startsWith('/')) path = `/${path}`;
  return path + g.pick(QUERIES);
}

/** Requests a client could mean to send: a real endpoint, a fitting method and body. */
const PLAUSIBLE: ReadonlyArray<readonly [string, string, readonly BodyKind[]]> = [
  [
    'POST',
    `${APPSVCS}/declare`,
    ['declaration', 'declaration', 'proto declaration', 'truncated json', 'nested', 'invalid utf-8'],
  ],
  ['POST', `${APPSVCS}/declare/T1`, ['declaration', 'proto declaration', 'random bytes']],
  ['POST', `${APPSVCS}/declare/T1,T2?async=true`, ['declaration', 'declaration']],
  ['POST', `${APPSVCS}/declare/T1/applications`, ['declaration', 'proto declaration']],
  ['PATCH', `${APPSVCS}/declare`, ['patch', 'hostile patch', 'hostile patch', 'nested']],
  ['GET', `${APPSVCS}/declare`, ['none']],
  ['GET', `${APPSVCS}/declare/T1?showHash=true`, ['none']],
  ['GET', `${APPSVCS}/declare/T1/applications/app`, ['none']],
  ['DELETE', `${APPSVCS}/declare/T2`, ['none']],
  ['GET', `${APPSVCS}/task`, ['none']],
  ['GET', `${APPSVCS}/info`, ['none']],
  ['POST', `${APPSVCS}/settings`, ['settings', 'proto declaration']],
  ['POST', LOGIN, ['login', 'bad login', 'random bytes']],
];
const AUTHS: readonly Auth[] = [
  'basic',
  'basic',
  'basic',
  'none',
  'wrong basic',
  'garbage basic',
  'bad token',
  'empty token',
];
const BODIES: readonly BodyKind[] = [
  'none',
  'none',
  'declaration',
  'declaration',
  'proto declaration',
  'patch',
  'hostile patch',
  'login',
  'bad login',
  'truncated json',
  'random bytes',
  'invalid utf-8',
  'nested',
  'over limit',
  'settings',
];

function generate(g: Gen, index: number): FuzzCase {
  const plausible = g.chance(0.4) ? g.pick(PLAUSIBLE) : undefined;
  let method = plausible?.[0] ?? g.pick(METHODS);
  let target = plausible?.[1] ?? targetOf(g);
  let version = g.chance(0.9) ? 'HTTP/1.1' : 'HTTP/1.0';
  const auth = plausible && g.chance(0.85) ? 'basic' : g.pick(AUTHS);
  const bodyKind = plausible && g.chance(0.9) ? g.pick(plausible[2]) : g.pick(BODIES);
  let framing: Framing =
    plausible || g.chance(0.85) ? (g.chance(0.8) ? 'length' : 'chunked') : g.pick(BROKEN_FRAMING);
  if (g.chance(0.01)) framing = 'oversized header';
  const body = bodyOf(g, bodyKind);

  const headers: string[] = [];
  if (!(framing === 'no Host on HTTP/1.1')) headers.push('Host: simulator');
  if (framing === 'no Host on HTTP/1.1') version = 'HTTP/1.1';
  switch (auth) {
    case 'basic':
      headers.push(`Authorization: ${BASIC_ADMIN}`);
      break;
    case 'wrong basic':
      headers.push(`Authorization: Basic ${Buffer.from('admin:wrong').toString('base64')}`);
      break;
    case 'garbage basic':
      headers.push(
        g.pick([
          'Authorization: Basic !!!',
          'Authorization: Basic',
          'Authorization: Bearer x',
          `Authorization: Basic ${Buffer.from('nocolon').toString('base64')}`,
        ]),
      );
      break;
    case 'bad token':
      headers.push(`X-F5-Auth-Token: ${g.pick(['AAAA', 'x'.repeat(100), '%00', 'ÿ'])}`);
      break;
    case 'empty token':
      headers.push('X-F5-Auth-Token: ');
      break;
    case 'none':
      break;
  }
  if (body)
    headers.push(
      g.pick(['Content-Type: application/json', 'Content-Type: text/plain', 'Content-Type: ;;;', '']),
    );
  if (g.chance(0.1))
    headers.push(g.pick(['Content-Encoding: gzip', 'Content-Encoding: br', 'Accept-Encoding: *']));
  if (g.chance(0.05)) headers.push('Connection: close');
  if (g.chance(0.05)) headers.push(`X-Fuzz: ${'v'.repeat(g.int(2000))}`);

  let payload: Buffer = Buffer.alloc(0);
  switch (framing) {
    case 'length':
      if (body || method === 'POST' || method === 'PATCH')
        headers.push(`Content-Length: ${body?.length ?? 0}`);
      payload = body ?? Buffer.alloc(0);
      break;
    case 'chunked': {
      headers.push('Transfer-Encoding: chunked');
      const parts: Buffer[] = [];
      for (let at = 0; body && at < body.length;) {
        const size = Math.min(body.length - at, g.int(4096) + 1);
        parts.push(
          Buffer.from(`${size.toString(16)}\r\n`),
          body.subarray(at, at + size),
          Buffer.from('\r\n'),
        );
        at += size;
      }
      payload = Buffer.concat([...parts, Buffer.from('0\r\n\r\n')]);
      break;
    }
    case 'lowercase method':
      method = method.toLowerCase();
      break;
    case 'unknown method':
      method = g.pick(['FOO', 'G ET', 'GE\tT']);
      break;
    case 'bad version':
      version = g.pick(['HTTP/1.2', 'HTTX/1.1', 'HTTP/1', 'HTTP/11.1']);
      break;
    case 'space in target':
      target = `${target} x`;
      break;
    case 'control byte in target':
      target = `${target}\u0001`;
      break;
    case 'raw non-ASCII target':
      target = `${APPSVCS}/déclare`;
      break;
    case 'target without a path':
      target = g.pick(['garbage', 'http:', 'http//x', '']);
      break;
    case 'header without colon':
      headers.push('Broken Header');
      break;
    case 'control byte in header':
      headers.push('X-Bad: a\u0001b');
      break;
    case 'conflicting lengths':
      headers.push('Content-Length: 1', 'Content-Length: 2');
      payload = Buffer.from('ab');
      break;
    case 'bad chunk size':
      headers.push('Transfer-Encoding: chunked');
      payload = Buffer.from('zz\r\nabc\r\n0\r\n\r\n');
      break;
    case 'no Host on HTTP/1.1':
      break;
    case 'negative length':
      headers.push('Content-Length: -5');
      break;
    case 'oversized header':
      headers.push(`X-Huge: ${'h'.repeat(20_000)}`);
      break;
  }
  const head = `${method} ${target} ${version}\r\n${headers.filter((h) => h !== '').join('\r\n')}\r\n\r\n`;
  return {
    index,
    method,
    target,
    auth,
    bodyKind,
    framing,
    bytes: Buffer.concat([Buffer.from(head, 'latin1'), payload]),
  };
}

/** Statuses AS3's own endpoints answer with, for any request they accept. */
const AS3_STATUSES = new Set([200, 202, 204, 207, 400, 404, 405, 409, 413, 422, 503]);

/** What this class of request gets from a BIG-IP with AS3; undefined when the answer fits. */
function problemWith(c: FuzzCase, answer: RawHttpAnswer): string | undefined {
  const status = answer.status;
  if (c.framing === 'oversized header') return status === 431 ? undefined : `expected 431, got ${status}`;
  if ((BROKEN_FRAMING as readonly string[]).includes(c.framing)) {
    return status === 400 ? undefined : `expected the HTTP layer's 400, got ${status}`;
  }
  if (status === undefined) return 'no answer';
  let body: { code?: unknown; message?: unknown } | undefined;
  if (c.method !== 'HEAD' && answer.body !== '') {
    try {
      body = JSON.parse(answer.body) as typeof body;
    } catch {
      return `answer ${status} is not JSON: ${answer.body.slice(0, 80)}`;
    }
  }
  // Error bodies are AS3's: { code: <the status>, message } (`/task/<unknown id>` has no code, as in AS3).
  if (
    status >= 400 &&
    body &&
    ((body.code !== undefined && body.code !== status) || typeof body.message !== 'string')
  )
    return `error body ${answer.body.slice(0, 120)} does not carry code ${status}`;
  if (c.bodyKind === 'over limit') return status === 413 ? undefined : `expected 413, got ${status}`;
  let url: URL;
  try {
    url = c.target.startsWith('/') ? new URL(`http://x${c.target}`) : new URL(c.target);
    if (url.protocol !== 'http:') throw new Error('not http');
  } catch {
    return status === 400 ? undefined : `expected 400 for target ${c.target}, got ${status}`;
  }
  const path = url.pathname;
  if (path === LOGIN) {
    if (c.method !== 'POST') return status === 405 ? undefined : `expected 405, got ${status}`;
    const expected = c.bodyKind === 'login' ? [200] : c.bodyKind === 'bad login' ? [400, 401] : [400];
    return expected.includes(status)
      ? undefined
      : `expected ${expected.join('/')} for a login, got ${status}`;
  }
  const isAs3 = path === APPSVCS || path.startsWith(`${APPSVCS}/`);
  if (!isAs3 && !path.startsWith(TOKENS)) return status === 404 ? undefined : `expected 404, got ${status}`;
  if (c.auth !== 'basic')
    return status === 401 ? undefined : `expected 401 without valid credentials, got ${status}`;
  if (!isAs3) return status === 404 ? undefined : `expected 404 for an unknown token, got ${status}`;
  if (status === 503 && body?.message !== LOCK_BUSY_MESSAGE)
    return `503 without AS3's busy message: ${String(body?.message)}`;
  if (c.bodyKind === 'proto declaration' && ['POST', 'PATCH'].includes(c.method) && status < 300)
    return `a __proto__ key was accepted with ${status}`;
  return AS3_STATUSES.has(status) ? undefined : `status ${status} is not one AS3 answers with`;
}

describe(`HTTP fuzz (seed ${SEED.toString(16)}, ${CASES} cases)`, () => {
  let sim: RunningSimulator;
  const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).sort();
  beforeAll(async () => {
    sim = await startSimulator({ maxBodyBytes: MAX_BODY_BYTES });
  });
  afterAll(async () => {
    await sim?.close();
  });

  it('every case gets the answer of its class, the simulator keeps serving, Object.prototype stays clean', async () => {
    const g = new Gen(prng(SEED));
    const problems: string[] = [];
    const seen = new Map<string, number>();
    for (let index = 0; index < CASES; index += 1) {
      const c = generate(g, index);
      const answer = await rawExchange(sim, c.bytes);
      const problem = problemWith(c, answer);
      const label = `${c.framing}/${c.auth}/${c.bodyKind}`;
      seen.set(String(answer.status), (seen.get(String(answer.status)) ?? 0) + 1);
      if (problem) problems.push(`#${index} ${c.method} ${JSON.stringify(c.target)} (${label}): ${problem}`);
      if (problems.length >= 10) break;
    }
    expect(problems).toEqual([]);
    // The fuzz reached every layer: the parser's refusals, AS3's answers, successes, the 413.
    for (const status of ['200', '400', '401', '404', '413', '422'])
      expect(seen.get(status)).toBeGreaterThan(0);
    const info = await rawExchange(
      sim,
      `GET ${APPSVCS}/info HTTP/1.1\r\nHost: x\r\nAuthorization: ${BASIC_ADMIN}\r\n\r\n`,
    );
    expect(info.status).toBe(200);
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeKeys);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
