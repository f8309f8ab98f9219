import { describe, expect, it } from 'vitest';
import { FileStore } from '../../lib/core/file-store';

describe('FileStore (the files of a synthesis)', () => {
  const contents: Array<[string, string]> = [
    ['b.yaml', 'kind: Service\n'.repeat(20)],
    ['a.yaml', 'kind: Deployment\n'.repeat(20)],
    ['c.json', '{"é": "ü"}\n'],
  ];

  it.each([
    ['plain (small output)', 1024 * 1024],
    ['deflated (past the threshold)', 100],
  ])('reads back every content, in insertion order: %s', (_, threshold) => {
    const store = new FileStore(threshold);
    for (const [path, content] of contents) store.set(path, content);
    expect(store.size).toBe(3);
    expect([...store.keys()]).toEqual(['b.yaml', 'a.yaml', 'c.json']);
    expect([...store]).toEqual(contents);
    expect([...store.values()]).toEqual(contents.map(([, c]) => c));
    expect(store.get('c.json')).toBe('{"é": "ü"}\n');
    expect(store.get('missing')).toBeUndefined();
    expect(store.has('a.yaml')).toBe(true);
    const seen: string[] = [];
    store.forEach((content, path) => seen.push(`${path}:${content.length}`));
    expect(seen).toEqual(contents.map(([p, c]) => `${p}:${c.length}`));
    expect(Object.fromEntries(store)).toEqual(Object.fromEntries(contents));
  });

  it('adopts a file of another store under a new path, and refuses one that is not there', () => {
    const from = new FileStore(100);
    for (const [path, content] of contents) from.set(path, content);
    const to = new FileStore();
    to.adopt('stack/a.yaml', from, 'a.yaml');
    expect([...to]).toEqual([['stack/a.yaml', contents[1]?.[1]]]);
    expect(() => to.adopt('x', from, 'nope')).toThrow(/not in the store/);
  });

  it('deflates what it is given after adopting deflated files (index.json of a large output)', () => {
    const from = new FileStore(100);
    for (const [path, content] of contents) from.set(path, content);
    const to = new FileStore();
    to.adopt('stack/a.yaml', from, 'a.yaml');
    const index = '{"files": 1}\n'.repeat(50);
    to.set('stack/index.json', index);
    const stored = (to as unknown as { stored: Map<string, unknown> }).stored;
    expect(Buffer.isBuffer(stored.get('stack/index.json'))).toBe(true);
    expect(to.get('stack/index.json')).toBe(index);
    // A small output stays plain text.
    const plain = new FileStore();
    plain.set('a.yaml', 'kind: Service\n');
    const small = new FileStore();
    small.adopt('stack/a.yaml', plain, 'a.yaml');
    small.set('stack/index.json', index);
    expect(typeof (small as unknown as { stored: Map<string, unknown> }).stored.get('stack/index.json')).toBe(
      'string',
    );
  });
});
