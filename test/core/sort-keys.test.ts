import { describe, expect, it } from 'vitest';
import { sortKeys } from '../../lib/core/sort-keys';

/** A small deterministic generator (no Math.random in tests). */
function* lcg(seed: number): Generator<number> {
  let x = seed;
  for (;;) {
    x = (x * 1103515245 + 12345) % 2147483648;
    yield x;
  }
}

describe('sortKeys', () => {
  it('orders as Array.prototype.sort does, for short and long lists, sorted or not', () => {
    const random = lcg(17);
    const alphabet = ['a', 'B', 'z', '_', '-', '0', '9', 'é', '😀', 'aa', 'A', ''];
    for (let round = 0; round < 2000; round += 1) {
      const length = (random.next().value as number) % 50;
      const keys = Array.from({ length }, () => {
        const parts = 1 + ((random.next().value as number) % 3);
        return Array.from(
          { length: parts },
          () => alphabet[(random.next().value as number) % alphabet.length],
        ).join('');
      });
      const unique = [...new Set(keys)];
      const presorted = round % 3 === 0 ? [...unique].sort() : unique;
      const copy = [...presorted];
      expect(sortKeys(copy)).toBe(copy); // in place
      expect(copy).toEqual([...presorted].sort());
    }
  });

  it('leaves an empty list and a single key as they are', () => {
    expect(sortKeys([])).toEqual([]);
    expect(sortKeys(['only'])).toEqual(['only']);
  });
});
