import { describe, expect, it } from 'vitest';
import { topologicalOrder } from '../../lib/core/topology';

type Graph = Record<string, string[]>;

function order(items: string[], graph: Graph, rank?: (item: string) => number): string[] {
  return topologicalOrder(
    items,
    (item) => graph[item] ?? [],
    (item) => item,
    rank,
  );
}

describe('topologicalOrder', () => {
  it('keeps input order when nothing depends on anything', () => {
    expect(order(['c', 'a', 'b'], {})).toEqual(['c', 'a', 'b']);
  });

  it('puts every item after its dependencies, pulling them forward', () => {
    expect(order(['app', 'db', 'ns'], { app: ['db', 'ns'], db: ['ns'] })).toEqual(['ns', 'db', 'app']);
  });

  it('takes dependencies in the order they are listed', () => {
    expect(order(['x', 'b', 'a'], { x: ['a', 'b'] })).toEqual(['a', 'b', 'x']);
  });

  it('orders by rank first, then input order', () => {
    const rank = (item: string) => (item.startsWith('ns') ? 0 : item.startsWith('crd') ? 1 : 2);
    expect(order(['svc', 'crd1', 'ns2', 'dep', 'ns1'], {}, rank)).toEqual([
      'ns2',
      'ns1',
      'crd1',
      'svc',
      'dep',
    ]);
  });

  it('lets a dependency beat rank: a higher-ranked item that something needs comes first', () => {
    const rank = (item: string) => (item === 'ns' ? 0 : 2);
    expect(order(['cm', 'ns'], { ns: ['cm'] }, rank)).toEqual(['cm', 'ns']);
  });

  it('ignores dependencies that are not among the items', () => {
    expect(order(['a', 'b'], { a: ['outside'], b: ['a'] })).toEqual(['a', 'b']);
  });

  it('is deterministic: the same input gives the same order', () => {
    const graph = { d: ['b'], c: ['a'], b: ['a'] };
    expect(order(['d', 'c', 'b', 'a'], graph)).toEqual(order(['d', 'c', 'b', 'a'], graph));
    expect(order(['d', 'c', 'b', 'a'], graph)).toEqual(['a', 'b', 'd', 'c']);
  });

  it('visits each item once even when many depend on it', () => {
    expect(order(['a', 'b', 'c', 'shared'], { a: ['shared'], b: ['shared'], c: ['shared'] })).toEqual([
      'shared',
      'a',
      'b',
      'c',
    ]);
  });

  it('throws on a cycle, naming it from where it closes', () => {
    expect(() => order(['a', 'b', 'c'], { a: ['b'], b: ['c'], c: ['b'] })).toThrow(
      new Error('dependency cycle: b -> c -> b'),
    );
  });

  it('names a self-dependency as a cycle', () => {
    expect(() => order(['a'], { a: ['a'] })).toThrow(new Error('dependency cycle: a -> a'));
  });

  it('uses describe() for the items in the cycle message', () => {
    const one = { id: 1 };
    const two = { id: 2 };
    expect(() =>
      topologicalOrder(
        [one, two],
        (item) => [item === one ? two : one],
        (item) => `[item ${item.id}]`,
      ),
    ).toThrow('dependency cycle: [item 1] -> [item 2] -> [item 1]');
  });
});
