import { describe, expect, it } from 'vitest';
import { sha256 } from '../../lib/core/artifacts';
import { synthesizeApp } from '../../lib/core/synth';
import { buildFleet } from '../../bench/fleet';

/**
 * The output of a fixed benchmark fleet, pinned next to the dev/prod pins: 300 apps over the fleet's
 * default clusters and BIG-IPs (NodePortLocal and NodePort clusters, AS3 fronts, shared VIP ranges).
 * Synth performance work must leave every byte as it was; `outputHash` covers every file but
 * index.json, which is pinned by its own hash.
 */
const PINNED = {
  outputHash: '32f65794a1b5e2a5e39c62aad5c257b88946af880b23a93931da0271179748e8',
  index: '9f38678d66b91f1d29a4e6bf662ed4f98ce0d1015b4717412d906a9785cea525',
  files: 988,
};

describe('pinned output of the benchmark fleet', () => {
  it('300 apps synthesize byte for byte as pinned', () => {
    const [output] = synthesizeApp(buildFleet(300).app).stacks;
    expect({
      outputHash: output?.outputHash,
      index: sha256(output?.files.get('fleet/index.json') ?? ''),
      files: output?.files.size,
    }).toEqual(PINNED);
  });
});
