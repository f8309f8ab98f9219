import type { JsonPatch } from 'cdk8s';
import { JsonPatch as Patch } from 'cdk8s';
import { shortHash } from '../core/names';
import { As3Application } from './application';
import type { IAs3Tenant } from './tenant';

/** The AS3 schema version every declaration is written for (CIS 2.20.4 supports AS3 3.56.0). */
export const AS3_SCHEMA_VERSION = '3.56.0';

/** Tenant `label` that marks a tenant as written by a stack; the Pulumi provider guards with it. */
export function ownershipMarker(stackName: string): string {
  return `vks-bigip:${stackName}`;
}

const REMARK_PREFIX = 'managed by vks-bigip for device ';

/**
 * Tenant `remark` of a stack-owned tenant: which device construct declares it (a hash when the name is
 * too long for AS3's 64 characters). When a device is renamed (same BIG-IP, new name, so a new Pulumi
 * resource), the old resource's delete sees the tenant now carries the new name and leaves it alone.
 */
export function stackTenantRemark(deviceName: string): string {
  const full = `${REMARK_PREFIX}${deviceName}`;
  return full.length <= 64 ? full : `${REMARK_PREFIX}#${shortHash(deviceName, 16)}`;
}

/** Whether `remark` says the tenant is declared by another device construct than `deviceName`. */
export function remarkNamesOtherDevice(remark: unknown, deviceName: string): boolean {
  return (
    typeof remark === 'string' && remark.startsWith(REMARK_PREFIX) && remark !== stackTenantRemark(deviceName)
  );
}

/** Tenant `label` of tenants posted by CIS from an AS3 ConfigMap that a stack rendered. */
export function configMapMarker(stackName: string): string {
  return `vks-bigip-cis:${stackName}`;
}

/** AS3 `ADC.id` is at most 255 characters. */
const DECLARATION_ID_MAX = 255;

/**
 * A stable declaration id derived from stack, device and tenant (AS3 would otherwise invent one). Ids
 * longer than AS3's 255 characters (long tenant names) keep their head and end in a hash of the whole.
 */
export function declarationId(stackName: string, deviceName: string, tenantName: string): string {
  const id = `urn:vks-bigip:${stackName}:${deviceName}:${tenantName}`;
  if (id.length <= DECLARATION_ID_MAX) return id;
  const hash = shortHash(id, 16);
  return `${id.slice(0, DECLARATION_ID_MAX - hash.length - 1)}-${hash}`;
}

export interface TenantRenderOptions {
  readonly tenant: IAs3Tenant;
  readonly applications: readonly As3Application[];
  /** Tenant `label`: the ownership marker. */
  readonly label: string;
  /** Tenant `remark`: a human sentence (at most 64 characters). */
  readonly remark: string;
  /**
   * Tenant `defaultRouteDomain`.
   * @default - not rendered (AS3's default, 0)
   */
  readonly defaultRouteDomain?: number;
}

/** The Tenant object of a declaration: its applications by name. */
export function renderTenant(options: TenantRenderOptions): Record<string, unknown> {
  const tenant: Record<string, unknown> = {
    class: 'Tenant',
    label: options.label,
    remark: options.remark,
    defaultRouteDomain: options.defaultRouteDomain || undefined,
  };
  for (const application of options.applications) tenant[application.applicationName] = application.render();
  return tenant;
}

export interface RequestRenderOptions extends TenantRenderOptions {
  readonly stackName: string;
  /**
   * The declaration's `schemaVersion`: no newer than the device's AS3.
   * @default AS3_SCHEMA_VERSION
   */
  readonly schemaVersion?: string;
  /**
   * RFC 6902 operations applied to the whole request body (escape hatch).
   * @default - none
   */
  readonly patches?: readonly JsonPatch[];
}

/**
 * The full AS3 request body for one tenant: `{ class: AS3, action: deploy, persist: true,
 * declaration: { class: ADC, schemaVersion, id, label, remark, <tenant> } }`.
 */
export function renderAs3Request(options: RequestRenderOptions): Record<string, unknown> {
  const { tenant, stackName } = options;
  const body = {
    class: 'AS3',
    action: 'deploy',
    persist: true,
    declaration: {
      class: 'ADC',
      schemaVersion: options.schemaVersion ?? AS3_SCHEMA_VERSION,
      id: declarationId(stackName, tenant.device.deviceName, tenant.tenantName),
      label: options.label,
      remark: options.remark,
      [tenant.tenantName]: renderTenant(options),
    },
  };
  return options.patches?.length ? (Patch.apply(body, ...options.patches) as Record<string, unknown>) : body;
}

/** Keys that hold secret material in AS3 (Certificate, TLS, monitor credentials). */
const SECRET_KEYS = new Set(['privateKey', 'passphrase', 'ciphertext', 'pkcs12', 'password', 'secret']);

/** A PEM private key, wherever it appears (e.g. pasted after a certificate). */
const PEM_PRIVATE_KEY = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/;

/**
 * JSON pointers of secret material in a rendered declaration: a secret key holding anything but a
 * `{ bigip }` reference, or a string holding a PEM private key. Declarations are written for review and
 * GitOps, so they must carry none.
 */
export function findSecretMaterial(value: unknown, pointer = ''): string[] {
  const found: string[] = [];
  // The path is kept as a stack of keys and spelled out only for a finding: a declaration of thousands
  // of apps has hundreds of thousands of keys and, as a rule, no secret.
  const keys: string[] = [];
  const at = () => pointer + keys.map((k) => `/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
  const walk = (node: unknown): void => {
    if (typeof node === 'string') {
      if (PEM_PRIVATE_KEY.test(node)) found.push(at());
      return;
    }
    if (node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i += 1) {
        keys.push(String(i));
        walk(node[i]);
        keys.pop();
      }
      return;
    }
    for (const key of Object.keys(node)) {
      const child = (node as Record<string, unknown>)[key];
      keys.push(key);
      if (SECRET_KEYS.has(key) && child !== undefined && !isBigipReference(child)) found.push(at());
      else walk(child);
      keys.pop();
    }
  };
  walk(value);
  return found;
}

function isBigipReference(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || !('bigip' in value)) return false;
  return Object.keys(value).length === 1;
}

/** Applications of each tenant in a tree, in declaration order. */
export function applicationsByTenant(
  applications: readonly As3Application[],
): Map<IAs3Tenant, As3Application[]> {
  const byTenant = new Map<IAs3Tenant, As3Application[]>();
  for (const application of applications) {
    const list = byTenant.get(application.tenant) ?? [];
    list.push(application);
    byTenant.set(application.tenant, list);
  }
  return byTenant;
}
