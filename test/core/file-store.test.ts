import { describe, expect, it } from 'vitest';
import { deflateRawSync } from 'node:zlib';
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

  it('stores text given in pieces: whole while the output is small, deflated piece by piece once large', () => {
    const lines = Array.from({ length: 200 }, (_, i) => `    {"name": "k8s/app-${i}.yaml"},\n`);
    const text = lines.join('');
    const stored = (store: FileStore) => (store as unknown as { stored: Map<string, unknown> }).stored;

    const small = new FileStore(1024 * 1024, 1000);
    small.setChunks('index.json', lines);
    expect(stored(small).get('index.json')).toBe(text);
    expect([...small.pieces('index.json')]).toEqual([text]);

    // Past the threshold: about 1,000 characters per deflated piece, read back whole or piece by piece.
    const large = new FileStore(100, 1000);
    large.set('a.yaml', 'kind: Service\n'.repeat(20));
    large.setChunks('index.json', lines);
    const pieces = stored(large).get('index.json') as Buffer[];
    expect(Array.isArray(pieces)).toBe(true);
    const longest = Math.max(...lines.map((l) => l.length));
    expect(pieces.length).toBeGreaterThanOrEqual(Math.floor(text.length / (1000 + longest)));
    expect(pieces.length).toBeLessThanOrEqual(Math.ceil(text.length / 1000));
    expect(pieces.every((p) => Buffer.isBuffer(p))).toBe(true);
    expect(large.get('index.json')).toBe(text);
    const read = [...large.pieces('index.json')];
    expect(read.length).toBe(pieces.length);
    expect(read.every((p) => p.length < 1000 + longest)).toBe(true);
    expect(read.join('')).toBe(text);
    expect(Buffer.isBuffer(stored(large).get('a.yaml'))).toBe(true);

    // An empty text is a file too.
    const empty = new FileStore(100, 1000);
    empty.setChunks('empty.json', []);
    expect(empty.get('empty.json')).toBe('');
  });

  it('deflates against a dictionary of the output stored before, and adopts across stores', () => {
    const yaml = (i: number) =>
      `apiVersion: v1\nkind: Service\nmetadata:\n  name: app-${i}\n  namespace: apps\n`;
    const plain = new FileStore(1024 * 1024);
    const large = new FileStore(2000);
    for (let i = 0; i < 100; i += 1) {
      plain.set(`s${i}.yaml`, yaml(i));
      large.set(`s${i}.yaml`, yaml(i));
    }
    const stored = (store: FileStore) => (store as unknown as { stored: Map<string, unknown> }).stored;
    const last = stored(large).get('s99.yaml') as Buffer;
    // Against the dictionary the file is mostly back-references: far smaller than deflated alone.
    expect(last.length).toBeLessThan(deflateRawSync(yaml(99), { level: 1 }).length / 2);
    expect(large.get('s99.yaml')).toBe(yaml(99));
    expect([...large]).toEqual([...plain]);
    // A store adopting from two stores keeps every content readable.
    const other = new FileStore(100);
    other.set('x.yaml', 'kind: ConfigMap\n'.repeat(30));
    const out = new FileStore();
    out.adopt('a/s1.yaml', large, 's1.yaml');
    out.adopt('a/x.yaml', other, 'x.yaml');
    out.set('a/index.json', '{"files": {}}\n');
    expect(out.get('a/s1.yaml')).toBe(yaml(1));
    expect(out.get('a/x.yaml')).toBe('kind: ConfigMap\n'.repeat(30));
    expect(out.get('a/index.json')).toBe('{"files": {}}\n');
  });
});
