import { describe, it } from 'vitest';
import { Snat } from '../../../lib/as3/snat';
import { BigipPartition, PartitionOwner } from '../../../components/bigip/bigip-partition';
import { BigipVirtualServer } from '../../../components/bigip/bigip-virtual-server';
import { F5VirtualServer } from '../../../components/cis/f5-virtual-server';
import { BigipNetwork } from '../../../components/networking/bigip-network';
import { Networking } from '../../../components/networking/cluster-network';
import { expectSynthProblems } from '../../helpers/expect-errors';
import { as3Fixture, configMapSetup, ingressService } from '../../helpers/as3-fixture';
import { fixture, nplService } from '../../helpers/fixture';

describe('network rules of virtual servers', () => {
  it("fails when a stack-owned AS3 virtual fronting NSX has snat none ('network:nsx-needs-snat')", () => {
    const f = as3Fixture({ cluster: { networking: Networking.NSX } });
    new BigipVirtualServer(f.stack, 'Front', {
      partition: f.apps,
      applicationName: 'front',
      virtualAddress: '203.0.113.20',
      service: ingressService(f.cluster),
      snat: Snat.NONE,
    });
    expectSynthProblems(f.stack, [
      {
        path: 'test/Front',
        message: `'snat' none on a virtual in front of NSX cluster "c1": the BIG-IP is not in line, so the replies would bypass it; allowed: Snat.AUTO, Snat.SELF or a SNAT pool [network:nsx-needs-snat]`,
      },
    ]);
  });

  it("fails when a virtual of an AS3 ConfigMap fronting NSX has snat none ('network:nsx-needs-snat')", () => {
    const f = as3Fixture({ cluster: { networking: Networking.NSX }, stackPartition: false });
    const { tenant } = configMapSetup(f);
    new BigipVirtualServer(f.stack, 'Front', {
      partition: tenant,
      applicationName: 'front',
      virtualAddress: '203.0.113.20',
      service: ingressService(f.cluster),
      snat: Snat.NONE,
    });
    expectSynthProblems(f.stack, [
      {
        path: 'test/Front',
        message: `'snat' none on a virtual in front of NSX cluster "c1": the BIG-IP is not in line, so the replies would bypass it; allowed: Snat.AUTO, Snat.SELF or a SNAT pool [network:nsx-needs-snat]`,
      },
    ]);
  });

  it("fails when a VIP is inside the pod or service CIDR of its cluster ('network:vip-in-cluster-cidr')", () => {
    const f = fixture();
    new F5VirtualServer(f.cluster, 'Vs', {
      partition: f.partition,
      name: 'vs',
      virtualServerAddress: '192.168.4.10',
      pools: [{ service: nplService(f.cluster, { name: 'web' }) }],
    });
    const a = as3Fixture({ app: f.app, stackName: 'other' });
    new BigipVirtualServer(a.stack, 'Front', {
      partition: a.apps,
      applicationName: 'front',
      virtualAddress: '10.96.0.50',
      service: ingressService(a.cluster),
    });
    expectSynthProblems(f.stack, [
      {
        path: 'test/Cluster/Vs',
        message: `'virtualServerAddress' "192.168.4.10" is inside 'podCidrs' "192.168.0.0/16" of cluster "c1"; allowed: an address outside the cluster's pod and service CIDRs [network:vip-in-cluster-cidr]`,
      },
    ]);
    expectSynthProblems(a.stack, [
      {
        path: 'other/Front',
        message: `'virtualAddress' "10.96.0.50" is inside 'serviceCidrs' "10.96.0.0/12" of cluster "c1"; allowed: an address outside the cluster's pod and service CIDRs [network:vip-in-cluster-cidr]`,
      },
    ]);
  });

  it("fails when a VIP's route domain is not the one of the data network reaching the pool members ('network:route-domain-mismatch')", () => {
    const f = as3Fixture({ stackPartition: false });
    new BigipNetwork(f.stack, 'Net', {
      device: f.device,
      dataSegment: '10.0.0.0/24',
      selfIps: [{ unit: 'bigip1', address: '10.0.0.5' }],
      routeDomain: 2,
    });
    const apps = new BigipPartition(f.stack, 'Apps', {
      device: f.device,
      partitionName: 'apps',
      owner: PartitionOwner.STACK,
      defaultRouteDomain: 2,
    });
    const ingress = ingressService(f.cluster);
    // %2 (explicit) and the partition default 2 agree with the network; %3 does not.
    new BigipVirtualServer(f.stack, 'Good', {
      partition: apps,
      applicationName: 'good',
      virtualAddress: '203.0.113.20',
      service: ingress,
    });
    new BigipVirtualServer(f.stack, 'Bad', {
      partition: apps,
      applicationName: 'bad',
      virtualAddress: '203.0.113.21%3',
      service: ingress,
    });
    expectSynthProblems(f.stack, [
      {
        path: 'test/Bad',
        message: `'virtualAddress' "203.0.113.21%3" is in route domain 3 (its %rd or the partition's defaultRouteDomain), but the data network [test/Net] of device bigip that reaches cluster "c1" is route domain 2; allowed: route domain 2 [network:route-domain-mismatch]`,
      },
    ]);
  });

  it("fails when a CIS virtual and its members are in another route domain than the data network ('network:route-domain-mismatch')", () => {
    const f = fixture();
    new BigipNetwork(f.stack, 'Net', {
      device: f.device,
      dataSegment: '10.0.0.0/24',
      selfIps: [{ unit: 'bigip1', address: '10.0.0.5' }],
    });
    new F5VirtualServer(f.cluster, 'Vs', {
      partition: f.partition,
      name: 'vs',
      virtualServerAddress: '192.0.2.10',
      bigipRouteDomain: 4,
      pools: [{ service: nplService(f.cluster, { name: 'web' }) }],
    });
    expectSynthProblems(f.stack, [
      {
        path: 'test/Cluster/Vs',
        message: `the virtual and its pool members are in route domain 4, but the data network [test/Net] of device bigip that reaches cluster "c1" is route domain 0; allowed: route domain 0 [network:route-domain-mismatch]`,
      },
    ]);
  });
});
