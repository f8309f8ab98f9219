import { describe, expect, it } from 'vitest';
import { F5VirtualServer } from '../../../components/cis/f5-virtual-server';
import { PoolMemberType } from '../../../components/cis/cis-controller';
import { ClusterIpService } from '../../../components/workloads/cluster-ip-service';
import { NodePortService } from '../../../components/workloads/node-port-service';
import { NplService } from '../../../components/workloads/npl-service';
import { ServiceType, type IServiceBackend } from '../../../components/workloads/service-backend';
import type { VksCluster } from '../../../components/workloads/vks-cluster';
import { Cni } from '../../../components/networking/cluster-network';
import { synthesizeStack } from '../../../lib/core/synth';
import { SynthError } from '../../../lib/core/errors';
import { fixture } from '../../helpers/fixture';

type BackendKind = 'ClusterIP' | 'NPL ClusterIP' | 'NPL LoadBalancer' | 'NodePort' | 'LoadBalancer';

const BACKENDS: Record<BackendKind, (cluster: VksCluster) => IServiceBackend> = {
  ClusterIP: (c) => new ClusterIpService(c, 'Web', { name: 'web', image: 'nginx:1.27.0', containerPort: 80 }),
  'NPL ClusterIP': (c) => new NplService(c, 'Web', { name: 'web', image: 'nginx:1.27.0', containerPort: 80 }),
  'NPL LoadBalancer': (c) =>
    new NplService(c, 'Web', {
      name: 'web',
      image: 'nginx:1.27.0',
      containerPort: 80,
      serviceType: ServiceType.LOAD_BALANCER,
    }),
  NodePort: (c) => new NodePortService(c, 'Web', { name: 'web', image: 'nginx:1.27.0', port: 80 }),
  LoadBalancer: (c) =>
    new NodePortService(c, 'Web', {
      name: 'web',
      image: 'nginx:1.27.0',
      port: 80,
      serviceType: ServiceType.LOAD_BALANCER,
    }),
};

/** The synth problems of the VirtualServer `Vs` over a backend, with CIS in `mode`. */
function vsProblems(mode: PoolMemberType, kind: BackendKind, routed: boolean): string[] {
  const npl = mode === PoolMemberType.NODE_PORT_LOCAL;
  const routedMode = mode === PoolMemberType.CLUSTER || mode === PoolMemberType.AUTO;
  const f = fixture({
    cluster: npl ? {} : { cni: Cni.CALICO, nodePortLocalEnabled: false },
    cis: { poolMemberType: mode, staticRoutingMode: routedMode && routed },
  });
  const backend = BACKENDS[kind](f.cluster);
  new F5VirtualServer(f.cluster, 'Vs', {
    partition: f.partition,
    name: 'vs',
    virtualServerAddress: '192.0.2.10',
    pools: [{ service: backend }],
  });
  try {
    synthesizeStack(f.stack);
    return [];
  } catch (error) {
    if (!(error instanceof SynthError)) throw error;
    return error.problems.filter((p) => p.path === 'test/Cluster/Vs').map((p) => p.message);
  }
}

describe('the Service type against the pool member type, every combination', () => {
  const cases: Array<[PoolMemberType, BackendKind, boolean, RegExp | undefined]> = [
    [PoolMemberType.NODE_PORT, 'ClusterIP', false, /is ClusterIP, but .* uses pool member type nodeport/],
    [PoolMemberType.NODE_PORT, 'NPL ClusterIP', false, /is ClusterIP, but .* nodeport/],
    [PoolMemberType.NODE_PORT, 'NPL LoadBalancer', false, undefined],
    [PoolMemberType.NODE_PORT, 'NodePort', false, undefined],
    [PoolMemberType.NODE_PORT, 'LoadBalancer', false, undefined],
    [PoolMemberType.NODE_PORT_LOCAL, 'ClusterIP', false, /lacks the NodePortLocal annotation/],
    [PoolMemberType.NODE_PORT_LOCAL, 'NPL ClusterIP', false, undefined],
    [PoolMemberType.NODE_PORT_LOCAL, 'NPL LoadBalancer', false, undefined],
    [PoolMemberType.NODE_PORT_LOCAL, 'NodePort', false, /lacks the NodePortLocal annotation/],
    [PoolMemberType.NODE_PORT_LOCAL, 'LoadBalancer', false, /lacks the NodePortLocal annotation/],
    [PoolMemberType.CLUSTER, 'ClusterIP', true, undefined],
    [PoolMemberType.CLUSTER, 'NodePort', true, undefined],
    [PoolMemberType.CLUSTER, 'LoadBalancer', true, undefined],
    [PoolMemberType.AUTO, 'ClusterIP', true, undefined],
    [PoolMemberType.AUTO, 'ClusterIP', false, /\[network:cluster-mode-needs-pod-route\]$/],
    [PoolMemberType.AUTO, 'NodePort', false, undefined],
    [PoolMemberType.AUTO, 'LoadBalancer', false, undefined],
  ];
  for (const [mode, kind, routed, expected] of cases) {
    const name = `${mode} with a ${kind} Service${routed ? ' and a route to the pods' : ''}`;
    it(expected ? `fails when ${name}` : `accepts ${name}`, () => {
      const problems = vsProblems(mode, kind, routed);
      if (expected) {
        expect(problems).toHaveLength(1);
        expect(problems[0]).toMatch(expected);
      } else {
        expect(problems).toEqual([]);
      }
    });
  }

  it("fails when auto reaches a ClusterIP Service without a route to the pods ('network:cluster-mode-needs-pod-route')", () => {
    expect(vsProblems(PoolMemberType.AUTO, 'ClusterIP', false)).toEqual([
      `'pools[0].service' Service default/web is ClusterIP, which [test/Cluster/Cis] with pool member type auto reaches by pod IP (cluster mode), but nothing routes the BIG-IP to the pod CIDRs of cluster "c1"; allowed: a NodePort or LoadBalancer Service, or a route to the pods (CalicoBgpPeering, staticRoutingMode) [network:cluster-mode-needs-pod-route]`,
    ]);
  });
});
