import { canonicalKeys, emitYaml } from './yaml-emitter';

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

const compareKeys = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

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
  const restKeys = keys.filter((k) => !head.includes(k)).sort(compareKeys);
  const result: Record<string, unknown> = {};
  for (const key of [...headKeys, ...restKeys]) {
    result[key] = canonicalize(source[key], head);
  }
  return result;
}

/** Canonical JSON text: two-space indent, trailing newline. */
export function toCanonicalJson(value: unknown, head: readonly string[] = AS3_HEAD): string {
  return `${JSON.stringify(canonicalize(value, head), null, 2)}\n`;
}

/** Canonical YAML text of one document: YAML 1.1-safe quoting, no line folding, no anchors. */
export function toCanonicalYaml(value: unknown, head: readonly string[] = KUBERNETES_HEAD): string {
  return emitYaml(value, head);
}

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
  const keys = Object.keys(value).filter((k) => value[k] !== undefined);
  const ordered = [
    ...head.filter((k) => keys.includes(k)),
    ...keys.filter((k) => !head.includes(k)).sort(compareKeys),
  ];
  const members = ordered.map((key) => {
    const member = value[key];
    if (Array.isArray(member) && member.length > 0) {
      const skip = omit[key] ?? [];
      const lines = member.map((record: unknown) => {
        return `    ${compactCanonicalJson(record, head, skip)}`;
      });
      return `  ${jsonKey(key)}[\n${lines.join(',\n')}\n  ]`;
    }
    if (
      member !== null &&
      typeof member === 'object' &&
      !Array.isArray(member) &&
      Object.keys(member).length > 0
    ) {
      const source = member as Record<string, unknown>;
      const lines = canonicalKeys(source, head).map(
        (k) => `    ${jsonKey(k)}${compactCanonicalJson(source[k], head)}`,
      );
      return `  ${jsonKey(key)}{\n${lines.join(',\n')}\n  }`;
    }
    return `  ${jsonKey(key)}${JSON.stringify(canonicalize(member, head))}`;
  });
  return members.length === 0 ? '{}\n' : `{\n${members.join(',\n')}\n}\n`;
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
  const members: string[] = [];
  for (const key of canonicalKeys(source, head)) {
    if (skip.length > 0 && skip.includes(key)) continue;
    members.push(`${JSON.stringify(key)}:${compactCanonicalJson(source[key], head)}`);
  }
  return `{${members.join(',')}}`;
}
