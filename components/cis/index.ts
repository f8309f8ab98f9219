export * from './cis-controller';
export type { CisVirtualKind, CisVirtualProps } from './cis-virtual';
export type { IVirtualAddressUser, Listener } from './cis-publishing';
export * from './f5-transport-server';
export * from './f5-virtual-server';
export type { HealthMonitorOptions } from './pool-options';
export {
  TlsProfile,
  TlsReference,
  TlsTermination,
  TlsVersion,
  type ITlsProfile,
  type TlsProfileProps,
} from './tls-profile';
