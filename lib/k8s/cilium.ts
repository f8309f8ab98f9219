import { ApiObject, type ApiObjectMetadata } from 'cdk8s';
import type { Construct } from 'constructs';

/**
 * The part of Cilium's BGP control plane (v2, `cilium.io/v2`, cluster-scoped) this tool renders.
 * @see https://docs.cilium.io/en/stable/network/bgp-control-plane/bgp-control-plane-v2/
 */
export const CILIUM_API_VERSION = 'cilium.io/v2';

export interface CiliumLabelSelector {
  readonly matchLabels?: Readonly<Record<string, string>>;
}

export interface CiliumBgpClusterConfigSpec {
  readonly nodeSelector?: CiliumLabelSelector;
  readonly bgpInstances: ReadonlyArray<{
    readonly name: string;
    readonly localASN: number;
    readonly peers: ReadonlyArray<{
      readonly name: string;
      readonly peerAddress: string;
      readonly peerASN: number;
      readonly peerConfigRef?: { readonly name: string };
    }>;
  }>;
}

export interface CiliumBgpPeerConfigSpec {
  readonly transport?: { readonly peerPort?: number };
  readonly gracefulRestart?: { readonly enabled: boolean; readonly restartTimeSeconds?: number };
  readonly families: ReadonlyArray<{
    readonly afi: 'ipv4' | 'ipv6';
    readonly safi: 'unicast';
    readonly advertisements?: CiliumLabelSelector;
  }>;
}

export interface CiliumBgpAdvertisementSpec {
  readonly advertisements: ReadonlyArray<{
    readonly advertisementType: 'PodCIDR' | 'CiliumPodIPPool' | 'Service';
  }>;
}

export interface CiliumObjectProps<S> {
  readonly metadata: ApiObjectMetadata;
  readonly spec: S;
}

/** `CiliumBGPClusterConfig`: which nodes run BGP and with which peers. */
export class CiliumBgpClusterConfig extends ApiObject {
  constructor(scope: Construct, id: string, props: CiliumObjectProps<CiliumBgpClusterConfigSpec>) {
    super(scope, id, { apiVersion: CILIUM_API_VERSION, kind: 'CiliumBGPClusterConfig', ...props });
  }
}

/** `CiliumBGPPeerConfig`: address families and what is advertised to a peer. */
export class CiliumBgpPeerConfig extends ApiObject {
  constructor(scope: Construct, id: string, props: CiliumObjectProps<CiliumBgpPeerConfigSpec>) {
    super(scope, id, { apiVersion: CILIUM_API_VERSION, kind: 'CiliumBGPPeerConfig', ...props });
  }
}

/** `CiliumBGPAdvertisement`: the routes advertised (here the nodes' pod CIDRs). */
export class CiliumBgpAdvertisement extends ApiObject {
  constructor(scope: Construct, id: string, props: CiliumObjectProps<CiliumBgpAdvertisementSpec>) {
    super(scope, id, { apiVersion: CILIUM_API_VERSION, kind: 'CiliumBGPAdvertisement', ...props });
  }
}
