/** The BIG-IP AS3 client (undici): `BigipClient`, its options, results and typed errors. */
export { ABSENT_TENANT_LOCK_KEY, BigipClient } from './client';
export type { As3Info, DeleteOptions, DeployOptions, Json, TenantForWrite } from './client';
export { insecureWarning } from './options';
export type { BigipClientOptions, BigipLogger, RetryOptions } from './options';
export { LOCK_CONFLICT_MESSAGE } from './results';
export type { DeployResult, TenantOutcome, TenantResult } from './results';
export {
  As3TenantError,
  As3ValidationError,
  BigipAuthError,
  BigipBusyError,
  BigipError,
  BigipNotFoundError,
  BigipResponseError,
  BigipTaskLostError,
  BigipTimeoutError,
  BigipTlsError,
  BigipTransportError,
  BigipUsageError,
} from './errors';
export type { BigipErrorContext, BigipOperation } from './errors';
export { backoffDelay, type BackoffPolicy } from './backoff';
export { withDeviceWriteLock } from './device-queue';
export { mergeDeclarations, TenantDeployBatcher } from './tenant-batcher';
export type { TenantBatcherOptions, TenantWrite, WriteReservation } from './tenant-batcher';
