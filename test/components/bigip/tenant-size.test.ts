import { describe, expect, it } from 'vitest';
import { JsonPatch } from 'cdk8s';
import { App } from '../../../lib/core/app';
import { Stack } from '../../../lib/core/stack';
import { synthesizeStack } from '../../../lib/core/synth';
import { BigipDevice } from '../../../components/bigip/bigip-device';
import { BigipPartition, PartitionOwner } from '../../../components/bigip/bigip-partition';
import { BigipVirtualServer } from '../../../components/bigip/bigip-virtual-server';

function partitionWith(applications: number) {
  const stack = new Stack(new App(), 'test');
  const device = new BigipDevice(stack, 'Bigip', { url: 'https://192.0.2.1' });
  const partition = new BigipPartition(stack, 'Apps', {
    device,
    partitionName: 'apps',
    owner: PartitionOwner.STACK,
  });
  for (let i = 0; i < applications; i += 1) {
    new BigipVirtualServer(stack, `Web${i}`, {
      partition,
      applicationName: `web${i}`,
      virtualAddress: `10.${Math.floor(i / 250)}.${i % 250}.10`,
      serverAddresses: ['10.200.0.1'],
      memberPort: 8080,
    });
  }
  return stack;
}

describe('tenant sizing', () => {
  it('100 applications in one partition is within AS3 guidance', () => {
    expect(synthesizeStack(partitionWith(100)).warnings).toEqual([]);
  });

  it("warns when a partition declares more than 100 applications ('as3:tenant-too-large')", () => {
    const warnings = synthesizeStack(partitionWith(101)).warnings;
    expect(warnings).toEqual([
      {
        id: 'as3:tenant-too-large',
        path: 'test/Apps',
        message:
          'partition \'apps\' declares 101 applications (more than 100): one bad object blocks every app of the tenant; split it, e.g. one partition per namespace or team (docs/bigip.md, "Sharding apps across partitions")',
      },
    ]);
  });
});

describe('tenant sizing counts the bytes of the declaration file as written', () => {
  /** The stack-owned partition of one app, its declaration padded by a patch to `bytes` bytes in its file. */
  function paddedTo(bytes: number) {
    const file = (stack: Stack) => {
      const output = synthesizeStack(stack);
      const path = [...output.files.keys()].find((p) => p.endsWith('apps.as3.json')) as string;
      return { output, size: Buffer.byteLength(output.files.get(path) as string) };
    };
    const padded = (padding: string) => {
      const stack = partitionWith(1);
      (stack.node.findChild('Apps') as BigipPartition).addAs3JsonPatch(
        JsonPatch.add('/declaration/apps/web0/remark', padding),
      );
      return stack;
    };
    // 'é' is two bytes in UTF-8 and one JavaScript character: the limit is on bytes.
    const base = file(padded('')).size;
    const room = bytes - base;
    const padding = 'é'.repeat(Math.floor(room / 2)) + 'x'.repeat(room % 2);
    const result = file(padded(padding));
    expect(result.size).toBe(bytes);
    return result.output.warnings.map((w) => w.id);
  }

  it('1 MiB exactly is within the limit; one byte more warns', () => {
    expect(paddedTo(1024 * 1024)).toEqual([]);
    expect(paddedTo(1024 * 1024 + 1)).toEqual(['as3:tenant-too-large']);
  });
});
