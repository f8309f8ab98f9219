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
    outputHash: 'aa648182d20b1e58f748cf4af16f8fb719b21b4a426ddcabc42b6a0ab4068e06',
    index: '88b783d160a7bd1361294552e57eb7752821c6f2f16ff27dddf4ce92f47624e1',
    files: 22,
  },
  prod: {
    outputHash: '45a63d12e46af9f9b06f98dba95fc25d7641b079ac779fd7d9cccae801fa50a1',
    index: 'c5219abda6fc59d7d4e4f727da62e2634602b394832599345d891337cd9939ba',
    files: 17,
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
