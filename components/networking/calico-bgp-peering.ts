import { Construct } from 'constructs';
import { registerArtifactSource, type IArtifactSource, type SynthContext } from '../../lib/core/artifacts';
import { brand } from '../../lib/core/brand';
import {
  checkBoolean,
  checkDnsLabel,
  checkEnum,
  checkId,
  checkInteger,
  checkReference,
  PropChecks,
  report,
} from '../../lib/core/checks';
import { quote } from '../../lib/core/errors';
import { cidrContains, parseCidr } from '../../lib/core/net';
import { Stack } from '../../lib/core/stack';
import { CalicoBgpConfiguration, CalicoBgpPeer } from '../../lib/k8s/calico';
import { VksCluster } from '../workloads/vks-cluster';
import { BigipNetwork, type IBigipNetwork } from './bigip-network';
import { BgpOnBigipCollector } from './bgp-imish';
import { Cni, Networking } from './cluster-network';
import {
  BGP_AS_MISMATCH,
  BGP_NEEDS_NODE_ADDRESSES,
  BGP_PEER_IN_CLUSTER_CIDR,
  CALICO_CLUSTER_MODE_ON_NSX,
} from './network-rules';
import { registerPodRouteProvider, type IPodRouteProvider } from './pod-routes';

/** The API group Calico's BGP resources are written in. */
export enum CalicoApiVersion {
  /** The Calico API, served by calicoctl or the Calico API server (`kubectl` needs the API server). */
  PROJECTCALICO_V3 = 'projectcalico.org/v3',
  /** The backing CRDs, applied with plain kubectl when no Calico API server runs (same spec fields). */
  CRD_PROJECTCALICO_V1 = 'crd.projectcalico.org/v1',
}

export interface CalicoBgpPeeringProps {
  /** The BIG-IP network to peer with: one global BGPPeer per self IP. */
  readonly network: IBigipNetwork;

  /**
   * AS number of the cluster and of the BIG-IP (iBGP): `BGPConfiguration.spec.asNumber`, the BGPPeers'
   * `asNumber` and the BIG-IP's `router bgp`.
   * @see https://docs.tigera.io/calico/latest/reference/resources/bgpconfig
   * @default 64512
   */
  readonly asNumber?: number;

  /**
   * Whether the nodes keep their full mesh (`nodeToNodeMeshEnabled`).
   * @see https://docs.tigera.io/calico/latest/reference/resources/bgpconfig
   * @default true
   */
  readonly nodeToNodeMeshEnabled?: boolean;

  /**
   * API group of the rendered BGPConfiguration and BGPPeers.
   * @see https://docs.tigera.io/calico/latest/operations/install-apiserver
   * @default CalicoApiVersion.PROJECTCALICO_V3
   */
  readonly apiVersion?: CalicoApiVersion;

  /**
   * Name of the BIG-IP peer group holding the cluster's nodes.
   * @see https://clouddocs.f5.com/containers/latest/userguide/calico-config.html
   * @default 'calico-k8s'
   */
  readonly peerGroup?: string;
}

/**
 * Calico cluster mode, both sides from one declaration (seed 004, CIS and Kubernetes part 1): the
 * cluster's `BGPConfiguration` `default` and one global `BGPPeer` per BIG-IP self IP, and on the BIG-IP
 * (`dist/<stack>/bigip/<device>/bgp/`) the imish `router bgp` script per unit with a neighbor per node and
 * per HA peer, plus what must be enabled first. The BIG-IP then learns the pod routes, so CIS can use
 * pool member type `cluster`.
 */
export class CalicoBgpPeering extends Construct implements IPodRouteProvider, IArtifactSource {
  public readonly cluster: VksCluster;
  public readonly network: IBigipNetwork;
  public readonly asNumber: number;
  public readonly nodeToNodeMeshEnabled: boolean;
  public readonly apiVersion: CalicoApiVersion;
  public readonly peerGroup: string;
  public readonly routeKind = 'Calico BGP';
  /** Raw objects, for escape hatches (`addJsonPatch`). */
  public readonly bgpConfiguration: CalicoBgpConfiguration;
  public readonly bgpPeers: readonly CalicoBgpPeer[];

  constructor(scope: Construct, id: string, props: CalicoBgpPeeringProps) {
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
      this.nodeToNodeMeshEnabled = checkBoolean(
        this,
        'nodeToNodeMeshEnabled',
        props.nodeToNodeMeshEnabled ?? true,
      );
      this.apiVersion = checkEnum(
        this,
        'apiVersion',
        props.apiVersion ?? CalicoApiVersion.PROJECTCALICO_V3,
        CalicoApiVersion,
      );
      this.peerGroup = checkDnsLabel(this, 'peerGroup', props.peerGroup ?? 'calico-k8s');
      this.checkCluster();
    } catch (error) {
      checks.abort(error);
    }
    checks.end();

    this.bgpConfiguration = new CalicoBgpConfiguration(this, 'BgpConfiguration', {
      apiVersion: this.apiVersion,
      metadata: { name: 'default' },
      spec: {
        logSeverityScreen: 'Info',
        nodeToNodeMeshEnabled: this.nodeToNodeMeshEnabled,
        asNumber: this.asNumber,
      },
    });
    this.bgpPeers = this.network.selfIps.map(
      (selfIp) =>
        new CalicoBgpPeer(this, `Peer-${selfIp.unit}`, {
          apiVersion: this.apiVersion,
          metadata: { name: `bgppeer-global-${selfIp.unit}` },
          spec: { peerIP: selfIp.address, asNumber: this.asNumber },
        }),
    );
    registerPodRouteProvider(this);
    registerArtifactSource(this);
    this.node.addValidation({ validate: () => [...this.checkOnePerCluster(), ...this.checkSameAs()] });
  }

  private checkCluster(): void {
    const cluster = this.cluster;
    if (cluster.cni !== Cni.CALICO) {
      report(
        this,
        `needs a cluster with cni Cni.CALICO, but cluster ${quote(cluster.clusterName)} has cni ${quote(cluster.cni)}`,
      );
    }
    if (cluster.networking === Networking.NSX) {
      report(
        this,
        CALICO_CLUSTER_MODE_ON_NSX.message(
          `cluster ${quote(cluster.clusterName)} has networking "nsx": the BIG-IP cannot sit in its segment and BGP multi-hop would need the pod prefixes redistributed through NSX; allowed: networking Networking.VDS, or Antrea NodePortLocal on NSX`,
        ),
      );
    }
    if (cluster.nodeAddresses.length === 0) {
      report(
        this,
        BGP_NEEDS_NODE_ADDRESSES.message(
          `cluster ${quote(cluster.clusterName)} declares no 'nodeAddresses'; the BIG-IP needs one neighbor per node; allowed: the node IPs in 'nodeAddresses' of the VksCluster`,
        ),
      );
    }
    const cidrs = [
      ...cluster.podCidrs.map((c) => ['podCidrs', c] as const),
      ...cluster.serviceCidrs.map((c) => ['serviceCidrs', c] as const),
    ];
    this.network.selfIps.forEach((selfIp, i) => {
      for (const [prop, text] of cidrs) {
        const cidr = parseCidr(text);
        if (cidr && cidrContains(cidr, selfIp.address)) {
          report(
            this,
            BGP_PEER_IN_CLUSTER_CIDR.message(
              `'network' self IP ${quote(selfIp.address)} (selfIps[${i}] of [${this.network.node.path}]) is inside '${prop}' ${quote(text)} of cluster ${quote(cluster.clusterName)}; allowed: an address outside the pod and service CIDRs`,
            ),
          );
        }
      }
    });
  }

  /** The first peering (tree order) per cluster and per device route domain. */
  private static firsts(stack: Stack): Map<unknown, CalicoBgpPeering> {
    const index = new Map<unknown, CalicoBgpPeering>();
    for (const p of stack.constructsOfType(CalicoBgpPeering)) {
      for (const key of [p.cluster, `${p.network.device.node.path}%${p.network.routeDomain}`])
        if (!index.has(key)) index.set(key, p);
    }
    return index;
  }

  private first(key: unknown): CalicoBgpPeering | undefined {
    const stack = Stack.of(this);
    return stack.memoize(CalicoBgpPeering.firsts, () => CalicoBgpPeering.firsts(stack)).get(key);
  }

  /** One BGPConfiguration `default` per cluster. */
  private checkOnePerCluster(): string[] {
    const first = this.first(this.cluster);
    return first && first !== this
      ? [
          `cluster ${quote(this.cluster.clusterName)} already has the CalicoBgpPeering [${first.node.path}]; one BGPConfiguration "default" per cluster`,
        ]
      : [];
  }

  /** The BIG-IP runs one `router bgp` per route domain: every peering with it uses one AS number. */
  private checkSameAs(): string[] {
    const first = this.first(`${this.network.device.node.path}%${this.network.routeDomain}`);
    if (!first || first === this || first.asNumber === this.asNumber) return [];
    return [
      BGP_AS_MISMATCH.message(
        `'asNumber' ${this.asNumber} differs from ${first.asNumber} of [${first.node.path}] on device ${this.network.device.deviceName} route domain ${this.network.routeDomain}; allowed: ${first.asNumber}`,
      ),
    ];
  }

  /** Adds this peering to the BIG-IP side of its device (`bigip/<device>/bgp/`). */
  public renderArtifacts(context: SynthContext): void {
    BgpOnBigipCollector.of(context, this.network).add({
      by: this,
      network: this.network,
      asNumber: this.asNumber,
      peerGroup: this.peerGroup,
      neighbors: [...this.cluster.nodeAddresses],
      description: `Calico BGP of cluster "${this.cluster.clusterName}"`,
    });
  }
}
brand(CalicoBgpPeering, 'CalicoBgpPeering');
