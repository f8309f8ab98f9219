/**
 * Rules AS3 and TMOS apply after the schema, against what the device has: `{ bigip: "/Common/x" }`
 * references to objects that do not exist (AS3's bigComponent tag: 422 before any change), route
 * domains that are out of range or not on the device, and a virtual address:port used twice on the
 * device (TMOS refuses the tenant that brings the second one; the tenant fails, the others apply).
 * Each walk is linear in the declaration; the address:port index is built once per request.
 */
import { hasApplications, isObject, isTenant, type JsonObject } from './declaration-util';

/** What the simulated BIG-IP has besides AS3's tenants. */
export interface DeviceInventory {
  /**
   * Full paths of the `/Common` objects on the device (profiles, monitors, iRules, pools, VLANs,
   * certificates…) that declarations may reference with `{ "bigip": "/Common/…" }`.
   * @default - references are not checked
   */
  readonly commonObjects?: readonly string[];
  /**
   * Route domain ids configured on the device.
   * @default [0]
   */
  readonly routeDomains?: readonly number[];
}

const MAX_ROUTE_DOMAIN = 65535;
const ADDRESS_WITH_RD = /^([0-9A-Fa-f:.]+)%(\d+)(\/\d{1,3})?$/;

type Visit = (value: unknown, pointer: string, key: string) => void;

function walk(node: unknown, pointer: string, visit: Visit, key = ''): void {
  visit(node, pointer, key);
  if (Array.isArray(node)) node.forEach((item, i) => walk(item, `${pointer}/${i}`, visit, String(i)));
  else if (isObject(node))
    for (const [k, v] of Object.entries(node))
      walk(v, `${pointer}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`, visit, k);
}

/**
 * AS3's 422 for the first `{ bigip: "/Common/…" }` the device does not have (`Unable to find … for …`),
 * in declaration order. `/Common/Shared/…` objects are AS3's own (the Common tenant) and not checked here.
 */
export function checkCommonReferences(
  declaration: JsonObject,
  inventory: DeviceInventory | undefined,
): string | undefined {
  const known = inventory?.commonObjects;
  if (!known) return undefined;
  const have = new Set(known);
  let failure: string | undefined;
  walk(declaration, '', (value, pointer) => {
    if (failure || !isObject(value) || typeof value.bigip !== 'string') return;
    const target = value.bigip.replace(/"/g, '');
    if (!target.startsWith('/Common/') || target.startsWith('/Common/Shared/')) return;
    if (!have.has(target)) failure = `Unable to find ${target} for ${pointer}`;
  });
  return failure;
}

/** A route domain id over TMOS's 65535 written into an address (what the f5ip format refuses), as AS3 words it. */
export function checkRouteDomainRange(declaration: JsonObject): string | undefined {
  let failure: string | undefined;
  walk(declaration, '', (value, pointer) => {
    if (failure || typeof value !== 'string') return;
    const match = ADDRESS_WITH_RD.exec(value);
    if (match && Number(match[2]) > MAX_ROUTE_DOMAIN) failure = `${pointer}: should match format "f5ip"`;
  });
  return failure;
}

/** The route domains a tenant uses: `%N` in addresses, `defaultRouteDomain`, pool members' `routeDomain`. */
function routeDomainsOf(tenant: JsonObject): Set<number> {
  const used = new Set<number>();
  if (typeof tenant.defaultRouteDomain === 'number') used.add(tenant.defaultRouteDomain);
  walk(tenant, '', (value, _pointer, key) => {
    if (typeof value === 'string') {
      const match = ADDRESS_WITH_RD.exec(value);
      if (match) used.add(Number(match[2]));
    } else if (key === 'routeDomain' && typeof value === 'number') used.add(value);
  });
  return used;
}

const DEFAULT_PORT: Record<string, number> = { Service_HTTP: 80, Service_HTTPS: 443 };

/** `address%rd:port` → `/T/A/service` for every virtual server of a tenant. */
function virtualsOf(name: string, tenant: JsonObject): Array<[string, string]> {
  const found: Array<[string, string]> = [];
  for (const [appName, app] of Object.entries(tenant)) {
    if (!isObject(app) || app.class !== 'Application') continue;
    for (const [itemName, item] of Object.entries(app)) {
      if (!isObject(item) || typeof item.class !== 'string' || !item.class.startsWith('Service_')) continue;
      if (item.virtualType === 'internal' || !Array.isArray(item.virtualAddresses)) continue;
      const port = typeof item.virtualPort === 'number' ? item.virtualPort : DEFAULT_PORT[item.class];
      if (port === undefined) continue;
      for (const entry of item.virtualAddresses) {
        const address = typeof entry === 'string' ? entry : Array.isArray(entry) ? entry[0] : undefined;
        if (typeof address !== 'string' || address === '') continue;
        const withRd = address.includes('%')
          ? address.split('/')[0]
          : `${address.split('/')[0]}%${typeof tenant.defaultRouteDomain === 'number' ? tenant.defaultRouteDomain : 0}`;
        found.push([`${withRd}:${port}`, `/${name}/${appName}/${itemName}`]);
      }
    }
  }
  return found;
}

/**
 * With an inventory, per tenant of `desired` that TMOS would refuse, its error text: a virtual address:port another virtual
 * on the device already has (stored tenants, and tenants of this request before it), or a route domain
 * the device does not have. A refused tenant keeps its stored version, whose virtuals stay in the index.
 */
export function deviceStateFailures(
  desired: JsonObject,
  stored: JsonObject,
  order: readonly string[],
  inventory: DeviceInventory | undefined,
): Map<string, string> {
  const failures = new Map<string, string>();
  if (!inventory) return failures;
  const routeDomains = new Set(inventory?.routeDomains ?? [0]);
  const owners = new Map<string, string>();
  const index = (name: string, tenant: unknown) => {
    if (!isTenant(tenant)) return;
    for (const [key, path] of virtualsOf(name, tenant)) if (!owners.has(key)) owners.set(key, path);
  };
  for (const [name, tenant] of Object.entries(stored)) if (!isTenant(desired[name])) index(name, tenant);
  for (const name of new Set(order)) {
    const tenant = desired[name];
    if (!isTenant(tenant) || !hasApplications(tenant)) continue;
    const missing = [...routeDomainsOf(tenant)].find((rd) => !routeDomains.has(rd));
    if (missing !== undefined) {
      failures.set(name, `01020036:3: The requested route domain (/Common/${missing}) was not found.`);
      index(name, stored[name]);
      continue;
    }
    const mine = virtualsOf(name, tenant);
    const seen = new Map<string, string>();
    let clash: string | undefined;
    for (const [key, path] of mine) {
      const other = owners.get(key) ?? seen.get(key);
      if (other !== undefined) {
        clash = `01070333:3: Virtual Server ${path} illegally shares both address and port with Virtual Server ${other}.`;
        break;
      }
      seen.set(key, path);
    }
    if (clash) {
      failures.set(name, clash);
      index(name, stored[name]);
    } else {
      for (const [key, path] of mine) owners.set(key, path);
    }
  }
  return failures;
}
