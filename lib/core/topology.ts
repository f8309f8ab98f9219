/**
 * Orders items so that every item comes after the items it depends on. Items are taken by `rank`
 * (lower first), then in input order, each pulling in its dependencies first; so the result is
 * deterministic for a deterministic input. Throws on a cycle, naming it.
 */
export function topologicalOrder<T>(
  items: readonly T[],
  dependenciesOf: (item: T) => Iterable<T>,
  describe: (item: T) => string,
  rank: (item: T) => number = () => 0,
): T[] {
  const known = new Set(items);
  const state = new Map<T, 'visiting' | 'done'>();
  const ordered: T[] = [];

  const visit = (item: T, trail: T[]): void => {
    const current = state.get(item);
    if (current === 'done') return;
    if (current === 'visiting') {
      const cycle = [...trail.slice(trail.indexOf(item)), item].map(describe).join(' -> ');
      throw new Error(`dependency cycle: ${cycle}`);
    }
    state.set(item, 'visiting');
    trail.push(item);
    for (const dependency of dependenciesOf(item)) {
      if (known.has(dependency)) visit(dependency, trail);
    }
    trail.pop();
    state.set(item, 'done');
    ordered.push(item);
  };

  const byRank = items.map((item, index) => ({ item, index, rank: rank(item) }));
  byRank.sort((a, b) => a.rank - b.rank || a.index - b.index);
  for (const { item } of byRank) visit(item, []);
  return ordered;
}
