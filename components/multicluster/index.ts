export * from './discovery-account';
export {
  ClusterAdminState,
  EXTENDED_CONFIGMAP_LABEL,
  EXTENDED_SPEC_KEY,
  MultiClusterPoolMode,
  type ExtendedClusterConfig,
  type ExtendedSpec,
} from './extended-spec';
export * from './multi-cluster';
export * from './cis-load-balancer-service';
export {
  IpamController,
  IpamLogLevel,
  IpamOrchestration,
  IpamProvider,
  type InfobloxLabelOptions,
  type IpamControllerProps,
  type IpamRange,
} from './ipam-controller';
