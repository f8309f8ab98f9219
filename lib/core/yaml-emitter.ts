import { YAML } from './yaml-library';
import { boundedMemo } from './bounded-memo';
import { sortKeys } from './sort-keys';
import { canonicalize } from './canonical';

/**
 * Options of every YAML document we write. YAML 1.1 quoting keeps strings such as `yes`, `on` or
 * `1:20` strings for Kubernetes' YAML 1.1 parsers; no folding, no anchors, JSON-style escapes.
 */
export const YAML_OPTIONS = {
  version: '1.1',
  lineWidth: 0,
  minContentWidth: 0,
  aliasDuplicateObjects: false,
  doubleQuotedAsJSON: true,
} as const;

/** Words YAML 1.1 reads as booleans or null, which must stay quoted. */
const KEYWORDS = new Set(
  ['y', 'yes', 'n', 'no', 'true', 'false', 'on', 'off', 'null'].flatMap((w) => [
    w,
    w.toUpperCase(),
    w[0]!.toUpperCase() + w.slice(1),
  ]),
);
/** Strings every YAML 1.1 emitter writes plain: a letter, then letters, digits, `_ . / -`. */
const PLAIN = /^[A-Za-z][A-Za-z0-9_./-]*$/;

/** What the yaml library writes for a one-line string, remembered. */
const quotedScalar = boundedMemo(100_000, (text) => YAML.stringify(text, YAML_OPTIONS).slice(0, -1));

/** The YAML rendering of a one-line string scalar, as the yaml library writes it. */
function stringScalar(text: string): string | undefined {
  if (PLAIN.test(text) && !KEYWORDS.has(text)) return text;
  if (text.includes('\n')) return undefined;
  return quotedScalar(text);
}

function scalar(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return stringScalar(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      return Number.isSafeInteger(value) ? String(value) : undefined;
    default:
      return value === null ? 'null' : undefined;
  }
}

class Unsupported extends Error {}

const NO_HEAD: readonly string[] = [];

function isCollection(value: unknown): value is Record<string, unknown> | unknown[] {
  return typeof value === 'object' && value !== null;
}

const compareKeys = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Keys JavaScript objects always list first, in ascending order (array indexes). */
const ARRAY_INDEX = /^(?:0|[1-9]\d{0,9})$/;
const isArrayIndex = (key: string) => {
  const first = key.charCodeAt(0);
  // Most keys start with a letter: no regex for them.
  return first >= 48 && first <= 57 && ARRAY_INDEX.test(key) && Number(key) < 4294967295;
};

/**
 * The keys of a map as written: with `head`, the order of the object `canonicalize` builds (array-index
 * keys first, ascending, as every JavaScript object lists them; then the head keys present, in head
 * order; then the rest by code point); without, insertion order. Keys whose value is undefined are left
 * out, as JSON would.
 */
function keysOf(source: Record<string, unknown>, head: readonly string[]): string[] {
  return head.length === 0 ? insertionKeys(source) : canonicalKeys(source, head);
}

function insertionKeys(source: Record<string, unknown>): string[] {
  const keys: string[] = [];
  for (const key of Object.keys(source)) if (source[key] !== undefined) keys.push(key);
  return keys;
}

/** The keys of the object `canonicalize(source, head)` builds, in its iteration order. */
export function canonicalKeys(source: Record<string, unknown>, head: readonly string[]): string[] {
  const keys: string[] = [];
  let indexes: string[] | undefined;
  let headFound = false;
  let sorted = true;
  for (const key of Object.keys(source)) {
    if (source[key] === undefined) continue;
    if (head.includes(key)) {
      headFound = true;
    } else if (isArrayIndex(key)) {
      (indexes ??= []).push(key);
    } else {
      if (sorted && keys.length > 0 && compareKeys(keys[keys.length - 1] as string, key) > 0) sorted = false;
      keys.push(key);
    }
  }
  if (!sorted) sortKeys(keys);
  if (!headFound && !indexes) return keys;
  const present = headFound ? head.filter((k) => source[k] !== undefined && Object.hasOwn(source, k)) : [];
  return [...(indexes ?? []), ...present, ...keys];
}

function renderScalar(value: unknown): string {
  const rendered = scalar(value);
  if (rendered === undefined) throw new Unsupported();
  return rendered;
}

/** Appends a non-empty sequence, or a map with its `keys`, as a block; `indent` is the column of its entries. */
function block(
  value: Record<string, unknown> | unknown[],
  keys: readonly string[] | undefined,
  indent: string,
  out: string[],
  firstPrefix: string,
  head: readonly string[],
): void {
  let prefix = firstPrefix;
  if (Array.isArray(value)) {
    for (const item of value) {
      out.push(prefix, '- ');
      entryValue(item, `${indent}  `, out, true, head);
      prefix = indent;
    }
    return;
  }
  for (const key of keys ?? []) {
    out.push(prefix, renderScalar(key), ':');
    entryValue(value[key], `${indent}  `, out, false, head);
    prefix = indent;
  }
}

/** Appends what follows `key:` or `- `: an inline scalar or empty collection, or a nested block. */
function entryValue(
  item: unknown,
  indent: string,
  out: string[],
  inSequence: boolean,
  head: readonly string[],
): void {
  if (!isCollection(item)) {
    out.push(inSequence ? '' : ' ', renderScalar(item), '\n');
    return;
  }
  const keys = Array.isArray(item) ? undefined : keysOf(item, head);
  if (Array.isArray(item) ? item.length === 0 : keys?.length === 0) {
    out.push(inSequence ? '' : ' ', Array.isArray(item) ? '[]' : '{}', '\n');
    return;
  }
  if (inSequence) {
    // A sequence item's map or sequence starts on the dash's line.
    block(item, keys, indent, out, '', head);
  } else {
    out.push('\n');
    block(item, keys, indent, out, indent, head);
  }
}

/**
 * YAML text of a JSON-like document, identical to `YAML.stringify(value, YAML_OPTIONS)` but several
 * times faster for the documents we write. With `head`, maps are written in canonical key order
 * (identical to emitting `canonicalize(value, head)`, without building the copy). Anything it does not
 * handle the same way (multi-line strings, non-integer numbers) goes to the yaml library for the whole
 * document.
 */
export function emitYaml(value: unknown, head: readonly string[] = NO_HEAD): string {
  const library = () => YAML.stringify(head.length > 0 ? canonicalize(value, head) : value, YAML_OPTIONS);
  if (!isCollection(value)) return library();
  const keys = Array.isArray(value) ? undefined : keysOf(value, head);
  if (Array.isArray(value) ? value.length === 0 : keys?.length === 0) return library();
  const out: string[] = [];
  try {
    block(value, keys, '', out, '', head);
  } catch (error) {
    if (error instanceof Unsupported) return library();
    throw error;
  }
  return out.join('');
}
