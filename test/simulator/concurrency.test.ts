/**
 * as3-facts §5.6: one global lock with AS3's exact 503 message, async tasks (202 + task id, `GET /task/<id>`
 * 200 with code 0 while in progress), 25 task records, the burst queue, the 45 s sync-to-async swap, and the
 * busy knobs. Waits are driven by `holdDeclarations()` and `whenLocked()`, never by sleeping.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  LOCK_BUSY_MESSAGE,
  MAX_TASK_RECORDS,
  startSimulator,
  type RunningSimulator,
} from '../../lib/simulator';
import { adc, call, DECLARE, taskResult, webTenant } from './helpers';

const BUSY = 'Error: Configuration operation in progress on device localhost, please try again in 2 minutes';

describe('simulator lock and async tasks', () => {
  let sim: RunningSimulator;
  afterEach(async () => {
    await sim.close();
  });

  it('a write while another holds the lock gets 503 with AS3’s exact message; reads still work', async () => {
    sim = await startSimulator();
    expect(LOCK_BUSY_MESSAGE).toBe(BUSY);
    const release = sim.faults.holdDeclarations();
    const first = call(sim, 'POST', `${DECLARE}/T1`, adc({ T1: webTenant() }));
    await sim.whenLocked();
    const second = await call(sim, 'POST', `${DECLARE}/T2`, adc({ T2: webTenant('192.0.2.20') }));
    expect(second.status).toBe(503);
    expect(second.body).toEqual({ code: 503, message: BUSY, declarationFullId: '' });
    const deleted = await call(sim, 'DELETE', `${DECLARE}/T3`);
    expect(deleted.status).toBe(503);
    expect((await call(sim, 'GET', DECLARE)).status).toBe(204);
    release();
    expect((await first).status).toBe(200);
    expect(sim.isLocked()).toBe(false);
  });

  it('async: 202 with a task id, the task is "in progress" (HTTP 200, code 0) until done, then holds the results', async () => {
    sim = await startSimulator();
    const release = sim.faults.holdDeclarations();
    const submitted = await call(
      sim,
      'POST',
      `${DECLARE}/T1?async=true`,
      adc({ T1: webTenant() }, { id: 'decl-7' }),
    );
    expect(submitted.status).toBe(202);
    expect(submitted.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      results: [
        {
          message: 'Declaration successfully submitted',
          tenant: '',
          host: '',
          runTime: 0,
          code: 0,
          declarationId: 'decl-7',
        },
      ],
      declaration: {},
      selfLink: `https://localhost/mgmt/shared/appsvcs/task/${submitted.body.id}`,
    });
    await sim.whenLocked();
    const running = await call(sim, 'GET', `/mgmt/shared/appsvcs/task/${submitted.body.id}`);
    expect(running.status).toBe(200);
    expect(running.body.results).toEqual([
      { message: 'in progress', tenant: '', host: '', runTime: 0, code: 0, declarationId: 'decl-7' },
    ]);
    release();
    const done = await taskResult(sim, submitted.body.id);
    expect(done.body.results).toEqual([
      expect.objectContaining({ tenant: 'T1', code: 200, message: 'success' }),
    ]);
    expect(done.body.declaration.T1).toEqual(webTenant());
  });

  it('async while locked: 202 first, then the task ends with code 503', async () => {
    sim = await startSimulator();
    const release = sim.faults.holdDeclarations();
    const first = call(sim, 'POST', `${DECLARE}/T1`, adc({ T1: webTenant() }));
    await sim.whenLocked();
    const second = await call(sim, 'POST', `${DECLARE}/T2?async=true`, adc({ T2: webTenant() }));
    expect(second.status).toBe(202);
    const result = await taskResult(sim, second.body.id);
    expect(result.body.results).toEqual([{ code: 503, message: BUSY, declarationFullId: '' }]);
    release();
    await first;
  });

  it('keeps 25 finished task records', async () => {
    sim = await startSimulator();
    const ids: string[] = [];
    for (let i = 0; i < MAX_TASK_RECORDS + 3; i += 1) {
      const answer = await call(
        sim,
        'POST',
        `${DECLARE}/T1?async=true`,
        adc({ T1: webTenant(`192.0.2.${i + 1}`) }),
      );
      ids.push(answer.body.id);
      await taskResult(sim, answer.body.id);
    }
    // Pruning happens when the next write arrives, as in AS3.
    await call(sim, 'DELETE', `${DECLARE}/T1`);
    const list = await call(sim, 'GET', '/mgmt/shared/appsvcs/task');
    expect(list.body.items).toHaveLength(MAX_TASK_RECORDS + 1);
    expect((await call(sim, 'GET', `/mgmt/shared/appsvcs/task/${ids[0]}`)).status).toBe(404);
    expect((await call(sim, 'GET', `/mgmt/shared/appsvcs/task/${ids[ids.length - 1]}`)).status).toBe(200);
  });

  it('busyResponses: the next N writes find the lock taken (sync 503, async task 503), then writes succeed', async () => {
    sim = await startSimulator({ faults: { busyResponses: 2 } });
    const sync = await call(sim, 'POST', DECLARE, adc({ T1: webTenant() }));
    expect(sync.status).toBe(503);
    const asynchronous = await call(sim, 'POST', `${DECLARE}?async=true`, adc({ T1: webTenant() }));
    expect((await taskResult(sim, asynchronous.body.id)).body.results[0].code).toBe(503);
    expect((await call(sim, 'POST', DECLARE, adc({ T1: webTenant() }))).status).toBe(200);
    expect(sim.faults.busyResponses).toBe(0);
  });

  it('restBusyResponses: iControl REST’s own 503 even for async writes', async () => {
    sim = await startSimulator({ faults: { restBusyResponses: 1 } });
    const answer = await call(sim, 'POST', `${DECLARE}?async=true`, adc({ T1: webTenant() }));
    expect(answer.status).toBe(503);
    expect(answer.body.message).toBe('There is an active asynchronous task executing.');
    expect((await call(sim, 'POST', `${DECLARE}?async=true`, adc({ T1: webTenant() }))).status).toBe(202);
  });

  it('with burst handling enabled, writes queue behind the lock instead of failing', async () => {
    sim = await startSimulator();
    await call(sim, 'POST', '/mgmt/shared/appsvcs/settings', { burstHandlingEnabled: true });
    const release = sim.faults.holdDeclarations();
    const first = call(sim, 'POST', `${DECLARE}/T1`, adc({ T1: webTenant() }));
    await sim.whenLocked();
    const queued = call(sim, 'POST', `${DECLARE}/T2`, adc({ T2: webTenant('192.0.2.20') }));
    release();
    expect((await first).status).toBe(200);
    expect((await queued).status).toBe(200);
  });

  it('a synchronous write still running after autoAsyncAfterMs is answered 202 with its task', async () => {
    sim = await startSimulator({ autoAsyncAfterMs: 20 });
    const release = sim.faults.holdDeclarations();
    const answer = await call(sim, 'POST', DECLARE, adc({ T1: webTenant() }));
    expect(answer.status).toBe(202);
    release();
    expect((await taskResult(sim, answer.body.id)).body.results[0]).toMatchObject({
      tenant: 'T1',
      message: 'success',
    });
  });
});
