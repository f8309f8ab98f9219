import type { BigipClient, DeployResult, TenantForWrite, WriteReservation } from '../bigip';
import { ownershipMarker, remarkNamesOtherDevice } from '../as3/declaration';
import { batcherFor, clientFor, settings, warn } from './tenant-settings';
import { as3VersionMismatch } from '../as3/versions';
import {
  containsUnknown,
  inputsOf,
  sameTenant,
  UNKNOWN,
  withStoredTenant,
  type As3TenantInputs,
  type As3TenantOutputs,
} from './tenant-state';

/**
 * The logic of the `As3Tenant` dynamic provider. It runs in Pulumi's provider host, loaded by the
 * serialized provider at run time, so nothing here is captured in the Pulumi state: connection
 * settings arrive through `configure()` from the stack config, clients live in tenant-settings.ts.
 */
export { check, type CheckFailure } from './tenant-check';
export { closeClients, configure, type DeviceSettings, type ProviderConfig } from './tenant-settings';

export interface DiffOutcome {
  /** Always a boolean: anything else makes the engine fall back to comparing inputs (incl. `__provider`). */
  readonly changes: boolean;
  readonly replaces: string[];
  readonly deleteBeforeReplace: boolean;
}

/**
 * Desired (news) against the recorded outputs (olds), offline: a no-op redeploy touches no device.
 * Only the tenant is compared; the envelope (`id`, `schemaVersion`, `controls`, …) is AS3's metadata.
 * A new device or tenant name is another tenant ⇒ replace; a new URL reaches the same device ⇒ update.
 */
export function diff(_id: string, olds: Record<string, unknown>, news: Record<string, unknown>): DiffOutcome {
  const replaces = (['device', 'tenant'] as const).filter(
    (key) => news[key] === UNKNOWN || news[key] !== olds[key],
  );
  const declarationChanged =
    containsUnknown(news.declaration) || !sameTenant(olds.declaration, news.declaration, String(news.tenant));
  const changes =
    replaces.length > 0 ||
    declarationChanged ||
    olds.drift === 'live' ||
    news.url !== olds.url ||
    news.stack !== olds.stack;
  // Same tenant name under a renamed device may be the same box: create-then-delete would delete what
  // the create just wrote, so the old one goes first.
  const deleteBeforeReplace = replaces.length > 0 && news.tenant === olds.tenant;
  return { changes, replaces, deleteBeforeReplace };
}

/** Whether AS3 refused the tenant because its optimisticLockKey no longer matched. */
function lostTheRace(result: DeployResult, tenant: string): boolean {
  return result.failed.some((r) => r.tenant === tenant && r.lockConflict === true);
}

/** The schemaVersion of the recorded declaration, for the declaration that deletes its tenant. */
function schemaVersionOf(body: Record<string, unknown>): string | undefined {
  const version = (body.declaration as { schemaVersion?: unknown } | undefined)?.schemaVersion;
  return typeof version === 'string' ? version : undefined;
}

function idOf(inputs: As3TenantInputs): string {
  return `${inputs.device}/${inputs.tenant}`;
}

function outcomeMessage(result: DeployResult, tenant: string): string {
  return result.results.find((r) => r.tenant === tenant)?.message ?? 'unknown';
}

function failureText(result: DeployResult): string {
  return result.failed
    .map((f) => `tenant ${f.tenant}: ${f.message}${f.response ? ` (${f.response})` : ''}`)
    .join('; ');
}

/**
 * The error for a write AS3 refused because the tenant changed between our read (the ownership check)
 * and the write: another writer got there first. Names that writer by the label the tenant has now.
 */
async function conflictError(
  client: BigipClient,
  inputs: Pick<As3TenantInputs, 'tenant' | 'device' | 'stack'>,
  verb: string,
): Promise<Error> {
  const now = await client.getTenant(inputs.tenant).catch(() => undefined);
  const marker = ownershipMarker(inputs.stack);
  const owner = !now
    ? 'it is gone now'
    : now.label === marker
      ? `it now carries this stack's own marker '${marker}' (another run of this stack wrote it)`
      : `it is now owned by ${describeOwner(now.label)}`;
  return new Error(
    `refusing to ${verb} tenant '${inputs.tenant}' on device '${inputs.device}': another writer changed it between this stack's ownership check and the write (AS3's optimisticLockKey no longer matched), so nothing was written; ${owner}. ` +
      `Run 'pulumi refresh' and look before trying again.`,
  );
}

function describeOwner(label: unknown): string {
  if (typeof label !== 'string' || label === '')
    return 'a writer that left no label (CIS, a person, another tool)';
  const stack = /^vks-bigip:(.+)$/.exec(label)?.[1];
  return stack ? `stack '${stack}' (label '${label}')` : `the writer labelled '${label}'`;
}

/** Refuses to write a tenant that exists without this stack's marker, unless adoption was asked for. */
function guardOwnership(
  inputs: As3TenantInputs,
  stored: Record<string, unknown> | undefined,
  verb: string,
): void {
  if (!stored) return;
  const marker = ownershipMarker(inputs.stack);
  if (stored.label === marker || inputs.adopt) return;
  throw new Error(
    `refusing to ${verb} tenant '${inputs.tenant}' on device '${inputs.device}': it exists without this stack's ownership marker ` +
      `(label is ${JSON.stringify(stored.label ?? null)}, expected '${marker}'). Another writer (CIS, another stack, a person) owns it. ` +
      `To take it over deliberately, set 'adoptExisting: true' on its BigipPartition (the 'adopt' input).`,
  );
}

/** The ownership read and guard of a write; the reserved batch slot is given back when either fails. */
async function readAndGuard(
  inputs: As3TenantInputs,
  verb: string,
  slot: WriteReservation,
): Promise<TenantForWrite> {
  try {
    const read = await slot.read(inputs.tenant);
    guardOwnership(inputs, read.tenant, verb);
    return read;
  } catch (error) {
    slot.cancel();
    throw error;
  }
}

/** A partial failure Pulumi records as created-but-failed (the tenant exists on the device). */
class TenantInitError extends Error {
  constructor(
    message: string,
    public readonly id: string,
    public readonly properties: Record<string, unknown>,
    public readonly reasons: string[],
  ) {
    super(message);
  }
}

/** Deploys only this tenant, after the ownership guard. */
export async function create(
  inputs: As3TenantInputs & { __provider?: string },
): Promise<{ id: string; outs: As3TenantOutputs }> {
  const client = clientFor(inputs.device, inputs.url);
  // Coalesced with the other tenants written to this device meanwhile; the result is this tenant's.
  const slot = batcherFor(client).reserve();
  // The write is conditional on the read that passed the guard: no one can slip in between.
  const read = await readAndGuard(inputs, 'overwrite', slot);
  const result = await slot.deploy({
    tenant: inputs.tenant,
    declaration: inputs.declaration,
    lockKey: read.lockKey,
  });
  if (lostTheRace(result, inputs.tenant)) throw await conflictError(client, inputs, 'overwrite');
  if (!result.ok) {
    const message = `AS3 rejected tenant '${inputs.tenant}' on device '${inputs.device}': ${failureText(result)}`;
    const stored = await client.getTenant(inputs.tenant);
    if (stored) {
      // AS3 kept the tenant's previous version: record what is there, so the next `up` updates it.
      const properties = {
        ...outputsFrom(inputs, stored, 'declaration failed'),
        __provider: inputs.__provider,
      };
      throw new TenantInitError(message, idOf(inputs), properties, [message]);
    }
    throw new Error(message);
  }
  return {
    id: idOf(inputs),
    outs: {
      ...inputsOf(inputs as unknown as Record<string, unknown>),
      result: outcomeMessage(result, inputs.tenant),
    },
  };
}

function outputsFrom(
  recorded: As3TenantInputs,
  stored: Record<string, unknown>,
  result: string,
): As3TenantOutputs {
  return {
    ...inputsOf(recorded as unknown as Record<string, unknown>),
    declaration: withStoredTenant(recorded.declaration, recorded.tenant, stored),
    result,
  };
}

const versionChecked = new WeakSet<BigipClient>();

/** Once per device and process: `GET /info` against the AS3 release the declaration targets; a warning on a mismatch. */
async function checkDeviceVersion(client: BigipClient, recorded: As3TenantOutputs): Promise<void> {
  if (versionChecked.has(client)) return;
  versionChecked.add(client);
  const declared = schemaVersionOf(recorded.declaration);
  if (!declared) return;
  const info = await client.info().catch(() => undefined);
  const mismatch = info && as3VersionMismatch(recorded.device, info.version, declared);
  if (mismatch) warn(mismatch);
}

/** Refresh: the stored tenant from the device; gone ⇒ deleted. Returns inputs too, so refresh alone causes no diff. */
export async function read(
  id: string,
  props: Record<string, unknown>,
): Promise<{ id: string; props: Record<string, unknown>; inputs?: Record<string, unknown> }> {
  const recorded = props as unknown as As3TenantOutputs;
  const client = clientFor(recorded.device, recorded.url);
  await checkDeviceVersion(client, recorded);
  const stored = await client.getTenant(recorded.tenant);
  if (!stored) return { id: '', props: {} };
  let outputs: As3TenantOutputs = outputsFrom(recorded, stored, recorded.result);
  if (settings().liveDriftCheck) {
    // GET shows the stored declaration only; a dry run is the one API that sees live drift.
    const dryRun = await client.deploy(recorded.declaration, [recorded.tenant], { dryRun: true });
    const wouldChange = dryRun.results.some((r) => r.tenant === recorded.tenant && r.outcome === 'changed');
    if (wouldChange) outputs = { ...outputs, drift: 'live' };
  }
  return {
    id,
    props: { ...outputs },
    inputs: { ...inputsOf(outputs as unknown as Record<string, unknown>) },
  };
}

/** Deploys the new declaration; AS3 keeps the previous version when it fails, so the state stays true. */
export async function update(
  _id: string,
  _olds: Record<string, unknown>,
  news: As3TenantInputs,
): Promise<{ outs: As3TenantOutputs }> {
  const client = clientFor(news.device, news.url);
  const slot = batcherFor(client).reserve();
  const read = await readAndGuard(news, 'update', slot);
  const result = await slot.deploy({
    tenant: news.tenant,
    declaration: news.declaration,
    lockKey: read.lockKey,
  });
  if (lostTheRace(result, news.tenant)) throw await conflictError(client, news, 'update');
  if (!result.ok) {
    throw new Error(
      `AS3 rejected the update of tenant '${news.tenant}' on device '${news.device}' (the device keeps the previous version): ${failureText(result)}`,
    );
  }
  return {
    outs: {
      ...inputsOf(news as unknown as Record<string, unknown>),
      result: outcomeMessage(result, news.tenant),
    },
  };
}

/** Deletes only a tenant carrying this stack's marker; never anything else. */
export async function remove(_id: string, props: Record<string, unknown>): Promise<void> {
  const recorded = props as unknown as As3TenantOutputs;
  const client = clientFor(recorded.device, recorded.url);
  const { tenant: stored, lockKey } = await client.readTenantForWrite(recorded.tenant);
  if (!stored) return;
  const marker = ownershipMarker(recorded.stack);
  if (stored.label !== marker) {
    throw new Error(
      `refusing to delete tenant '${recorded.tenant}' on device '${recorded.device}': its label is ${JSON.stringify(stored.label ?? null)}, not this stack's marker '${marker}', so this stack does not own it`,
    );
  }
  // A renamed device construct (same BIG-IP) is a new resource that has declared the tenant already:
  // its remark names the new device, so this, the old resource, lets it go instead of deleting it.
  if (remarkNamesOtherDevice(stored.remark, recorded.device)) return;
  // Deleted only as it was checked: a takeover after the check makes AS3 refuse, and the tenant stays.
  const result = await client.deleteTenants([recorded.tenant], {
    optimisticLockKeys: { [recorded.tenant]: lockKey },
    schemaVersion: schemaVersionOf(recorded.declaration),
  });
  if (lostTheRace(result, recorded.tenant)) throw await conflictError(client, recorded, 'delete');
  if (!result.ok)
    throw new Error(
      `AS3 could not delete tenant '${recorded.tenant}' on device '${recorded.device}': ${failureText(result)}`,
    );
}
