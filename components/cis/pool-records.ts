import type { PoolRecord } from '../../lib/core/records';
import { backendPort, ServiceType, type IServiceBackend } from '../workloads/service-backend';
import { PoolMemberType, type CisController } from './cis-controller';

/**
 * The pool records of the synthesis result (`virtualServers[].pools`): which Service a pool sends to
 * and what BIG-IP will hold as its members, for REVIEW.md and `vks-bigip diff`.
 */

/** How `controller` turns `backend` into pool members (`auto` resolved per Service type). */
export function cisMemberType(controller: CisController | undefined, backend: IServiceBackend): string {
  const type = controller?.poolMemberType ?? PoolMemberType.NODE_PORT;
  if (type !== PoolMemberType.AUTO) return type;
  return backend.serviceType === ServiceType.CLUSTER_IP ? PoolMemberType.CLUSTER : PoolMemberType.NODE_PORT;
}

/** A pool whose members come from a Service, found by CIS (or, `static`, the cluster's nodes). */
export function servicePoolRecord(
  backend: IServiceBackend,
  servicePort: number | undefined,
  memberType: string,
  path?: string,
): PoolRecord {
  const port = backendPort(backend, servicePort);
  const onNodes = memberType === PoolMemberType.NODE_PORT || memberType === 'static';
  return {
    ...(path !== undefined ? { path } : {}),
    cluster: backend.cluster.clusterName,
    namespace: backend.namespace,
    service: backend.serviceName,
    ...(port ? { servicePort: port.port } : {}),
    memberType,
    ...(onNodes && port?.nodePort !== undefined ? { memberPort: port.nodePort } : {}),
    members: onNodes ? [...backend.cluster.nodeAddresses] : [],
  };
}

/** A pool of explicit member addresses. */
export function staticPoolRecord(addresses: readonly string[], port: number): PoolRecord {
  return { memberType: 'static', memberPort: port, members: [...addresses] };
}
