/**
 * as3-facts §1 (`optimisticLockKey`, `showHash`): the per-tenant key AS3 computes (hashUtil.hashTenant over
 * the stored tenant), and the check in audit.auditTenant — a non-empty key must match the stored tenant,
 * is ignored for a tenant AS3 has not stored and in per-app requests, and is never stored. Because AS3
 * takes its global lock before the check, the key is a compare-and-set: of two writers holding the same
 * key, the second fails. Raw HTTP, independent of the client.
 */
import * as crypto from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../lib/simulator';
import { adc, call, DECLARE, messages, webTenant } from './helpers';

const MISMATCH =
  'The hash you submitted does not match the hash on the current Tenant. This usually indicates there was a change to the Tenant since you pulled this hash. You will want to do a GET and see what the changes are.';

/** AS3's hashUtil.hashTenant(JSON.stringify(tenant)): base64 of SHA-256 over the base64 of the text. */
function as3Hash(tenant: unknown): string {
  const text = Buffer.from(JSON.stringify(tenant)).toString('base64');
  return crypto.createHash('sha256').update(text).digest('base64');
}

describe('optimisticLockKey', () => {
  let sim: RunningSimulator;
  beforeEach(async () => {
    sim = await startSimulator();
  });
  afterEach(async () => {
    await sim.close();
  });

  async function keyOf(tenant: string): Promise<string> {
    const read = await call(sim, 'GET', `${DECLARE}/${tenant}?showHash=true`);
    expect(read.status).toBe(200);
    return read.body[tenant].optimisticLockKey as string;
  }

  it('GET ?showHash=true adds the key AS3 computes from the stored tenant; plain GET has none', async () => {
    await call(sim, 'POST', DECLARE, adc({ T1: webTenant() }));
    const stored = (await call(sim, 'GET', `${DECLARE}/T1`)).body.T1;
    expect(stored.optimisticLockKey).toBeUndefined();
    expect(await keyOf('T1')).toBe(as3Hash(stored));
  });

  it('the current key lets the write through; the key is not stored', async () => {
    await call(sim, 'POST', DECLARE, adc({ T1: webTenant() }));
    const key = await keyOf('T1');
    const write = await call(
      sim,
      'POST',
      DECLARE,
      adc({ T1: { ...webTenant('192.0.2.77'), optimisticLockKey: key } }),
    );
    expect(write.status).toBe(200);
    expect(messages(write)).toEqual(['T1:success']);
    expect(sim.storedDeclaration()?.T1).toEqual(webTenant('192.0.2.77'));
  });

  it('a key from before another write fails the tenant with AS3’s message; the tenant keeps its version', async () => {
    await call(sim, 'POST', DECLARE, adc({ T1: webTenant() }));
    const key = await keyOf('T1');
    await call(sim, 'POST', DECLARE, adc({ T1: webTenant('192.0.2.2') }));
    const stale = await call(
      sim,
      'POST',
      DECLARE,
      adc({ T1: { ...webTenant('192.0.2.3'), optimisticLockKey: key } }),
    );
    expect(stale.status).toBe(422);
    expect(stale.body.results).toEqual([
      expect.objectContaining({ code: 422, message: MISMATCH, tenant: 'T1', host: 'localhost' }),
    ]);
    expect(sim.storedDeclaration()?.T1).toEqual(webTenant('192.0.2.2'));
  });

  it('only one of two writers holding the same key succeeds (compare-and-set under AS3’s lock)', async () => {
    await call(sim, 'POST', DECLARE, adc({ T1: webTenant() }));
    const key = await keyOf('T1');
    const first = await call(
      sim,
      'POST',
      DECLARE,
      adc({ T1: { ...webTenant('192.0.2.4'), optimisticLockKey: key } }),
    );
    const second = await call(
      sim,
      'POST',
      DECLARE,
      adc({ T1: { ...webTenant('192.0.2.5'), optimisticLockKey: key } }),
    );
    expect([first.status, second.status]).toEqual([200, 422]);
    expect(sim.storedDeclaration()?.T1).toEqual(webTenant('192.0.2.4'));
  });

  it('a key for a tenant AS3 has not stored is not checked; once the tenant exists any other key fails', async () => {
    const created = await call(sim, 'POST', DECLARE, adc({ T1: { ...webTenant(), optimisticLockKey: 'x' } }));
    expect(created.status).toBe(200);
    expect(sim.storedDeclaration()?.T1).toEqual(webTenant());
    const again = await call(sim, 'POST', DECLARE, adc({ T1: { ...webTenant(), optimisticLockKey: 'x' } }));
    expect(again.status).toBe(422);
    expect(again.body.results[0].message).toBe(MISMATCH);
  });

  it('an empty key is no key; a per-app request ignores the key', async () => {
    await call(sim, 'POST', DECLARE, adc({ T1: webTenant() }));
    const empty = await call(
      sim,
      'POST',
      DECLARE,
      adc({ T1: { ...webTenant('192.0.2.6'), optimisticLockKey: '' } }),
    );
    expect(empty.status).toBe(200);
    const perApp = await call(sim, 'POST', `${DECLARE}/T1/applications`, {
      schemaVersion: '3.50.0',
      optimisticLockKey: 'stale',
      app: (webTenant('192.0.2.8') as { app: unknown }).app,
    });
    expect(perApp.status).toBe(200);
  });

  it('a tenant posted without applications but with the current key is deleted; with a stale key it stays', async () => {
    await call(sim, 'POST', DECLARE, adc({ T1: webTenant() }));
    const key = await keyOf('T1');
    await call(sim, 'POST', DECLARE, adc({ T1: webTenant('192.0.2.9') }));
    const stale = await call(
      sim,
      'POST',
      `${DECLARE}/T1`,
      adc({ T1: { class: 'Tenant', optimisticLockKey: key } }),
    );
    expect(stale.status).toBe(422);
    expect(sim.storedDeclaration()?.T1).toEqual(webTenant('192.0.2.9'));
    const current = await keyOf('T1');
    const removed = await call(
      sim,
      'POST',
      `${DECLARE}/T1`,
      adc({ T1: { class: 'Tenant', optimisticLockKey: current } }),
    );
    expect(removed.status).toBe(200);
    expect(messages(removed)).toEqual(['T1:success']);
    expect(sim.storedDeclaration()?.T1).toBeUndefined();
  });
});
