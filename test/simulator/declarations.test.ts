/**
 * as3-facts §5.2–5.5 and §5.10: wrapper handling, `id` autogen, `updateMode`, per-tenant results with
 * 200/207/422, a failed tenant keeping its previous version, `no change`, GET 204/404/Common, DELETE per
 * tenant, PATCH, history, per-app deploys, drift. Raw HTTP, independent of the client.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../lib/simulator';
import { adc, call, DECLARE, messages, webTenant } from './helpers';

const ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

describe('simulator declarations', () => {
  let sim: RunningSimulator;
  beforeEach(async () => {
    sim = await startSimulator();
  });
  afterEach(async () => {
    await sim.close();
  });

  describe('wrapper, id and updateMode', () => {
    it('wraps a bare ADC, generates autogen_<uuid> ids and stores updateMode and archiveTimestamp', async () => {
      const answer = await call(sim, 'POST', DECLARE, adc({ T1: webTenant() }));
      expect(answer.status).toBe(200);
      expect(answer.body.code).toBeUndefined(); // 2xx bodies carry no top-level code
      expect(answer.body.results).toEqual([
        expect.objectContaining({ code: 200, message: 'success', tenant: 'T1', host: 'localhost' }),
      ]);
      const stored = (await call(sim, 'GET', DECLARE)).body;
      expect(stored.id).toMatch(
        /^autogen_[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
      expect(stored.updateMode).toBe('selective');
      expect(stored.controls.archiveTimestamp).toMatch(ISO_TIME);
      expect(stored.T1).toEqual(webTenant());
    });

    it.each(['', 'generate'])('id %j is replaced by an autogen id; a real id is kept', async (id) => {
      await call(sim, 'POST', DECLARE, adc({ T1: webTenant() }, { id }));
      expect((await call(sim, 'GET', DECLARE)).body.id).toMatch(/^autogen_/);
      await call(sim, 'POST', DECLARE, adc({ T1: webTenant() }, { id: 'my-declaration-1' }));
      expect((await call(sim, 'GET', DECLARE)).body.id).toBe('my-declaration-1');
    });

    it('accepts an AS3 request wrapper and enforces the action rules', async () => {
      const ok = await call(sim, 'POST', DECLARE, {
        class: 'AS3',
        action: 'deploy',
        persist: true,
        declaration: adc({ T1: webTenant() }),
      });
      expect(ok.status).toBe(200);
      const noDeclaration = await call(sim, 'POST', DECLARE, { class: 'AS3', action: 'deploy' });
      expect(noDeclaration.body).toEqual({
        code: 400,
        message: 'for action "deploy", a declaration is required.',
      });
      const retrieveWithDeclaration = await call(sim, 'POST', DECLARE, {
        class: 'AS3',
        action: 'retrieve',
        declaration: adc({}),
      });
      expect(retrieveWithDeclaration.body).toEqual({
        code: 400,
        message: 'for action "retrieve", a declaration is not allowed.',
      });
      const badAction = await call(sim, 'POST', DECLARE, { class: 'AS3', action: 'explode' });
      expect(badAction.status).toBe(422);
      expect(badAction.body.message).toMatch(
        /^Invalid request: \/action: should be equal to one of the allowed values/,
      );
    });

    it('action dry-run validates and diffs without storing', async () => {
      const answer = await call(sim, 'POST', DECLARE, {
        class: 'AS3',
        action: 'dry-run',
        declaration: adc({ T1: webTenant() }),
      });
      expect(answer.status).toBe(200);
      expect(answer.body.dryRun).toBe(true);
      expect(answer.body.results[0]).toMatchObject({ tenant: 'T1', message: 'success', dryRun: true });
      expect((await call(sim, 'GET', DECLARE)).status).toBe(204);
    });

    it('updateMode complete deletes every stored tenant not in the declaration', async () => {
      await call(sim, 'POST', DECLARE, adc({ T1: webTenant(), T2: webTenant('192.0.2.20') }));
      const answer = await call(sim, 'POST', DECLARE, adc({ T1: webTenant() }, { updateMode: 'complete' }));
      expect(messages(answer)).toEqual(['T1:no change', 'T2:success']);
      expect(Object.keys((await call(sim, 'GET', DECLARE)).body)).not.toContain('T2');
    });
  });

  describe('per-tenant results', () => {
    it('an unchanged tenant reports no change', async () => {
      await call(sim, 'POST', DECLARE, adc({ T1: webTenant() }));
      const again = await call(sim, 'POST', DECLARE, adc({ T1: webTenant() }));
      expect(again.status).toBe(200);
      expect(again.body.results[0]).toMatchObject({ code: 200, message: 'no change', tenant: 'T1' });
    });

    it('one failed tenant of two gives 207, the failed tenant keeps its previous version', async () => {
      await call(sim, 'POST', DECLARE, adc({ T1: webTenant('192.0.2.10'), T2: webTenant('192.0.2.20') }));
      sim.faults.failTenants = ['T2'];
      const answer = await call(
        sim,
        'POST',
        DECLARE,
        adc({ T1: webTenant('192.0.2.11'), T2: webTenant('192.0.2.21') }),
      );
      expect(answer.status).toBe(207);
      expect(answer.body.code).toBe(207);
      expect(answer.body.results).toEqual([
        expect.objectContaining({ tenant: 'T1', code: 200, message: 'success' }),
        expect.objectContaining({
          tenant: 'T2',
          code: 422,
          message: 'declaration failed',
          response: expect.stringContaining('T2'),
        }),
      ]);
      const stored = (await call(sim, 'GET', DECLARE)).body;
      expect(stored.T1.app.web_vs.virtualAddresses).toEqual(['192.0.2.11']);
      expect(stored.T2.app.web_vs.virtualAddresses).toEqual(['192.0.2.20']);
    });

    it('all tenants failed gives 422', async () => {
      sim.faults.failTenants = ['T1'];
      const answer = await call(sim, 'POST', DECLARE, adc({ T1: webTenant() }));
      expect(answer.status).toBe(422);
      expect(answer.body.results[0]).toMatchObject({
        tenant: 'T1',
        code: 422,
        message: 'declaration failed',
      });
      expect((await call(sim, 'GET', DECLARE)).status).toBe(204);
    });

    it('POST /declare/T1 processes only T1; a URI tenant absent from the body is no change', async () => {
      const answer = await call(
        sim,
        'POST',
        `${DECLARE}/T1`,
        adc({ T1: webTenant(), T2: webTenant('192.0.2.20') }),
      );
      expect(messages(answer)).toEqual(['T1:success']);
      expect(Object.keys(answer.body.declaration)).not.toContain('T2');
      const absent = await call(sim, 'POST', `${DECLARE}/T3`, adc({ T1: webTenant() }));
      expect(absent.status).toBe(200);
      expect(absent.body.results).toEqual([{ code: 200, message: 'no change', host: 'localhost' }]);
      expect(Object.keys((await call(sim, 'GET', DECLARE)).body)).not.toContain('T2');
    });

    it('Common is processed first and last, so it is reported twice', async () => {
      const common = {
        class: 'Tenant',
        Shared: { class: 'Application', template: 'shared', p: { class: 'Pool' } },
      };
      const answer = await call(sim, 'POST', DECLARE, adc({ Common: common, T1: webTenant() }));
      expect(messages(answer)).toEqual(['Common:success', 'T1:success', 'Common:no change']);
    });

    it('a tenant without applications is deleted', async () => {
      await call(sim, 'POST', DECLARE, adc({ T1: webTenant(), T2: webTenant('192.0.2.20') }));
      const answer = await call(sim, 'POST', DECLARE, adc({ T2: { class: 'Tenant' } }));
      expect(messages(answer)).toEqual(['T2:success']);
      expect(Object.keys((await call(sim, 'GET', DECLARE)).body)).toEqual(expect.not.arrayContaining(['T2']));
    });
  });

  describe('GET', () => {
    it('204 when nothing is stored; 404 for a tenant when nothing was ever stored', async () => {
      const none = await call(sim, 'GET', DECLARE);
      expect(none.status).toBe(204);
      expect(none.text).toBe('');
      const tenant = await call(sim, 'GET', `${DECLARE}/T1`);
      expect(tenant.status).toBe(404);
      expect(tenant.body).toEqual({ code: 404, message: 'declaration in specified path not found' });
    });

    it('filters to the named tenants, always keeps Common, 404 for an absent tenant', async () => {
      const common = {
        class: 'Tenant',
        Shared: { class: 'Application', template: 'shared', p: { class: 'Pool' } },
      };
      await call(sim, 'POST', DECLARE, adc({ Common: common, T1: webTenant(), T2: webTenant('192.0.2.20') }));
      const one = await call(sim, 'GET', `${DECLARE}/T1`);
      expect(one.status).toBe(200);
      expect(Object.keys(one.body).sort()).toEqual([
        'Common',
        'T1',
        'class',
        'controls',
        'id',
        'schemaVersion',
        'updateMode',
      ]);
      const missing = await call(sim, 'GET', `${DECLARE}/T1,T9`);
      expect(missing.status).toBe(404);
      expect(missing.body).toEqual({
        code: 404,
        message: "specified Tenant(s) 'T9' not found in declaration",
      });
    });

    it('204 again once every tenant is deleted', async () => {
      await call(sim, 'POST', DECLARE, adc({ T1: webTenant() }));
      await call(sim, 'DELETE', `${DECLARE}/T1`);
      expect((await call(sim, 'GET', DECLARE)).status).toBe(204);
      expect((await call(sim, 'GET', `${DECLARE}/T1`)).status).toBe(204);
    });

    it('showHash adds an optimisticLockKey that a stale POST fails against', async () => {
      await call(sim, 'POST', DECLARE, adc({ T1: webTenant() }));
      const read = await call(sim, 'GET', `${DECLARE}?showHash=true`);
      const key: string = read.body.T1.optimisticLockKey;
      expect(key).toMatch(/^[A-Za-z0-9+/]{43}=$/);
      await call(sim, 'POST', DECLARE, adc({ T1: webTenant('192.0.2.99') }));
      const stale = await call(sim, 'POST', DECLARE, adc({ T1: { ...webTenant(), optimisticLockKey: key } }));
      expect(stale.status).toBe(422);
      expect(stale.body.results[0].message).toMatch(
        /^The hash you submitted does not match the hash on the current Tenant/,
      );
    });

    it('keeps a history: ?age=list and ?age=1', async () => {
      await call(sim, 'POST', DECLARE, adc({ T1: webTenant('192.0.2.1') }, { id: 'first' }));
      await call(sim, 'POST', DECLARE, adc({ T1: webTenant('192.0.2.2') }, { id: 'second' }));
      const list = await call(sim, 'GET', `${DECLARE}?age=list`);
      expect(list.body.map((e: { id: string; age: number }) => [e.id, e.age])).toEqual([
        ['second', 0],
        ['first', 1],
      ]);
      const old = await call(sim, 'GET', `${DECLARE}?age=1`);
      expect(old.body.T1.app.web_vs.virtualAddresses).toEqual(['192.0.2.1']);
    });
  });

  describe('DELETE', () => {
    it('DELETE /declare/T removes only T and reports it', async () => {
      await call(sim, 'POST', DECLARE, adc({ T1: webTenant(), T2: webTenant('192.0.2.20') }));
      const answer = await call(sim, 'DELETE', `${DECLARE}/T1`);
      expect(answer.status).toBe(200);
      expect(messages(answer)).toEqual(['T1:success']);
      const stored = (await call(sim, 'GET', DECLARE)).body;
      expect(stored.T1).toBeUndefined();
      expect(stored.T2).toEqual(webTenant('192.0.2.20'));
    });

    it('deleting an absent tenant is no change with 200', async () => {
      const answer = await call(sim, 'DELETE', `${DECLARE}/Nope`);
      expect(answer.status).toBe(200);
      expect(answer.body.results[0]).toMatchObject({ tenant: 'Nope', code: 200, message: 'no change' });
    });

    it('a bare DELETE /declare removes every tenant', async () => {
      await call(sim, 'POST', DECLARE, adc({ T1: webTenant(), T2: webTenant('192.0.2.20') }));
      const answer = await call(sim, 'DELETE', DECLARE);
      expect(messages(answer)).toEqual(['T1:success', 'T2:success']);
      expect((await call(sim, 'GET', DECLARE)).status).toBe(204);
    });
  });

  describe('PATCH and per-app', () => {
    it('PATCH applies RFC 6902 to the stored declaration and deploys it; test ops are refused', async () => {
      await call(sim, 'POST', DECLARE, adc({ T1: webTenant() }));
      const answer = await call(sim, 'PATCH', DECLARE, [
        { op: 'replace', path: '/T1/app/web_vs/virtualAddresses', value: ['192.0.2.77'] },
      ]);
      expect(answer.status).toBe(200);
      expect(messages(answer)).toEqual(['T1:success']);
      expect((await call(sim, 'GET', DECLARE)).body.T1.app.web_vs.virtualAddresses).toEqual(['192.0.2.77']);
      const test = await call(sim, 'PATCH', DECLARE, [{ op: 'test', path: '/T1', value: {} }]);
      expect(test.body).toEqual({ code: 422, message: "invalid patch - op 'test' is not supported" });
      const complete = await call(sim, 'PATCH', DECLARE, [
        { op: 'replace', path: '/updateMode', value: 'complete' },
      ]);
      expect(complete.body).toEqual({
        code: 422,
        message: "invalid patch - updateMode value can only be 'selective'",
      });
    });

    it('a per-app POST changes its applications and leaves the tenant’s others alone; DELETE of the last app deletes the tenant', async () => {
      const other = { class: 'Application', keep_pool: { class: 'Pool' } };
      await call(sim, 'POST', DECLARE, adc({ T1: { ...webTenant(), other } }));
      const app = { ...(webTenant('192.0.2.50').app as object) };
      const answer = await call(sim, 'POST', `${DECLARE}/T1/applications`, { schemaVersion: '3.50.0', app });
      expect(answer.status).toBe(200);
      expect(Object.keys(answer.body.declaration)).toEqual(['schemaVersion', 'id', 'app']);
      const stored = (await call(sim, 'GET', DECLARE)).body.T1;
      expect(stored.other).toEqual(other);
      expect(stored.app.web_vs.virtualAddresses).toEqual(['192.0.2.50']);
      const view = await call(sim, 'GET', `${DECLARE}/T1/applications/other`);
      expect(view.body).toEqual({ schemaVersion: '3.50.0', other });
      await call(sim, 'DELETE', `${DECLARE}/T1/applications/other`);
      await call(sim, 'DELETE', `${DECLARE}/T1/applications/app`);
      expect((await call(sim, 'GET', DECLARE)).status).toBe(204);
    });

    it('a per-app POST without an application is refused', async () => {
      const answer = await call(sim, 'POST', `${DECLARE}/T1/applications`, { schemaVersion: '3.50.0' });
      expect(answer.status).toBe(422);
      expect(answer.body.message).toBe(
        'Invalid data property: Per-app declaration must contain at least one application',
      );
    });
  });

  describe('drift (out-of-band change on the device)', () => {
    it('dry-run and the next POST report success, GET is unchanged, then no change again', async () => {
      await call(sim, 'POST', DECLARE, adc({ T1: webTenant() }));
      const before = (await call(sim, 'GET', `${DECLARE}/T1`)).body.T1;
      sim.faults.driftTenant('T1');
      const dryRun = await call(sim, 'POST', `${DECLARE}/T1?controls.dryRun=true`, adc({ T1: webTenant() }));
      expect(dryRun.body.results[0]).toMatchObject({ message: 'success', dryRun: true });
      expect((await call(sim, 'GET', `${DECLARE}/T1`)).body.T1).toEqual(before);
      const repair = await call(sim, 'POST', `${DECLARE}/T1`, adc({ T1: webTenant() }));
      expect(repair.body.results[0]).toMatchObject({ message: 'success' });
      const settled = await call(sim, 'POST', `${DECLARE}/T1?controls.dryRun=true`, adc({ T1: webTenant() }));
      expect(settled.body.results[0]).toMatchObject({ message: 'no change' });
    });
  });
});
