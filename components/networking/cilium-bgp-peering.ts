import { Construct } from 'constructs';
import { registerArtifactSource, type IArtifactSource, type SynthContext } from '../../lib/core/artifacts';
import { brand } from '../../lib/core/brand';
import {
  checkDnsLabel,
  checkId,
  checkInteger,
  checkReference,
  PropChecks,
  report,
} from '../../lib/core/checks';
import { quote } from '../../lib/core/errors';
import { isIP } from 'node:net';
import { CiliumBgpAdvertisement, CiliumBgpClusterConfig, CiliumBgpPeerConfig } from '../../lib/k8s/cilium';
import { VksCluster } from '../workloads/vks-cluster';
import { BigipNetwork, type IBigipNetwork } from './bigip-network';
import { BgpOnBigipCollector } from './bgp-imish';
import { Cni } from './cluster-network';
import { BGP_NEEDS_NODE_ADDRESSES } from './network-rules';
import { registerPodRouteProvider, type IPodRouteProvider } from './pod-routes';

export interface CiliumBgpPeeringProps {
  /** The BIG-IP network to peer with: one peer per self IP. */
  readonly network: IBigipNetwork;

  /**
   * AS number of the nodes and of the BIG-IP (iBGP, as in seed 003).
   * @see https://docs.cilium.io/en/stable/network/bgp-control-plane/bgp-control-plane-v2/
   * @default 64512
   */
  readonly asNumber?: number;

  /**
   * Labels of the nodes that run BGP (`CiliumBGPClusterConfig.spec.nodeSelector.matchLabels`).
   * @see https://docs.cilium.io/en/stable/network/bgp-control-plane/bgp-control-plane-v2/
   * @default - every node
   */
  readonly nodeSelector?: Record<string, string>;

  /**
   * Name of the BIG-IP peer group holding the nodes, and of the Cilium objects.
   * @default 'cilium-k8s'
   */
  readonly peerGroup?: string;
}

/** What Cilium must run with so that the BIG-IP can send to pod IPs (seed 003). */
export const CILIUM_PREREQUISITES: readonly string[] = [
  'Cilium BGP control plane enabled (Helm `bgpControlPlane.enabled=true`)',
  'native routing for the pod CIDRs (`routingMode=native`, `ipv4NativeRoutingCIDR` — `native-routing-cidr` in seed 003), so traffic from the BIG-IP is not masqueraded',
  'an IPAM that publishes each node’s pod CIDR (seed 003 uses `ipam=kubernetes`)',
];

/**
 * Cilium (seed 003) peering with the BIG-IP over BGP, in a KubernetesCluster: `CiliumBGPClusterConfig`
 * (one peer per BIG-IP self IP), `CiliumBGPPeerConfig` and a `CiliumBGPAdvertisement` of the pod CIDRs
 * (`cilium.io/v2`), and the BIG-IP side (`bigip/<device>/bgp/`) with one neighbor per node. The BIG-IP
 * then routes to the pods, so CIS can use pool member type `cluster`.
 */
export class CiliumBgpPeering extends Construct implements IPodRouteProvider, IArtifactSource {
  public readonly cluster: VksCluster;
  public readonly network: IBigipNetwork;
  public readonly asNumber: number;
  public readonly peerGroup: string;
  public readonly nodeSelector?: Readonly<Record<string, string>>;
  public readonly routeKind = 'Cilium BGP';
  /** Raw objects, for escape hatches (`addJsonPatch`). */
  public readonly clusterConfig: CiliumBgpClusterConfig;
  public readonly peerConfig: CiliumBgpPeerConfig;
  public readonly advertisement: CiliumBgpAdvertisement;

  constructor(scope: Construct, id: string, props: CiliumBgpPeeringProps) {
    super(scope, checkId(scope, id));
    this.cluster = VksCluster.enclosing(this);
    const checks: PropChecks = PropChecks.begin(this, props);
    try {
      this.network = checkReference(
        this,
        'network',
        props.network,
        (x): x is IBigipNetwork => x instanceof BigipNetwork,
        'a BigipNetwork',
      );
      this.asNumber = checkInteger(this, 'asNumber', props.asNumber ?? 64512, 1, 4_294_967_295);
      this.peerGroup = checkDnsLabel(this, 'peerGroup', props.peerGroup ?? 'cilium-k8s');
      this.nodeSelector = props.nodeSelector === undefined ? undefined : { ...props.nodeSelector };
      if (this.cluster.cni !== Cni.CILIUM) {
        report(
          this,
          `needs a cluster with cni Cni.CILIUM, but cluster ${quote(this.cluster.clusterName)} has cni ${quote(this.cluster.cni)}`,
        );
      }
      if (this.cluster.nodeAddresses.length === 0) {
        report(
          this,
          BGP_NEEDS_NODE_ADDRESSES.message(
            `cluster ${quote(this.cluster.clusterName)} declares no 'nodeAddresses'; the BIG-IP needs one neighbor per node; allowed: the node IPs in 'nodeAddresses' of the cluster`,
          ),
        );
      }
    } catch (error) {
      checks.abort(error);
    }
    checks.end();

    const advertiseLabels = { advertise: `${this.peerGroup}-pod-cidr` };
    this.clusterConfig = new CiliumBgpClusterConfig(this, 'ClusterConfig', {
      metadata: { name: this.peerGroup },
      spec: {
        ...(this.nodeSelector ? { nodeSelector: { matchLabels: { ...this.nodeSelector } } } : {}),
        bgpInstances: [
          {
            name: `instance-${this.asNumber}`,
            localASN: this.asNumber,
            peers: this.network.selfIps.map((s) => ({
              name: `bigip-${s.unit}`,
              peerAddress: s.address,
              peerASN: this.asNumber,
              peerConfigRef: { name: this.peerGroup },
            })),
          },
        ],
      },
    });
    const families = [
      ...new Set(this.cluster.podCidrs.map((c) => (isIP(c.split('/')[0] ?? '') === 6 ? 'ipv6' : 'ipv4'))),
    ];
    this.peerConfig = new CiliumBgpPeerConfig(this, 'PeerConfig', {
      metadata: { name: this.peerGroup },
      spec: {
        families: families.sort().map((afi) => ({
          afi: afi as 'ipv4' | 'ipv6',
          safi: 'unicast' as const,
          advertisements: { matchLabels: advertiseLabels },
        })),
      },
    });
    this.advertisement = new CiliumBgpAdvertisement(this, 'Advertisement', {
      metadata: { name: `${this.peerGroup}-pod-cidr`, labels: advertiseLabels },
      spec: { advertisements: [{ advertisementType: 'PodCIDR' }] },
    });
    registerPodRouteProvider(this);
    registerArtifactSource(this);
  }

  /** Adds this peering to the BIG-IP side of its device (`bigip/<device>/bgp/`). */
  public renderArtifacts(context: SynthContext): void {
    BgpOnBigipCollector.of(context, this.network).add({
      by: this,
      network: this.network,
      asNumber: this.asNumber,
      peerGroup: this.peerGroup,
      neighbors: [...this.cluster.nodeAddresses],
      description: `Cilium BGP of cluster "${this.cluster.clusterName}"`,
      clusterPrerequisites: CILIUM_PREREQUISITES,
    });
  }
}
brand(CiliumBgpPeering, 'CiliumBgpPeering');
