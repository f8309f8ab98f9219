import { describe, expect, it } from 'vitest';
import { As3SnatPool } from '../../../lib/as3/snat-pool';
import { Snat } from '../../../lib/as3/snat';
import { As3Application } from '../../../lib/as3/application';
import { Testing } from '../../../lib/testing/testing';
import { synthesizeStack } from '../../../lib/core/synth';
import { BigipPartition } from '../../../components/bigip/bigip-partition';
import { BigipVirtualServer } from '../../../components/bigip/bigip-virtual-server';
import { CisController, PoolMemberType } from '../../../components/cis/cis-controller';
import { F5VirtualServer } from '../../../components/cis/f5-virtual-server';
import { BigipNetwork } from '../../../components/networking/bigip-network';
import { Networking } from '../../../components/networking/cluster-network';
import { NplService } from '../../../components/workloads/npl-service';
import { as3Fixture, ingressService } from '../../helpers/as3-fixture';

/** NSX: the BIG-IP data segment 10.30.0.0/24, VIPs and SNAT addresses partly inside, partly outside. */
function nsxStack(networking = Networking.NSX) {
  const f = as3Fixture({
    cluster: { networking: Networking.NSX, nodeSegment: '10.0.0.0/24', nodePortLocalEnabled: true },
  });
  new BigipNetwork(f.stack, 'Net', {
    device: f.device,
    dataSegment: '10.30.0.0/24',
    selfIps: [
      { unit: 'bigip1', address: '10.30.0.11' },
      { unit: 'bigip2', address: '10.30.0.12' },
    ],
    floatingSelfIp: '10.30.0.10',
    networking,
  });
  const shared = new As3Application(f.apps, 'Shared', { tenant: f.apps });
  const snatPool = new As3SnatPool(shared, 'Snat', { snatAddresses: ['10.30.0.50', '198.51.100.50'] });
  const ingress = ingressService(f.cluster);
  // Outside the data segment: needs a route.
  new BigipVirtualServer(f.stack, 'Outside', {
    partition: f.apps,
    applicationName: 'outside',
    virtualAddress: '203.0.113.20',
    service: ingress,
    snat: Snat.pool(snatPool),
  });
  // Inside the data segment: reachable on the segment, no route.
  new BigipVirtualServer(f.stack, 'Inside', {
    partition: f.apps,
    applicationName: 'inside',
    virtualAddress: '10.30.0.100',
    service: ingress,
  });
  // A CIS VirtualServer outside the segment, and a second listener (redirect80) on the same VIP.
  const cisPartition = new BigipPartition(f.stack, 'CisPartition', {
    device: f.device,
    partitionName: 'k8s',
  });
  new CisController(f.cluster, 'Cis', {
    device: f.device,
    partition: cisPartition,
    poolMemberType: PoolMemberType.NODE_PORT_LOCAL,
    trustedCertsConfigMap: 'kube-system/bigip-ca',
  });
  const web = new NplService(f.cluster, 'Web', { name: 'web', image: 'nginx:1.27.0', containerPort: 8080 });
  new F5VirtualServer(f.cluster, 'Vs', {
    partition: cisPartition,
    name: 'vs',
    virtualServerAddress: '203.0.113.30',
    pools: [{ service: web }],
  });
  return f;
}

describe('NSX static routes for the VPC gateway', () => {
  it('lists exactly the VIP and SNAT prefixes outside the data segment, via the floating self IP', () => {
    const f = nsxStack();
    const tree = Testing.synth(f.stack);
    const file = JSON.parse(tree['test/nsx/vpc-static-routes.json'] ?? '{}');
    expect(file.routeRedistribution).toMatch(/enable redistribution/);
    expect(file.devices).toEqual([
      {
        device: 'bigip',
        dataSegment: '10.30.0.0/24',
        nextHop: '10.30.0.10',
        routes: [
          {
            prefix: '198.51.100.50/32',
            nextHop: '10.30.0.10',
            usedBy: ['SNAT pool [test/Apps/Shared/Snat]'],
          },
          { prefix: '203.0.113.20/32', nextHop: '10.30.0.10', usedBy: ['VIP of [test/Outside]'] },
          { prefix: '203.0.113.30/32', nextHop: '10.30.0.10', usedBy: ['VIP of [test/Cluster/Vs]'] },
        ],
      },
    ]);
    const index = JSON.parse(tree['test/index.json'] ?? '{}');
    expect(index.staticRoutes.map((r: { name: string }) => r.name)).toEqual([
      'bigip/198.51.100.50/32',
      'bigip/203.0.113.20/32',
      'bigip/203.0.113.30/32',
    ]);
    expect(index.staticRoutes[0]).toEqual({
      name: 'bigip/198.51.100.50/32',
      device: 'bigip',
      prefix: '198.51.100.50/32',
      nextHop: '10.30.0.10',
      usedBy: ['SNAT pool [test/Apps/Shared/Snat]'],
      file: 'nsx/vpc-static-routes.json',
    });
  });

  it('renders no routes when the data segment is not on NSX', () => {
    const output = synthesizeStack(nsxStack(Networking.VDS).stack);
    expect(output.files.has('test/nsx/vpc-static-routes.json')).toBe(false);
    expect(output.records.staticRoutes).toEqual([]);
  });
});
