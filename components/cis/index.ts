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
export { OrchestrationCni, type CisArgContext, type CisArgOptions, type CisArgSettings } from './cis-args';
export { CIS_HELM_ARGS, CIS_HELM_VALUES, type CisHelmMapping } from './cis-helm-values';
export { ImagePullPolicy, type CisPodOptions, type CisPodSettings } from './cis-pod';
