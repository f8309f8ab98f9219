/**
 * Two `pulumi up` at once, for real: two Pulumi dynamic provider host processes, configured like two
 * stacks' runs, create the same tenant on one simulator. The ownership check and the write are one
 * compare-and-set (AS3's optimisticLockKey), so exactly one stack ends up owning each tenant and the
 * other's create fails, naming the owner — never two creates that both "succeed".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../lib/simulator';
import {
  nativeRequire,
  PASSWORD,
  providerConfig,
  serializeProvider,
  tenantInputs,
  USERNAME,
} from './helpers';
import { ProviderHost } from './provider-host';

type Json = Record<string, unknown>;

let sim: RunningSimulator;
let providerText: string;
const hosts: ProviderHost[] = [];

beforeAll(async () => {
  sim = await startSimulator({ username: USERNAME, password: PASSWORD });
  const auth = `Basic ${Buffer.from(`${USERNAME}:${PASSWORD}`).toString('base64')}`;
  // AS3's burst queue: writes from the two processes wait for AS3's lock instead of meeting 503s.
  const settings = await fetch(`${sim.url}/mgmt/shared/appsvcs/settings`, {
    method: 'POST',
    headers: { authorization: auth, 'content-type': 'application/json' },
    body: JSON.stringify({ burstHandlingEnabled: true }),
  });
  expect(settings.status).toBe(200);
  providerText = (await serializeProvider(nativeRequire())).text;
  hosts.push(
    ...(await Promise.all([
      ProviderHost.start(providerConfig(sim)),
      ProviderHost.start(providerConfig(sim)),
    ])),
  );
  expect(new Set(hosts.map((h) => h.pid)).size).toBe(2);
}, 60_000);

afterAll(async () => {
  await Promise.all(hosts.map((h) => h.stop()));
  await sim?.close();
});

function news(stack: string, tenant: string, vip: string): Json {
  return { ...tenantInputs(sim, stack, tenant, { vip }), __provider: providerText };
}

type Outcome = { readonly ok: true } | { readonly ok: false; readonly message: string };

function settle(promise: Promise<unknown>): Promise<Outcome> {
  return promise.then(
    () => ({ ok: true }) as const,
    (error: { details?: string; message?: string }) => ({
      ok: false,
      message: error.details ?? String(error.message),
    }),
  );
}

const labelOf = (tenant: string) => (sim.storedDeclaration()?.[tenant] as Json | undefined)?.label;

describe('two provider processes, one tenant', () => {
  it('the second create, checked while the first was being applied, fails and names the first stack', async () => {
    const [alpha, beta] = hosts as [ProviderHost, ProviderHost];
    sim.clearRequestLog();
    const release = sim.faults.holdDeclarations();
    const first = settle(alpha.create('bigip-test/contested', news('alpha', 'contested', '192.0.2.101')));
    await sim.whenLocked(); // alpha passed its check and holds AS3's lock, applying
    const second = settle(beta.create('bigip-test/contested', news('beta', 'contested', '192.0.2.102')));
    // beta read the tenant as absent (alpha's is not stored yet) and queued its write behind alpha's.
    for (let i = 0; i < 1_000; i += 1) {
      const posts = sim.requestLog.filter(
        (e) => e.method === 'POST' && e.path.endsWith('/declare/contested'),
      );
      if (posts.length >= 2) break;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(
      sim.requestLog.filter((e) => e.method === 'GET' && e.path.endsWith('/declare/contested')),
    ).toHaveLength(2);
    release();
    const outcomes = [await first, await second];
    expect(outcomes[0]).toEqual({ ok: true });
    expect(outcomes[1]).toMatchObject({ ok: false });
    expect((outcomes[1] as { message: string }).message).toMatch(
      /refusing to overwrite tenant 'contested' on device 'bigip-test': another writer changed it between this stack's ownership check and the write .*it is now owned by stack 'alpha' \(label 'vks-bigip:alpha'\)/,
    );
    expect(labelOf('contested')).toBe('vks-bigip:alpha');
  });

  it('ten tenants created by both at once: each has exactly one owner, the one whose create succeeded', async () => {
    const [alpha, beta] = hosts as [ProviderHost, ProviderHost];
    const tenants = Array.from({ length: 10 }, (_, i) => `free_${i}`);
    const runs = await Promise.all(
      [
        { host: alpha, stack: 'alpha', vip: '192.0.2.111' },
        { host: beta, stack: 'beta', vip: '192.0.2.112' },
      ].map(({ host, stack, vip }) =>
        Promise.all(tenants.map((t) => settle(host.create(`bigip-test/${t}`, news(stack, t, vip))))),
      ),
    );
    for (const [index, tenant] of tenants.entries()) {
      const [a, b] = [runs[0]?.[index], runs[1]?.[index]] as [Outcome, Outcome];
      const winners = [a.ok ? 'alpha' : undefined, b.ok ? 'beta' : undefined].filter((w) => w !== undefined);
      expect(winners, `tenant ${tenant}`).toHaveLength(1);
      expect(labelOf(tenant)).toBe(`vks-bigip:${winners[0]}`);
      const loser = (a.ok ? b : a) as { message: string };
      // The loser either met the winner's tenant at its check, or lost the compare-and-set after it.
      expect(loser.message).toMatch(
        new RegExp(`refusing to overwrite tenant '${tenant}'.*(vks-bigip:${winners[0]})`, 's'),
      );
    }
  });

  it('the hosts logged no credential and no crash', () => {
    for (const host of hosts) {
      expect(host.stderr).not.toContain(PASSWORD);
      expect(host.stderr).not.toMatch(/TypeError|ReferenceError|Cannot find module/);
    }
  });
});
