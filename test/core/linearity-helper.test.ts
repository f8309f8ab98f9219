import { describe, expect, it } from 'vitest';
import { linearityRatio } from '../helpers/linearity';

describe('linearityRatio (the measure behind every "linear time" test)', () => {
  it('is about 1 for a linear check', () => {
    const linear = (n: number) =>
      'a'
        .repeat(n)
        .split('')
        .filter((c) => c === 'a').length;
    expect(linearityRatio(linear, 100, 10_000)).toBeLessThan(10);
  });

  it('flags a quadratic check', () => {
    const quadratic = (n: number) => {
      let count = 0;
      for (let i = 0; i < n; i += 1) for (let j = 0; j < n; j += 1) count += i ^ j;
      return count;
    };
    expect(linearityRatio(quadratic, 100, 2_000)).toBeGreaterThan(10);
  });

  it('flags the backtracking regex that CIS used for pool paths', () => {
    const old = /^\/([A-Za-z0-9-_+]+\/)*([-A-Za-z0-9_.:]+\/?)*$/;
    expect(linearityRatio((n) => old.test(`/${'a'.repeat(n)}?`), 10, 20)).toBeGreaterThan(10);
  });
});
