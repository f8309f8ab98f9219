import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import {
  AS3_HEAD,
  canonicalize,
  compactCanonicalJson,
  toIndexJson,
  flatCanonicalJsonChunks,
  KUBERNETES_HEAD,
  toCanonicalJson,
  toCanonicalYaml,
} from '../../lib/core/canonical';
import type { Doc } from '../helpers/fixture';

describe('canonicalize', () => {
  it('puts the head keys first, in head order, then the other keys by code point', () => {
    const value = { zeta: 1, metadata: {}, Beta: 2, kind: 'K', alpha: 3, apiVersion: 'v1' };
    expect(Object.keys(canonicalize(value, KUBERNETES_HEAD) as object)).toEqual([
      'apiVersion',
      'kind',
      'metadata',
      'Beta',
      'alpha',
      'zeta',
    ]);
  });

  it('applies the order at every level, including objects inside arrays', () => {
    const value = {
      spec: { containers: [{ ports: [], name: 'c', image: 'i' }], b: 1, a: 2 },
      metadata: { namespace: 'ns', labels: {}, name: 'n' },
    };
    const result = canonicalize(value, KUBERNETES_HEAD) as Doc;
    expect(Object.keys(result)).toEqual(['metadata', 'spec']);
    expect(Object.keys(result.metadata)).toEqual(['name', 'namespace', 'labels']);
    expect(Object.keys(result.spec)).toEqual(['a', 'b', 'containers']);
    expect(Object.keys(result.spec.containers[0])).toEqual(['name', 'image', 'ports']);
  });

  it('never reorders arrays', () => {
    expect(canonicalize({ list: ['b', 'a', 3, 1, { z: 1, a: 2 }] }, [])).toEqual({
      list: ['b', 'a', 3, 1, { a: 2, z: 1 }],
    });
    expect((canonicalize([3, 1, 2], []) as number[]).join()).toBe('3,1,2');
  });

  it('drops undefined members but keeps null, false, 0 and empty values', () => {
    const result = canonicalize({ a: undefined, b: null, c: false, d: 0, e: '', f: [], g: {} }, []);
    expect(result).toEqual({ b: null, c: false, d: 0, e: '', f: [], g: {} });
    expect(Object.keys(result as object)).not.toContain('a');
  });

  it('returns a copy and leaves the input alone', () => {
    const input = { b: { d: 1, c: 2 }, a: 1 };
    const result = canonicalize(input, []) as Doc;
    expect(result).not.toBe(input);
    expect(result.b).not.toBe(input.b);
    expect(Object.keys(input)).toEqual(['b', 'a']);
  });

  it('passes scalars through', () => {
    expect(canonicalize('text', [])).toBe('text');
    expect(canonicalize(42, [])).toBe(42);
    expect(canonicalize(null, [])).toBeNull();
  });
});

describe('toCanonicalJson', () => {
  it('puts the AS3 head first ("class", then request metadata), sorts the rest, indents by two and ends with a newline', () => {
    const text = toCanonicalJson({
      zeta: 1,
      Tenant: { b: 1, class: 'Tenant' },
      schemaVersion: '3.56.0',
      class: 'ADC',
    });
    expect(text).toBe(
      '{\n  "class": "ADC",\n  "schemaVersion": "3.56.0",\n  "Tenant": {\n    "class": "Tenant",\n    "b": 1\n  },\n  "zeta": 1\n}\n',
    );
    expect(AS3_HEAD[0]).toBe('class');
  });

  it('takes another head and drops undefined members', () => {
    expect(toCanonicalJson({ files: {}, stack: 'dev', description: undefined }, ['stack'])).toBe(
      '{\n  "stack": "dev",\n  "files": {}\n}\n',
    );
  });

  it('is the same text for objects that differ only in key order', () => {
    expect(toCanonicalJson({ a: 1, b: { c: 2, d: 3 } })).toBe(toCanonicalJson({ b: { d: 3, c: 2 }, a: 1 }));
  });
});

describe('toCanonicalYaml', () => {
  it('writes Kubernetes head order and sorted keys', () => {
    const text = toCanonicalYaml({
      spec: { b: 1, a: 2 },
      metadata: { name: 'x' },
      kind: 'K',
      apiVersion: 'v1',
    });
    expect(text).toBe('apiVersion: v1\nkind: K\nmetadata:\n  name: x\nspec:\n  a: 2\n  b: 1\n');
  });

  it('keeps "\\r\\n" in strings on one line, as a JSON escape, and round-trips it', () => {
    const send = 'GET / HTTP/1.1\r\nHost: a.example.com\r\nConnection: close\r\n\r\n';
    const text = toCanonicalYaml({ monitor: { send } });
    expect(text).toBe(
      'monitor:\n  send: "GET / HTTP/1.1\\r\\nHost: a.example.com\\r\\nConnection: close\\r\\n\\r\\n"\n',
    );
    expect(text.split('\n')).toHaveLength(3);
    expect((YAML.parse(text) as Doc).monitor.send).toBe(send);
  });

  it('never folds long lines', () => {
    const long = 'word '.repeat(60).trim();
    const text = toCanonicalYaml({ description: long });
    expect(text).toBe(`description: ${long}\n`);
  });

  it('writes no anchors or aliases for repeated objects', () => {
    const labels = { app: 'web' };
    const text = toCanonicalYaml({ metadata: { labels }, spec: { selector: labels } });
    expect(text).not.toMatch(/[&*]a\d/);
    expect(text).toBe('metadata:\n  labels:\n    app: web\nspec:\n  selector:\n    app: web\n');
  });

  it('quotes strings that would otherwise read as other types', () => {
    const text = toCanonicalYaml({ labels: { f5cr: 'true', port: '8080', empty: '' } });
    expect(YAML.parse(text)).toEqual({ labels: { f5cr: 'true', port: '8080', empty: '' } });
    expect(text).toContain('f5cr: "true"');
  });

  it('keeps array order', () => {
    expect(toCanonicalYaml({ args: ['--b', '--a'] })).toBe('args:\n  - --b\n  - --a\n');
  });
});

describe('toIndexJson (index.json: one record per line)', () => {
  const index = {
    stack: 'dev',
    outputHash: 'h',
    files: { 'b.yaml': '2', 'a.yaml': '1' },
    manifests: [{ name: 'a.yaml', folder: 'k8s', dependsOn: [], manifest: { kind: 'X' } }],
    devices: [{ url: 'https://a', name: 'A', nested: { z: 1, a: [2, 1] } }],
    empty: [],
    description: undefined,
  };

  it('writes sections one canonical record per line, files one per line, in canonical key order', () => {
    expect(toIndexJson(index, ['stack'], { manifests: ['manifest'] })).toBe(
      [
        '{',
        '  "stack": "dev",',
        '  "devices": [',
        '    {"name":"A","nested":{"a":[2,1],"z":1},"url":"https://a"}',
        '  ],',
        '  "empty": [],',
        '  "files": {',
        '    "a.yaml": "1",',
        '    "b.yaml": "2"',
        '  },',
        '  "manifests": [',
        '    {"dependsOn":[],"folder":"k8s","name":"a.yaml"}',
        '  ],',
        '  "outputHash": "h"',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('parses back to the canonical form of the same value, less the omitted fields', () => {
    const { manifests, ...rest } = index;
    const text = toIndexJson(index, ['stack'], { manifests: ['manifest'] });
    expect(JSON.parse(text)).toEqual(
      canonicalize({ ...rest, manifests: manifests.map(({ manifest: _m, ...m }) => m) }, ['stack']),
    );
    expect(toIndexJson({}, ['stack'])).toBe('{}\n');
  });
});

describe('compactCanonicalJson', () => {
  it('is JSON.stringify of the canonicalized copy, keys of every level in canonical order', () => {
    const values: unknown[] = [
      { z: 1, class: 'Tenant', a: [3, { y: null, b: undefined, '10': 1, '2': 2 }], u: undefined },
      [1, undefined, 'x', { remark: 'r', action: 'deploy' }],
      'plain',
      7,
      null,
      {},
    ];
    for (const value of values) {
      expect(compactCanonicalJson(value, AS3_HEAD)).toBe(JSON.stringify(canonicalize(value, AS3_HEAD)));
    }
    expect(compactCanonicalJson({ a: 1, secret: 2 }, AS3_HEAD, ['secret'])).toBe('{"a":1}');
  });
});

describe('flatCanonicalJsonChunks (the text the output hash is taken over)', () => {
  it.each([
    ['empty', {}],
    ['paths and hashes', { 'k8s/b.yaml': 'bb', 'k8s/a.yaml': 'aa', 'REVIEW.md': 'rr' }],
    ['head keys, array-index keys, quoting', { class: 'x', '10': 'ten', '2': 'two', 'é"\\': 'ü\n', z: 'z' }],
  ])('equals toCanonicalJson, joined: %s', (_, value) => {
    expect([...flatCanonicalJsonChunks(value)].join('')).toBe(toCanonicalJson(value));
  });

  it('yields chunks of about 64 KiB for a large object', () => {
    const value = Object.fromEntries(
      Array.from({ length: 5000 }, (_, i) => [
        `k8s/cluster-${i % 7}/app-${i}.yaml`,
        `${i}`.padStart(64, '0'),
      ]),
    );
    const chunks = [...flatCanonicalJsonChunks(value)];
    expect(chunks.length).toBeGreaterThan(5);
    expect(chunks.slice(0, -1).every((c) => c.length >= 64 * 1024)).toBe(true);
    expect(chunks.join('')).toBe(toCanonicalJson(value));
  });
});
