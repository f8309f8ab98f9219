import { emitYaml } from './yaml-emitter';

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
  return emitYaml(canonicalize(value, head));
}
