/**
 * Per-tenant results are the truth: a 207 (synchronous) and a 200 whose results hold a failed tenant (the
 * async task answer) are both reported per tenant and never as success.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { As3TenantError, type BigipClient } from '../../lib/bigip';
import { buildDeployResult } from '../../lib/bigip/results';
import { startSimulator, type RunningSimulator } from '../../lib/simulator';
import { adc, fastClient, webTenant } from './helpers';

describe('BigipClient partial failures', () => {
  let sim: RunningSimulator;
  let client: BigipClient;
  beforeEach(async () => {
    sim = await startSimulator();
  });
  afterEach(async () => {
    await client.close();
    await sim.close();
  });

  it('HTTP 207 (synchronous): the failed tenant is reported with AS3’s response, ok is false', async () => {
    client = fastClient(sim, { useAsyncTasks: false });
    sim.faults.failTenants = ['T2'];
    const result = await client.deploy(adc({ T1: webTenant(), T2: webTenant('192.0.2.20') }), ['T1', 'T2']);
    expect(result.httpStatus).toBe(207);
    expect(result.taskId).toBeUndefined();
    expect(result.ok).toBe(false);
    expect(result.failed).toEqual([
      expect.objectContaining({
        tenant: 'T2',
        code: 422,
        message: 'declaration failed',
        outcome: 'failed',
        response: expect.stringContaining('T2'),
      }),
    ]);
    expect(result.results.find((r) => r.tenant === 'T1')).toMatchObject({ outcome: 'changed' });
    expect(sim.requestLog.some((e) => e.query.async !== undefined)).toBe(false);
  });

  it('HTTP 200 whose results hold a failed tenant (async task): still a failure, never success', async () => {
    client = fastClient(sim);
    await client.deploy(adc({ T1: webTenant(), T2: webTenant('192.0.2.20') }), ['T1', 'T2']);
    sim.faults.failTenants = ['T2'];
    const result = await client.deploy(adc({ T1: webTenant('192.0.2.11'), T2: webTenant('192.0.2.21') }), [
      'T1',
      'T2',
    ]);
    expect(result.httpStatus).toBe(200);
    expect(result.ok).toBe(false);
    expect(result.failed.map((r) => r.tenant)).toEqual(['T2']);
    // The failed tenant keeps its previous version on the device.
    expect(await client.getTenant('T2')).toEqual(webTenant('192.0.2.20'));
    expect(await client.getTenant('T1')).toEqual(webTenant('192.0.2.11'));
  });

  it('every tenant failed (422 inside the task) is a result with ok false, not a validation error', async () => {
    client = fastClient(sim);
    sim.faults.failTenants = ['T1'];
    const result = await client.deploy(adc({ T1: webTenant() }), ['T1']);
    expect(result.ok).toBe(false);
    expect(result.failed).toHaveLength(1);
  });

  it('throwOnTenantFailure raises As3TenantError listing the failed tenants with AS3’s response', async () => {
    client = fastClient(sim);
    sim.faults.failTenants = ['T2'];
    const error = await client
      .deploy(adc({ T1: webTenant(), T2: webTenant('192.0.2.20') }), ['T1', 'T2'], {
        throwOnTenantFailure: true,
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(As3TenantError);
    const tenantError = error as As3TenantError;
    expect(tenantError.failed.map((r) => r.tenant)).toEqual(['T2']);
    expect(tenantError.result.results.map((r) => r.outcome)).toEqual(['changed', 'failed']);
    expect(tenantError.message).toMatch(
      /deploy of tenant\(s\) T1, T2 failed: 1 of 2 tenant\(s\) failed .*T2: declaration failed \(01070734:3:/,
    );
  });
});

describe('per-tenant result building', () => {
  const context = {
    device: 'bigip1',
    operation: 'deploy' as const,
    tenants: ['T1', 'T2'],
    httpStatus: 200,
    submissions: 1,
  };

  it('a requested tenant AS3 did not report on counts as failed', () => {
    const result = buildDeployResult(context, [{ code: 200, message: 'success', tenant: 'T1' }], undefined);
    expect(result.ok).toBe(false);
    expect(result.failed).toEqual([
      { tenant: 'T2', code: 0, message: 'AS3 reported no result for this tenant', outcome: 'failed' },
    ]);
  });

  it('only code 200 with success / no change is a success', () => {
    const result = buildDeployResult(
      context,
      [
        { code: 200, message: 'no change', tenant: 'T1' },
        { code: 200, message: 'declaration failed', tenant: 'T2' },
      ],
      undefined,
    );
    expect(result.results.map((r) => r.outcome)).toEqual(['unchanged', 'failed']);
    expect(result.ok).toBe(false);
  });
});
