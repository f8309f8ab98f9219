import {
  BigipClient,
  insecureWarning,
  TenantDeployBatcher,
  type BigipClientOptions,
  type TenantBatcherOptions,
} from '../bigip';
import { loadAs3Schema, type As3SchemaValidator } from '../as3/schema-validator';
import { booleanOf, parseDevices, type DeviceSettings } from '../core/device-settings';

export { parseDevices, type DeviceSettings };

/**
 * The stack config the `As3Tenant` provider reads in `configure()`, and the BIG-IP clients built from it.
 * Module state of the provider host process: nothing here is ever serialized into the Pulumi state.
 */

/** The Pulumi project; config keys are read fully qualified (`vks-bigip:devices`). */
export const CONFIG_NAMESPACE = 'vks-bigip';

/** The configure() input: Pulumi's dynamic-provider Config (or any map in tests). */
export interface ProviderConfig {
  get(key: string): string | undefined;
}

export interface ProviderSettings {
  readonly devices: Readonly<Record<string, DeviceSettings>>;
  readonly schema?: As3SchemaValidator;
  readonly liveDriftCheck: boolean;
  /** Client options for tests (retry timing); never from config. */
  readonly clientOverrides?: Partial<BigipClientOptions>;
  /** Gathering window of coalesced tenant writes, for tests; never from config. */
  readonly batcherOverrides?: TenantBatcherOptions;
}

let current: ProviderSettings = { devices: {}, liveDriftCheck: false };
const clients = new Map<string, BigipClient>();
const batchers = new Map<BigipClient, TenantDeployBatcher>();
const warned = new Set<string>();

/**
 * A warning of the provider, once per process: on stderr of the provider host, which the Pulumi engine
 * shows with the run's diagnostics.
 */
export function warn(message: string): void {
  if (warned.has(message)) return;
  warned.add(message);
  process.stderr.write(`warning: vks-bigip: ${message}\n`);
}

export function settings(): ProviderSettings {
  return current;
}

/**
 * A config value by its fully qualified key: the provider host does not reliably know the program's
 * project name (it falls back to "project"), so an unqualified `get('devices')` could miss. The
 * unqualified key is the fallback for in-process callers that pass a plain map.
 */
function setting(config: ProviderConfig, key: string): string | undefined {
  const value = config.get(`${CONFIG_NAMESPACE}:${key}`) ?? config.get(key);
  return value === '' ? undefined : value;
}

/** Reads the stack config: `devices`, `as3Schema`, `liveDriftCheck`; drops clients of earlier settings. */
export function configure(
  config: ProviderConfig,
  clientOverrides?: Partial<BigipClientOptions>,
  batcherOverrides?: TenantBatcherOptions,
): void {
  const devices = parseDevices(setting(config, 'devices'));
  const schemaFile = setting(config, 'as3Schema');
  const liveDriftCheck = booleanOf(setting(config, 'liveDriftCheck'), 'liveDriftCheck') ?? false;
  const schema = schemaFile ? loadAs3Schema(schemaFile) : undefined;
  for (const client of clients.values()) void client.close().catch(() => undefined);
  clients.clear();
  batchers.clear();
  current = { devices, schema, liveDriftCheck, clientOverrides, batcherOverrides };
  // Said as soon as the setting is read (preview included), not only when a device is first contacted.
  for (const [name, device] of Object.entries(devices)) {
    if (device.insecure) warn(`${insecureWarning(name)} (config devices.${name}.insecure)`);
  }
}

/** The client of a device, created on first use (one login per device and URL). */
export function clientFor(device: string, stackUrl: string): BigipClient {
  const settings = current.devices[device];
  if (!settings || !settings.username || !settings.password) {
    throw new Error(
      `no BIG-IP credentials for device '${device}': run\n` +
        `  pulumi config set --path 'devices.${device}.username' admin\n` +
        `  pulumi config set --secret --path 'devices.${device}.password' <password>`,
    );
  }
  const url = settings.url ?? stackUrl;
  const key = `${device}|${url}`;
  let client = clients.get(key);
  if (!client) {
    client = new BigipClient({
      url,
      username: settings.username,
      password: settings.password,
      caBundle: settings.caBundle,
      insecure: settings.insecure,
      tokenTimeoutSeconds: settings.tokenTimeoutSeconds,
      deviceName: device,
      ...current.clientOverrides,
      // The same words configure() used, with the config key: said once.
      onWarning: (message) => warn(`${message} (config devices.${device}.insecure)`),
    });
    clients.set(key, client);
  }
  return client;
}

/**
 * The write coalescer of a device's client: one per client for the life of the provider process, so
 * the concurrent creates and updates Pulumi runs share POSTs.
 */
export function batcherFor(client: BigipClient): TenantDeployBatcher {
  let batcher = batchers.get(client);
  if (!batcher) {
    batcher = new TenantDeployBatcher(client, current.batcherOverrides);
    batchers.set(client, batcher);
  }
  return batcher;
}

/** Logs out and closes the clients (tests; the provider host just exits). */
export async function closeClients(): Promise<void> {
  const open = [...clients.values()];
  clients.clear();
  batchers.clear();
  await Promise.all(open.map((c) => c.close().catch(() => undefined)));
}
