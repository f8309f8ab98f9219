export * from './cis-controller';
export { ConnectionMirroring, type CisVirtualKind, type CisVirtualProps } from './cis-virtual';
export { IcmpEcho, RouteAdvertisement, type ServiceAddressOptions } from './service-address';
export * from './f5-ingress-link';
export * from './f5-external-dns';
export type { IVirtualAddressUser, Listener } from './cis-publishing';
export type { DefaultPoolOptions } from './default-pool';
export * from './f5-policy';
export * from './f5-transport-server';
export * from './f5-virtual-server';
export type {
  AlternateBackendOptions,
  CisMonitorOptions,
  CisPoolMonitor,
  CisPoolOptions,
  HealthMonitorOptions,
  MultiClusterServiceOptions,
  StaticPoolMemberOptions,
} from './pool-options';
export {
  TlsProfile,
  TlsReference,
  TlsTermination,
  TlsVersion,
  type ITlsProfile,
  type TlsProfileProps,
} from './tls-profile';
export { OrchestrationCni, type CisArgContext, type CisArgOptions, type CisArgSettings } from './cis-args';
export { CIS_HELM_ARGS, CIS_HELM_VALUES, type CisHelmMapping } from './cis-helm-values';
export { ImagePullPolicy, type CisPodOptions, type CisPodSettings } from './cis-pod';
export { F5Ingress, type F5IngressProps } from './f5-ingress';
export {
  IngressHealthType,
  IngressPathType,
  type F5IngressBackendOptions,
  type F5IngressPathOptions,
  type F5IngressRuleOptions,
  type F5IngressTlsOptions,
  type IngressClientSslOptions,
  type IngressHealthMonitorOptions,
  type ResolvedIngressPath,
} from './f5-ingress-options';
export { CIS_INGRESS_ANNOTATIONS, type IngressAnnotationMapping } from './f5-ingress-annotations';
export {
  LegacyMonitorProtocol,
  LegacyVirtualServerConfigMap,
  LegacyVirtualServerMode,
  type LegacyHealthMonitorOptions,
  type LegacyVirtualServerConfigMapProps,
} from './legacy-virtual-server-configmap';
export { cisPropsFromHelmValues } from './cis-helm-import';
