/** Field-level differences between two JSON values, as paths like `spec.pools[0].monitor.interval`. */

export interface FieldChange {
  readonly path: string;
  /** Absent when the field is added. */
  readonly before?: unknown;
  /** Absent when the field is removed. */
  readonly after?: unknown;
}

const IDENTIFIER = /^[A-Za-z_$][\w$-]*$/;

function join(path: string, key: string): string {
  const segment = IDENTIFIER.test(key) ? key : JSON.stringify(key);
  return path === '' ? segment : `${path}.${segment}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A string holding a JSON object or array (an AS3 template in a ConfigMap), parsed; else undefined. */
function embeddedJson(value: unknown): unknown {
  if (typeof value !== 'string' || !/^\s*[[{]/.test(value)) return undefined;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Every leaf that differs. Objects are compared key by key, arrays index by index (items past the shorter
 * end are added or removed), strings that both hold JSON are compared inside (path suffix `(json)`).
 */
export function diffFields(before: unknown, after: unknown, path = ''): FieldChange[] {
  if (Object.is(before, after)) return [];
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((key) => {
      const at = join(path, key);
      if (!(key in after)) return [{ path: at, before: before[key] }];
      if (!(key in before)) return [{ path: at, after: after[key] }];
      return diffFields(before[key], after[key], at);
    });
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const changes: FieldChange[] = [];
    for (let i = 0; i < Math.max(before.length, after.length); i++) {
      const at = `${path}[${i}]`;
      if (i >= after.length) changes.push({ path: at, before: before[i] });
      else if (i >= before.length) changes.push({ path: at, after: after[i] });
      else changes.push(...diffFields(before[i], after[i], at));
    }
    return changes;
  }
  const a = embeddedJson(before);
  const b = embeddedJson(after);
  if (a !== undefined && b !== undefined) return diffFields(a, b, `${path}(json)`);
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  return [{ path, before, after }];
}

/** A value for a one-line change: JSON, shortened in the middle past `max` characters. */
export function showValue(value: unknown, max = 120): string {
  const text = JSON.stringify(value) ?? 'undefined';
  return text.length <= max ? text : `${text.slice(0, max - 20)}…${text.slice(-19)}`;
}

/** `path: before → after`, `path: + after`, `path: − before`. */
export function showChange(change: FieldChange): string {
  if (!('before' in change)) return `${change.path}: + ${showValue(change.after)}`;
  if (!('after' in change)) return `${change.path}: − ${showValue(change.before)}`;
  return `${change.path}: ${showValue(change.before)} → ${showValue(change.after)}`;
}
