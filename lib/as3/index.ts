/** The typed AS3 model: applications and the objects declared in them, and references to BIG-IP objects. */
export { As3Application, ApplicationTemplate, type As3ApplicationProps } from './application';
export { AS3_SCHEMA_VERSION } from './declaration';
export {
  BigipInventory,
  BigipObjectKind,
  BigipRef,
  type IInventoryHolder,
  type InventoryItem,
} from './inventory';
export { As3IRule, type As3IRuleProps } from './irule';
export { LoadBalancingMethod } from './load-balancing';
export { As3Monitor, MonitorType, type As3MonitorProps } from './monitor';
export { As3Object, type As3ObjectProps, type IAs3Application } from './object';
export { As3Persist, PersistenceMethod, type As3PersistProps } from './persist';
export {
  As3Pool,
  MemberAdminState,
  ServiceDownAction,
  type As3PoolMemberOptions,
  type As3PoolMonitor,
  type As3PoolProps,
} from './pool';
export { As3RawObject, type As3RawObjectProps } from './raw';
export {
  As3Service,
  As3ServiceHttp,
  As3ServiceHttps,
  As3ServiceL4,
  As3ServiceTcp,
  As3ServiceUdp,
  type Persistence,
  type As3ServiceHttpProps,
  type As3ServiceHttpsProps,
  type As3ServiceL4Props,
  type As3ServiceProps,
} from './service';
export { Snat, type SnatMode } from './snat';
export { As3SnatPool, type As3SnatPoolProps } from './snat-pool';
export type { IAs3Device, IAs3Tenant } from './tenant';
export {
  As3Certificate,
  As3TlsClient,
  As3TlsServer,
  type As3CertificateProps,
  type As3TlsClientProps,
  type As3TlsServerCertificate,
  type As3TlsServerProps,
} from './tls';
