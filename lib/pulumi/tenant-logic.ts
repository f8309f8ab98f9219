import { BigipClient, type BigipClientOptions, type DeployResult } from '../bigip';
import { findSecretMaterial, ownershipMarker } from '../as3/declaration';
import { as3NameProblem } from '../as3/names';
import { loadAs3Schema, type As3SchemaValidator } from '../as3/schema-validator';
import {
  containsUnknown,
  inputsOf,
  sameTenant,
  tenantOf,
  UNKNOWN,
  withStoredTenant,
  type As3TenantInputs,
  type As3TenantOutputs,
} from './tenant-state';

/**
 * The logic of the `As3Tenant` dynamic provider. It runs in Pulumi's provider host, loaded by the
 * serialized provider at run time, so nothing here is captured in the Pulumi state: connection
 * settings arrive through `configure()` from the stack config, clients live in this module.
 */

/** Connection settings of one device (`vks-bigip:devices` config, password set with `--secret`). */
export interface DeviceSettings {
  readonly username: string;
  readonly password: string;
  /** Overrides the stack's URL, e.g. to point at `vks-bigip simulator`. */
  readonly url?: string;
  readonly caBundle?: string;
  readonly insecure?: boolean;
  readonly tokenTimeoutSeconds?: number;
}

/** The configure() input: Pulumi's dynamic-provider Config. */
export interface ProviderConfig {
  get(key: string): string | undefined;
}

interface ProviderSettings {
  readonly devices: Readonly<Record<string, DeviceSettings>>;
  readonly schema?: As3SchemaValidator;
  readonly liveDriftCheck: boolean;
  /** Client options for tests (retry timing); never from config. */
  readonly clientOverrides?: Partial<BigipClientOptions>;
}

let settings: ProviderSettings = { devices: {}, liveDriftCheck: false };
const clients = new Map<string, BigipClient>();

function parseJsonConfig(config: ProviderConfig, key: string): unknown {
  const raw = config.get(key);
  if (raw === undefined || raw === '') return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    throw new Error(
      `config '${key}' must be a JSON object (set it with 'pulumi config set --path ...'), got text that is not JSON`,
    );
  }
}

/** Reads the stack config: `devices`, `as3Schema`, `liveDriftCheck`. */
export function configure(config: ProviderConfig, clientOverrides?: Partial<BigipClientOptions>): void {
  const devices = (parseJsonConfig(config, 'devices') ?? {}) as Record<string, DeviceSettings>;
  const schemaFile = config.get('as3Schema');
  for (const client of clients.values()) void client.close().catch(() => undefined);
  clients.clear();
  settings = {
    devices,
    schema: schemaFile ? loadAs3Schema(schemaFile) : undefined,
    liveDriftCheck: config.get('liveDriftCheck') === 'true',
    clientOverrides,
  };
}

function clientFor(inputs: As3TenantInputs): BigipClient {
  const device = settings.devices[inputs.device];
  if (!device || !device.username || !device.password) {
    throw new Error(
      `no BIG-IP credentials for device '${inputs.device}': run\n` +
        `  pulumi config set --path 'devices.${inputs.device}.username' admin\n` +
        `  pulumi config set --secret --path 'devices.${inputs.device}.password' <password>`,
    );
  }
  const url = device.url ?? inputs.url;
  const key = `${inputs.device}|${url}`;
  let client = clients.get(key);
  if (!client) {
    client = new BigipClient({
      url,
      username: device.username,
      password: device.password,
      caBundle: device.caBundle,
      insecure: device.insecure,
      tokenTimeoutSeconds: device.tokenTimeoutSeconds,
      deviceName: inputs.device,
      ...settings.clientOverrides,
    });
    clients.set(key, client);
  }
  return client;
}

/** Closes the clients (tests; the provider host just exits). */
export async function closeClients(): Promise<void> {
  await Promise.all([...clients.values()].map((c) => c.close().catch(() => undefined)));
  clients.clear();
}

export interface CheckFailure {
  readonly property: string;
  readonly reason: string;
}

/** Validates a tenant's inputs; values Pulumi does not know yet (preview) are not judged. */
export function check(
  _olds: Record<string, unknown>,
  news: Record<string, unknown>,
): { inputs: Record<string, unknown>; failures: CheckFailure[] } {
  const failures: CheckFailure[] = [];
  for (const key of ['stack', 'device', 'url', 'tenant'] as const) {
    const value = news[key];
    if (value !== UNKNOWN && (typeof value !== 'string' || value === ''))
      failures.push({ property: key, reason: `'${key}' must be a non-empty string` });
  }
  if (news.adopt !== undefined && news.adopt !== UNKNOWN && typeof news.adopt !== 'boolean')
    failures.push({ property: 'adopt', reason: `'adopt' must be true or false` });
  const tenant = news.tenant;
  if (typeof tenant === 'string' && tenant !== UNKNOWN) {
    const problem = as3NameProblem('tenant', tenant);
    if (problem) failures.push({ property: 'tenant', reason: `tenant name ${problem}` });
  }
  if (!containsUnknown(news.declaration) && typeof tenant === 'string' && tenant !== UNKNOWN) {
    failures.push(...checkDeclaration(news.declaration, tenant, news.stack));
  }
  return { inputs: news, failures };
}

function checkDeclaration(body: unknown, tenant: string, stack: unknown): CheckFailure[] {
  const fail = (reason: string): CheckFailure[] => [{ property: 'declaration', reason }];
  const request = body as { class?: unknown; declaration?: Record<string, unknown> } | undefined;
  if (!request || request.class !== 'AS3' || request.declaration?.class !== 'ADC') {
    return fail(
      `'declaration' must be an AS3 request body ({ class: "AS3", declaration: { class: "ADC", … } })`,
    );
  }
  const tenants = Object.entries(request.declaration)
    .filter(([, v]) => (v as { class?: unknown } | null)?.class === 'Tenant')
    .map(([k]) => k);
  if (tenants.length !== 1 || tenants[0] !== tenant) {
    return fail(
      `'declaration' must hold exactly tenant '${tenant}', got ${tenants.length ? tenants.join(', ') : 'none'}`,
    );
  }
  const label = tenantOf(body, tenant)?.label;
  if (typeof stack === 'string' && stack !== UNKNOWN && label !== ownershipMarker(stack)) {
    return fail(
      `tenant '${tenant}' must carry the ownership label '${ownershipMarker(stack)}', got ${JSON.stringify(label)}`,
    );
  }
  const secrets = findSecretMaterial(body);
  if (secrets.length) return fail(`the declaration carries secret material at ${secrets.join(', ')}`);
  if (settings.schema) {
    const errors = [
      ...settings.schema.validateRequest(body).errors,
      ...settings.schema.validateDeclaration(request.declaration).errors,
    ];
    if (errors[0]) return fail(`AS3 schema (${settings.schema.source}): ${errors[0].text}`);
  }
  return [];
}

export interface DiffOutcome {
  readonly changes: boolean;
  readonly replaces: string[];
  readonly stables: string[];
  readonly deleteBeforeReplace: boolean;
}

/** Desired (news) against recorded outputs (olds), offline: a no-op redeploy touches no device. */
export function diff(_id: string, olds: Record<string, unknown>, news: Record<string, unknown>): DiffOutcome {
  const replaces = (['device', 'url', 'tenant'] as const).filter(
    (key) => news[key] === UNKNOWN || news[key] !== olds[key],
  );
  const tenant = String(news.tenant);
  const declarationChanged =
    containsUnknown(news.declaration) || !sameTenant(olds.declaration, news.declaration, tenant);
  const changes =
    replaces.length > 0 || declarationChanged || olds.drift === 'live' || news.stack !== olds.stack;
  return { changes, replaces, stables: ['adopt'], deleteBeforeReplace: false };
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

export async function create(
  inputs: As3TenantInputs & { __provider?: string },
): Promise<{ id: string; outs: As3TenantOutputs }> {
  const client = clientFor(inputs);
  guardOwnership(inputs, await client.getTenant(inputs.tenant), 'overwrite');
  const result = await client.deploy(inputs.declaration, [inputs.tenant]);
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

/** Refresh: the stored tenant from the device; gone ⇒ deleted. Returns inputs too, so refresh alone causes no diff. */
export async function read(
  id: string,
  props: Record<string, unknown>,
): Promise<{ id: string; props: Record<string, unknown>; inputs?: Record<string, unknown> }> {
  const recorded = props as unknown as As3TenantOutputs;
  const client = clientFor(recorded);
  const stored = await client.getTenant(recorded.tenant);
  if (!stored) return { id: '', props: {} };
  let outputs: As3TenantOutputs = outputsFrom(recorded, stored, recorded.result);
  if (settings.liveDriftCheck) {
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

export async function update(
  _id: string,
  olds: Record<string, unknown>,
  news: As3TenantInputs,
): Promise<{ outs: As3TenantOutputs }> {
  const client = clientFor(news);
  guardOwnership(news, await client.getTenant(news.tenant), 'update');
  const result = await client.deploy(news.declaration, [news.tenant]);
  if (!result.ok) {
    throw new Error(
      `AS3 rejected the update of tenant '${news.tenant}' on device '${news.device}' (the device keeps the previous version): ${failureText(result)}`,
    );
  }
  void olds;
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
  const client = clientFor(recorded);
  const stored = await client.getTenant(recorded.tenant);
  if (!stored) return;
  const marker = ownershipMarker(recorded.stack);
  if (stored.label !== marker) {
    throw new Error(
      `refusing to delete tenant '${recorded.tenant}' on device '${recorded.device}': its label is ${JSON.stringify(stored.label ?? null)}, not this stack's marker '${marker}', so this stack does not own it`,
    );
  }
  const result = await client.deleteTenants([recorded.tenant]);
  if (!result.ok)
    throw new Error(
      `AS3 could not delete tenant '${recorded.tenant}' on device '${recorded.device}': ${failureText(result)}`,
    );
}
