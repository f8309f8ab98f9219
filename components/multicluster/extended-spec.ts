import { YAML } from '../../lib/core/yaml-library';

/**
 * The `extendedSpec` document of the CIS extended ConfigMap, as CIS 2.20 reads it
 * (`pkg/controller/types.go` `extendedSpec`, parsed with `yaml.UnmarshalStrict`: an unknown key stops CIS).
 * Only the multi-cluster part is rendered; the route keys (`baseRouteSpec`, `extendedRouteSpec`) are
 * OpenShift-only.
 */

/** How CIS spreads a pool over the clusters (`mode`). */
export enum MultiClusterPoolMode {
  /** Pools name each cluster's Service explicitly (`multiClusterServices`); no cluster ratio. */
  DEFAULT = 'default',
  /** Pools take the same Service from every cluster, one pool with all members. */
  ACTIVE_ACTIVE = 'active-active',
  /** One pool per cluster, traffic split by each cluster's `ratio` (and the Service weights). */
  RATIO = 'ratio',
}

/** What a cluster's pool members accept (`adminState`). */
export enum ClusterAdminState {
  /** New connections are sent to the cluster. */
  ENABLE = 'enable',
  /** Only connections of existing persistence sessions. */
  DISABLE = 'disable',
  /** No new connections at all. */
  OFFLINE = 'offline',
  /** Ratio mode: no pool for the cluster; other modes: no members from it (maintenance). */
  NO_POOL = 'no-pool',
}

/** One cluster entry (`primaryCluster`, `secondaryCluster`, `externalClustersConfig[]`). */
export interface ExtendedClusterConfig {
  readonly clusterName: string;
  readonly secret: string;
  readonly ratio?: number;
  readonly adminState?: ClusterAdminState;
  readonly serviceTypeLBDiscovery?: boolean;
}

export interface ExtendedSpec {
  readonly mode: MultiClusterPoolMode;
  readonly localClusterRatio?: number;
  readonly localClusterAdminState?: ClusterAdminState;
  readonly highAvailabilityCIS?: {
    readonly primaryEndPoint: string;
    readonly probeInterval: number;
    readonly retryInterval: number;
    readonly primaryCluster: ExtendedClusterConfig;
    readonly secondaryCluster: ExtendedClusterConfig;
  };
  readonly externalClustersConfig?: readonly ExtendedClusterConfig[];
}

/** The label CIS selects the extended ConfigMap by (`f5nr in (true)`). */
export const EXTENDED_CONFIGMAP_LABEL = { f5nr: 'true' } as const;

/** The key of the ConfigMap data CIS reads. */
export const EXTENDED_SPEC_KEY = 'extendedSpec';

/** The YAML text of `extendedSpec`: keys in CIS's order, absent values left out. */
export function renderExtendedSpec(spec: ExtendedSpec): string {
  const cluster = (c: ExtendedClusterConfig) => omitUndefined({ ...c });
  const document = omitUndefined({
    mode: spec.mode,
    localClusterRatio: spec.localClusterRatio,
    localClusterAdminState: spec.localClusterAdminState,
    highAvailabilityCIS: spec.highAvailabilityCIS && {
      primaryEndPoint: spec.highAvailabilityCIS.primaryEndPoint,
      probeInterval: spec.highAvailabilityCIS.probeInterval,
      retryInterval: spec.highAvailabilityCIS.retryInterval,
      primaryCluster: cluster(spec.highAvailabilityCIS.primaryCluster),
      secondaryCluster: cluster(spec.highAvailabilityCIS.secondaryCluster),
    },
    externalClustersConfig: spec.externalClustersConfig?.length
      ? spec.externalClustersConfig.map(cluster)
      : undefined,
  });
  return YAML.stringify(document, { lineWidth: 0 });
}

function omitUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
