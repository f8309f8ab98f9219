/** Small helpers over AS3 declarations shared by the simulator's modules. */

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isTenant(value: unknown): value is JsonObject {
  return isObject(value) && value.class === 'Tenant';
}

export function isApplication(value: unknown): value is JsonObject {
  return isObject(value) && value.class === 'Application';
}

/** Keys of the declaration whose value is a Tenant, in declaration order. */
export function tenantNames(declaration: JsonObject): string[] {
  return Object.keys(declaration).filter((key) => isTenant(declaration[key]));
}

/** A tenant without any classy child (application) is a request to delete it, as AS3's checkForTenantDelete. */
export function hasApplications(tenant: JsonObject): boolean {
  return Object.values(tenant).some((value) => isObject(value) && value.class !== undefined);
}

/**
 * The order AS3 processes tenants in (`fetch.tenantList`): `Common` first (adds only) and again last
 * (deletes), every other tenant once in between.
 */
export function processingOrder(declaration: JsonObject): string[] {
  const names = tenantNames(declaration);
  if (!names.includes('Common')) return names;
  const others = names.filter((name) => name !== 'Common');
  return ['Common', ...others, 'Common'];
}

/** A deep copy the way AS3 makes them (`JSON.parse(JSON.stringify(x))`). */
export function jsonCopy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** JSON with object keys sorted at every level, so two equal documents have equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (!isObject(value)) return value;
  // fromEntries defines keys: a `__proto__` key stays data instead of becoming the prototype.
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortKeys(value[key])]),
  );
}

/**
 * Whether a parsed JSON document has an object key `__proto__` anywhere. JSON.parse keeps it as plain
 * data, but any copy made by assignment would turn it into a prototype, so the simulator refuses such
 * bodies up front (AS3 knows no property of that name either). Iterative: nesting depth does not matter.
 */
export function hasProtoKey(document: unknown): boolean {
  const pending: unknown[] = [document];
  while (pending.length > 0) {
    const node = pending.pop();
    if (Array.isArray(node)) {
      for (const item of node) pending.push(item);
    } else if (isObject(node)) {
      if (Object.prototype.hasOwnProperty.call(node, '__proto__')) return true;
      for (const item of Object.values(node)) pending.push(item);
    }
  }
  return false;
}

/** Reads a JSON pointer (`/a/b/0`) from a document; undefined when any step is missing. Own data only. */
export function getByPointer(root: unknown, pointer: string): unknown {
  if (pointer === '') return root;
  let node: unknown = root;
  for (const raw of pointer.split('/').slice(1)) {
    const token = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node) && /^(0|[1-9][0-9]*)$/.test(token)) node = node[Number(token)];
    else if (isObject(node) && Object.prototype.hasOwnProperty.call(node, token)) node = node[token];
    else return undefined;
  }
  return node;
}

/** Every Application of every Tenant: `[tenantName, applicationName, application]`. */
export function* applications(declaration: JsonObject): Generator<[string, string, JsonObject]> {
  for (const tenantName of tenantNames(declaration)) {
    const tenant = declaration[tenantName] as JsonObject;
    for (const [appName, app] of Object.entries(tenant)) {
      if (isApplication(app)) yield [tenantName, appName, app];
    }
  }
}

/** Every classy item inside every Application: `[tenant, application, itemName, item]`. */
export function* applicationItems(declaration: JsonObject): Generator<[string, string, string, JsonObject]> {
  for (const [tenantName, appName, app] of applications(declaration)) {
    for (const [itemName, item] of Object.entries(app)) {
      if (isObject(item) && item.class !== undefined) yield [tenantName, appName, itemName, item];
    }
  }
}
