import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { Testing } from '../../../lib/testing/testing';
import { PoolMemberType } from '../../../components/cis/cis-controller';
import { BigipNetwork, type BigipNetworkProps } from '../../../components/networking/bigip-network';
import { CalicoApiVersion, CalicoBgpPeering } from '../../../components/networking/calico-bgp-peering';
import { Cni, Networking } from '../../../components/networking/cluster-network';
import { synthesizeStack } from '../../../lib/core/synth';
import { VksCluster } from '../../../components/workloads/vks-cluster';
import { expectSynthProblems, expectValidationErrors } from '../../helpers/expect-errors';
import { fixture, type Doc, type FixtureOptions } from '../../helpers/fixture';

const NODES = ['10.1.20.20', '10.1.20.21', '10.1.20.22'];

/** Seed 004 part 1: two BIG-IP units 10.1.20.11/12, Calico nodes in the same subnet, CIS in cluster mode. */
function setup(options: FixtureOptions = {}, network: Partial<BigipNetworkProps> = {}) {
  const f = fixture({
    cluster: { cni: Cni.CALICO, nodePortLocalEnabled: false, nodeAddresses: NODES },
    cis: { poolMemberType: PoolMemberType.CLUSTER },
    ...options,
  });
  const net = new BigipNetwork(f.stack, 'Network', {
    device: f.device,
    dataSegment: '10.1.20.0/24',
    selfIps: [
      { unit: 'bigip1', address: '10.1.20.11' },
      { unit: 'bigip2', address: '10.1.20.12' },
    ],
    floatingSelfIp: '10.1.20.10',
    ...network,
  });
  return { ...f, net };
}

function objectsOfKind(tree: Record<string, string>, kind: string): Doc[] {
  return Object.entries(tree)
    .filter(([path]) => path.endsWith('.yaml'))
    .map(([, text]) => YAML.parse(text) as Doc)
    .filter((doc) => doc?.kind === kind);
}

/** The neighbors, peer groups and AS of an imish script. */
function parseImish(text: string) {
  const as = /^router bgp (\d+)$/m.exec(text)?.[1];
  const remoteAs = [...text.matchAll(/^ neighbor (\S+) remote-as (\d+)$/gm)].map((m) => [m[1], Number(m[2])]);
  const neighbors = [...text.matchAll(/^ neighbor (\S+) peer-group (\S+)$/gm)].map((m) => m[1]);
  return { as: Number(as), remoteAs, neighbors };
}

describe('CalicoBgpPeering', () => {
  it('both sides agree: every node is a neighbor, every self IP a BGPPeer, one AS number', () => {
    const f = setup();
    new CalicoBgpPeering(f.cluster, 'Bgp', { network: f.net, asNumber: 64512 });
    const tree = Testing.synth(f.stack);

    const [config] = objectsOfKind(tree, 'BGPConfiguration');
    expect(config).toEqual({
      apiVersion: 'projectcalico.org/v3',
      kind: 'BGPConfiguration',
      metadata: { name: 'default' },
      spec: { logSeverityScreen: 'Info', nodeToNodeMeshEnabled: true, asNumber: 64512 },
    });
    const peers = objectsOfKind(tree, 'BGPPeer');
    expect(peers.map((p) => p.metadata.name).sort()).toEqual([
      'bgppeer-global-bigip1',
      'bgppeer-global-bigip2',
    ]);

    for (const unit of f.net.selfIps) {
      const imish = tree[`test/bigip/bigip/bgp/${unit.unit}.imish`];
      expect(imish, unit.unit).toBeDefined();
      const parsed = parseImish(imish ?? '');
      const others = f.net.selfIps.filter((s) => s !== unit).map((s) => s.address);
      // every node and every other HA unit is a neighbor, nothing else
      expect(parsed.neighbors.sort()).toEqual([...NODES, ...others].sort());
      // the AS numbers of both sides agree
      expect(parsed.as).toBe(config?.spec.asNumber);
      expect(parsed.remoteAs).toEqual([['calico-k8s', config?.spec.asNumber]]);
    }
    // every self IP is a BGPPeer with the same AS
    expect(peers.map((p) => p.spec.peerIP).sort()).toEqual(f.net.selfIps.map((s) => s.address).sort());
    expect(new Set(peers.map((p) => p.spec.asNumber))).toEqual(new Set([config?.spec.asNumber]));

    const readme = tree['test/bigip/bigip/bgp/README.md'] ?? '';
    expect(readme).toContain('tmsh modify net route-domain 0 routing-protocol add { BGP }');
    expect(readme).toContain('tmsh modify net self self-bigip1 allow-service add { tcp:179 }');
    expect(readme).toContain('tmsh modify net self self-bigip2 allow-service add { tcp:179 }');
  });

  it('renders the imish script of seed 004 line by line', () => {
    const f = setup(
      {},
      {
        selfIps: [
          { unit: 'bigip1', address: '10.1.20.11' },
          { unit: 'bigip2', address: '10.1.20.12' },
        ],
      },
    );
    new CalicoBgpPeering(f.cluster, 'Bgp', { network: f.net });
    const imish = Testing.synth(f.stack)['test/bigip/bigip/bgp/bigip1.imish'] ?? '';
    expect(imish.split('\n').filter((l) => !l.trimStart().startsWith('!'))).toEqual([
      'enable',
      'configure terminal',
      'router bgp 64512',
      ' neighbor calico-k8s peer-group',
      ' neighbor calico-k8s remote-as 64512',
      ' neighbor 10.1.20.20 peer-group calico-k8s',
      ' neighbor 10.1.20.21 peer-group calico-k8s',
      ' neighbor 10.1.20.22 peer-group calico-k8s',
      ' neighbor 10.1.20.12 peer-group calico-k8s',
      'write',
      'end',
      '',
    ]);
  });

  it('takes the crd.projectcalico.org/v1 API group for kubectl without the Calico API server', () => {
    const f = setup();
    new CalicoBgpPeering(f.cluster, 'Bgp', {
      network: f.net,
      apiVersion: CalicoApiVersion.CRD_PROJECTCALICO_V1,
    });
    const tree = Testing.synth(f.stack);
    expect(objectsOfKind(tree, 'BGPPeer').map((p) => p.apiVersion)).toEqual([
      'crd.projectcalico.org/v1',
      'crd.projectcalico.org/v1',
    ]);
  });

  it('is a route to the pods: cluster mode synthesizes without static routing', () => {
    const f = setup();
    new CalicoBgpPeering(f.cluster, 'Bgp', { network: f.net });
    expect(() => synthesizeStack(f.stack)).not.toThrow();
  });

  it("fails when the cluster is on NSX ('network:calico-cluster-mode-on-nsx') or declares no node addresses ('network:bgp-needs-node-addresses')", () => {
    const f = setup({
      cluster: { cni: Cni.CALICO, nodePortLocalEnabled: false, networking: Networking.NSX },
      cis: { poolMemberType: PoolMemberType.NODE_PORT },
    });
    expectValidationErrors(
      () => new CalicoBgpPeering(f.cluster, 'Bgp', { network: f.net }),
      'test/Cluster/Bgp',
      [
        `cluster "c1" has networking "nsx": the BIG-IP cannot sit in its segment and BGP multi-hop would need the pod prefixes redistributed through NSX; allowed: networking Networking.VDS, or Antrea NodePortLocal on NSX [network:calico-cluster-mode-on-nsx]`,
        `cluster "c1" declares no 'nodeAddresses'; the BIG-IP needs one neighbor per node; allowed: the node IPs in 'nodeAddresses' of the VksCluster [network:bgp-needs-node-addresses]`,
      ],
    );
  });

  it("fails when a BIG-IP self IP is inside the pod CIDR ('network:bgp-peer-in-cluster-cidr')", () => {
    const f = setup({
      cluster: {
        cni: Cni.CALICO,
        nodePortLocalEnabled: false,
        nodeAddresses: NODES,
        podCidrs: ['10.1.0.0/16'],
      },
    });
    expectValidationErrors(
      () => new CalicoBgpPeering(f.cluster, 'Bgp', { network: f.net }),
      'test/Cluster/Bgp',
      [
        `'network' self IP "10.1.20.11" (selfIps[0] of [test/Network]) is inside 'podCidrs' "10.1.0.0/16" of cluster "c1"; allowed: an address outside the pod and service CIDRs [network:bgp-peer-in-cluster-cidr]`,
        `'network' self IP "10.1.20.12" (selfIps[1] of [test/Network]) is inside 'podCidrs' "10.1.0.0/16" of cluster "c1"; allowed: an address outside the pod and service CIDRs [network:bgp-peer-in-cluster-cidr]`,
      ],
    );
  });

  it("fails when two clusters peer with one BIG-IP route domain in different AS ('network:bgp-as-mismatch')", () => {
    const f = setup();
    new CalicoBgpPeering(f.cluster, 'Bgp', { network: f.net, asNumber: 64512 });
    const c2 = new VksCluster(f.stack, 'Cluster2', {
      clusterName: 'c2',
      vsphereNamespace: 'ns2',
      cni: Cni.CALICO,
      nodeAddresses: ['10.1.20.30'],
    });
    new CalicoBgpPeering(c2, 'Bgp', { network: f.net, asNumber: 64513, peerGroup: 'calico-c2' });
    expectSynthProblems(f.stack, [
      {
        path: 'test/Cluster2/Bgp',
        message: `'asNumber' 64513 differs from 64512 of [test/Cluster/Bgp] on device bigip route domain 0; allowed: 64512 [network:bgp-as-mismatch]`,
      },
    ]);
  });
});
