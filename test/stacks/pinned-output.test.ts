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
    outputHash: 'ed12af22aed47885eabd2c08d9131606a10cd545cbe1f052006eb2e1c4d96a11',
    index: '638f438bfd8a7669e8bc32b34c41ac12e0937ae8829bc4ff10df474cc46a1767',
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
