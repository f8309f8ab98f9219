import { ApiObject, type ApiObjectMetadata } from 'cdk8s';
import type { Construct } from 'constructs';

/**
 * The part of Calico's BGP resources this tool renders. Both kinds are cluster-scoped and have the same
 * spec under either API group: `projectcalico.org/v3` (applied with calicoctl or through the Calico API
 * server) and `crd.projectcalico.org/v1` (the backing CRDs, applied with kubectl).
 * @see https://docs.tigera.io/calico/latest/reference/resources/bgpconfig
 * @see https://docs.tigera.io/calico/latest/reference/resources/bgppeer
 */
export interface CalicoBgpConfigurationSpec {
  readonly logSeverityScreen?: 'Debug' | 'Info' | 'Warning' | 'Error' | 'Fatal';
  readonly nodeToNodeMeshEnabled?: boolean;
  readonly asNumber?: number;
  readonly listenPort?: number;
  readonly serviceClusterIPs?: ReadonlyArray<{ readonly cidr: string }>;
  readonly serviceLoadBalancerIPs?: ReadonlyArray<{ readonly cidr: string }>;
}

export interface CalicoBgpPeerSpec {
  /** IP (or `ip:port`, `[v6]:port`) of the peer. */
  readonly peerIP: string;
  readonly asNumber: number;
  /** Peer from the nodes matching this selector only; unset = every node (a global peer). */
  readonly nodeSelector?: string;
  readonly keepOriginalNextHop?: boolean;
}

export interface CalicoObjectProps<S> {
  readonly apiVersion: string;
  readonly metadata: ApiObjectMetadata;
  readonly spec: S;
}

/** Calico `BGPConfiguration` (the global one is named `default`). */
export class CalicoBgpConfiguration extends ApiObject {
  constructor(scope: Construct, id: string, props: CalicoObjectProps<CalicoBgpConfigurationSpec>) {
    super(scope, id, {
      apiVersion: props.apiVersion,
      kind: 'BGPConfiguration',
      metadata: props.metadata,
      spec: props.spec,
    });
  }
}

/** Calico `BGPPeer`. */
export class CalicoBgpPeer extends ApiObject {
  constructor(scope: Construct, id: string, props: CalicoObjectProps<CalicoBgpPeerSpec>) {
    super(scope, id, {
      apiVersion: props.apiVersion,
      kind: 'BGPPeer',
      metadata: props.metadata,
      spec: props.spec,
    });
  }
}
