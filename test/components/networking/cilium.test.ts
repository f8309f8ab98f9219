import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { App } from '../../../lib/core/app';
import { Stack } from '../../../lib/core/stack';
import { Testing } from '../../../lib/testing/testing';
import { synthesizeStack } from '../../../lib/core/synth';
import { BigipDevice } from '../../../components/bigip/bigip-device';
import { BigipPartition } from '../../../components/bigip/bigip-partition';
import { CisController, PoolMemberType } from '../../../components/cis/cis-controller';
import { BigipNetwork } from '../../../components/networking/bigip-network';
import { CiliumBgpPeering } from '../../../components/networking/cilium-bgp-peering';
import { Cni } from '../../../components/networking/cluster-network';
import { KubernetesCluster } from '../../../components/workloads/kubernetes-cluster';
import { VksCluster } from '../../../components/workloads/vks-cluster';
import { expectValidationError } from '../../helpers/expect-errors';
import type { Doc } from '../../helpers/fixture';

const NODES = ['10.1.0.1', '10.1.0.2', '10.1.0.3'];

/** Seed 003: a kubeadm cluster with Cilium, CIS in cluster mode, a BIG-IP on the nodes' subnet. */
function setup(route: 'bgp' | 'static') {
  const stack = new Stack(new App(), 'test');
  const device = new BigipDevice(stack, 'Bigip', { url: 'https://10.1.0.245' });
  const partition = new BigipPartition(stack, 'K8s', { device, partitionName: 'K8S' });
  const network = new BigipNetwork(stack, 'Network', {
    device,
    dataSegment: '10.1.0.0/24',
    selfIps: [{ unit: 'ltm', address: '10.1.0.250' }],
  });
  const cluster = new KubernetesCluster(stack, 'Cluster', {
    clusterName: 'ect',
    podCidrs: ['10.16.0.0/16'],
    nodeAddresses: NODES,
  });
  new CisController(cluster, 'Cis', {
    device,
    partition,
    poolMemberType: PoolMemberType.CLUSTER,
    staticRoutingMode: route === 'static',
    trustedCertsConfigMap: 'kube-system/bigip-ca',
  });
  if (route === 'bgp') new CiliumBgpPeering(cluster, 'Bgp', { network });
  return { stack, cluster };
}

function docs(tree: Record<string, string>, kind: string): Doc[] {
  return Object.entries(tree)
    .filter(([p]) => p.endsWith('.yaml'))
    .map(([, t]) => YAML.parse(t) as Doc)
    .filter((d) => d?.kind === kind);
}

describe('Cilium (seed 003)', () => {
  it("fails when a VksCluster is given Cilium, pointing to KubernetesCluster ('network:cilium-not-vks')", () => {
    const stack = new Stack(new App(), 'test');
    expectValidationError(
      () => new VksCluster(stack, 'Cluster', { clusterName: 'c1', vsphereNamespace: 'ns', cni: Cni.CILIUM }),
      'test/Cluster',
      `'cni' "cilium" is not a VKS CNI; allowed on a VksCluster: Cni.ANTREA, Cni.CALICO; model a Cilium cluster outside VKS with KubernetesCluster (seed 003) [network:cilium-not-vks]`,
    );
  });

  it('a KubernetesCluster peers with the BIG-IP through cilium.io/v2 BGP resources and the imish script', () => {
    const { stack, cluster } = setup('bgp');
    expect(cluster.cni).toBe(Cni.CILIUM);
    const tree = Testing.synth(stack);
    expect(Object.keys(tree).some((p) => p.includes('/supervisor/'))).toBe(false);
    const [config] = docs(tree, 'CiliumBGPClusterConfig');
    expect(config?.apiVersion).toBe('cilium.io/v2');
    expect(config?.spec.bgpInstances).toEqual([
      {
        name: 'instance-64512',
        localASN: 64512,
        peers: [
          {
            name: 'bigip-ltm',
            peerAddress: '10.1.0.250',
            peerASN: 64512,
            peerConfigRef: { name: 'cilium-k8s' },
          },
        ],
      },
    ]);
    expect(docs(tree, 'CiliumBGPPeerConfig')[0]?.spec.families).toEqual([
      { afi: 'ipv4', safi: 'unicast', advertisements: { matchLabels: { advertise: 'cilium-k8s-pod-cidr' } } },
    ]);
    expect(docs(tree, 'CiliumBGPAdvertisement')[0]?.spec).toEqual({
      advertisements: [{ advertisementType: 'PodCIDR' }],
    });
    const imish = tree['test/bigip/bigip/bgp/ltm.imish'] ?? '';
    for (const node of NODES) expect(imish).toContain(` neighbor ${node} peer-group cilium-k8s\n`);
    expect(imish).toContain('router bgp 64512\n');
    expect(tree['test/bigip/bigip/bgp/README.md']).toContain('native routing for the pod CIDRs');
  });

  it('CIS in cluster mode with static routing renders --orchestration-cni=cilium-k8s', () => {
    const { stack } = setup('static');
    const output = synthesizeStack(stack);
    const deployment = YAML.parse(
      output.files.get('test/k8s/ect/deployment-kube-system-k8s-bigip-ctlr.yaml') ?? '',
    );
    expect(deployment.spec.template.spec.containers[0].args).toEqual(
      expect.arrayContaining(['--static-routing-mode=true', '--orchestration-cni=cilium-k8s']),
    );
  });
});
