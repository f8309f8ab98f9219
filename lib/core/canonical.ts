import { canonicalKeys, emitYaml } from './yaml-emitter';
import { boundedMemo } from './bounded-memo';
import { sortKeys } from './sort-keys';

/** Key order of Kubernetes documents: these keys first (in this order) at every level, the rest sorted. */
export const KUBERNETES_HEAD = ['apiVersion', 'kind', 'metadata', 'name', 'namespace'] as const;
/**
 * Key order of AS3 documents: `class` first at every level, then the request and declaration
 * metadata a reviewer looks for, then the rest (tenants, applications, objects, properties) sorted.
 */
export const AS3_HEAD = [
  'class',
  'action',
  'persist',
  'schemaVersion',
  'id',
  'label',
  'remark',
  'template',
] as const;

/**
 * Returns a copy with object keys in a fixed order (head keys first, then by code point) at every level.
 * Arrays keep their order; `undefined` members are dropped, as JSON would.
 */
export function canonicalize(value: unknown, head: readonly string[]): unknown {
  if (Array.isArray(value)) return value.map((item) => canonicalize(item, head));
  if (value === null || typeof value !== 'object') return value;
  const source = value as Record<string, unknown>;
  const keys = Object.keys(source).filter((k) => source[k] !== undefined);
  const headKeys = head.filter((k) => keys.includes(k));
  const restKeys = sortKeys(keys.filter((k) => !head.includes(k)));
  const result: Record<string, unknown> = {};
  for (const key of [...headKeys, ...restKeys]) {
    result[key] = canonicalize(source[key], head);
  }
  return result;
}

/** Canonical JSON text: two-space indent, trailing newline. */
export function toCanonicalJson(value: unknown, head: readonly string[] = AS3_HEAD): string {
  return jsonText(canonicalize(value, head));
}

/**
 * The JSON text of `value` in the canonical format, its keys in the order they are: `toCanonicalJson`
 * of a value that is canonical already, and the same byte count for any other order of its keys.
 */
export function jsonText(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/**
 * `toCanonicalJson(value)` of an object of strings (a stack's file hashes), in chunks of about 64 KiB:
 * hashing the chunks gives the hash of that text without building it (36 MB at 300,000 files).
 */
export function* flatCanonicalJsonChunks(
  value: Readonly<Record<string, string | undefined>>,
  head: readonly string[] = AS3_HEAD,
): Generator<string> {
  const keys = canonicalKeys(value, head);
  if (keys.length === 0) {
    yield '{}\n';
    return;
  }
  let chunk = '{\n';
  for (let i = 0; i < keys.length; i += 1) {
    const key = keys[i] as string;
    chunk += `${i === 0 ? '' : ',\n'}  ${JSON.stringify(key)}: ${JSON.stringify(value[key])}`;
    if (chunk.length >= 64 * 1024) {
      yield chunk;
      chunk = '';
    }
  }
  yield `${chunk}\n}\n`;
}

/** Canonical YAML text of one document: YAML 1.1-safe quoting, no line folding, no anchors. */
export function toCanonicalYaml(value: unknown, head: readonly string[] = KUBERNETES_HEAD): string {
  return emitYaml(value, head);
}

/** `JSON.stringify(key)`, remembered: the records of an index repeat the same few dozen keys. */
const jsonKeyOf = boundedMemo(4096, (key) => JSON.stringify(key));

/** `"key": ` as JSON writes it. */
const jsonKey = (key: string) => `${JSON.stringify(key)}: `;

/**
 * Canonical JSON of an index: a top-level object whose arrays hold one record per line and whose
 * objects one entry per line (compact, keys in canonical order), other values as they are. About half
 * the size of the fully indented form, and a change to one record is a one-line diff. `omit` names the
 * keys each record of a section leaves out (in-memory fields).
 */
export function toIndexJson(
  value: Readonly<Record<string, unknown>>,
  head: readonly string[],
  omit: Readonly<Record<string, readonly string[] | undefined>> = {},
): string {
  return [...indexJsonChunks(value, head, omit)].join('');
}

/**
 * The text of `toIndexJson` in pieces, one line at a time: the index of a large stack (100 MB and more)
 * is then never one string, nor a list of every line, before it is stored.
 */
export function* indexJsonChunks(
  value: Readonly<Record<string, unknown>>,
  head: readonly string[],
  omit: Readonly<Record<string, readonly string[] | undefined>> = {},
): Generator<string> {
  const keys = Object.keys(value).filter((k) => value[k] !== undefined);
  const ordered = [
    ...head.filter((k) => keys.includes(k)),
    ...sortKeys(keys.filter((k) => !head.includes(k))),
  ];
  if (ordered.length === 0) {
    yield '{}\n';
    return;
  }
  let separator = '{\n';
  for (const key of ordered) {
    yield separator;
    separator = ',\n';
    const member = value[key];
    if (Array.isArray(member) && member.length > 0) {
      const skip = omit[key] ?? [];
      yield `  ${jsonKey(key)}[\n`;
      for (let i = 0; i < member.length; i += 1) {
        yield `${i === 0 ? '' : ',\n'}    ${compactCanonicalJson(member[i], head, skip)}`;
      }
      yield '\n  ]';
    } else if (
      member !== null &&
      typeof member === 'object' &&
      !Array.isArray(member) &&
      Object.keys(member).length > 0
    ) {
      const source = member as Record<string, unknown>;
      yield `  ${jsonKey(key)}{\n`;
      let first = true;
      for (const k of canonicalKeys(source, head)) {
        yield `${first ? '' : ',\n'}    ${jsonKey(k)}${compactCanonicalJson(source[k], head)}`;
        first = false;
      }
      yield '\n  }';
    } else {
      yield `  ${jsonKey(key)}${JSON.stringify(canonicalize(member, head))}`;
    }
  }
  yield '\n}\n';
}

/**
 * `JSON.stringify(canonicalize(value, head))` without building the copy: compact JSON with keys in the
 * order of the canonical object. `skip` names top-level keys to leave out.
 */
export function compactCanonicalJson(
  value: unknown,
  head: readonly string[],
  skip: readonly string[] = [],
): string {
  if (Array.isArray(value)) {
    return `[${value.map((item) => (item === undefined ? 'null' : compactCanonicalJson(item, head))).join(',')}]`;
  }
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  const source = value as Record<string, unknown>;
  let text = '{';
  for (const key of canonicalKeys(source, head)) {
    if (skip.length > 0 && skip.includes(key)) continue;
    text += `${text.length === 1 ? '' : ','}${jsonKeyOf(key)}:${compactCanonicalJson(source[key], head)}`;
  }
  return `${text}}`;
}
