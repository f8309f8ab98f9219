import { describe, expect, it } from 'vitest';
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
