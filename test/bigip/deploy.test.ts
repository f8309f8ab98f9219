/**
 * Client against the simulator: deploy, no-change redeploy, get, delete, dry run, info, and the refusals
 * that protect tenants the caller did not name.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { As3ValidationError, BigipClient, BigipNotFoundError, BigipUsageError } from '../../lib/bigip';
import { startSimulator, type RunningSimulator } from '../../lib/simulator';
import { adc, fastClient, requestLines, webTenant } from './helpers';

describe('BigipClient deploy/get/delete', () => {
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

  it('info() reads the AS3 version', async () => {
    expect(await client.info()).toEqual({
      version: '3.56.0',
      release: '10',
      schemaCurrent: '3.56.0',
      schemaMinimum: '3.0.0',
    });
  });

  it('deploys tenants as an async task: login, POST /declare/<tenants>?async=true, poll, per-tenant results', async () => {
    const result = await client.deploy(adc({ T1: webTenant(), T2: webTenant('192.0.2.20') }), ['T1', 'T2']);
    expect(result).toMatchObject({
      ok: true,
      operation: 'deploy',
      tenants: ['T1', 'T2'],
      httpStatus: 200,
      submissions: 1,
      failed: [],
    });
    expect(result.taskId).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.results.map((r) => [r.tenant, r.message, r.outcome])).toEqual([
      ['T1', 'success', 'changed'],
      ['T2', 'success', 'changed'],
    ]);
    const lines = requestLines(sim);
    expect(lines.slice(0, 3)).toEqual([
      'POST /mgmt/shared/authn/login 200',
      'POST /mgmt/shared/appsvcs/declare/T1,T2 202',
      'GET /mgmt/shared/appsvcs/task/<id> 200',
    ]);
    expect(sim.requestLog[1]?.query).toEqual({ async: 'true' });
  });

  it('a redeploy of the same declaration reports no change', async () => {
    await client.deploy(adc({ T1: webTenant() }), ['T1']);
    const again = await client.deploy(adc({ T1: webTenant() }), ['T1']);
    expect(again.ok).toBe(true);
    expect(again.results).toEqual([
      expect.objectContaining({ tenant: 'T1', message: 'no change', outcome: 'unchanged' }),
    ]);
  });

  it('accepts a full AS3 request and touches only the named tenants', async () => {
    await client.deploy(adc({ T2: webTenant('192.0.2.20') }), ['T2']);
    const request = {
      class: 'AS3',
      action: 'deploy',
      persist: true,
      declaration: adc({ T1: webTenant(), T2: webTenant('192.0.2.99') }),
    };
    const result = await client.deploy(request, ['T1']);
    expect(result.results.map((r) => r.tenant)).toEqual(['T1']);
    expect(sim.storedDeclaration()?.T2).toEqual(webTenant('192.0.2.20'));
  });

  it('getDeclaration and getTenant read the stored declaration (undefined for 204 / absent tenant)', async () => {
    expect(await client.getDeclaration()).toBeUndefined();
    expect(await client.getTenant('T1')).toBeUndefined();
    await client.deploy(adc({ T1: webTenant() }), ['T1']);
    const declaration = await client.getDeclaration();
    expect(declaration).toMatchObject({ class: 'ADC', updateMode: 'selective', T1: webTenant() });
    expect(await client.getTenant('T1')).toEqual(webTenant());
    expect(await client.getTenant('T9')).toBeUndefined();
    await expect(client.getDeclaration(['T1', 'T9'])).rejects.toThrow(BigipNotFoundError);
  });

  it('deleteTenants removes only the named tenants; an empty list is refused without any request', async () => {
    await client.deploy(adc({ T1: webTenant(), T2: webTenant('192.0.2.20') }), ['T1', 'T2']);
    const result = await client.deleteTenants(['T1']);
    expect(result).toMatchObject({ ok: true, operation: 'delete' });
    expect(result.results).toEqual([expect.objectContaining({ tenant: 'T1', message: 'success' })]);
    expect(await client.getTenant('T1')).toBeUndefined();
    expect(await client.getTenant('T2')).toEqual(webTenant('192.0.2.20'));
    sim.clearRequestLog();
    await expect(client.deleteTenants([])).rejects.toThrow(BigipUsageError);
    await expect(client.deleteTenants([])).rejects.toThrow(/tenant list is empty/);
    expect(sim.requestLog).toEqual([]);
    expect(sim.storedDeclaration()?.T2).toBeDefined();
  });

  it('a dry run reports what would change and changes nothing', async () => {
    const result = await client.deploy(adc({ T1: webTenant() }), ['T1'], { dryRun: true });
    expect(result).toMatchObject({ ok: true, operation: 'dry-run' });
    expect(result.results[0]).toMatchObject({ tenant: 'T1', message: 'success', dryRun: true });
    expect(sim.storedDeclaration()).toBeUndefined();
    expect(sim.requestLog.find((e) => e.method === 'POST' && e.path.includes('/declare'))?.query).toEqual({
      async: 'true',
      'controls.dryRun': 'true',
    });
  });

  it('refuses tenants missing from the declaration, bad names, and updateMode complete', async () => {
    await expect(client.deploy(adc({ T1: webTenant() }), ['T2'])).rejects.toThrow(
      /tenant\(s\) T2 are not in the declaration/,
    );
    await expect(client.deploy(adc({ T1: webTenant() }), ['1bad'])).rejects.toThrow(/invalid tenant name/);
    await expect(client.deploy(adc({ T1: webTenant() }), [])).rejects.toThrow(BigipUsageError);
    await expect(client.deploy(adc({ T1: webTenant() }, { updateMode: 'complete' }), ['T1'])).rejects.toThrow(
      /updateMode 'complete' makes AS3 delete every tenant/,
    );
    expect(sim.requestLog.filter((e) => e.path.includes('/declare'))).toEqual([]);
  });

  it('a declaration AS3 rejects as a whole is an As3ValidationError carrying AS3’s message and errors', async () => {
    const bad = adc({
      T1: { class: 'Tenant', app: { class: 'Application', vs: { class: 'Service_HTTP', pool: 'missing' } } },
    });
    const error = await client.deploy(bad, ['T1']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(As3ValidationError);
    const validation = error as As3ValidationError;
    expect(validation.as3Message).toBe('declaration is invalid');
    expect(validation.errors).toEqual(['/T1/app/vs/pool: contains path to non-existent object missing']);
    expect(validation.status).toBe(422);
    expect(validation.message).toContain(`BIG-IP ${client.device}: deploy of tenant(s) T1 failed`);
  });

  it('refuses work after close()', async () => {
    const closed = fastClient(sim);
    await closed.close();
    await expect(closed.info()).rejects.toThrow(/the client was closed/);
  });

  it('rejects bad options with a usage error that names the problems', () => {
    expect(() => new BigipClient({ url: 'ftp://x', username: 'a', password: 'b' })).toThrow(
      /'url' must use https/,
    );
    expect(() => new BigipClient({ url: 'https://u:p@x', username: 'a', password: 'b' })).toThrow(
      /must not contain credentials/,
    );
    expect(
      () => new BigipClient({ url: 'https://x', username: 'a', password: 'b', retry: { maxAttempts: 0 } }),
    ).toThrow(/retry.maxAttempts/);
  });
});
