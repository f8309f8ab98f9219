import type { IConstruct } from 'constructs';
import type { Stack } from './stack';

type ConstructType<T> = abstract new (...args: never[]) => T;

/**
 * The first construct of `type` (in declaration order) for each key `keyOf` gives, built once per
 * synthesis: what a "declared once" check compares itself with, in O(1) instead of a scan of the app.
 * `keyOf` must be a module-level function: it is also the cache key.
 */
export function firstByKey<T extends IConstruct, K>(
  stack: Stack,
  type: ConstructType<T>,
  keyOf: (construct: T) => K,
): Map<K, T> {
  return stack.memoize(keyOf, () => {
    const first = new Map<K, T>();
    for (const construct of stack.constructsOfType(type)) {
      const key = keyOf(construct);
      if (!first.has(key)) first.set(key, construct);
    }
    return first;
  });
}

/** The constructs of `type` grouped by `keyOf` (declaration order kept), built once per synthesis. */
export function groupByKey<T extends IConstruct, K>(
  stack: Stack,
  type: ConstructType<T>,
  keyOf: (construct: T) => K,
): Map<K, T[]> {
  return stack.memoize(keyOf, () => {
    const groups = new Map<K, T[]>();
    for (const construct of stack.constructsOfType(type)) {
      const key = keyOf(construct);
      const group = groups.get(key);
      if (group) group.push(construct);
      else groups.set(key, [construct]);
    }
    return groups;
  });
}

const positionKeys = new WeakMap<object, object>();

/** Declaration position of each construct of `type` in its stack (to compare "declared before"). */
export function positionsOf<T extends IConstruct>(stack: Stack, type: ConstructType<T>): Map<T, number> {
  let cacheKey = positionKeys.get(type);
  if (!cacheKey) {
    cacheKey = {};
    positionKeys.set(type, cacheKey);
  }
  return stack.memoize(cacheKey, () => {
    const positions = new Map<T, number>();
    for (const construct of stack.constructsOfType(type)) positions.set(construct, positions.size);
    return positions;
  });
}
