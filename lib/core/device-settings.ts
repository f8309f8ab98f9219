/**
 * Connection settings of BIG-IP devices in the shape of the `vks-bigip:devices` stack config: what the
 * `As3Tenant` provider reads in `configure()` and what `vks-bigip diff --live` reads from the same keys.
 */

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

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `pulumi config set --path` stores `true` and `1200` as typed values or as text; accept both. */
export function booleanOf(value: unknown, where: string): boolean | undefined {
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
