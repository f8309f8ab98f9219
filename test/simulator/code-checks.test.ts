/**
 * as3-facts §5.7 without a schema file: the structural checks (names, classes; first error only, ajv-6
 * wording) and the checks AS3 makes in code — pointers (existence, scope, class), duplicate values,
 * duplicate node names, 195/255-character paths, Service_Address autoDelete.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../lib/simulator';
import { adc, call, DECLARE, webTenant } from './helpers';

type Json = Record<string, unknown>;

function tenantWith(items: Json, appName = 'app'): Json {
  return { class: 'Tenant', [appName]: { class: 'Application', ...items } };
}

describe('simulator validation without a schema file', () => {
  let sim: RunningSimulator;
  beforeEach(async () => {
    sim = await startSimulator();
  });
  afterEach(async () => {
    await sim.close();
  });

  async function invalid(declaration: Json) {
    const answer = await call(sim, 'POST', DECLARE, declaration);
    expect(answer.status).toBe(422);
    expect(answer.body.message).toBe('declaration is invalid');
    expect(answer.body.errors).toHaveLength(1);
    return answer.body.errors[0] as string;
  }

  it('reports the first structural error in AS3 wording', async () => {
    expect(await invalid({ class: 'ADC', T1: webTenant() })).toBe(
      "/: should have required property 'schemaVersion'",
    );
    expect(await invalid(adc({ '1T': webTenant() }))).toBe(
      '/: propertyName "1T" should match pattern "^[A-Za-z][0-9A-Za-z_.-]*$"',
    );
    expect(await invalid(adc({ T1: { class: 'Tenant', app: { class: 'Aplication' } } }))).toBe(
      '/T1/app/class: should be equal to constant "Application"',
    );
    expect(await invalid(adc({ T1: tenantWith({ 'bad-': { class: 'Pool' } }) }))).toMatch(
      /^\/T1\/app: propertyName "bad-"/,
    );
  });

  it('a validation failure leaves the stored declaration untouched and reports the tenant', async () => {
    await call(sim, 'POST', DECLARE, adc({ T1: webTenant() }));
    const answer = await call(
      sim,
      'POST',
      DECLARE,
      adc({ T1: tenantWith({ vs: { class: 'Service_HTTP', pool: 'missing_pool' } }) }),
    );
    expect(answer.status).toBe(422);
    expect(answer.body).toMatchObject({
      code: 422,
      message: 'declaration is invalid',
      errors: ['/T1/app/vs/pool: contains path to non-existent object missing_pool'],
      host: 'localhost',
      tenant: ['T1'],
      declarationFullId: '',
    });
    expect((await call(sim, 'GET', DECLARE)).body.T1).toEqual(webTenant());
  });

  it('pointers must stay in their application, their tenant’s Shared or /Common/Shared', async () => {
    const pool = { class: 'Pool' };
    expect(
      await invalid(
        adc({
          T1: {
            class: 'Tenant',
            a1: { class: 'Application', p1: pool },
            a2: { class: 'Application', vs: { class: 'Service_HTTP', pool: '/T1/a1/p1' } },
          },
        }),
      ),
    ).toBe(
      '/T1/a2/vs/pool: must contain path pointing into same Application (or /same-Tenant/Shared or /Common/Shared)',
    );
    const shared = await call(
      sim,
      'POST',
      DECLARE,
      adc({
        T1: {
          class: 'Tenant',
          Shared: { class: 'Application', template: 'shared', p1: pool },
          a2: { class: 'Application', vs: { class: 'Service_HTTP', pool: { use: '/T1/Shared/p1' } } },
        },
      }),
    );
    expect(shared.status).toBe(200);
  });

  it('a pointer into a stored /Common/Shared resolves without declaring Common', async () => {
    const common = {
      class: 'Tenant',
      Shared: { class: 'Application', template: 'shared', cpool: { class: 'Pool' } },
    };
    expect((await call(sim, 'POST', DECLARE, adc({ Common: common }))).status).toBe(200);
    const answer = await call(
      sim,
      'POST',
      `${DECLARE}/T1`,
      adc({ T1: tenantWith({ vs: { class: 'Service_HTTP', pool: '/Common/Shared/cpool' } }) }),
    );
    expect(answer.status).toBe(200);
    const wrongClass = await call(
      sim,
      'POST',
      DECLARE,
      adc({
        T2: tenantWith({
          mon1: { class: 'Monitor', monitorType: 'http' },
          vs: { class: 'Service_HTTP', pool: 'mon1' },
        }),
      }),
    );
    expect(wrongClass.body.errors).toEqual([
      '/T2/app/vs/pool: AS3 pointer mon1 does not point to required object type',
    ]);
  });

  it('duplicate values in unique arrays and duplicate node names are refused', async () => {
    const dupMonitors = await call(
      sim,
      'POST',
      DECLARE,
      adc({ T1: tenantWith({ p: { class: 'Pool', monitors: ['http', 'http'] } }) }),
    );
    expect(dupMonitors.status).toBe(422);
    expect(dupMonitors.body).toMatchObject({
      code: 422,
      message: 'declaration has duplicate values in monitors',
    });
    const members = [
      { servicePort: 80, servers: [{ name: 'node1', address: '192.0.2.1' }] },
      { servicePort: 81, servers: [{ name: 'node1', address: '192.0.2.2' }] },
    ];
    const dupNodes = await call(
      sim,
      'POST',
      DECLARE,
      adc({ T1: tenantWith({ p: { class: 'Pool', members } }) }),
    );
    expect(dupNodes.body.message).toBe(
      "The node name must be unique throughout the declaration. Duplicate node name 'node1' found.",
    );
  });

  it('full paths over 195 characters are 422, over 255 are 400', async () => {
    const long = (n: number) => `a${'b'.repeat(n - 1)}`;
    const over195 = await call(
      sim,
      'POST',
      DECLARE,
      adc({ [long(100)]: tenantWith({ [long(10)]: { class: 'Pool' } }, long(90)) }),
    );
    expect(over195.status).toBe(422);
    expect(over195.body.message).toMatch(
      /^Path \/a[b]{99}\/a[b]{89}\/a[b]{9} is longer than 195 characters$/,
    );
    const over255 = await call(
      sim,
      'POST',
      DECLARE,
      adc({ [long(100)]: tenantWith({ [long(100)]: { class: 'Pool' } }, long(100)) }),
    );
    expect(over255.status).toBe(400);
    expect(over255.body.message).toMatch(/exceeds the 255 full path character limit$/);
  });

  it('autoDelete false on a Service_Address is only allowed in Common', async () => {
    const answer = await call(
      sim,
      'POST',
      DECLARE,
      adc({
        T1: tenantWith({ va: { class: 'Service_Address', virtualAddress: '192.0.2.1', autoDelete: false } }),
      }),
    );
    expect(answer.body.message).toBe(
      'Disabling auto-delete for service addresses in non-common tenants is not supported.',
    );
  });
});
