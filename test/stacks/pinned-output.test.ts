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
    outputHash: 'af069bb0cd9ec8737375314a9386d1eeba6a37f3f1269acd8c370ccab1fa208e',
    index: '48a36f210328f3a57b9b4ff4960dc51643f8fe5bf7b03b34dd3e728acb1f87ea',
    files: 13,
  },
  prod: {
    outputHash: 'dc697cd1bfe9a34ec6405912cb5e87a30e064353713777fa4bf8a3b9e4394fe8',
    index: '796ca3b4fbdf56358b5ed51174c218b031284b1010085e934f8c448f6d5fee6d',
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
