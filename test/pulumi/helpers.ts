/**
 * Shared fixtures of the Pulumi tiers: tenant declarations, provider config, native module loading and
 * bounded waits. Simulators listen on 127.0.0.1 on ports the OS picks.
 */
import { createRequire } from 'node:module';
import * as path from 'node:path';
import type { BigipClientOptions } from '../../lib/bigip';
import type { RunningSimulator } from '../../lib/simulator';

type Json = Record<string, unknown>;

export const ROOT = path.resolve(__dirname, '../..');
export const PROJECT = 'vks-bigip';
/** Pulumi's unknown-value sentinel (preview). */
export const UNKNOWN = '04da6b54-80e4-46f7-96ec-b56ff0331ba9';
/** The simulator's login in every Pulumi test: distinctive, so a leak into any text is easy to find. */
export const USERNAME = 'pulumi-admin';
export const PASSWORD = 'S3cret-pw-7f3a91';

/**
 * `require` of Node itself, with the project's TypeScript hook: modules load exactly as `pulumi up`
 * loads them (bin/pulumi.js → bin/register.js), not through vitest's transform.
 */
export function nativeRequire(): NodeJS.Require {
  const req = createRequire(path.join(ROOT, 'package.json'));
  req('./bin/register.js');
  return req;
}

/**
 * The `__provider` text, serialized exactly as `pulumi.dynamic.Resource` does it (same call, same
 * captured variable name `provider`), from the natively loaded provider module.
 */
export async function serializeProvider(
  req: NodeJS.Require,
): Promise<{ text: string; containsSecrets: boolean }> {
  const pulumi = req('@pulumi/pulumi') as typeof import('@pulumi/pulumi');
  const provider = (req('./lib/pulumi/as3-tenant-provider.ts') as { as3TenantProvider: unknown })
    .as3TenantProvider;
  return pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true });
}

/** An AS3 request body for one tenant owned by `stack`: one HTTP virtual server and its pool. */
export function tenantRequest(
  stack: string,
  tenant: string,
  options: { vip?: string; members?: string[]; label?: string } = {},
): Json {
  return {
    class: 'AS3',
    action: 'deploy',
    persist: true,
    declaration: {
      class: 'ADC',
      schemaVersion: '3.56.0',
      id: `urn:vks-bigip:${stack}:bigip-test:${tenant}`,
      label: `vks-bigip:${stack}`,
      [tenant]: {
        class: 'Tenant',
        label: options.label ?? `vks-bigip:${stack}`,
        remark: 'managed by vks-bigip; changes by hand are reverted',
        web: {
          class: 'Application',
          template: 'http',
          serviceMain: {
            class: 'Service_HTTP',
            virtualAddresses: [options.vip ?? '192.0.2.10'],
            virtualPort: 80,
            pool: 'web_pool',
          },
          web_pool: {
            class: 'Pool',
            monitors: ['http'],
            members: [{ servicePort: 30080, serverAddresses: options.members ?? ['10.20.0.11'] }],
          },
        },
      },
    },
  };
}

/** The inputs the program gives an As3Tenant (device `bigip-test`, URL of the stack). */
export function tenantInputs(
  sim: RunningSimulator,
  stack: string,
  tenant: string,
  options: { vip?: string; adopt?: boolean; label?: string } = {},
): Json {
  return {
    stack,
    device: 'bigip-test',
    url: sim.url,
    tenant,
    declaration: tenantRequest(stack, tenant, options),
    adopt: options.adopt ?? false,
  };
}

/** Stack config as the provider host receives it: fully qualified keys, objects as JSON text. */
export function providerConfig(
  sim: RunningSimulator,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    [`${PROJECT}:devices`]: JSON.stringify({
      'bigip-test': { username: USERNAME, password: PASSWORD, url: sim.url },
    }),
    ...extra,
  };
}

export function configOf(values: Record<string, string>): { get(key: string): string | undefined } {
  return { get: (key) => values[key] };
}

/** Client timing for tests: polls and back-offs of milliseconds, jitter pinned. */
export const FAST_CLIENT: Partial<BigipClientOptions> = {
  pollIntervalMs: 2,
  maxPollIntervalMs: 5,
  requestTimeoutMs: 5_000,
  taskDeadlineMs: 10_000,
  random: () => 0.5,
  retry: { maxAttempts: 6, baseDelayMs: 2, maxDelayMs: 10 },
};

/** The simulator's requests as `METHOD path` lines (task ids and queries dropped). */
export function requestLines(sim: RunningSimulator): string[] {
  return sim.requestLog.map((e) => `${e.method} ${e.path.replace(/\/task\/[0-9a-f-]{36}$/, '/task/<id>')}`);
}

/** Declaration writes (POST/DELETE on /declare) the simulator saw. */
export function declarationWrites(sim: RunningSimulator): string[] {
  return requestLines(sim).filter((l) => /^(POST|DELETE|PATCH) \/mgmt\/shared\/appsvcs\/declare/.test(l));
}

/** Rejects after `ms` so a hang fails the test with a message instead of a timeout. */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Another writer posting a tenant straight to the device (a person, CIS, another stack). */
export async function postOutOfBand(sim: RunningSimulator, body: Json, tenant: string): Promise<number> {
  const auth = `Basic ${Buffer.from(`${USERNAME}:${PASSWORD}`).toString('base64')}`;
  const response = await fetch(`${sim.url}/mgmt/shared/appsvcs/declare/${tenant}`, {
    method: 'POST',
    headers: { authorization: auth, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  await response.text();
  return response.status;
}
