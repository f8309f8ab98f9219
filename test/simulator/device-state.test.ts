/**
 * Contract tests over raw HTTP: the device-state rules of a simulator started with an inventory — what
 * AS3 (bigComponent tag) and TMOS refuse after the schema has passed.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../lib/simulator';
import { adc, AS3_SCHEMA_FILE, call, DECLARE, HAVE_AS3_SCHEMA, NO_SCHEMA_REASON, webTenant } from './helpers';

type Json = Record<string, unknown>;

const INVENTORY = {
  commonObjects: ['/Common/serverssl', '/Common/http-tuned'],
  routeDomains: [0, 10],
};

let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startSimulator({ inventory: INVENTORY });
});

beforeEach(async () => {
  await call(sim, 'DELETE', DECLARE);
});

afterAll(async () => {
  await sim?.close();
});

function withService(tenant: Json, change: Json): Json {
  const app = tenant.app as Json;
  return { ...tenant, app: { ...app, web_vs: { ...(app.web_vs as Json), ...change } } };
}

describe('device-state rules (simulator started with an inventory)', () => {
  it('fails when the same virtual address:port is declared twice on the device', async () => {
    // Rule: duplicate virtual address:port across the device (TMOS 01070333), tenant-scoped.
    const first = await call(sim, 'POST', `${DECLARE}/t_one`, adc({ t_one: webTenant('192.0.2.10') }));
    expect(first.status).toBe(200);
    const second = await call(
      sim,
      'POST',
      `${DECLARE}/t_two,t_three`,
      adc({ t_two: webTenant('192.0.2.10'), t_three: webTenant('192.0.2.30') }),
    );
    expect(second.status).toBe(207);
    const results = second.body.results as Json[];
    expect(results.find((r) => r.tenant === 't_two')).toMatchObject({
      code: 422,
      message: 'declaration failed',
      response:
        '01070333:3: Virtual Server /t_two/app/web_vs illegally shares both address and port with Virtual Server /t_one/app/web_vs.',
    });
    expect(results.find((r) => r.tenant === 't_three')).toMatchObject({ code: 200, message: 'success' });
    const stored = (await call(sim, 'GET', DECLARE)).body as Json;
    expect(Object.keys(stored).filter((k) => k.startsWith('t_'))).toEqual(['t_one', 't_three']);
    // Another port on the same address, or the same address in another route domain, is fine.
    const otherPort = withService(webTenant('192.0.2.10'), { virtualPort: 8080 });
    const otherRd = webTenant('192.0.2.10%10');
    const ok = await call(
      sim,
      'POST',
      `${DECLARE}/t_four,t_five`,
      adc({ t_four: otherPort, t_five: otherRd }),
    );
    expect(ok.status).toBe(200);
    // Re-posting the owner itself is no clash.
    const again = await call(sim, 'POST', `${DECLARE}/t_one`, adc({ t_one: webTenant('192.0.2.10') }));
    expect(again.status).toBe(200);
  });

  it('fails when a declaration references a /Common object the device does not have', async () => {
    // Rule: references to /Common objects that do not exist (AS3's bigComponent tag, 422 before any change).
    const known = withService(webTenant('192.0.2.40'), { profileHTTP: { bigip: '/Common/http-tuned' } });
    expect((await call(sim, 'POST', `${DECLARE}/t_ok`, adc({ t_ok: known }))).status).toBe(200);
    const unknown = withService(webTenant('192.0.2.41'), { profileHTTP: { bigip: '/Common/http-missing' } });
    const answer = await call(sim, 'POST', `${DECLARE}/t_bad`, adc({ t_bad: unknown }));
    expect(answer.status).toBe(422);
    expect(answer.body).toMatchObject({
      code: 422,
      message: 'Unable to find /Common/http-missing for /t_bad/app/web_vs/profileHTTP',
    });
    expect(((await call(sim, 'GET', DECLARE)).body as Json).t_bad).toBeUndefined();
  });

  it('fails when a tenant uses a route domain the device does not have', async () => {
    // Rule: route domains not on the device; the tenant fails, the device keeps what it had.
    const answer = await call(sim, 'POST', `${DECLARE}/t_rd`, adc({ t_rd: webTenant('192.0.2.50%7') }));
    expect(answer.status).toBe(422);
    expect((answer.body.results as Json[])[0]).toMatchObject({
      tenant: 't_rd',
      message: 'declaration failed',
      response: '01020036:3: The requested route domain (/Common/7) was not found.',
    });
    const viaDefault = await call(
      sim,
      'POST',
      `${DECLARE}/t_rd2`,
      adc({ t_rd2: { ...webTenant('192.0.2.51'), defaultRouteDomain: 20 } }),
    );
    expect((viaDefault.body.results as Json[])[0]).toMatchObject({ message: 'declaration failed' });
  });

  it('fails when a route domain is out of range (over 65535)', async () => {
    // Rule: route domains out of range, in AS3's words (the f5ip format).
    const answer = await call(sim, 'POST', `${DECLARE}/t_big`, adc({ t_big: webTenant('192.0.2.60%70000') }));
    expect(answer.status).toBe(422);
    expect(answer.body).toMatchObject({
      message: 'declaration is invalid',
      errors: ['/t_big/app/web_vs/virtualAddresses/0: should match format "f5ip"'],
    });
  });
});

describe.skipIf(!HAVE_AS3_SCHEMA)(HAVE_AS3_SCHEMA ? 'with the official schema' : NO_SCHEMA_REASON, () => {
  it('fails when a route domain is out of range: the official schema refuses %70000 as AS3 does', async () => {
    const official = await startSimulator({ as3SchemaFile: AS3_SCHEMA_FILE, inventory: INVENTORY });
    try {
      const answer = await call(
        official,
        'POST',
        `${DECLARE}/t_big`,
        adc({ t_big: webTenant('192.0.2.60%70000') }, { id: 'rd' }),
      );
      expect(answer.status).toBe(422);
      expect(answer.body.errors).toEqual([
        '/t_big/app/web_vs/virtualAddresses/0: should match format "f5ip"',
      ]);
    } finally {
      await official.close();
    }
  }, 60_000);
});
