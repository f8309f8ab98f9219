import { describe, expect, it } from 'vitest';
import { App } from '../../../lib/core/app';
import { Stack } from '../../../lib/core/stack';
import { synthesizeStack } from '../../../lib/core/synth';
import { BigipObjectKind, BigipRef } from '../../../lib/as3/inventory';
import { BigipDevice } from '../../../components/bigip/bigip-device';
import { BigipPartition, PartitionOwner } from '../../../components/bigip/bigip-partition';
import { BigipVirtualServer } from '../../../components/bigip/bigip-virtual-server';
import { NetOpsPolicy } from '../../../components/bigip/netops-policy';
import { synthProblems } from '../../helpers/expect-errors';

const URL = 'https://192.0.2.1';

/** A NetOps stack with the policy, and an app stack of team shop on the same BIG-IP. */
function setup(virtual: { address?: string; partition?: string; iRule?: string } = {}) {
  const app = new App();
  const netops = new Stack(app, 'netops');
  const policy = new NetOpsPolicy(netops, 'Policy', {
    device: new BigipDevice(netops, 'Bigip', { url: URL }),
    grants: [
      {
        team: 'shop',
        partitions: ['shop_apps'],
        vipRanges: ['192.0.2.0/26'],
        routeDomains: [0, 10],
        bigipObjects: ['/Common/shop_irule'],
      },
      { team: 'payments', partitions: ['pay_apps'], vipRanges: ['192.0.2.64/26'] },
    ],
  });
  const stack = new Stack(app, 'shop');
  const device = new BigipDevice(stack, 'Bigip', {
    url: URL,
    inventory: [
      { kind: BigipObjectKind.IRULE, path: '/Common/shop_irule' },
      { kind: BigipObjectKind.IRULE, path: '/Common/other_irule' },
    ],
  });
  const partition = new BigipPartition(stack, 'Apps', {
    device,
    partitionName: virtual.partition ?? 'shop_apps',
    owner: PartitionOwner.STACK,
  });
  const web = new BigipVirtualServer(stack, 'Web', {
    partition,
    applicationName: 'web',
    virtualAddress: virtual.address ?? '192.0.2.10',
    serverAddresses: ['10.0.0.1'],
    memberPort: 8080,
    ...(virtual.iRule ? { iRules: [BigipRef.iRule(virtual.iRule)] } : {}),
  });
  return { stack, policy, web };
}

const messages = (stack: Stack) => synthProblems(stack).map((p) => `${p.path}: ${p.message}`);

describe('NetOpsPolicy', () => {
  it('an app inside its grant synthesizes, its allowed BIG-IP object included', () => {
    const { stack } = setup({ address: '192.0.2.20%10', iRule: '/Common/shop_irule' });
    expect(() => synthesizeStack(stack)).not.toThrow();
  });

  describe('fails when', () => {
    it("a VIP is outside the team's ranges ('netops:outside-policy'), naming the policy line", () => {
      const { stack } = setup({ address: '192.0.2.70' });
      expect(messages(stack)).toEqual([
        'shop/Web: [shop/Web] VIP 192.0.2.70 is outside the vipRanges of grants[0] (team "shop") of NetOps policy [netops/Policy] [netops:outside-policy]',
      ]);
    });

    it('the partition is given to no team', () => {
      const { stack } = setup({ partition: 'rogue_apps' });
      expect(messages(stack)).toEqual([
        'shop/Web: [shop/Web] partition "rogue_apps" is not given to any team by NetOps policy [netops/Policy] [netops:outside-policy]',
      ]);
    });

    it('the route domain is not granted', () => {
      const { stack } = setup({ address: '192.0.2.10%20' });
      expect(messages(stack)).toEqual([
        'shop/Web: [shop/Web] route domain 20 is not in grants[0] (team "shop") of NetOps policy [netops/Policy] [netops:outside-policy]',
      ]);
    });

    it('a BIG-IP object outside the grant is referenced', () => {
      const { stack } = setup({ iRule: '/Common/other_irule' });
      expect(messages(stack)).toEqual([
        'shop/Web: [shop/Web] BIG-IP object /Common/other_irule is not in the bigipObjects of grants[0] (team "shop") of NetOps policy [netops/Policy] [netops:outside-policy]',
      ]);
    });

    it('a grant range is not a CIDR, or a partition is given twice', () => {
      const stack = new Stack(new App(), 'netops');
      const device = new BigipDevice(stack, 'Bigip', { url: URL });
      expect(
        () =>
          new NetOpsPolicy(stack, 'Policy', {
            device,
            grants: [
              { team: 'a', partitions: ['p'], vipRanges: ['192.0.2.0'] },
              { team: 'b', partitions: ['p'] },
            ],
          }),
      ).toThrow(
        /'grants\[0\]\.vipRanges\[0\]' must be a CIDR block[\s\S]*'grants\[1\]\.partitions' gives "p" again; grants\[0\] \(team "a"\) has it/,
      );
    });
  });

  it("an exception NetOps accepts is an acknowledged 'netops:policy-exception' with its reason in REVIEW.md", () => {
    const { stack, policy, web } = setup({ address: '192.0.2.70' });
    policy.allowException(web, 'CHG-1234: temporary VIP during the migration of pay to shop');
    const output = synthesizeStack(stack);
    expect(output.warnings).toEqual([]);
    const recorded = output.records.warnings.find((w) => w.id === 'netops:policy-exception');
    expect(recorded).toMatchObject({
      path: 'shop/Web',
      acknowledged: 'NetOps: CHG-1234: temporary VIP during the migration of pay to shop',
    });
    expect(output.files.get('shop/REVIEW.md')).toContain(
      'CHG-1234: temporary VIP during the migration of pay to shop',
    );
    expect(() => policy.allowException(web, ' ')).toThrow(/needs a reason/);
  });
});
