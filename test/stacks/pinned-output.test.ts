import { describe, expect, it } from 'vitest';
import { sha256 } from '../../lib/core/artifacts';
import { synthesizeApp } from '../../lib/core/synth';
import { createApp } from '../../stacks/index';

/**
 * The output of the example stacks, pinned: construct ids are public API, so a change of any generated
 * name, file path or byte shows up here and has to be made on purpose (update the pins and say why in
 * review). `outputHash` covers every file but index.json; the index is pinned by its own hash.
 */
const PINNED: Record<string, { outputHash: string; index: string; files: number }> = {
  dev: {
    outputHash: '536c204b730cc9ecbdde95ad48ac83f097ada30fbee5dd3a2b403ce364876c38',
    index: '563a668c6887bf8a361707c2b8c93fd527a438bce3be18e39f6ebdd21eb963e0',
    files: 13,
  },
  prod: {
    outputHash: '655ee580c7550e373f79c5a87f43649878dfdee32c92705ad113ca5b4ea64099',
    index: 'a4307f181066b7712b3d797db8fa013a2db37e0be24dfd75a05d83cedbb57a3f',
    files: 13,
  },
};

describe('pinned output of the example stacks', () => {
  const outputs = synthesizeApp(createApp(), { stacks: Object.keys(PINNED) }).stacks;

  it.each(Object.keys(PINNED))('%s is byte for byte what it was', (name) => {
    const output = outputs.find((o) => o.stackName === name);
    const pin = PINNED[name];
    expect({
      outputHash: output?.outputHash,
      index: sha256(output?.files.get(`${name}/index.json`) ?? ''),
      files: output?.files.size,
    }).toEqual(pin);
  });
});
