/** The BIG-IP AS3 client (undici): `BigipClient`, its options, results and typed errors. */
export { BigipClient } from './client';
export type { As3Info, DeployOptions, Json } from './client';
export type { BigipClientOptions, BigipLogger, RetryOptions } from './options';
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
export { backoffDelay } from './backoff';
export { withDeviceWriteLock } from './device-queue';
