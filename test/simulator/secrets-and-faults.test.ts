/**
 * as3-facts §5.9 (secrets come back as f5sv cryptograms, new ciphertext per deployment, still "no change")
 * and the fault knobs that are not about the lock: connection resets, vanishing and cancelled tasks.
 */
import { errors, request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { PROTECTED_F5SV, PROTECTED_NONE, startSimulator, type RunningSimulator } from '../../lib/simulator';
import { adc, BASIC_ADMIN, call, DECLARE, taskResult } from './helpers';

function tenantWithSecret(secret: string) {
  return {
    class: 'Tenant',
    app: {
      class: 'Application',
      probe: {
        class: 'Monitor',
        monitorType: 'http',
        username: 'probe',
        passphrase: { ciphertext: Buffer.from(secret).toString('base64url'), protected: PROTECTED_NONE },
      },
    },
  };
}

describe('simulator secrets', () => {
  let sim: RunningSimulator;
  afterEach(async () => {
    await sim.close();
  });

  it('stores secrets as f5sv cryptograms with new ciphertext per deployment, yet re-posting them is no change', async () => {
    sim = await startSimulator();
    expect(Buffer.from(PROTECTED_NONE, 'base64url').toString()).toBe('{"alg":"dir","enc":"none"}');
    expect(Buffer.from(PROTECTED_F5SV, 'base64url').toString()).toBe('{"alg":"dir","enc":"f5sv"}');
    const posted = tenantWithSecret('s3cret-value');
    await call(sim, 'POST', DECLARE, adc({ T1: posted }));
    const first = (await call(sim, 'GET', DECLARE)).body.T1.app.probe.passphrase;
    expect(first.protected).toBe(PROTECTED_F5SV);
    expect(first.ciphertext).not.toBe(posted.app.probe.passphrase.ciphertext);
    expect(Buffer.from(first.ciphertext, 'base64url').toString()).not.toContain('s3cret-value');

    const again = await call(sim, 'POST', DECLARE, adc({ T1: tenantWithSecret('s3cret-value') }));
    expect(again.body.results[0].message).toBe('no change');
    const second = (await call(sim, 'GET', DECLARE)).body.T1.app.probe.passphrase;
    expect(second.ciphertext).not.toBe(first.ciphertext);

    const stored = (await call(sim, 'GET', DECLARE)).body;
    const roundTrip = await call(sim, 'POST', DECLARE, stored);
    expect(roundTrip.body.results[0].message).toBe('no change');

    const changed = await call(sim, 'POST', DECLARE, adc({ T1: tenantWithSecret('another-value') }));
    expect(changed.body.results[0].message).toBe('success');
  });
});

describe('simulator fault knobs', () => {
  let sim: RunningSimulator;
  afterEach(async () => {
    await sim.close();
  });

  it('resetConnections destroys the next N connections before answering and logs them with status 0', async () => {
    sim = await startSimulator({ faults: { resetConnections: 1 } });
    await expect(
      request(`${sim.url}/mgmt/shared/appsvcs/info`, { headers: { authorization: BASIC_ADMIN } }),
    ).rejects.toBeInstanceOf(errors.SocketError);
    expect(sim.requestLog).toEqual([
      { method: 'GET', path: '/mgmt/shared/appsvcs/info', query: {}, status: 0 },
    ]);
    expect((await call(sim, 'GET', '/mgmt/shared/appsvcs/info')).status).toBe(200);
  });

  it('vanishTaskIds: the task id is gone right after the 202, but the declaration is applied', async () => {
    sim = await startSimulator({ faults: { vanishTaskIds: 1 } });
    const submitted = await call(sim, 'POST', `${DECLARE}?async=true`, adc({ T1: tenantWithSecret('x') }));
    expect(submitted.status).toBe(202);
    const lost = await call(sim, 'GET', `/mgmt/shared/appsvcs/task/${submitted.body.id}`);
    expect(lost.status).toBe(404);
    await sim.whenUnlocked();
    expect(sim.storedDeclaration()?.T1).toBeDefined();
  });

  it('forgetTasks drops every record; cancelPendingTasks marks pending ones "task cancelled"', async () => {
    sim = await startSimulator();
    const done = await call(sim, 'POST', `${DECLARE}?async=true`, adc({ T1: tenantWithSecret('x') }));
    await taskResult(sim, done.body.id);
    const release = sim.faults.holdDeclarations();
    const pending = await call(sim, 'POST', `${DECLARE}?async=true`, adc({ T2: tenantWithSecret('y') }));
    await sim.whenLocked();
    sim.faults.cancelPendingTasks();
    const cancelled = await call(sim, 'GET', `/mgmt/shared/appsvcs/task/${pending.body.id}`);
    expect(cancelled.body.results[0]).toMatchObject({ message: 'task cancelled', code: 0 });
    sim.faults.forgetTasks();
    expect((await call(sim, 'GET', `/mgmt/shared/appsvcs/task/${done.body.id}`)).status).toBe(404);
    expect(sim.tasks()).toEqual([]);
    release();
  });
});
