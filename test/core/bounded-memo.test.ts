import { describe, expect, it } from 'vitest';
import { boundedMemo } from '../../lib/core/bounded-memo';

describe('boundedMemo', () => {
  it('computes each key once, undefined results included', () => {
    const calls: string[] = [];
    const memo = boundedMemo(10, (key) => {
      calls.push(key);
      return key === 'none' ? undefined : key.length;
    });
    expect([memo('ab'), memo('ab'), memo('none'), memo('none')]).toEqual([2, 2, undefined, undefined]);
    expect(calls).toEqual(['ab', 'none']);
  });

  it('holds at most `limit` entries: when full it starts over', () => {
    const calls: string[] = [];
    const memo = boundedMemo(2, (key) => {
      calls.push(key);
      return key;
    });
    for (const key of ['a', 'b', 'a', 'c', 'a']) memo(key);
    // 'c' found the cache full (a, b) and emptied it, so 'a' was computed again.
    expect(calls).toEqual(['a', 'b', 'c', 'a']);
  });
});
