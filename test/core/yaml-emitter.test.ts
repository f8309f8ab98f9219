import YAML from 'yaml';
import { describe, expect, it } from 'vitest';
import { synthesizeStack } from '../../lib/core/synth';
import { canonicalize, KUBERNETES_HEAD } from '../../lib/core/canonical';
import { emitYaml, YAML_OPTIONS } from '../../lib/core/yaml-emitter';
import { createApp } from '../../stacks/index';
import { buildFleet } from '../../bench/fleet';

/** Every YAML document the repository's stacks and a generated fleet synthesize, parsed back. */
function synthesizedDocuments(): unknown[] {
  const stacks = [...createApp().stacks, buildFleet(40).stack];
  return stacks.flatMap((stack) =>
    [...synthesizeStack(stack).files]
      .filter(([path]) => path.endsWith('.yaml'))
      .map(([, text]) => YAML.parse(text)),
  );
}

describe('emitYaml', () => {
  it('writes exactly what the yaml library writes, for every synthesized document', () => {
    const documents = synthesizedDocuments();
    expect(documents.length).toBeGreaterThan(100);
    for (const document of documents) expect(emitYaml(document)).toBe(YAML.stringify(document, YAML_OPTIONS));
  });

  it('writes exactly what the yaml library writes for awkward shapes and scalars', () => {
    const awkward = [
      { a: [], b: {}, c: [[1, [2]], [{ d: 1, e: [{}] }]], f: null, g: true, h: false },
      { keys: { y: 1, n: 2, on: 3, 'a b': 4, '1': 5, 'x: y': 6 } },
      { numbers: [0, -1, 1.5, 1e21, 123456789] },
      {
        strings: [
          '',
          ' lead',
          'trail ',
          '#c',
          '- x',
          'x: y',
          '1:20',
          '0777',
          '10.0.0.1',
          '@at',
          'é',
          'tab\there',
          '\r\n',
        ],
      },
      { multiline: 'line one\nline two\n', keep: 'a\n\n', strip: 'a\nb' },
      [],
      {},
    ];
    for (const document of awkward) expect(emitYaml(document)).toBe(YAML.stringify(document, YAML_OPTIONS));
  });

  it('keeps YAML 1.1 booleans, nulls and sexagesimals strings for Kubernetes parsers', () => {
    const text = emitYaml({ values: ['yes', 'No', 'on', 'OFF', 'y', 'null', '1:20', 'plain'] });
    expect(text).toBe(
      'values:\n  - "yes"\n  - "No"\n  - "on"\n  - "OFF"\n  - "y"\n  - "null"\n  - "1:20"\n  - plain\n',
    );
    expect(YAML.parse(text, { version: '1.1' })).toEqual({
      values: ['yes', 'No', 'on', 'OFF', 'y', 'null', '1:20', 'plain'],
    });
  });

  it('with a head, writes exactly what it writes for the canonicalized copy (key order, array-index keys, undefined)', () => {
    const documents: unknown[] = [
      ...synthesizedDocuments(),
      {
        spec: { z: 1, a: undefined, '10': 'x', '9': 'y', kind: 'K', b: [{ name: 'n', apiVersion: 'v' }] },
        kind: 'X',
      },
      { metadata: { name: undefined }, data: { '0': 'a', b: 'c' } },
      { only: undefined },
      { text: 'multi\nline', apiVersion: 'v1' },
    ];
    for (const document of documents)
      expect(emitYaml(document, KUBERNETES_HEAD)).toBe(emitYaml(canonicalize(document, KUBERNETES_HEAD)));
  });
});
