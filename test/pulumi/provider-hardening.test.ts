/**
 * The As3Tenant provider under pressure, methods called directly against the simulator: a takeover
 * between the ownership check and the write (create, update, delete) makes the write fail cleanly, naming
 * the new owner; a wrong password costs one failed login for any number of resources; `insecure: true`
 * warns. The other writer is made to land exactly in between with AS3's burst queue and held
 * declarations — no sleeping on timing.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as logic from '../../lib/pulumi/tenant-logic';
import { startSimulator, type RunningSimulator } from '../../lib/simulator';
import {
  configOf,
  FAST_CLIENT,
  PASSWORD,
  postOutOfBand,
  providerConfig,
  requestLines,
  tenantInputs,
  tenantRequest,
  USERNAME,
} from './helpers';

type Json = Record<string, unknown>;
type Inputs = Parameters<typeof logic.create>[0] & Json;

let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startSimulator({ username: USERNAME, password: PASSWORD });
  // Writes that find AS3's lock taken wait in its queue instead of answering 503.
  expect(await postSettings(sim, { burstHandlingEnabled: true })).toBe(200);
});
afterAll(async () => {
  await logic.closeClients();
  await sim?.close();
});
beforeEach(() => {
  logic.configure(configOf(providerConfig(sim)), FAST_CLIENT);
  sim.clearRequestLog();
});

async function postSettings(target: RunningSimulator, body: Json): Promise<number> {
  const auth = `Basic ${Buffer.from(`${USERNAME}:${PASSWORD}`).toString('base64')}`;
  const response = await fetch(`${target.url}/mgmt/shared/appsvcs/settings`, {
    method: 'POST',
    headers: { authorization: auth, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  await response.text();
  return response.status;
}

function inputs(stack: string, tenant: string, vip?: string): Inputs {
  return tenantInputs(sim, stack, tenant, { vip }) as unknown as Inputs;
}

/** Waits (bounded) until the simulator has answered a write to `tenant` (POST, or DELETE by older code). */
async function writeSeen(tenant: string): Promise<void> {
  const write = new RegExp(`^(POST|DELETE) /mgmt/shared/appsvcs/declare/${tenant}$`);
  for (let i = 0; i < 400; i += 1) {
    if (requestLines(sim).some((l) => write.test(l))) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(
    `the simulator never saw a write to ${tenant}: ${requestLines(sim).slice(0, 10).join(', ')}`,
  );
}

/**
 * Runs `ours` so that another writer's post of `tenant` (as stack `other`) is applied after our read and
 * before our write: the other write holds AS3's lock while we read, our write queues behind it.
 */
async function raceAgainst(tenant: string, ours: () => Promise<unknown>): Promise<unknown> {
  sim.clearRequestLog();
  const release = sim.faults.holdDeclarations();
  const theirs = postOutOfBand(sim, tenantRequest('other', tenant, { vip: '192.0.2.200' }), tenant);
  await sim.whenLocked();
  const outcome = ours().then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  // Our write has been read-checked and submitted (queued behind theirs) once its 202 is back.
  await writeSeen(tenant);
  release();
  expect(await theirs).toBe(200);
  return outcome;
}

const labelOf = (tenant: string) => (sim.storedDeclaration()?.[tenant] as Json | undefined)?.label;

describe('ownership guard without a gap between check and write', () => {
  it('create: a tenant another stack creates after our check is not overwritten; the error names it', async () => {
    const outcome = (await raceAgainst('race_create', () => logic.create(inputs('test', 'race_create')))) as {
      error?: Error;
    };
    expect(outcome.error?.message).toMatch(
      /^refusing to overwrite tenant 'race_create' on device 'bigip-test': another writer changed it between this stack's ownership check and the write \(AS3's optimisticLockKey no longer matched\), so nothing was written; it is now owned by stack 'other' \(label 'vks-bigip:other'\)\./,
    );
    expect(labelOf('race_create')).toBe('vks-bigip:other');
  });

  it('update: a takeover after our check is not overwritten', async () => {
    const created = await logic.create(inputs('test', 'race_update'));
    const outcome = (await raceAgainst('race_update', () =>
      logic.update(created.id, created.outs as unknown as Json, inputs('test', 'race_update', '192.0.2.99')),
    )) as { error?: Error };
    expect(outcome.error?.message).toMatch(
      /^refusing to update tenant 'race_update' .* it is now owned by stack 'other' \(label 'vks-bigip:other'\)/,
    );
    expect(labelOf('race_update')).toBe('vks-bigip:other');
  });

  it('delete: a takeover after our check is not deleted', async () => {
    const created = await logic.create(inputs('test', 'race_delete'));
    const outcome = (await raceAgainst('race_delete', () =>
      logic.remove(created.id, created.outs as unknown as Json),
    )) as { error?: Error };
    expect(outcome.error?.message).toMatch(
      /^refusing to delete tenant 'race_delete' .* it is now owned by stack 'other' \(label 'vks-bigip:other'\)/,
    );
    expect(labelOf('race_delete')).toBe('vks-bigip:other');
  });

  it('without a race, create, update and delete still go through (the keys match)', async () => {
    const created = await logic.create(inputs('test', 'calm'));
    const updated = await logic.update(
      created.id,
      created.outs as unknown as Json,
      inputs('test', 'calm', '192.0.2.98'),
    );
    expect(updated.outs.result).toBe('success');
    await logic.remove(created.id, updated.outs as unknown as Json);
    expect(sim.storedDeclaration()?.calm).toBeUndefined();
  });
});

describe('a wrong password', () => {
  let locked: RunningSimulator;
  afterEach(async () => {
    await logic.closeClients();
    await locked?.close();
  });

  it('costs one failed login for ten resources, and each fails at once with a clear message', async () => {
    locked = await startSimulator({ username: USERNAME, password: 'the-device-password' });
    logic.configure(configOf(providerConfig(locked)), FAST_CLIENT);
    const errors: string[] = [];
    for (let i = 0; i < 10; i += 1) {
      const news = tenantInputs(locked, 'test', `t${i}`) as unknown as Inputs;
      errors.push(
        await logic.create(news).then(
          () => 'created',
          (e: Error) => e.message,
        ),
      );
    }
    expect(locked.requestLog.filter((e) => e.path === '/mgmt/shared/authn/login')).toHaveLength(1);
    expect(locked.requestLog).toHaveLength(1);
    expect(errors[0]).toMatch(
      /login failed: the device refused the credentials of user 'pulumi-admin' \(401/,
    );
    expect(errors[9]).toMatch(/earlier in this process, so they were not sent again/);
    expect(errors.join('\n')).not.toContain(PASSWORD);
  });
});

describe('insecure: true', () => {
  it('warns once when the provider reads the setting, and not again when the device is used', async () => {
    const written: string[] = [];
    const write = process.stderr.write;
    process.stderr.write = ((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    }) as typeof process.stderr.write;
    try {
      const config = providerConfig(sim);
      const devices = JSON.parse(config['vks-bigip:devices'] as string) as Record<string, Json>;
      devices['bigip-test'] = { ...devices['bigip-test'], insecure: true };
      logic.configure(configOf({ ...config, 'vks-bigip:devices': JSON.stringify(devices) }), FAST_CLIENT);
      await logic.read('bigip-test/none', inputs('test', 'none') as unknown as Json);
      logic.configure(configOf({ ...config, 'vks-bigip:devices': JSON.stringify(devices) }), FAST_CLIENT);
    } finally {
      process.stderr.write = write;
    }
    expect(written).toEqual([
      'warning: vks-bigip: TLS certificate verification is disabled for BIG-IP bigip-test (insecure: true): anyone on the network path can impersonate the device. Prefer caBundle. (config devices.bigip-test.insecure)\n',
    ]);
  });
});
