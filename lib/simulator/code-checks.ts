/**
 * The checks AS3 makes in code rather than in its JSON schema (as3-facts §1.4, §1.8, §2.2): unknown property
 * names, full-path lengths, duplicate node names and array values, pointer targets, Service_Address autoDelete.
 * Each returns AS3's message, or undefined when the declaration passes.
 */
import type { As3PostProcessRecord, As3PropertyVocabulary } from '../as3/schema-validator';
import { applicationItems, canonicalJson, getByPointer, isObject, type JsonObject } from './declaration-util';
import { resolvePointer } from './pointers';

/** A failed check: the HTTP status AS3 answers with and its message. */
export interface CheckFailure {
  readonly status: 400 | 422;
  readonly message: string;
  /** Set for schema-style errors reported in `errors: [...]` under `declaration is invalid`. */
  readonly asValidationError?: boolean;
}

/** Keys whose contents are arbitrary user data, not schema properties. */
const FREE_FORM = new Set(['metadata', 'localZones', 'forwardZones', 'environmentVariables']);

/**
 * `Invalid data property: <key>` — a key that appears nowhere in the schema (AS3's validator.isValid). Keys
 * naming user objects (their value has a `class`), array indexes and `constants`/`verifiers` contents are
 * exempt; the values of `class`, `template` and `logLevel` must be known words too.
 */
export function findInvalidDataProperty(
  declaration: JsonObject,
  vocabulary: As3PropertyVocabulary,
): string | undefined {
  const words: string[] = [];
  const collect = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(collect);
      return;
    }
    if (!isObject(node)) return;
    for (const [key, value] of Object.entries(node)) {
      const named = isObject(value) && value.class !== undefined;
      if (!named && key !== 'class' && key !== 'constants' && key !== '$value' && !/^\d+$/.test(key)) {
        words.push(key);
      }
      if ((key === 'class' || key === 'template' || key === 'logLevel') && typeof value === 'string') {
        if (value !== 'ADC' && value !== 'AS3') words.push(value);
      }
      if (FREE_FORM.has(key) || key === 'constants' || key === 'verifiers') continue;
      collect(value);
    }
  };
  collect(declaration);
  return words.find(
    (word) => !vocabulary.names.has(word) && !vocabulary.patterns.some((pattern) => pattern.test(word)),
  );
}

/** tmsh refuses full paths over 255 characters (400, `adcParser.validatePathLength`). */
export function checkPathLimit255(declaration: JsonObject): CheckFailure | undefined {
  for (const [tenant, app, item] of applicationItems(declaration)) {
    const path = `/${tenant}/${app}/${item}`;
    if (path.length > 255) {
      return { status: 400, message: `The path ${path} exceeds the 255 full path character limit` };
    }
  }
  return undefined;
}

/** AS3 ≥3.17 limits `/T/A/item` to 195 characters (`postValidator.validatePathLengths`). */
export function checkPathLimit195(declaration: JsonObject): CheckFailure | undefined {
  for (const [tenant, app, item] of applicationItems(declaration)) {
    const path = `/${tenant}/${app}/${item}`;
    if (path.length > 195) return { status: 422, message: `Path ${path} is longer than 195 characters` };
  }
  return undefined;
}

/** Pool member `servers[].name` must name one address throughout the declaration. */
export function checkDuplicateNodeNames(declaration: JsonObject): CheckFailure | undefined {
  const addresses = new Map<string, unknown>();
  const duplicates: string[] = [];
  for (const [, , , item] of applicationItems(declaration)) {
    if (item.class !== 'Pool' || !Array.isArray(item.members)) continue;
    for (const member of item.members) {
      if (!isObject(member) || !Array.isArray(member.servers)) continue;
      for (const server of member.servers) {
        if (!isObject(server) || typeof server.name !== 'string') continue;
        const known = addresses.get(server.name);
        if (known !== undefined && known !== server.address) duplicates.push(server.name);
        else addresses.set(server.name, server.address);
      }
    }
  }
  if (duplicates.length === 0) return undefined;
  return {
    status: 422,
    message: `The node name must be unique throughout the declaration. Duplicate node name '${duplicates.join(',')}' found.`,
  };
}

/** Array properties whose items must be unique; the schema only says so in a `$comment`. */
const UNIQUE_ARRAYS = [
  'iRules',
  'persistenceMethods',
  'monitors',
  'tcpOptions',
  'certificates',
  'members',
  'doNotProxyHosts',
  'rules',
];

export function checkDuplicateValues(declaration: JsonObject): CheckFailure | undefined {
  // AS3 walks the list from its end, so with two offenders the later name is reported.
  for (const property of [...UNIQUE_ARRAYS].reverse()) {
    for (const array of arraysNamed(declaration, property)) {
      const seen = new Set<string>();
      for (const item of array) {
        const key = canonicalJson(item);
        if (seen.has(key)) return { status: 422, message: `declaration has duplicate values in ${property}` };
        seen.add(key);
      }
    }
  }
  return undefined;
}

function arraysNamed(node: unknown, property: string, found: unknown[][] = []): unknown[][] {
  if (Array.isArray(node)) node.forEach((item) => arraysNamed(item, property, found));
  else if (isObject(node)) {
    for (const [key, value] of Object.entries(node)) {
      if (key === property && Array.isArray(value)) found.push(value);
      arraysNamed(value, property, found);
    }
  }
  return found;
}

/** `autoDelete: false` on a Service_Address is only allowed in Common. */
export function checkServiceAddressAutoDelete(declaration: JsonObject): CheckFailure | undefined {
  for (const [tenant, , , item] of applicationItems(declaration)) {
    if (tenant !== 'Common' && item.class === 'Service_Address' && item.autoDelete === false) {
      return {
        status: 422,
        message: 'Disabling auto-delete for service addresses in non-common tenants is not supported.',
      };
    }
  }
  return undefined;
}

/** Tests whether a pointer target has the shape the schema asks for (the `pointer` tag's data). */
export type TargetMatcher = (schema: unknown, target: unknown) => boolean;

/**
 * Pointer checks driven by the official schema's `f5PostProcess` pointer tags (the places AS3 itself checks).
 * `root` may include a stored Common tenant merged in, as AS3 does when a declaration references /Common/Shared.
 */
export function checkTaggedPointers(
  validated: JsonObject,
  records: readonly As3PostProcessRecord[],
  root: JsonObject,
  matches: TargetMatcher,
): CheckFailure | undefined {
  const seen = new Set<string>();
  for (const record of records) {
    if (record.tag !== 'pointer' || seen.has(record.instancePath)) continue;
    seen.add(record.instancePath);
    const pointer = getByPointer(validated, record.instancePath);
    if (typeof pointer !== 'string' || pointer === '') continue;
    const failure = checkOnePointer(pointer, record.instancePath, root, (target) =>
      matches(record.data, target),
    );
    if (failure) return failure;
  }
  return undefined;
}

/**
 * Without a schema file the simulator still checks the pointers every ingress declaration uses: each
 * `{ "use": "…" }` object and the `pool` of a Service_* (which must be a Pool).
 */
export function checkCommonPointers(declaration: JsonObject, root: JsonObject): CheckFailure | undefined {
  const visit = (node: unknown, path: string): CheckFailure | undefined => {
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i += 1) {
        const failure = visit(node[i], `${path}/${i}`);
        if (failure) return failure;
      }
      return undefined;
    }
    if (!isObject(node)) return undefined;
    const keys = Object.keys(node);
    if (keys.length === 1 && typeof node.use === 'string') {
      return checkOnePointer(node.use, `${path}/use`, root, () => true);
    }
    if (
      typeof node.class === 'string' &&
      node.class.startsWith('Service_') &&
      typeof node.pool === 'string'
    ) {
      const failure = checkOnePointer(
        node.pool,
        `${path}/pool`,
        root,
        (t) => isObject(t) && t.class === 'Pool',
      );
      if (failure) return failure;
    }
    for (const key of keys) {
      if (FREE_FORM.has(key) || key === 'constants') continue;
      const failure = visit(node[key], `${path}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`);
      if (failure) return failure;
    }
    return undefined;
  };
  return visit(declaration, '');
}

function checkOnePointer(
  pointer: string,
  instancePath: string,
  root: JsonObject,
  accepts: (target: unknown) => boolean,
): CheckFailure | undefined {
  const resolved = resolvePointer(pointer, instancePath, root);
  if ('error' in resolved) {
    return { status: 422, message: `${instancePath}: ${resolved.error}`, asValidationError: true };
  }
  if (!accepts(resolved.target)) {
    return {
      status: 422,
      message: `${instancePath}: AS3 pointer ${pointer} does not point to required object type`,
      asValidationError: true,
    };
  }
  return undefined;
}
