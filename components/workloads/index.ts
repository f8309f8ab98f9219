export * from './cluster-ip-service';
export * from './kubernetes-cluster';
export * from './node-port-service';
export * from './npl-service';
export * from './service-ref';
export { Protocol, ServiceType, type IServiceBackend, type ServiceBackendPort } from './service-backend';
export * from './vks-cluster';
export type { WorkloadPodsProps } from './workload-pods';
