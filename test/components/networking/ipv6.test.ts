import { describe, expect, it } from 'vitest';
import { Testing } from '../../../lib/testing/testing';
import { BigipVirtualServer } from '../../../components/bigip/bigip-virtual-server';
import { F5VirtualServer } from '../../../components/cis/f5-virtual-server';
import { PoolMemberType } from '../../../components/cis/cis-controller';
import { expectSynthProblems, expectValidationError } from '../../helpers/expect-errors';
import { as3Fixture, ingressService } from '../../helpers/as3-fixture';
import { fixture, k8sObject, nplService } from '../../helpers/fixture';

const DUAL_STACK = {
  podCidrs: ['192.168.0.0/16', 'fd00:10:244::/56'],
  serviceCidrs: ['10.96.0.0/12', 'fd00:10:96::/112'],
  nodeAddresses: ['2001:db8:20::11', '2001:db8:20::12'],
};

describe('IPv6', () => {
  it('a dual-stack cluster, CIS with --enable-ipv6 on an IPv6 BIG-IP URL, an IPv6 VIP', () => {
    const f = fixture({
      device: { url: 'https://[2001:db8::245]:8443' },
      cluster: DUAL_STACK,
      cis: { poolMemberType: PoolMemberType.NODE_PORT_LOCAL, enableIpv6: true },
    });
    new F5VirtualServer(f.cluster, 'Vs', {
      partition: f.partition,
      name: 'vs',
      virtualServerAddress: '2001:db8:30::10',
      pools: [{ service: nplService(f.cluster, { name: 'web' }) }],
    });
    const tree = Testing.synth(f.stack);
    const args = k8sObject(tree, 'Deployment', 'kube-system', 'k8s-bigip-ctlr').spec.template.spec
      .containers[0].args as string[];
    expect(args).toContain('--bigip-url=https://[2001:db8::245]:8443');
    expect(args).toContain('--enable-ipv6=true');
    expect(k8sObject(tree, 'VirtualServer', 'default', 'vs').spec.virtualServerAddress).toBe(
      '2001:db8:30::10',
    );
    expect(f.cluster.podCidrs).toEqual(DUAL_STACK.podCidrs);
  });

  it('a stack-owned IPv6 virtual with IPv6 node members', () => {
    const f = as3Fixture({ cluster: DUAL_STACK });
    new BigipVirtualServer(f.stack, 'Front', {
      partition: f.apps,
      applicationName: 'front',
      virtualAddress: '2001:db8:30::20',
      service: ingressService(f.cluster),
    });
    const declaration = JSON.parse(Testing.synth(f.stack)['test/bigip/bigip/apps.as3.json'] ?? '{}');
    const app = declaration.declaration.apps.front;
    expect(app.serviceMain.virtualAddresses).toEqual(['2001:db8:30::20']);
    expect(app.pool.members).toEqual([
      expect.objectContaining({ servicePort: 30080, serverAddresses: DUAL_STACK.nodeAddresses }),
    ]);
  });

  it('refuses overlapping IPv6 pod and service CIDRs', () => {
    expectValidationError(
      () => fixture({ cluster: { podCidrs: ['fd00::/48'], serviceCidrs: ['fd00::/112'] } }),
      'test/Cluster',
      `'podCidrs' "fd00::/48" overlaps 'serviceCidrs' "fd00::/112"; pods and Services need disjoint ranges`,
    );
  });

  it("fails when an IPv6 VIP is published through CIS without enableIpv6 ('network:ipv6-needs-enable-ipv6')", () => {
    const f = fixture({ cluster: DUAL_STACK });
    new F5VirtualServer(f.cluster, 'Vs', {
      partition: f.partition,
      name: 'vs',
      virtualServerAddress: '2001:db8:30::10',
      pools: [{ service: nplService(f.cluster, { name: 'web' }) }],
    });
    expectSynthProblems(f.stack, [
      {
        path: 'test/Cluster/Vs',
        message: `'virtualServerAddress' "2001:db8:30::10" is IPv6, but [test/Cluster/Cis] runs without 'enableIpv6' (--enable-ipv6), so CIS would ignore it; allowed: an IPv4 address, or enableIpv6: true on the controller [network:ipv6-needs-enable-ipv6]`,
      },
    ]);
  });

  it("fails when an IPv6 VIP is inside the cluster's IPv6 pod CIDR ('network:vip-in-cluster-cidr')", () => {
    const f = fixture({ cluster: DUAL_STACK, cis: { enableIpv6: true } });
    new F5VirtualServer(f.cluster, 'Vs', {
      partition: f.partition,
      name: 'vs',
      virtualServerAddress: 'fd00:10:244::10',
      pools: [{ service: nplService(f.cluster, { name: 'web' }) }],
    });
    expectSynthProblems(f.stack, [
      {
        path: 'test/Cluster/Vs',
        message: `'virtualServerAddress' "fd00:10:244::10" is inside 'podCidrs' "fd00:10:244::/56" of cluster "c1"; allowed: an address outside the cluster's pod and service CIDRs [network:vip-in-cluster-cidr]`,
      },
    ]);
  });
});
