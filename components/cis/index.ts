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
