import { describe, expect, it } from 'vitest';
import { Testing } from '../../../lib/testing/testing';
import { synthesizeStack } from '../../../lib/core/synth';
import { PoolMemberType } from '../../../components/cis/cis-controller';
import { BigipNetwork } from '../../../components/networking/bigip-network';
import { Cni } from '../../../components/networking/cluster-network';
import { ClusterIpService } from '../../../components/workloads/cluster-ip-service';
import { F5VirtualServer } from '../../../components/cis/f5-virtual-server';
import { expectSynthProblems } from '../../helpers/expect-errors';
import { fixture, k8sObject } from '../../helpers/fixture';

/** CIS static routing on Calico: the alternative to BGP peering for cluster mode. */
function setup(nodeAddresses = ['10.1.20.20', '10.1.20.21']) {
  const f = fixture({
    cluster: { cni: Cni.CALICO, nodePortLocalEnabled: false, nodeAddresses },
    cis: { poolMemberType: PoolMemberType.CLUSTER, staticRoutingMode: true },
  });
  new BigipNetwork(f.stack, 'Network', {
    device: f.device,
    dataSegment: '10.1.20.0/24',
    selfIps: [{ unit: 'bigip1', address: '10.1.20.11' }],
  });
  const web = new ClusterIpService(f.cluster, 'Web', {
    name: 'web',
    image: 'nginx:1.27.0',
    containerPort: 8080,
  });
  new F5VirtualServer(f.cluster, 'Vs', {
    partition: f.partition,
    name: 'vs',
    virtualServerAddress: '192.0.2.10',
    pools: [{ service: web }],
  });
  return f;
}

describe('CIS static routing as the route to the pods', () => {
  it('renders --static-routing-mode, --orchestration-cni=calico-k8s and the blockaffinities RBAC it needs', () => {
    const f = setup();
    const tree = Testing.synth(f.stack);
    const args = k8sObject(tree, 'Deployment', 'kube-system', 'k8s-bigip-ctlr').spec.template.spec
      .containers[0].args as string[];
    expect(args).toEqual(
      expect.arrayContaining([
        '--pool-member-type=cluster',
        '--static-routing-mode=true',
        '--orchestration-cni=calico-k8s',
      ]),
    );
    const role = k8sObject(tree, 'ClusterRole', undefined, 'k8s-bigip-ctlr');
    expect(role.rules).toContainEqual({
      apiGroups: ['crd.projectcalico.org'],
      resources: ['blockaffinities'],
      verbs: ['get', 'list', 'watch'],
    });
    expect(() => synthesizeStack(f.stack)).not.toThrow();
  });

  it("fails when the nodes are outside the BIG-IP data segment ('network:nodes-outside-bigip-segment')", () => {
    const f = setup(['10.1.20.20', '10.2.0.21']);
    expectSynthProblems(f.stack, [
      {
        path: 'test/Cluster',
        message: `'nodeAddresses' "10.2.0.21" are outside 'dataSegment' "10.1.20.0/24" of [test/Network], but the BIG-IP routes to the pods of cluster "c1" through the nodes; allowed: node addresses inside "10.1.20.0/24" [network:nodes-outside-bigip-segment]`,
      },
    ]);
  });
});
