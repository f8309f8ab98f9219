import { createHash } from 'node:crypto';
import { toCanonicalJson } from '../core/canonical';

/** What Pulumi sends for a value it does not know yet (preview), even in place of non-strings. */
export const UNKNOWN = '04da6b54-80e4-46f7-96ec-b56ff0331ba9';

/** Inputs of one `As3Tenant` resource: structured, so `pulumi preview --diff` shows field-level changes. */
export interface As3TenantInputs {
  /** The stack (environment) that owns the tenant; its marker is the tenant `label`. */
  readonly stack: string;
  /** Device name; a key of the `devices` config. */
  readonly device: string;
  /** Management URL from the stack (the `devices` config may point elsewhere, e.g. a simulator). */
  readonly url: string;
  readonly tenant: string;
  /** The full AS3 request body (`class: AS3`) with exactly this tenant. */
  readonly declaration: Record<string, unknown>;
  /** Take over an existing tenant that lacks this stack's marker. */
  readonly adopt: boolean;
}

/** Outputs: the inputs plus what the device said. */
export interface As3TenantOutputs extends As3TenantInputs {
  /** AS3's last per-tenant message for this tenant (`success`, `no change`). */
  readonly result: string;
  /** Set by refresh when a dry run shows the live config drifted from the stored declaration. */
  readonly drift?: 'live';
}

export const INPUT_KEYS = ['stack', 'device', 'url', 'tenant', 'declaration', 'adopt'] as const;

export function containsUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value !== null && typeof value === 'object') return Object.values(value).some(containsUnknown);
  return false;
}

/** The tenant object of a request body (`declaration.<tenant>`). */
export function tenantOf(body: unknown, tenant: string): Record<string, unknown> | undefined {
  const adc = (body as { declaration?: Record<string, unknown> } | undefined)?.declaration;
  const value = adc?.[tenant];
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** Keys AS3 adds to a stored tenant that are not part of what we declare. */
const AS3_ADDED_TENANT_KEYS = new Set(['optimisticLockKey']);

/**
 * A tenant as a stable value for comparison: AS3's additions dropped and secrets (SecureVault
 * cryptograms AS3 returns in place of what was posted) reduced to a marker, so a refreshed tenant
 * compares equal to the declared one unless something real changed.
 */
export function normalizeTenant(tenant: unknown): unknown {
  const strip = (value: unknown, depth: number): unknown => {
    if (Array.isArray(value)) return value.map((v) => strip(v, depth + 1));
    if (value === null || typeof value !== 'object') return value;
    const record = value as Record<string, unknown>;
    if ('ciphertext' in record && 'protected' in record) return { redactedSecret: true };
    // fromEntries defines keys, so a `__proto__` key from the device stays data, never a prototype.
    return Object.fromEntries(
      Object.entries(record)
        .filter(([key, child]) => child !== undefined && !(depth === 0 && AS3_ADDED_TENANT_KEYS.has(key)))
        .map(([key, child]) => [key, strip(child, depth + 1)]),
    );
  };
  return strip(tenant, 0);
}

/** Whether two request bodies declare the same tenant (ADC-level metadata is AS3's business). */
export function sameTenant(a: unknown, b: unknown, tenant: string): boolean {
  return fingerprint(tenantOf(a, tenant)) === fingerprint(tenantOf(b, tenant));
}

export function fingerprint(tenant: unknown): string {
  return createHash('sha256')
    .update(toCanonicalJson(normalizeTenant(tenant ?? null)))
    .digest('hex');
}

/** The request body with its tenant replaced by what the device stores (envelope kept from ours). */
export function withStoredTenant(
  body: Record<string, unknown>,
  tenant: string,
  stored: Record<string, unknown>,
): Record<string, unknown> {
  const adc = (body.declaration ?? {}) as Record<string, unknown>;
  return { ...body, declaration: { ...adc, [tenant]: normalizeTenant(stored) } };
}

export function inputsOf(values: Record<string, unknown>): As3TenantInputs {
  const inputs: Record<string, unknown> = {};
  for (const key of INPUT_KEYS) inputs[key] = values[key];
  return inputs as unknown as As3TenantInputs;
}
