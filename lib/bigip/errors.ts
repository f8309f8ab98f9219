/**
 * Typed errors of the BIG-IP client. Every message names the device, the operation and the tenants; none
 * ever contains a password or a token (the client builds messages only from redacted text).
 */
import type { DeployResult, TenantResult } from './results';

export type BigipOperation =
  'login' | 'token extension' | 'info' | 'deploy' | 'dry-run' | 'get declaration' | 'delete' | 'logout';

export interface BigipErrorContext {
  readonly device: string;
  readonly operation: BigipOperation;
  readonly tenants?: readonly string[];
}

function describe(context: BigipErrorContext): string {
  const tenants = context.tenants?.length ? ` of tenant(s) ${context.tenants.join(', ')}` : '';
  return `BIG-IP ${context.device}: ${context.operation}${tenants} failed`;
}

export class BigipError extends Error {
  override name = 'BigipError';
  readonly device: string;
  readonly operation: BigipOperation;
  readonly tenants: readonly string[];
  /** The HTTP status that ended the operation, when there was one. */
  readonly status: number | undefined;

  constructor(context: BigipErrorContext, detail: string, status?: number) {
    super(`${describe(context)}: ${detail}`);
    this.device = context.device;
    this.operation = context.operation;
    this.tenants = [...(context.tenants ?? [])];
    this.status = status;
  }
}

/** The caller asked for something the client refuses (empty tenant list, `updateMode: complete`, …). */
export class BigipUsageError extends BigipError {
  override name = 'BigipUsageError';
}

/** Login refused, or a request still unauthorized after one re-login. */
export class BigipAuthError extends BigipError {
  override name = 'BigipAuthError';
}

/** AS3 refused the request or declaration as a whole (400/422); `as3Message` and `errors` are AS3's own. */
export class As3ValidationError extends BigipError {
  override name = 'As3ValidationError';
  constructor(
    context: BigipErrorContext,
    readonly as3Message: string,
    readonly errors: readonly string[],
    status: number,
  ) {
    super(
      context,
      `AS3 rejected the request (${status} ${as3Message})${errors.length ? `: ${errors.join('; ')}` : ''}`,
      status,
    );
  }
}

/** The device stayed busy (503) until the retry budget or the deadline ran out. */
export class BigipBusyError extends BigipError {
  override name = 'BigipBusyError';
  constructor(
    context: BigipErrorContext,
    /** How many times the device answered busy. */
    readonly busyAnswers: number,
    /** `attempts` when retry.maxAttempts was used up, `deadline` when taskDeadlineMs was reached. */
    readonly reason: 'attempts' | 'deadline',
    readonly lastMessage: string,
    elapsedMs: number,
  ) {
    const why =
      reason === 'attempts' ? 'retry.maxAttempts was used up' : 'the deadline (taskDeadlineMs) was reached';
    super(
      context,
      `device busy: answered 503 ${busyAnswers} time(s) in ${(elapsedMs / 1000).toFixed(1)} s and ${why} (last answer: ${lastMessage})`,
      503,
    );
  }
}

/** The network failed: connection refused/reset, timeout, TLS. `code` is the system or undici error code. */
export class BigipTransportError extends BigipError {
  override name = 'BigipTransportError';
  constructor(
    context: BigipErrorContext,
    detail: string,
    readonly code: string | undefined,
  ) {
    super(context, detail);
  }
}

/** The device's TLS certificate could not be verified (pass `caBundle`, or `insecure: true` knowingly). */
export class BigipTlsError extends BigipTransportError {
  override name = 'BigipTlsError';
}

/** An async task did not finish before the deadline (it may still finish on the device). */
export class BigipTimeoutError extends BigipError {
  override name = 'BigipTimeoutError';
  constructor(
    context: BigipErrorContext,
    detail: string,
    readonly taskId: string | undefined,
  ) {
    super(context, detail);
  }
}

/** An async task record vanished (device restart) more often than the retry budget allows. */
export class BigipTaskLostError extends BigipError {
  override name = 'BigipTaskLostError';
}

/** AS3 says the named tenant(s) are not in the stored declaration (404). */
export class BigipNotFoundError extends BigipError {
  override name = 'BigipNotFoundError';
}

/** An answer the client does not understand (unexpected status, not JSON, 500 from AS3). */
export class BigipResponseError extends BigipError {
  override name = 'BigipResponseError';
}

/** Some tenants of a deployment failed; `result` holds every tenant's outcome, `failed` AS3's responses. */
export class As3TenantError extends BigipError {
  override name = 'As3TenantError';
  readonly failed: readonly TenantResult[];
  constructor(readonly result: DeployResult) {
    const failed = result.failed;
    const detail = failed
      .map((r) => `${r.tenant}: ${r.message}${r.response ? ` (${r.response})` : ''}`)
      .join('; ');
    super(
      { device: result.device, operation: result.operation, tenants: result.tenants },
      `${failed.length} of ${result.tenants.length} tenant(s) failed (HTTP ${result.httpStatus}): ${detail}`,
      result.httpStatus,
    );
    this.failed = failed;
  }
}
