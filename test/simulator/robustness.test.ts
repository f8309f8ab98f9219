/**
 * Malformed and hostile requests: the simulator answers each one the way AS3 (or the HTTP layer in front
 * of it) would and keeps serving — a bad request target, an over-limit body, `__proto__` in a patch path,
 * a state file that cannot be written.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../../lib/simulator';
import { adc, BASIC_ADMIN, call, DECLARE, rawExchange, webTenant } from './helpers';

const running: RunningSimulator[] = [];
async function start(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const sim = await startSimulator(options);
  running.push(sim);
  return sim;
}
afterEach(async () => {
  for (const sim of running.splice(0)) await sim.close();
});

async function stillServes(sim: RunningSimulator): Promise<void> {
  const info = await call(sim, 'GET', '/mgmt/shared/appsvcs/info');
  expect(info.status).toBe(200);
}

describe('request targets no client library sends', () => {
  it('an unauthenticated GET // is 404 like any path outside AS3, and the simulator keeps serving', async () => {
    const sim = await start();
    const answer = await rawExchange(sim, 'GET // HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(answer.status).toBe(404);
    expect(JSON.parse(answer.body)).toEqual({ code: 404, message: 'Public URI path not registered: //' });
    await stillServes(sim);
  });

  it('a target that is no path (`*`) is 400; an absolute-form target is routed by its path', async () => {
    const sim = await start();
    const star = await rawExchange(sim, 'OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(star.status).toBe(400);
    expect(JSON.parse(star.body)).toEqual({ code: 400, message: 'Bad Request: invalid request target "*"' });
    const absolute = await rawExchange(
      sim,
      `GET http://elsewhere/mgmt/shared/appsvcs/info HTTP/1.1\r\nHost: x\r\nAuthorization: ${BASIC_ADMIN}\r\n\r\n`,
    );
    expect(absolute.status).toBe(200);
    await stillServes(sim);
  });

  it("a client that stops sending in the middle of its body gets the HTTP layer's 400, and nothing is applied", async () => {
    const sim = await start();
    const answer = await rawExchange(
      sim,
      `POST ${DECLARE} HTTP/1.1\r\nHost: x\r\nAuthorization: ${BASIC_ADMIN}\r\nContent-Length: 100\r\n\r\n{"class":`,
    );
    expect(answer.status).toBe(400);
    expect(answer.body).toBe('');
    expect(sim.storedDeclaration()).toBeUndefined();
    await stillServes(sim);
  });
});

describe('bodies over the limit', () => {
  it('a body over maxBodyBytes is answered 413, not a connection reset', async () => {
    const sim = await start({ maxBodyBytes: 64 * 1024 });
    const body = JSON.stringify(adc({ T1: webTenant() }, { remark: 'x'.repeat(100 * 1024) }));
    const response = await request(`${sim.url}${DECLARE}`, {
      method: 'POST',
      headers: { authorization: BASIC_ADMIN, 'content-type': 'application/json' },
      body,
    });
    expect(response.statusCode).toBe(413);
    expect(await response.body.json()).toEqual({ code: 413, message: 'request body exceeds 65536 bytes' });
    await stillServes(sim);
  });

  it('the default limit (20 MiB) answers 413 too, also for a body sent in chunks without a length', async () => {
    const sim = await start();
    const chunk = Buffer.alloc(1024 * 1024, 0x20);
    async function* body() {
      for (let i = 0; i < 21; i += 1) yield chunk;
    }
    const response = await request(`${sim.url}${DECLARE}`, {
      method: 'POST',
      headers: { authorization: BASIC_ADMIN, 'content-type': 'application/json' },
      body: Readable.from(body()),
    });
    expect(response.statusCode).toBe(413);
    expect(((await response.body.json()) as { code: number }).code).toBe(413);
    await stillServes(sim);
  });

  it('a Content-Length over the limit is refused before the body arrives', async () => {
    const sim = await start({ maxBodyBytes: 1024 });
    const answer = await rawExchange(
      sim,
      `POST ${DECLARE} HTTP/1.1\r\nHost: x\r\nAuthorization: ${BASIC_ADMIN}\r\nContent-Length: 999999999\r\n\r\n{}`,
    );
    expect(answer.status).toBe(413);
    await stillServes(sim);
  });
});

describe('prototype pollution', () => {
  afterEach(() => {
    // Clean up even when a regression polluted it, so other tests are not affected.
    for (const key of ['polluted', 'viaConstructor', 'viaFrom'])
      delete (Object.prototype as Record<string, unknown>)[key];
  });

  it.each([
    ['/T1/__proto__/polluted', '__proto__'],
    ['/T1/constructor/prototype/viaConstructor', 'constructor'],
    ['/T1/app/prototype', 'prototype'],
  ])('PATCH /declare with the path %s is 422 and Object.prototype stays clean', async (pointer, word) => {
    const sim = await start();
    await call(sim, 'POST', DECLARE, adc({ T1: webTenant() }));
    const answer = await call(sim, 'PATCH', DECLARE, [{ op: 'add', path: pointer, value: 'yes' }]);
    expect(answer.status).toBe(422);
    expect(answer.body).toEqual({
      code: 422,
      message: `InvalidPatchOperationError: path ${pointer} is refused: "${word}" is not allowed in a patch path (nor are __proto__, constructor and prototype)`,
    });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).viaConstructor).toBeUndefined();
    expect(sim.storedDeclaration()?.T1).toEqual(webTenant());
  });

  it('a move or copy from a __proto__ path is refused the same way', async () => {
    const sim = await start();
    await call(sim, 'POST', DECLARE, adc({ T1: webTenant() }));
    const answer = await call(sim, 'PATCH', DECLARE, [
      { op: 'copy', from: '/T1/__proto__', path: '/T1/viaFrom' },
    ]);
    expect(answer.status).toBe(422);
    expect(answer.body.message).toMatch(/^InvalidPatchOperationError: path \/T1\/__proto__ is refused/);
  });

  it('a declaration with a __proto__ key anywhere is 422 Invalid data property, as AS3 answers unknown keys', async () => {
    const sim = await start();
    const text = JSON.stringify(adc({ T1: webTenant() })).replace(
      '"class":"Pool"',
      '"class":"Pool","__proto__":{"polluted":"yes"}',
    );
    const answer = await call(sim, 'POST', DECLARE, text);
    expect(answer.status).toBe(422);
    expect(answer.body).toEqual({ code: 422, message: 'Invalid data property: __proto__' });
    expect(sim.storedDeclaration()).toBeUndefined();
  });

  it('a tenant named __proto__ in the URL is an invalid path; POST /settings {"__proto__": …} is 422', async () => {
    const sim = await start();
    for (const method of ['GET', 'DELETE'] as const) {
      const answer = await call(sim, method, `${DECLARE}/__proto__`);
      expect(answer.status).toBe(400);
      expect(answer.body).toEqual({ code: 400, message: 'Bad Request: Invalid path' });
    }
    const settings = await call(sim, 'POST', '/mgmt/shared/appsvcs/settings', '{"__proto__":{"x":1}}');
    expect(settings.status).toBe(422);
    expect(settings.body).toEqual({ code: 422, message: 'should NOT have additional properties' });
  });

  it('a JSON-patch op without a value is 422, not an unexpected error', async () => {
    const sim = await start();
    await call(sim, 'POST', DECLARE, adc({ T1: webTenant() }));
    const answer = await call(sim, 'PATCH', DECLARE, [{ op: 'add', path: '/T1/label' }]);
    expect(answer.status).toBe(422);
    expect(answer.body.message).toBe('InvalidPatchOperationError: add needs "value"');
  });
});

describe('the state file', () => {
  let dir: string;
  afterEach(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it.runIf(process.platform === 'linux')(
    'an unwritable state file is reported at start, naming the file',
    async () => {
      // /proc refuses new files even to root, so the check does not depend on who runs the tests.
      const file = '/proc/vks-bigip-simulator-test/state.json';
      await expect(startSimulator({ stateFile: file })).rejects.toThrow(
        new RegExp(`^simulator state file ${file} is not writable: `),
      );
    },
  );

  it('a state file path that is a folder is reported at start', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vks-bigip-sim-'));
    await expect(startSimulator({ stateFile: dir })).rejects.toThrow(/^cannot read simulator state file/);
  });

  it('a write that fails later is a warning, and the simulator keeps serving from memory', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vks-bigip-sim-'));
    const stateDir = path.join(dir, 'state');
    const warnings: string[] = [];
    const sim = await start({
      stateFile: path.join(stateDir, 'sim.json'),
      onWarning: (message) => warnings.push(message),
    });
    // The folder turns into a file: every write from now on fails (ENOTDIR), even for root.
    fs.rmSync(stateDir, { recursive: true, force: true });
    fs.writeFileSync(stateDir, 'not a folder');
    for (const vip of ['192.0.2.1', '192.0.2.2']) {
      const answer = await call(sim, 'POST', DECLARE, adc({ T1: webTenant(vip) }));
      expect(answer.status).toBe(200);
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      new RegExp(`^simulator: cannot write state file ${stateDir}/sim.json: .*ENOTDIR.*kept in memory only`),
    );
    expect((await call(sim, 'GET', `${DECLARE}/T1`)).body.T1.app.web_vs.virtualAddresses).toEqual([
      '192.0.2.2',
    ]);
  });
});
