import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as logic from '../../lib/pulumi/tenant-logic';
import { startSimulator, type RunningSimulator } from '../../lib/simulator';
import {
  configOf,
  declarationWrites,
  FAST_CLIENT,
  PASSWORD,
  providerConfig,
  tenantInputs,
  USERNAME,
} from './helpers';

/**
 * Tier 5: concurrent creates and updates of tenants on one device, as Pulumi's provider host runs them,
 * share POSTs (`/declare/T1,T2,…`); each resource still gets its own tenant's outcome.
 */

type Json = Record<string, unknown>;
type Inputs = Parameters<typeof logic.create>[0] & Json;

let sim: RunningSimulator;

function inputs(tenant: string, vip: string): Inputs {
  return tenantInputs(sim, 'coalesce', tenant, { vip }) as unknown as Inputs;
}

const TENANTS = Array.from({ length: 10 }, (_, i) => `co_${i}`);

/** The tenants each declaration POST carried, from the simulator's request log. */
function postedTenantLists(): string[][] {
  return declarationWrites(sim)
    .filter((line) => line.startsWith('POST'))
    .map((line) => (line.split('/declare/')[1] ?? '').split(','));
}

beforeAll(async () => {
  sim = await startSimulator({ username: USERNAME, password: PASSWORD });
  logic.configure(configOf(providerConfig(sim)), FAST_CLIENT);
  await Promise.all(TENANTS.map((t, i) => logic.create(inputs(t, `192.0.2.${10 + i}`))));
});

afterEach(() => {
  sim.faults.failTenants = [];
  sim.faults.declarationLatencyMs = 0;
});

afterAll(async () => {
  await logic.closeClients();
  await sim?.close();
});

describe('coalesced tenant writes', () => {
  it('10 concurrent tenant updates on one device cost at most two POSTs, each tenant updated', async () => {
    sim.faults.declarationLatencyMs = 50;
    sim.clearRequestLog();
    const outcomes = await Promise.all(
      TENANTS.map((t, i) =>
        logic.update(
          `bigip-test/${t}`,
          {},
          inputs(t, `192.0.2.${100 + i}`) as Parameters<typeof logic.update>[2],
        ),
      ),
    );
    const posts = postedTenantLists();
    expect(posts.length).toBeGreaterThanOrEqual(1);
    expect(posts.length).toBeLessThanOrEqual(2);
    expect(posts.flat().sort()).toEqual([...TENANTS].sort());
    // The ownership reads are shared too: GET /declare/T1,T2,…?showHash=true.
    const reads = sim.requestLog.filter((e) => e.method === 'GET' && e.path.includes('/declare/'));
    expect(reads.length).toBeLessThanOrEqual(2);
    expect(reads.every((e) => e.query.showHash === 'true')).toBe(true);
    expect(outcomes.map((o) => o.outs.result)).toEqual(TENANTS.map(() => 'success'));
    TENANTS.forEach((t, i) => {
      const stored = sim.storedDeclaration()?.[t] as Json;
      const service = (stored.web as Json).serviceMain as Json;
      expect(service.virtualAddresses).toEqual([`192.0.2.${100 + i}`]);
    });
  });

  it('a tenant AS3 fails fails only its own resource; the others in the same POST succeed', async () => {
    sim.faults.failTenants = ['co_3'];
    sim.clearRequestLog();
    const settled = await Promise.allSettled(
      TENANTS.map((t, i) =>
        logic.update(
          `bigip-test/${t}`,
          {},
          inputs(t, `192.0.2.${150 + i}`) as Parameters<typeof logic.update>[2],
        ),
      ),
    );
    expect(postedTenantLists().length).toBeLessThanOrEqual(2);
    settled.forEach((outcome, i) => {
      if (TENANTS[i] === 'co_3') {
        expect(outcome.status).toBe('rejected');
        expect(String((outcome as PromiseRejectedResult).reason)).toMatch(
          /AS3 rejected the update of tenant 'co_3'.*tenant co_3: declaration failed/,
        );
      } else {
        expect(outcome.status).toBe('fulfilled');
      }
    });
    const failedService = ((sim.storedDeclaration()?.co_3 as Json).web as Json).serviceMain as Json;
    expect(failedService.virtualAddresses).toEqual(['192.0.2.103']); // AS3 kept its previous version
  });

  it('an invalid tenant is taken out of the POST: its resource fails with AS3 words, the others deploy', async () => {
    sim.clearRequestLog();
    const bad = inputs('co_5', '192.0.2.205');
    // AS3 caps a tenant's remark at 64 characters: the whole multi-tenant declaration is refused.
    ((bad.declaration.declaration as Json).co_5 as Json).remark = 'x'.repeat(65);
    const settled = await Promise.allSettled(
      TENANTS.map((t, i) =>
        logic.update(
          `bigip-test/${t}`,
          {},
          (t === 'co_5' ? bad : inputs(t, `192.0.2.${200 + i}`)) as Parameters<typeof logic.update>[2],
        ),
      ),
    );
    settled.forEach((outcome, i) => {
      if (TENANTS[i] === 'co_5') {
        expect(outcome.status).toBe('rejected');
        expect(String((outcome as PromiseRejectedResult).reason)).toMatch(
          /\/co_5\/remark: should NOT be longer than 64 characters/,
        );
      } else expect(outcome.status).toBe('fulfilled');
    });
    const posts = postedTenantLists();
    expect(posts.length).toBeLessThanOrEqual(3);
    expect(posts.at(-1)).not.toContain('co_5');
  });

  it('one changed tenant stays one POST to /declare/<tenant>, and a no-op diff sends nothing', async () => {
    sim.clearRequestLog();
    await logic.update(
      'bigip-test/co_1',
      {},
      inputs('co_1', '192.0.2.31') as Parameters<typeof logic.update>[2],
    );
    expect(postedTenantLists()).toEqual([['co_1']]);
    const same = inputs('co_1', '192.0.2.31');
    sim.clearRequestLog();
    expect(logic.diff('bigip-test/co_1', { ...same, result: 'success' }, same).changes).toBe(false);
    expect(sim.requestLog).toEqual([]);
  });

  it('two devices are served in parallel: a slow device does not hold up the other', async () => {
    const other = await startSimulator({ username: USERNAME, password: PASSWORD });
    try {
      const devices = {
        'bigip-test': { username: USERNAME, password: PASSWORD, url: sim.url },
        'bigip-other': { username: USERNAME, password: PASSWORD, url: other.url },
      };
      logic.configure(configOf({ 'vks-bigip:devices': JSON.stringify(devices) }), FAST_CLIENT);
      sim.faults.declarationLatencyMs = 400;
      const release = sim.faults.holdDeclarations();
      const slow = logic.update(
        'bigip-test/co_2',
        {},
        inputs('co_2', '192.0.2.42') as Parameters<typeof logic.update>[2],
      );
      await sim.whenLocked();
      const fast = { ...inputs('co_9', '192.0.2.49'), device: 'bigip-other', url: other.url };
      const started = Date.now();
      await logic.create(fast as Inputs);
      expect(Date.now() - started).toBeLessThan(400);
      release();
      await slow;
    } finally {
      await other.close();
      logic.configure(configOf(providerConfig(sim)), FAST_CLIENT);
    }
  });
});
