import { as3VersionMismatch } from '../as3/versions';
import type { BigipClient } from '../bigip';
import type { DeclarationRecord, PartitionRecord } from '../core/records';
import { diffTenant, type TenantDiff } from './stack-diff';

/**
 * `vks-bigip diff --live`: each declared tenant against what the BIG-IP holds, read-only. `GET
 * /declare/<tenant>` gives the stored declaration (normalized: AS3's additions dropped, secrets reduced
 * to whether one is there), an AS3 dry run (`controls.dryRun=true`, AS3 ≥ 3.30) tells whether the live
 * configuration — changes made by hand included — differs from the declaration, and `GET /declare`
 * lists the tenants nobody declares. Nothing is ever written.
 */

/** AS3 reads `controls.dryRun` from the query from this version on. */
export const DRY_RUN_MIN_VERSION = '3.30.0';

export type LiveStatus = 'in sync' | 'changed' | 'missing' | 'drifted' | 'failed';

export interface LiveTenant {
  readonly stack: string;
  readonly device: string;
  readonly tenant: string;
  readonly owner: string;
  readonly status: LiveStatus;
  /** Field-level difference from the stored declaration (device → declared). */
  readonly stored?: TenantDiff;
  /** The dry run's verdict: `unchanged`, `changed` (the live config differs), `failed`, or `skipped`. */
  readonly dryRun: 'unchanged' | 'changed' | 'failed' | 'skipped';
  readonly dryRunMessage?: string;
  /** The stored tenant's label when another writer's marker is on it. */
  readonly foreignLabel?: string;
}

export interface LiveDevice {
  readonly device: string;
  readonly url: string;
  readonly as3Version: string;
  /** Set when the device runs another AS3 release than its declarations target (their schemaVersion). */
  readonly versionWarning?: string;
  readonly dryRunSupported: boolean;
  readonly tenants: readonly LiveTenant[];
  /** Tenants on the device that no stack of the app declares. */
  readonly unmanaged: readonly string[];
  /** Partitions CIS writes from custom resources (not compared: no declaration of ours). */
  readonly cisOwned: readonly string[];
}

export interface LiveReport {
  readonly devices: readonly LiveDevice[];
  readonly changed: boolean;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Keys AS3 adds to a stored tenant. */
const AS3_TENANT_ADDITIONS = new Set(['optimisticLockKey']);

/**
 * A tenant as compared: AS3's additions dropped, every secret (`{ciphertext, protected}`, which AS3 stores
 * as a SecureVault cryptogram that never equals what was posted) reduced to `"<secret>"`, so a secret
 * compares as unchanged where one is declared and stored, and as added or removed otherwise.
 */
export function normalizeLiveTenant(tenant: unknown): unknown {
  const strip = (value: unknown, depth: number): unknown => {
    if (Array.isArray(value)) return value.map((v) => strip(v, depth + 1));
    if (!isRecord(value)) return value;
    if ('ciphertext' in value && 'protected' in value) return '<secret>';
    const result: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) {
      if (depth === 0 && AS3_TENANT_ADDITIONS.has(key)) continue;
      if (child !== undefined) result[key] = strip(child, depth + 1);
    }
    return result;
  };
  return strip(tenant, 0);
}

function versionAtLeast(version: string, minimum: string): boolean {
  const a = version.split('.').map((n) => Number.parseInt(n, 10) || 0);
  const b = minimum.split('.').map((n) => Number.parseInt(n, 10) || 0);
  for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  return true;
}

export interface LiveDeviceInput {
  readonly device: string;
  readonly url: string;
  readonly client: BigipClient;
  /** The declarations of the stacks compared, with their stack. */
  readonly declarations: ReadonlyArray<{ readonly stack: string; readonly record: DeclarationRecord }>;
  /** Every partition any stack of the app declares on this device. */
  readonly known: readonly PartitionRecord[];
  readonly onProgress?: (line: string) => void;
}

/** Compares one device; only GETs and dry runs are sent. */
export async function compareDevice(input: LiveDeviceInput): Promise<LiveDevice> {
  const { client } = input;
  input.onProgress?.(`${input.device}: GET /info`);
  const info = await client.info();
  const dryRunSupported = versionAtLeast(info.version, DRY_RUN_MIN_VERSION);
  const tenants: LiveTenant[] = [];
  for (const [i, { stack, record }] of input.declarations.entries()) {
    input.onProgress?.(`${input.device}: tenant ${record.tenant} (${i + 1}/${input.declarations.length})`);
    const stored = await client.getTenant(record.tenant);
    const declared = (record.declaration.declaration as Record<string, unknown> | undefined)?.[record.tenant];
    const wrap = (tenant: unknown) =>
      tenant === undefined ? undefined : { declaration: { [record.tenant]: normalizeLiveTenant(tenant) } };
    const diff = diffTenant(record.device, record.tenant, record.owner, wrap(stored), wrap(declared));
    let dryRun: LiveTenant['dryRun'] = 'skipped';
    let dryRunMessage: string | undefined;
    if (dryRunSupported) {
      input.onProgress?.(`${input.device}: dry run of ${record.tenant}`);
      const result = await client.deploy(record.declaration, [record.tenant], { dryRun: true });
      const outcome = result.results.find((r) => r.tenant === record.tenant);
      dryRun =
        outcome?.outcome === 'changed'
          ? 'changed'
          : outcome?.outcome === 'unchanged'
            ? 'unchanged'
            : 'failed';
      if (dryRun === 'failed')
        dryRunMessage = outcome
          ? `${outcome.message}${outcome.response ? `: ${outcome.response}` : ''}`
          : 'no result';
    }
    const status: LiveStatus =
      stored === undefined
        ? 'missing'
        : dryRun === 'failed'
          ? 'failed'
          : diff
            ? 'changed'
            : dryRun === 'changed'
              ? 'drifted'
              : 'in sync';
    const label = isRecord(stored) && typeof stored.label === 'string' ? stored.label : undefined;
    tenants.push({
      stack,
      device: record.device,
      tenant: record.tenant,
      owner: record.owner,
      status,
      ...(diff ? { stored: diff } : {}),
      dryRun,
      ...(dryRunMessage ? { dryRunMessage } : {}),
      ...(label !== undefined && label !== record.label ? { foreignLabel: label } : {}),
    });
  }
  input.onProgress?.(`${input.device}: GET /declare`);
  const all = (await client.getDeclaration()) ?? {};
  const onDevice = Object.entries(all)
    .filter(([, value]) => isRecord(value) && value.class === 'Tenant')
    .map(([name]) => name)
    .sort();
  const known = new Set(input.known.map((p) => p.partition));
  const targets = input.declarations
    .map(
      ({ record }) =>
        (record.declaration.declaration as { schemaVersion?: unknown } | undefined)?.schemaVersion,
    )
    .filter((v): v is string => typeof v === 'string');
  const versionWarning = targets
    .map((declared) => as3VersionMismatch(input.device, info.version, declared))
    .find((w) => w !== undefined);
  return {
    device: input.device,
    url: input.url,
    as3Version: info.version,
    ...(versionWarning ? { versionWarning } : {}),
    dryRunSupported,
    tenants,
    unmanaged: onDevice.filter((t) => !known.has(t)),
    cisOwned: onDevice.filter((t) => input.known.some((p) => p.partition === t && p.owner === 'cis')),
  };
}

export function liveReport(devices: readonly LiveDevice[]): LiveReport {
  return { devices, changed: devices.some((d) => d.tenants.some((t) => t.status !== 'in sync')) };
}
