/**
 * AS3's per-tenant results are the truth (as3-facts §1.4): a 207, or a 200 whose results hold a failed
 * tenant, is a partial failure, and a tenant AS3 did not report on is not a success either.
 */

export type TenantOutcome = 'changed' | 'unchanged' | 'failed';

export interface TenantResult {
  readonly tenant: string;
  /** AS3's per-tenant code (200 for success and no change). */
  readonly code: number;
  /** AS3's message: `success`, `no change`, `declaration failed`, or another AS3 text. */
  readonly message: string;
  readonly outcome: TenantOutcome;
  /** The BIG-IP error text AS3 passes on for a failed tenant. */
  readonly response?: string;
  readonly warnings?: readonly unknown[];
  readonly lineCount?: number;
  readonly runTimeMs?: number;
  readonly dryRun?: boolean;
  /**
   * The tenant failed because its `optimisticLockKey` no longer matched: someone changed (or created)
   * it since it was read. Nothing of it was applied.
   */
  readonly lockConflict?: boolean;
}

/** The start of AS3's message for a tenant whose optimisticLockKey does not match (audit.js). */
export const LOCK_CONFLICT_MESSAGE = 'The hash you submitted does not match the hash on the current Tenant';

export interface DeployResult {
  readonly device: string;
  readonly operation: 'deploy' | 'dry-run' | 'delete';
  /** The tenants asked for. */
  readonly tenants: readonly string[];
  /** One entry per tenant AS3 reported on (Common may appear twice, as AS3 reports it), plus a failed entry per requested tenant it did not report on. */
  readonly results: readonly TenantResult[];
  readonly failed: readonly TenantResult[];
  /** True only when no tenant failed. */
  readonly ok: boolean;
  /**
   * The HTTP status of the answer that carried the results: 200/207/422 for a synchronous request, and
   * 200 for `GET /task/<id>` — which is 200 even when tenants failed, so never judge by it; use `ok`.
   */
  readonly httpStatus: number;
  readonly taskId?: string;
  /** The declaration AS3 echoed (affected tenants only). */
  readonly declaration?: Record<string, unknown>;
  /** How many times the request was submitted (more than 1 after busy answers or a lost task). */
  readonly submissions: number;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** True when AS3's results array is per-tenant (rather than one declaration-level error entry). */
export function hasTenantResults(results: readonly unknown[]): boolean {
  return results.some((r) => isRecord(r) && typeof r.tenant === 'string' && r.tenant !== '');
}

export function toTenantResult(raw: Record<string, unknown>): TenantResult {
  const message = typeof raw.message === 'string' ? raw.message : '';
  const code = typeof raw.code === 'number' ? raw.code : 0;
  const outcome: TenantOutcome =
    code === 200 && message === 'success'
      ? 'changed'
      : code === 200 && message === 'no change'
        ? 'unchanged'
        : 'failed';
  return {
    tenant: String(raw.tenant),
    code,
    message,
    outcome,
    ...(typeof raw.response === 'string' ? { response: raw.response } : {}),
    ...(Array.isArray(raw.warnings) ? { warnings: raw.warnings } : {}),
    ...(typeof raw.lineCount === 'number' ? { lineCount: raw.lineCount } : {}),
    ...(typeof raw.runTime === 'number' ? { runTimeMs: raw.runTime } : {}),
    ...(raw.dryRun === true ? { dryRun: true } : {}),
    ...(outcome === 'failed' && message.startsWith(LOCK_CONFLICT_MESSAGE) ? { lockConflict: true } : {}),
  };
}

export interface ResultContext {
  readonly device: string;
  readonly operation: DeployResult['operation'];
  readonly tenants: readonly string[];
  readonly taskId?: string;
  readonly submissions: number;
  readonly httpStatus: number;
}

/** Builds the result from AS3's `results` (and echoed `declaration`). */
export function buildDeployResult(
  context: ResultContext,
  rawResults: readonly unknown[],
  declaration: unknown,
): DeployResult {
  const results: TenantResult[] = rawResults
    .filter(
      (r): r is Record<string, unknown> => isRecord(r) && typeof r.tenant === 'string' && r.tenant !== '',
    )
    .map(toTenantResult);
  for (const tenant of context.tenants) {
    if (!results.some((r) => r.tenant === tenant)) {
      results.push({ tenant, code: 0, message: 'AS3 reported no result for this tenant', outcome: 'failed' });
    }
  }
  const failed = results.filter((r) => r.outcome === 'failed');
  return {
    device: context.device,
    operation: context.operation,
    tenants: [...context.tenants],
    results,
    failed,
    ok: failed.length === 0,
    httpStatus: context.httpStatus,
    ...(context.taskId !== undefined ? { taskId: context.taskId } : {}),
    ...(isRecord(declaration) ? { declaration } : {}),
    submissions: context.submissions,
  };
}
