/**
 * `compute`, remembered per key in a cache of at most `limit` entries (emptied when full): for pure
 * functions that every check of a large stack calls with the same few values (addresses, CIDRs, keys).
 * `undefined` results are remembered too.
 */
export function boundedMemo<V>(limit: number, compute: (key: string) => V): (key: string) => V {
  const cache = new Map<string, V>();
  return (key) => {
    const hit = cache.get(key);
    if (hit !== undefined || cache.has(key)) return hit as V;
    const value = compute(key);
    if (cache.size >= limit) cache.clear();
    cache.set(key, value);
    return value;
  };
}
