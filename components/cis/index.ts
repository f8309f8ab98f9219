export * from './cis-controller';
export * from './f5-transport-server';
export * from './f5-virtual-server';
export type { CisVirtualProps } from './cis-virtual';
export type { HealthMonitorOptions } from './pool-options';
export * from './tls-profile';
