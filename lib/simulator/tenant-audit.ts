/**
 * Per-tenant outcome of a declaration (AS3's `audit.allTenants`): each tenant is diffed and applied on its
 * own; `no change` when desired equals current, `success` when something changed, `declaration failed` when
 * the device refused (here: fault injection), or an optimistic-lock message.
 */
import * as crypto from 'node:crypto';
import {
  canonicalJson,
  hasApplications,
  isObject,
  jsonCopy,
  processingOrder,
  type JsonObject,
} from './declaration-util';
import { revealSecrets, type SecretVault } from './secrets';

export interface TenantResult {
  code: number;
  message: string;
  lineCount?: number;
  host: string;
  tenant?: string;
  runTime?: number;
  declarationId?: string;
  response?: string;
  dryRun?: boolean;
  warnings?: unknown[];
}

export const HOST = 'localhost';

const LOCK_KEY_MISMATCH =
  'The hash you submitted does not match the hash on the current Tenant. This usually indicates there was a change to the Tenant since you pulled this hash. You will want to do a GET and see what the changes are.';

export interface AuditContext {
  readonly desired: JsonObject;
  readonly current: JsonObject;
  readonly dryRun: boolean;
  readonly declarationId: string;
  readonly failTenants: readonly string[];
  /** Tenants TMOS refuses (duplicate virtual address:port, missing route domain), with its error text. */
  readonly refusedByDevice?: ReadonlyMap<string, string>;
  readonly drifted: ReadonlySet<string>;
  readonly vault: SecretVault;
  /** Fills schema defaults into a one-tenant declaration, so `virtualPort: 80` equals an omitted default. */
  readonly fillDefaults: (declaration: JsonObject) => JsonObject;
  readonly schemaVersion: string;
  /** A per-app request (`/declare/<tenant>/applications`): AS3 ignores optimisticLockKey there. */
  readonly perApp: boolean;
}

/** The per-tenant results, in AS3's order (Common first and last). */
export function auditTenants(context: AuditContext): TenantResult[] {
  const order = processingOrder(context.desired);
  if (order.length === 0) return [{ code: 200, message: 'no change', host: HOST }];
  return order.map((name, index) => {
    const started = Date.now();
    const result = auditOne(name, context, name === 'Common' ? (index === 0 ? 'adds' : 'deletes') : 'all');
    result.runTime = Date.now() - started;
    return result;
  });
}

function auditOne(name: string, context: AuditContext, pass: 'adds' | 'deletes' | 'all'): TenantResult {
  const base = { host: HOST, tenant: name, declarationId: context.declarationId };
  const desired = context.desired[name] as JsonObject;
  const current = isObject(context.current[name]) ? (context.current[name] as JsonObject) : undefined;
  // AS3 (audit.auditTenant) checks a non-empty key only against a tenant it has stored, and not in
  // per-app requests; any key (not just a stale one) fails once the tenant exists.
  const key = desired.optimisticLockKey;
  if (!context.perApp && typeof key === 'string' && key !== '' && current) {
    if (key !== tenantHash(current)) return { code: 422, message: LOCK_KEY_MISMATCH, ...base };
  }
  if (context.failTenants.includes(name)) {
    return {
      code: 422,
      message: 'declaration failed',
      response: `01070734:3: Configuration error: the simulator was told to fail tenant ${name} (fault injection)`,
      ...base,
    };
  }
  const refusal = context.refusedByDevice?.get(name);
  if (refusal !== undefined) return { code: 422, message: 'declaration failed', response: refusal, ...base };
  const change = describeChange(name, desired, current, context);
  const changed =
    (pass === 'adds' ? change.adds : pass === 'deletes' ? change.deletes : change.adds || change.deletes) ||
    (pass !== 'deletes' && context.drifted.has(name));
  const result: TenantResult = changed
    ? { code: 200, message: 'success', lineCount: lineCount(desired), ...base }
    : { code: 200, message: 'no change', lineCount: 0, ...base };
  if (context.dryRun) result.dryRun = true;
  return result;
}

/** Whether applying `desired` over `current` adds/modifies objects, and whether it deletes some. */
function describeChange(
  name: string,
  desired: JsonObject,
  current: JsonObject | undefined,
  context: AuditContext,
): { adds: boolean; deletes: boolean } {
  const wanted = hasApplications(desired)
    ? objectMap(normalize(name, desired, context))
    : new Map<string, string>();
  const existing = current ? objectMap(normalize(name, current, context)) : new Map<string, string>();
  let adds = false;
  for (const [key, value] of wanted) if (existing.get(key) !== value) adds = true;
  let deletes = false;
  for (const key of existing.keys()) if (!wanted.has(key)) deletes = true;
  return { adds, deletes };
}

/** A tenant as the device would see it: defaults filled, secrets as plaintext, hash key dropped. */
function normalize(name: string, tenant: JsonObject, context: AuditContext): JsonObject {
  const copy = jsonCopy(tenant);
  delete copy.optimisticLockKey;
  const filled = context.fillDefaults({ class: 'ADC', schemaVersion: context.schemaVersion, [name]: copy });
  const normalized = isObject(filled[name]) ? (filled[name] as JsonObject) : copy;
  delete normalized.optimisticLockKey;
  return revealSecrets(normalized, context.vault);
}

/** Tenant properties and application objects as separately comparable entries. */
function objectMap(tenant: JsonObject): Map<string, string> {
  const entries = new Map<string, string>();
  for (const [key, value] of Object.entries(tenant)) {
    if (isObject(value) && value.class !== undefined) {
      for (const [itemKey, item] of Object.entries(value))
        entries.set(`${key}/${itemKey}`, canonicalJson(item));
    } else {
      entries.set(key, canonicalJson(value));
    }
  }
  return entries;
}

/** A stand-in for the number of tmsh lines AS3 reports: the lines of the pretty-printed tenant. */
function lineCount(tenant: JsonObject): number {
  return JSON.stringify(tenant, null, 2).split('\n').length;
}

/**
 * The per-tenant `optimisticLockKey` (`showHash=true`), computed as AS3's hashUtil.hashTenant does:
 * base64 SHA-256 of the base64 of the stored tenant's JSON text (key order as stored).
 */
export function tenantHash(tenant: JsonObject): string {
  const copy = { ...tenant };
  delete copy.optimisticLockKey;
  const text = Buffer.from(JSON.stringify(copy), 'utf8').toString('base64');
  return crypto.createHash('sha256').update(text).digest('base64');
}
