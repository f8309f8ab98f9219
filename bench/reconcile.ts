import { request } from 'undici';
import { App } from '../lib/core/app';
import { Stack } from '../lib/core/stack';
import { synthesizeApp } from '../lib/core/synth';
import { BigipDevice } from '../components/bigip/bigip-device';
import { BigipPartition, PartitionOwner } from '../components/bigip/bigip-partition';
import { BigipVirtualServer } from '../components/bigip/bigip-virtual-server';
import * as logic from '../lib/pulumi/tenant-logic';
import { stackOwnedTenants } from '../lib/pulumi/stack-tenants';
import type { As3TenantInputs, As3TenantOutputs } from '../lib/pulumi/tenant-state';
import { startSimulator, type RunningSimulator } from '../lib/simulator';
import { clientFor } from '../lib/pulumi/tenant-settings';
import { mergeDeclarations } from '../lib/bigip/tenant-batcher';
import { median, nowMs } from './measure';

export const RECONCILE_TENANTS = 100;
export const DECLARATION_LATENCY_MS = 200;
/** Resource operations at once, as `pulumi up --parallel 10` would run them. */
const PARALLEL = 10;

/** A stack of `RECONCILE_TENANTS` stack-owned tenants over two devices; `changed` tenants get one more member. */
function tenantInputs(
  urls: readonly string[],
  changed: ReadonlySet<number>,
  memberBase = 11,
): As3TenantInputs[] {
  const app = new App();
  const stack = new Stack(app, 'bench');
  const devices = urls.map(
    (url, d) => new BigipDevice(stack, `Bigip${d}`, { url: url.replace(/^http:/, 'https:') }),
  );
  for (let t = 0; t < RECONCILE_TENANTS; t += 1) {
    const partition = new BigipPartition(stack, `Tenant${t}`, {
      device: devices[t % devices.length] as BigipDevice,
      partitionName: `tenant_${t}`,
      owner: PartitionOwner.STACK,
    });
    const members = [
      `10.1.${t}.${memberBase}`,
      `10.1.${t}.${memberBase + 1}`,
      ...(changed.has(t) ? [`10.1.${t}.${memberBase + 2}`] : []),
    ];
    new BigipVirtualServer(stack, `Web${t}`, {
      partition,
      applicationName: 'web',
      virtualAddress: `10.2.${t}.10`,
      serverAddresses: members,
      memberPort: 8080,
    });
  }
  const [output] = synthesizeApp(app).stacks;
  return output ? stackOwnedTenants(output).map((t) => t.inputs) : [];
}

async function inParallel<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++] as T);
  });
  await Promise.all(runners);
}

interface PhaseCounters {
  busySeen: number;
  errors: string[];
}

/** One `pulumi up`, as the engine drives the provider: a new provider process (configure), then per tenant check → (read) → diff → create/update. */
async function up(
  inputs: readonly As3TenantInputs[],
  state: Map<string, As3TenantOutputs>,
  devices: Record<string, { url: string }>,
  options: { refresh: boolean },
): Promise<PhaseCounters> {
  const counters: PhaseCounters = { busySeen: 0, errors: [] };
  const settings = Object.fromEntries(
    Object.entries(devices).map(([name, d]) => [name, { url: d.url, username: 'admin', password: 'admin' }]),
  );
  logic.configure(
    { get: (key) => (key === 'devices' ? JSON.stringify(settings) : undefined) },
    {
      logger: { debug: (message) => (message.includes('busy') ? (counters.busySeen += 1) : undefined) },
    },
  );
  await inParallel(inputs, PARALLEL, async (news) => {
    const id = `${news.device}/${news.tenant}`;
    try {
      const checked = logic.check({}, news as unknown as Record<string, unknown>);
      if (checked.failures.length) throw new Error(checked.failures.map((f) => f.reason).join('; '));
      let olds = state.get(id);
      if (options.refresh && olds) {
        const read = await logic.read(id, olds as unknown as Record<string, unknown>);
        olds = read.id ? (read.props as unknown as As3TenantOutputs) : undefined;
      }
      if (!olds) {
        state.set(id, (await logic.create(news)).outs);
        return;
      }
      if (
        logic.diff(id, olds as unknown as Record<string, unknown>, news as unknown as Record<string, unknown>)
          .changes
      ) {
        state.set(id, (await logic.update(id, olds as unknown as Record<string, unknown>, news)).outs);
      }
    } catch (error) {
      counters.errors.push(`${id}: ${(error as Error).message}`);
    }
  });
  await logic.closeClients();
  return counters;
}

/** Another writer on the first device (CIS, a person): a declaration every second while the deploy runs. */
function startForeignWriter(simulator: RunningSimulator): () => Promise<void> {
  let running = true;
  const auth = `Basic ${Buffer.from('admin:admin').toString('base64')}`;
  const body = JSON.stringify({
    class: 'ADC',
    schemaVersion: '3.56.0',
    cis_foreign: { class: 'Tenant', label: 'cis' },
  });
  const loop = (async () => {
    for (let round = 0; running && round < 600; round += 1) {
      await request(`${simulator.url}/mgmt/shared/appsvcs/declare/cis_foreign`, {
        method: 'POST',
        headers: { authorization: auth, 'content-type': 'application/json' },
        body,
      })
        .then((r) => r.body.dump())
        .catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  })();
  return async () => {
    running = false;
    await loop;
  };
}

export interface PhaseResult {
  readonly phase: string;
  readonly requests: Record<string, number>;
  readonly declarePosts: number;
  readonly loginPosts: number;
  readonly gets: number;
  readonly tasksStarted: number;
  readonly busySeen: number;
  readonly errors: readonly string[];
  readonly wallMs: number;
}

/** Deploy 100 tenants, redeploy unchanged (with and without refresh), change 1, change 10. */
export async function runReconcile(): Promise<PhaseResult[]> {
  const simulators = await Promise.all(
    [0, 1].map(() => startSimulator({ faults: { declarationLatencyMs: DECLARATION_LATENCY_MS } })),
  );
  try {
    const urls = simulators.map((s) => s.url);
    const devices = { bigip0: { url: urls[0] as string }, bigip1: { url: urls[1] as string } };
    const state = new Map<string, As3TenantOutputs>();
    const phases: Array<{ phase: string; changed: number[]; refresh: boolean; contention: boolean }> = [
      {
        phase: `deploy ${RECONCILE_TENANTS} tenants (another writer on device 0)`,
        changed: [],
        refresh: false,
        contention: true,
      },
      { phase: 'no-op redeploy', changed: [], refresh: false, contention: false },
      { phase: 'no-op redeploy with --refresh', changed: [], refresh: true, contention: false },
      { phase: 'change 1 tenant', changed: [7], refresh: false, contention: false },
      // Cumulative: tenant 7 keeps its change, ten more change now.
      {
        phase: 'change 10 tenants',
        changed: [7, 11, 23, 34, 45, 56, 67, 78, 89, 95, 99],
        refresh: false,
        contention: false,
      },
    ];
    const results: PhaseResult[] = [];
    for (const { phase, changed, refresh, contention } of phases) {
      const inputs = tenantInputs(urls, new Set(changed));
      for (const s of simulators) s.clearRequestLog();
      const stopForeign = contention
        ? startForeignWriter(simulators[0] as RunningSimulator)
        : async () => undefined;
      const start = nowMs();
      const counters = await up(inputs, state, devices, { refresh });
      const wallMs = nowMs() - start;
      await stopForeign();
      const log = simulators
        .flatMap((s) => s.requestLog)
        .filter((e) => !e.path.includes('/declare/cis_foreign'));
      const requests: Record<string, number> = {};
      for (const e of log) requests[e.method] = (requests[e.method] ?? 0) + 1;
      results.push({
        phase,
        requests,
        declarePosts: log.filter((e) => e.method === 'POST' && e.path.includes('/appsvcs/declare')).length,
        loginPosts: log.filter((e) => e.method === 'POST' && e.path.includes('/authn/login')).length,
        gets: log.filter((e) => e.method === 'GET' && e.path.includes('/appsvcs/declare')).length,
        tasksStarted: log.filter((e) => e.path.includes('/appsvcs/declare') && e.status === 202).length,
        busySeen: counters.busySeen + log.filter((e) => e.status === 503).length,
        errors: counters.errors,
        wallMs,
      });
    }
    return results;
  } finally {
    await Promise.all(simulators.map((s) => s.close()));
  }
}

/** One measured comparison of a full deploy with the device limit at one declaration latency. */
export interface LimitComparison {
  readonly latencyMs: number;
  readonly tenants: number;
  readonly devices: number;
  /** Wall times of the provider deploying every tenant (all operations at once, as `pulumi up`). */
  readonly oursMs: readonly number[];
  /** Wall times of the limit: one POST per device carrying all its tenants, the devices in parallel. */
  readonly limitMs: readonly number[];
  /** Declaration POSTs per provider deploy (the limit sends one per device). */
  readonly oursPosts: readonly number[];
  readonly errors: readonly string[];
  /** median(ours) ÷ median(limit). */
  readonly ratio: number;
}

/**
 * Deploy of `RECONCILE_TENANTS` tenants over two devices against the physical limit, at a declaration
 * latency: rounds alternate between the provider (check → diff → update for every tenant at once, as
 * `pulumi up` at its default parallelism — unbounded — runs them) and the limit (one POST per device
 * with every tenant, through the same client the provider uses). Every round changes every tenant.
 */
export async function compareWithLimit(latencyMs: number, rounds = 3): Promise<LimitComparison> {
  const simulators = await Promise.all(
    [0, 1].map(() => startSimulator({ faults: { declarationLatencyMs: latencyMs } })),
  );
  const errors: string[] = [];
  try {
    const urls = simulators.map((s) => s.url);
    const names = ['bigip0', 'bigip1'];
    const settings = Object.fromEntries(
      names.map((name, d) => [name, { url: urls[d], username: 'admin', password: 'admin' }]),
    );
    logic.configure({ get: (key) => (key === 'devices' ? JSON.stringify(settings) : undefined) });
    const state = new Map<string, As3TenantOutputs>();
    const allOf = (base: number) => tenantInputs(urls, new Set(), base);
    // Not measured: the tenants are created, clients log in, the poll learns the device's latency.
    await providerDeploy(allOf(11), state, errors);
    const oursMs: number[] = [];
    const limitMs: number[] = [];
    const oursPosts: number[] = [];
    let base = 11;
    for (let round = 0; round < rounds; round += 1) {
      base = base === 11 ? 21 : 11;
      const oursInputs = allOf(base);
      for (const s of simulators) s.clearRequestLog();
      let start = nowMs();
      await providerDeploy(oursInputs, state, errors);
      oursMs.push(nowMs() - start);
      oursPosts.push(
        simulators
          .flatMap((s) => s.requestLog)
          .filter((e) => e.method === 'POST' && e.path.includes('/appsvcs/declare')).length,
      );
      base = base === 11 ? 21 : 11;
      const limitInputs = allOf(base);
      start = nowMs();
      await Promise.all(
        names.map(async (device) => {
          const mine = limitInputs.filter((t) => t.device === device);
          const first = mine[0];
          if (!first) return;
          const client = clientFor(device, first.url);
          const body = mergeDeclarations(
            mine.map((t) => ({ tenant: t.tenant, declaration: t.declaration, lockKey: '' })),
          );
          const result = await client.deploy(
            body,
            mine.map((t) => t.tenant),
          );
          if (!result.ok) errors.push(`limit on ${device}: ${result.failed.length} tenants failed`);
        }),
      );
      limitMs.push(nowMs() - start);
      for (const t of limitInputs) {
        const id = `${t.device}/${t.tenant}`;
        state.set(id, { ...t, result: 'success' });
      }
    }
    return {
      latencyMs,
      tenants: RECONCILE_TENANTS,
      devices: names.length,
      oursMs,
      limitMs,
      oursPosts,
      errors,
      ratio: median(oursMs) / median(limitMs),
    };
  } finally {
    await logic.closeClients();
    await Promise.all(simulators.map((s) => s.close()));
  }
}

/** Every tenant at once, as the engine runs a `pulumi up` without a --parallel limit. */
async function providerDeploy(
  inputs: readonly As3TenantInputs[],
  state: Map<string, As3TenantOutputs>,
  errors: string[],
): Promise<void> {
  await Promise.all(
    inputs.map(async (news) => {
      const id = `${news.device}/${news.tenant}`;
      try {
        const checked = logic.check({}, news as unknown as Record<string, unknown>);
        if (checked.failures.length) throw new Error(checked.failures.map((f) => f.reason).join('; '));
        const olds = state.get(id);
        if (!olds) {
          state.set(id, (await logic.create(news)).outs);
          return;
        }
        const record = olds as unknown as Record<string, unknown>;
        if (logic.diff(id, record, news as unknown as Record<string, unknown>).changes) {
          state.set(id, (await logic.update(id, record, news)).outs);
        }
      } catch (error) {
        errors.push(`${id}: ${(error as Error).message}`);
      }
    }),
  );
}
