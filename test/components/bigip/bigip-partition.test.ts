import { describe, expect, it } from 'vitest';
import { App } from '../../../lib/core/app';
import { Stack } from '../../../lib/core/stack';
import { Testing } from '../../../lib/testing/testing';
import { BigipDevice } from '../../../components/bigip/bigip-device';
import { BigipPartition, PartitionOwner } from '../../../components/bigip/bigip-partition';
import { expectValidationError, synthProblems } from '../../helpers/expect-errors';

function setup() {
  const stack = new Stack(new App(), 'test');
  const device = new BigipDevice(stack, 'Bigip', { url: 'https://192.0.2.1' });
  return { stack, device };
}

const NAME_RULE = 'a letter followed by 1–189 letters, digits, "_", "." or "-"';

describe('BigipPartition', () => {
  it('default snapshot', () => {
    const { stack, device } = setup();
    new BigipPartition(stack, 'Partition', { device });
    expect(Testing.synth(stack)).toMatchSnapshot();
  });

  it('takes its name from the id and is owned by CIS by default', () => {
    const { stack, device } = setup();
    const partition = new BigipPartition(stack, 'vks_dev', { device });
    expect(partition.partitionName).toBe('vks_dev');
    expect(partition.owner).toBe(PartitionOwner.CIS);
    expect(partition.device).toBe(device);
  });

  it('records device, name and owner of CIS partitions in the partitions section of index.json', () => {
    const { stack, device } = setup();
    new BigipPartition(stack, 'Cis', { device, partitionName: 'k8s' });
    new BigipPartition(stack, 'Apps', { device, partitionName: 'apps' });
    expect(Testing.parse(Testing.synth(stack), 'test/index.json')).toMatchObject({
      partitions: [
        { name: 'bigip/apps', device: 'bigip', partition: 'apps', owner: 'cis', path: 'test/Apps' },
        { name: 'bigip/k8s', device: 'bigip', partition: 'k8s', owner: 'cis', path: 'test/Cis' },
      ],
    });
  });

  it('accepts the same name on two devices', () => {
    const { stack, device } = setup();
    const other = new BigipDevice(stack, 'Other', { url: 'https://192.0.2.2' });
    new BigipPartition(stack, 'A', { device, partitionName: 'k8s' });
    new BigipPartition(stack, 'B', { device: other, partitionName: 'k8s' });
    expect(() => Testing.synth(stack)).not.toThrow();
  });

  describe('fails when', () => {
    it('partitionName is Common', () => {
      const { stack, device } = setup();
      expectValidationError(
        () => new BigipPartition(stack, 'Partition', { device, partitionName: 'Common' }),
        'test/Partition',
        `'partitionName' must not be "Common": it is BIG-IP's shared partition, which CIS and AS3 reserve`,
      );
    });

    it('the id is Common and no partitionName is given', () => {
      const { stack, device } = setup();
      expectValidationError(
        () => new BigipPartition(stack, 'Common', { device }),
        'test/Common',
        `'partitionName' must not be "Common": it is BIG-IP's shared partition, which CIS and AS3 reserve`,
      );
    });

    it.each(['a', '1abc', '_abc', 'a b', 'a/b', 'A'.repeat(191)])('partitionName is %j', (partitionName) => {
      const { stack, device } = setup();
      expectValidationError(
        () => new BigipPartition(stack, 'Partition', { device, partitionName }),
        'test/Partition',
        `'partitionName' must be ${NAME_RULE}, got ${JSON.stringify(partitionName)}`,
      );
    });

    it('device is missing', () => {
      const { stack } = setup();
      expectValidationError(
        () => new BigipPartition(stack, 'Partition', {} as never),
        'test/Partition',
        `'device' is required: the BigipDevice this partition lives on`,
      );
    });

    it('owner is not a PartitionOwner', () => {
      const { stack, device } = setup();
      expectValidationError(
        () => new BigipPartition(stack, 'Partition', { device, owner: 'both' as PartitionOwner }),
        'test/Partition',
        `'owner' must be one of ${Object.values(PartitionOwner)
          .map((o) => JSON.stringify(o))
          .join(', ')}, got "both"`,
      );
    });

    it('two partitions on one device share a name', () => {
      const { stack, device } = setup();
      new BigipPartition(stack, 'First', { device, partitionName: 'k8s' });
      new BigipPartition(stack, 'Second', { device, partitionName: 'k8s' });
      const problems = synthProblems(stack);
      expect(problems).toHaveLength(1);
      expect(problems[0]?.path).toBe('test/Second');
      // The message names the prop, the value and the first declaration.
      expect(problems[0]?.message).toMatch(/^'partitionName' "k8s" .*already declared .*\[test\/First\]/);
    });
  });
});
