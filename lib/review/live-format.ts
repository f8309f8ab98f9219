import { cell } from './describe';
import { showChange } from './field-diff';
import type { LiveReport, LiveTenant } from './live';

function storedLines(tenant: LiveTenant): string[] {
  const diff = tenant.stored;
  if (!diff) return [];
  const lines = diff.fields.map((f) => `    ${showChange(f)}`);
  for (const app of diff.applications) {
    lines.push(
      `  ${app.status === 'added' ? '+' : app.status === 'removed' ? '−' : '~'} application ${app.name}${app.status === 'changed' ? '' : ` (${app.status === 'added' ? 'declared, not on the device' : 'on the device, not declared'})`}`,
    );
    lines.push(...app.fields.map((f) => `      ${showChange(f)}`));
    for (const object of app.objects) {
      lines.push(
        `    ${object.status === 'added' ? '+' : object.status === 'removed' ? '−' : '~'} ${object.name}`,
      );
      lines.push(...object.fields.map((f) => `        ${showChange(f)}`));
    }
  }
  return lines;
}

const VERDICT: Record<LiveTenant['status'], string> = {
  'in sync': 'in sync',
  changed: 'the stored declaration differs from the declared one',
  missing: 'not on the device (pulumi up would create it)',
  drifted:
    'stored declaration as declared, but the live configuration differs (changed on the BIG-IP by hand?)',
  failed: 'the dry run failed',
};

function dryRunText(tenant: LiveTenant): string {
  if (tenant.dryRun === 'skipped') return 'dry run not supported by this AS3';
  if (tenant.dryRun === 'failed') return `dry run failed: ${tenant.dryRunMessage ?? ''}`;
  return tenant.dryRun === 'changed' ? 'dry run: AS3 would change the device' : 'dry run: no change';
}

/** Paths in field changes read device → declared: `before` is on the BIG-IP, `after` is declared. */
export function formatLiveText(report: LiveReport): string {
  const out = ['vks-bigip diff --live (field changes read: on the BIG-IP → declared)'];
  for (const device of report.devices) {
    out.push('', `device ${device.device} (${device.url}), AS3 ${device.as3Version}`);
    if (device.versionWarning) out.push(`  warning: ${device.versionWarning}`);
    for (const t of device.tenants) {
      out.push(
        `  ${t.status === 'in sync' ? '=' : '~'} tenant ${t.tenant} of stack ${t.stack} (${t.owner}): ${VERDICT[t.status]}; ${dryRunText(t)}${t.foreignLabel ? `; its label on the device is ${JSON.stringify(t.foreignLabel)}` : ''}`,
      );
      out.push(...storedLines(t).map((l) => `  ${l}`));
    }
    if (device.unmanaged.length)
      out.push(`  unmanaged tenants (no stack declares them): ${device.unmanaged.join(', ')}`);
    if (device.cisOwned.length)
      out.push(`  written by CIS from custom resources (not compared): ${device.cisOwned.join(', ')}`);
  }
  if (!report.devices.length) out.push('', 'No stack declares an AS3 tenant.');
  return `${out.join('\n')}\n`;
}

export function formatLiveMarkdown(report: LiveReport): string {
  const out = ['### vks-bigip diff --live', ''];
  out.push('| Device | Tenant | Stack | Writer | Status | Dry run |', '|---|---|---|---|---|---|');
  for (const device of report.devices)
    for (const t of device.tenants)
      out.push(
        `| ${[device.device, t.tenant, t.stack, t.owner, VERDICT[t.status], dryRunText(t)].map(cell).join(' | ')} |`,
      );
  out.push('');
  for (const device of report.devices) {
    if (device.unmanaged.length)
      out.push(
        `**Unmanaged tenants on ${device.device}** (no stack declares them): ${device.unmanaged.map((t) => `\`${t}\``).join(', ')}`,
        '',
      );
  }
  const detailed = report.devices.flatMap((d) => d.tenants.filter((t) => t.stored));
  for (const t of detailed) {
    out.push(`<details><summary>${t.device}/${t.tenant}: on the BIG-IP → declared</summary>`, '', '```diff');
    out.push(
      ...storedLines(t).map((l) =>
        l
          .replace(/^(\s*)\+/, '+$1')
          .replace(/^(\s*)−/, '-$1')
          .replace(/^(\s*)~/, '!$1'),
      ),
    );
    out.push('```', '', '</details>', '');
  }
  return `${out.join('\n').trimEnd()}\n`;
}
