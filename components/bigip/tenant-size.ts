/**
 * Tenant sizing against blast radius: one bad object in a tenant blocks the whole tenant (AS3 applies
 * a tenant as one transaction), and AS3 slows down as a tenant grows, so big partitions are split.
 */
import type { IConstruct } from 'constructs';
import { jsonText } from '../../lib/core/canonical';
import { Rule, RuleSeverity } from '../../lib/core/rules';

/** F5's best-practices guide: "say, 100 applications per tenant". */
export const MAX_APPLICATIONS_PER_TENANT = 100;
/** Declarations of a few MiB take AS3 minutes per tenant (AS3#877, #750); well before restnoded's 20 MiB body cap. */
export const MAX_TENANT_DECLARATION_BYTES = 1024 * 1024;

export const TENANT_TOO_LARGE = Rule.define({
  id: 'as3:tenant-too-large',
  severity: RuleSeverity.WARNING,
  summary: `A partition's declaration has more than ${MAX_APPLICATIONS_PER_TENANT} applications or more than 1 MiB.`,
  why: 'AS3 applies a tenant as one unit: one bad object blocks every app in it, and large tenants take AS3 minutes to apply (14–16 s per 100-pool tenant in 3.50). Shard apps across partitions, e.g. one per namespace or team.',
  source:
    'AS3 best-practices guide; F5Networks/f5-appsvcs-extension#877, #845 (field-failures §2.9, §3.1 item 9)',
});

const warned = new WeakSet<IConstruct>();

/** Warns once per partition when its rendered declaration is past AS3's practical limits. */
export function checkTenantSize(scope: IConstruct, tenantName: string, body: Record<string, unknown>): void {
  if (warned.has(scope)) return;
  const tenant = (body.declaration as Record<string, unknown> | undefined)?.[tenantName] as
    Record<string, unknown> | undefined;
  const applications = Object.values(tenant ?? {}).filter(
    (v) => typeof v === 'object' && v !== null && (v as { class?: unknown }).class === 'Application',
  ).length;
  // The size of the file as written: key order changes no byte count, so no canonical copy is built.
  const bytes = Buffer.byteLength(jsonText(body));
  const over: string[] = [];
  if (applications > MAX_APPLICATIONS_PER_TENANT)
    over.push(`${applications} applications (more than ${MAX_APPLICATIONS_PER_TENANT})`);
  if (bytes > MAX_TENANT_DECLARATION_BYTES)
    over.push(`${(bytes / 1024 / 1024).toFixed(1)} MiB (more than 1 MiB)`);
  if (over.length === 0) return;
  warned.add(scope);
  TENANT_TOO_LARGE.warn(
    scope,
    `partition '${tenantName}' declares ${over.join(' and ')}: one bad object blocks every app of the tenant; split it, e.g. one partition per namespace or team (docs/bigip.md, "Sharding apps across partitions")`,
  );
}
