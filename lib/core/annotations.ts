import type { IConstruct } from 'constructs';
import { pathOf } from './errors';

/** A warning raised by a construct; `id` is stable so users can acknowledge it. */
export interface Warning {
  readonly id: string;
  readonly path: string;
  readonly message: string;
}

interface Records {
  readonly warnings: Array<{ id: string; message: string }>;
  readonly acknowledged: Map<string, string>;
}

const RECORDS = new WeakMap<IConstruct, Records>();

function recordsOf(scope: IConstruct): Records {
  let records = RECORDS.get(scope);
  if (!records) {
    records = { warnings: [], acknowledged: new Map() };
    RECORDS.set(scope, records);
  }
  return records;
}

export const WARNING_ID = /^[a-z0-9]+(-[a-z0-9]+)*:[a-z0-9]+(-[a-z0-9]+)*$/;

/**
 * Warnings with stable ids (`<area>:<rule>`, e.g. `cis:insecure-bigip-tls`), in the spirit of aws-cdk's
 * Annotations. A warning is reported by synth unless it was acknowledged on the construct or any of its
 * scopes, so a stack can accept a known risk in one line, with a reason that shows in review.
 */
export class Annotations {
  public static of(scope: IConstruct): Annotations {
    return new Annotations(scope);
  }

  private constructor(private readonly scope: IConstruct) {}

  public addWarning(id: string, message: string): void {
    if (!WARNING_ID.test(id)) {
      throw new Error(`warning id must look like "area:rule-name", got ${JSON.stringify(id)}`);
    }
    recordsOf(this.scope).warnings.push({ id, message });
  }

  /** Accepts warning `id` for this construct and everything below it. */
  public acknowledgeWarning(id: string, reason: string): void {
    if (!reason || !reason.trim()) {
      throw new Error(`acknowledging warning ${JSON.stringify(id)} needs a reason`);
    }
    recordsOf(this.scope).acknowledged.set(id, reason);
  }

  /**
   * Every warning of this construct and its descendants, in tree order, with the reason of the nearest
   * scope that acknowledged it (review aids list both kinds).
   * @param constructs the scope's subtree when the caller already has it
   */
  public allWarnings(
    constructs: readonly IConstruct[] = this.scope.node.findAll(),
  ): Array<Warning & { readonly acknowledged?: string }> {
    const result: Array<Warning & { readonly acknowledged?: string }> = [];
    for (const construct of constructs) {
      const records = RECORDS.get(construct);
      if (!records) continue;
      for (const warning of records.warnings) {
        const scope = [...construct.node.scopes]
          .reverse()
          .find((s) => RECORDS.get(s)?.acknowledged.has(warning.id));
        const reason = scope ? RECORDS.get(scope)?.acknowledged.get(warning.id) : undefined;
        result.push({
          id: warning.id,
          path: pathOf(construct),
          message: warning.message,
          ...(reason !== undefined ? { acknowledged: reason } : {}),
        });
      }
    }
    return result;
  }

  /**
   * Warnings of this construct and its descendants that nobody acknowledged, in tree order.
   * @param constructs the scope's subtree when the caller already has it
   */
  public unacknowledgedWarnings(constructs: readonly IConstruct[] = this.scope.node.findAll()): Warning[] {
    const result: Warning[] = [];
    for (const construct of constructs) {
      const records = RECORDS.get(construct);
      if (!records) continue;
      for (const warning of records.warnings) {
        const acknowledged = construct.node.scopes.some((s) => RECORDS.get(s)?.acknowledged.has(warning.id));
        if (!acknowledged) result.push({ id: warning.id, path: pathOf(construct), message: warning.message });
      }
    }
    return result;
  }
}
