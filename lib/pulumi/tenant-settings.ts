import { BigipClient, insecureWarning, type BigipClientOptions } from '../bigip';
import { loadAs3Schema, type As3SchemaValidator } from '../as3/schema-validator';

/**
 * The stack config the `As3Tenant` provider reads in `configure()`, and the BIG-IP clients built from it.
 * Module state of the provider host process: nothing here is ever serialized into the Pulumi state.
 */

/** The Pulumi project; config keys are read fully qualified (`vks-bigip:devices`). */
export const CONFIG_NAMESPACE = 'vks-bigip';

/** Connection settings of one device (`vks-bigip:devices` config, password set with `--secret`). */
export interface DeviceSettings {
  readonly username: string;
  readonly password: string;
  /** Overrides the stack's URL, e.g. to point at `vks-bigip simulator`. */
  readonly url?: string;
  /** PEM certificate(s) that sign the device's TLS certificate. */
  readonly caBundle?: string;
  readonly insecure?: boolean;
  readonly tokenTimeoutSeconds?: number;
}

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
}

let current: ProviderSettings = { devices: {}, liveDriftCheck: false };
const clients = new Map<string, BigipClient>();
const warned = new Set<string>();

/**
 * A warning of the provider, once per process: on stderr of the provider host, which the Pulumi engine
 * shows with the run's diagnostics.
 */
function warn(message: string): void {
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

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `pulumi config set --path` stores `true` and `1200` as typed values or as text; accept both. */
function booleanOf(value: unknown, where: string): boolean | undefined {
  if (value === undefined || typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  throw new Error(`config '${where}' must be true or false, got ${JSON.stringify(value)}`);
}

function integerOf(value: unknown, where: string): number | undefined {
  if (value === undefined) return undefined;
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof number === 'number' && Number.isInteger(number)) return number;
  throw new Error(`config '${where}' must be an integer, got ${JSON.stringify(value)}`);
}

function stringOf(value: unknown, where: string): string | undefined {
  if (value === undefined || typeof value === 'string') return value;
  throw new Error(`config '${where}' must be text`);
}

/** Parses `devices`; messages name the key, never a value that could be a password. */
export function parseDevices(text: string | undefined): Record<string, DeviceSettings> {
  if (text === undefined) return {};
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new Error(`config 'devices' must be an object keyed by device name (set it with --path)`);
  }
  if (!isRecord(raw)) throw new Error(`config 'devices' must be an object keyed by device name`);
  const devices: Record<string, DeviceSettings> = {};
  for (const [name, value] of Object.entries(raw)) {
    const at = (key: string) => `devices.${name}.${key}`;
    if (!isRecord(value)) throw new Error(`config 'devices.${name}' must be an object`);
    devices[name] = {
      username: stringOf(value.username, at('username')) ?? '',
      password: stringOf(value.password, at('password')) ?? '',
      url: stringOf(value.url, at('url')),
      caBundle: stringOf(value.caBundle, at('caBundle')),
      insecure: booleanOf(value.insecure, at('insecure')),
      tokenTimeoutSeconds: integerOf(value.tokenTimeoutSeconds, at('tokenTimeoutSeconds')),
    };
  }
  return devices;
}

/** Reads the stack config: `devices`, `as3Schema`, `liveDriftCheck`; drops clients of earlier settings. */
export function configure(config: ProviderConfig, clientOverrides?: Partial<BigipClientOptions>): void {
  const devices = parseDevices(setting(config, 'devices'));
  const schemaFile = setting(config, 'as3Schema');
  const liveDriftCheck = booleanOf(setting(config, 'liveDriftCheck'), 'liveDriftCheck') ?? false;
  const schema = schemaFile ? loadAs3Schema(schemaFile) : undefined;
  for (const client of clients.values()) void client.close().catch(() => undefined);
  clients.clear();
  current = { devices, schema, liveDriftCheck, clientOverrides };
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

/** Logs out and closes the clients (tests; the provider host just exits). */
export async function closeClients(): Promise<void> {
  const open = [...clients.values()];
  clients.clear();
  await Promise.all(open.map((c) => c.close().catch(() => undefined)));
}
