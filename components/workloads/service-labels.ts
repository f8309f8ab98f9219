import { ApiObject } from 'cdk8s';
import type { IConstruct } from 'constructs';
import { quote } from '../../lib/core/errors';
import { Rule, RuleSeverity } from '../../lib/core/rules';
import { Stack } from '../../lib/core/stack';
import { isServiceBackend, type IServiceBackend } from './service-backend';

/** Labels CIS uses to find the Service behind an AS3 ConfigMap pool. */
export const AS3_DISCOVERY_LABELS = {
  tenant: 'cis.f5.com/as3-tenant',
  application: 'cis.f5.com/as3-app',
  pool: 'cis.f5.com/as3-pool',
} as const;

export const AS3_LABELS_UNIQUE_RULE = Rule.define({
  id: 'cis:as3-pool-labels-unique',
  severity: RuleSeverity.ERROR,
  summary: 'Two Services of one cluster carry the same cis.f5.com/as3-tenant, as3-app and as3-pool labels',
  why: 'In AS3 ConfigMap mode CIS fills a pool with the endpoints of the Service whose three labels name its tenant, application and pool; with two such Services it takes one of them, so the pods of the other never get traffic (and which one wins can change on restart).',
  source: 'F5Networks/k8s-bigip-ctlr#1337; cis-facts.md V19',
});

/**
 * Labels other constructs ask a Service to carry (`IServiceBackend.addServiceLabels`). The Service
 * sets them on itself; one key asked for with two values is reported by the Service at synth.
 */
export class ServiceLabels {
  private readonly values = new Map<string, { readonly value: string; readonly by?: IConstruct }>();
  private readonly conflicts: string[] = [];

  /** Records `labels`; returns those the Service should set (keys not set before). */
  public add(labels: Readonly<Record<string, string>>, by?: IConstruct): Record<string, string> {
    const accepted: Record<string, string> = {};
    for (const [key, value] of Object.entries(labels)) {
      const existing = this.values.get(key);
      if (existing?.value === value) continue;
      if (existing !== undefined) {
        const who = (c?: IConstruct) => (c ? ` by [${c.node.path}]` : '');
        this.conflicts.push(
          `label ${key} is set to ${quote(existing.value)}${who(existing.by)} and to ${quote(value)}${who(by)}; a Service carries one value per label, so one Service per AS3 pool`,
        );
        continue;
      }
      this.values.set(key, { value, by });
      accepted[key] = value;
    }
    return accepted;
  }

  /** Problems to report from the Service's validation. */
  public problems(): string[] {
    return [...this.conflicts];
  }
}

/** The AS3 pool a rendered Service is discovered for (`cluster|tenant|app|pool`), if it has all three labels. */
function as3PoolKey(backend: IServiceBackend): string | undefined {
  if (!(backend.service instanceof ApiObject)) return undefined;
  const metadata = backend.service.metadata;
  const values = Object.values(AS3_DISCOVERY_LABELS).map((key) => metadata.getLabel(key));
  if (values.some((v) => v === undefined)) return undefined;
  return `${backend.cluster.node.path}|${values.join('|')}`;
}

/** The first Service (in declaration order) of each AS3 pool key, built once per synthesis (O(n)). */
function firstServiceByAs3Pool(stack: Stack): Map<string, IServiceBackend> {
  return stack.memoize(firstServiceByAs3Pool, () => {
    const first = new Map<string, IServiceBackend>();
    for (const c of stack.allConstructs()) {
      if (!isServiceBackend(c)) continue;
      const key = as3PoolKey(c);
      if (key !== undefined && !first.has(key)) first.set(key, c);
    }
    return first;
  });
}

/** A Service that takes the AS3 discovery labels of a Service declared before it in the same cluster. */
export function checkAs3LabelsUnique(self: IServiceBackend): string[] {
  const key = as3PoolKey(self);
  if (key === undefined) return [];
  const first = firstServiceByAs3Pool(Stack.of(self)).get(key);
  if (first === undefined || first === self) return [];
  const [, tenant, app, pool] = key.split('|');
  return [
    AS3_LABELS_UNIQUE_RULE.message(
      `carries the AS3 discovery labels tenant ${quote(tenant)}, app ${quote(app)}, pool ${quote(pool)}, as Service ${first.namespace}/${first.serviceName} of [${first.node.path}] does in cluster ${quote(self.cluster.clusterName)}; CIS fills the pool from one of them only: one Service per AS3 pool`,
    ),
  ];
}
