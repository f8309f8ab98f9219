/**
 * Conditional writes with AS3's optimisticLockKey: `readTenantForWrite` returns the tenant and its key,
 * `deploy` and `deleteTenants` send it, and a tenant someone changed (or created) in between fails with
 * `lockConflict`, untouched.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ABSENT_TENANT_LOCK_KEY, BigipUsageError, type BigipClient } from '../../lib/bigip';
import { startSimulator, type RunningSimulator } from '../../lib/simulator';
import { call, DECLARE } from '../simulator/helpers';
import { adc, fastClient, webTenant } from './helpers';

describe('BigipClient conditional writes', () => {
  let sim: RunningSimulator;
  let client: BigipClient;
  beforeEach(async () => {
    sim = await startSimulator();
    client = fastClient(sim);
  });
  afterEach(async () => {
    await client.close();
    await sim.close();
  });

  it('readTenantForWrite: the stored tenant without its key, and the key; a missing tenant has the absent key', async () => {
    expect(await client.readTenantForWrite('T1')).toEqual({
      tenant: undefined,
      lockKey: ABSENT_TENANT_LOCK_KEY,
    });
    await client.deploy(adc({ T1: webTenant() }), ['T1']);
    const read = await client.readTenantForWrite('T1');
    expect(read.tenant).toEqual(webTenant());
    expect(read.lockKey).toBe(
      (await call(sim, 'GET', `${DECLARE}/T1?showHash=true`)).body.T1.optimisticLockKey,
    );
    expect(sim.requestLog.filter((e) => e.method === 'GET').map((e) => e.query)).toContainEqual({
      showHash: 'true',
    });
  });

  it('deploy with the key of an unchanged tenant succeeds; the key is not stored', async () => {
    await client.deploy(adc({ T1: webTenant() }), ['T1']);
    const { lockKey } = await client.readTenantForWrite('T1');
    const result = await client.deploy(adc({ T1: webTenant('192.0.2.50') }), ['T1'], {
      optimisticLockKeys: { T1: lockKey },
    });
    expect(result.ok).toBe(true);
    expect(sim.storedDeclaration()?.T1).toEqual(webTenant('192.0.2.50'));
  });

  it('a tenant changed after the read fails with lockConflict and keeps what the other writer wrote', async () => {
    await client.deploy(adc({ T1: webTenant() }), ['T1']);
    const { lockKey } = await client.readTenantForWrite('T1');
    await client.deploy(adc({ T1: webTenant('192.0.2.60') }), ['T1']);
    const result = await client.deploy(adc({ T1: webTenant('192.0.2.61') }), ['T1'], {
      optimisticLockKeys: { T1: lockKey },
    });
    expect(result.ok).toBe(false);
    expect(result.failed).toEqual([
      expect.objectContaining({ tenant: 'T1', code: 422, outcome: 'failed', lockConflict: true }),
    ]);
    expect(sim.storedDeclaration()?.T1).toEqual(webTenant('192.0.2.60'));
  });

  it('a tenant created by someone else after it was read as absent fails the create', async () => {
    const { lockKey } = await client.readTenantForWrite('T1');
    await call(sim, 'POST', DECLARE, adc({ T1: webTenant('192.0.2.70') }));
    const result = await client.deploy(adc({ T1: webTenant() }), ['T1'], {
      optimisticLockKeys: { T1: lockKey },
    });
    expect(result.failed[0]?.lockConflict).toBe(true);
    expect(sim.storedDeclaration()?.T1).toEqual(webTenant('192.0.2.70'));
  });

  it('deleteTenants with keys removes an unchanged tenant and refuses a changed one', async () => {
    await client.deploy(adc({ T1: webTenant(), T2: webTenant('192.0.2.2') }), ['T1', 'T2']);
    const t1 = await client.readTenantForWrite('T1');
    const t2 = await client.readTenantForWrite('T2');
    await client.deploy(adc({ T2: webTenant('192.0.2.3') }), ['T2']);
    const removed = await client.deleteTenants(['T1'], { optimisticLockKeys: { T1: t1.lockKey } });
    expect(removed).toMatchObject({ ok: true, operation: 'delete' });
    expect(sim.storedDeclaration()?.T1).toBeUndefined();
    const refused = await client.deleteTenants(['T2'], { optimisticLockKeys: { T2: t2.lockKey } });
    expect(refused.failed[0]?.lockConflict).toBe(true);
    expect(sim.storedDeclaration()?.T2).toEqual(webTenant('192.0.2.3'));
  });

  it('every tenant of a conditional write needs its key', async () => {
    await expect(
      client.deploy(adc({ T1: webTenant(), T2: webTenant() }), ['T1', 'T2'], {
        optimisticLockKeys: { T1: 'k' },
      }),
    ).rejects.toThrow(BigipUsageError);
    expect(sim.requestLog.filter((e) => e.method === 'POST' && e.path.startsWith(DECLARE))).toEqual([]);
  });
});
