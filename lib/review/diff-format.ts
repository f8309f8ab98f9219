import { cell } from './describe';
import { showChange } from './field-diff';
import type { ObjectDiff, StackDiff, TenantDiff } from './stack-diff';

/** The result of `vks-bigip diff`: per stack, what the change does. */
export interface DiffReport {
  /** What was compared against: `dist`, `git HEAD~1 (1a2b3c4)`. */
  readonly base: string;
  readonly changed: boolean;
  readonly stacks: readonly StackDiff[];
}

export function buildReport(base: string, stacks: readonly StackDiff[]): DiffReport {
  return { base, changed: stacks.some((s) => s.status !== 'unchanged'), stacks };
}

interface Counts {
  added: number;
  changed: number;
  removed: number;
}

function count(statuses: readonly string[]): Counts {
  return {
    added: statuses.filter((s) => s === 'added').length,
    changed: statuses.filter((s) => s === 'changed').length,
    removed: statuses.filter((s) => s === 'removed').length,
  };
}

const showCounts = (c: Counts) =>
  c.added + c.changed + c.removed === 0 ? '-' : `+${c.added} ~${c.changed} −${c.removed}`;

function objectCounts(stack: StackDiff): Counts {
  return count(stack.kubernetes.flatMap((f) => f.objects.map((o) => o.status)));
}
function tenantCounts(stack: StackDiff): Counts {
  return count(stack.as3.map((t) => t.status));
}
function applicationCounts(stack: StackDiff): Counts {
  return count(stack.as3.flatMap((t) => t.applications.map((a) => a.status)));
}
function warningSummary(stack: StackDiff): string {
  const n = (change: string) => stack.warnings.filter((w) => w.change === change).length;
  const parts = [
    n('added') ? `+${n('added')}` : '',
    n('resolved') ? `−${n('resolved')}` : '',
    n('acknowledged') ? `${n('acknowledged')} acknowledged` : '',
    n('unacknowledged') ? `${n('unacknowledged')} no longer acknowledged` : '',
  ].filter(Boolean);
  return parts.join(', ') || '-';
}

const SIGN = { added: '+', removed: '−', changed: '~' } as const;

function objectLines(object: ObjectDiff, indent: string): string[] {
  return [
    `${indent}${SIGN[object.status]} ${object.name}${object.status === 'changed' ? '' : ` (${object.status})`}`,
    ...object.fields.map((f) => `${indent}    ${showChange(f)}`),
  ];
}

function tenantLines(tenant: TenantDiff, indent: string): string[] {
  const lines = [
    `${indent}${SIGN[tenant.status]} tenant ${tenant.tenant} on ${tenant.device} (${tenant.owner})${tenant.status === 'changed' ? '' : ` (${tenant.status})`}`,
    ...tenant.fields.map((f) => `${indent}    ${showChange(f)}`),
  ];
  for (const app of tenant.applications) {
    lines.push(
      `${indent}  ${SIGN[app.status]} application ${app.name}${app.status === 'changed' ? '' : ` (${app.status})`}`,
    );
    lines.push(...app.fields.map((f) => `${indent}      ${showChange(f)}`));
    for (const object of app.objects) lines.push(...objectLines(object, `${indent}    `));
  }
  return lines;
}

/** Plain text, one section per changed stack; `paint` colours a line by its leading sign (TTY only). */
export function formatText(
  report: DiffReport,
  paint: (kind: 'add' | 'remove' | 'change' | 'head', text: string) => string = (_k, t) => t,
): string {
  const out: string[] = [];
  const colour = (line: string) => {
    const sign = line.trimStart()[0];
    return sign === '+'
      ? paint('add', line)
      : sign === '−'
        ? paint('remove', line)
        : sign === '~'
          ? paint('change', line)
          : line;
  };
  out.push(`vks-bigip diff against ${report.base}`);
  if (!report.changed) {
    out.push('No changes.');
    return `${out.join('\n')}\n`;
  }
  for (const stack of report.stacks) {
    out.push('', paint('head', `stack ${stack.stack}: ${stack.status}`));
    if (stack.status === 'unchanged') continue;
    if (stack.willDelete.length) {
      out.push('  will delete:');
      for (const d of stack.willDelete)
        out.push(colour(`    − ${d.what} in ${d.where} — owner ${d.owner}; removed by ${d.by}`));
    }
    if (stack.virtualServers.length) {
      out.push('  virtual servers:');
      for (const vs of stack.virtualServers) {
        if (vs.status === 'added') out.push(colour(`    + ${vs.name} ${vs.vipAfter}`));
        else if (vs.status === 'removed') out.push(colour(`    − ${vs.name} ${vs.vipBefore}`));
        else {
          out.push(colour(`    ~ ${vs.name} ${vs.vipAfter}`));
          for (const c of vs.changes) out.push(`        ${c.field}: ${c.before} → ${c.after}`);
        }
      }
    }
    if (stack.kubernetes.length) {
      out.push('  kubernetes:');
      for (const folder of stack.kubernetes) {
        out.push(`    ${folder.folder}`);
        for (const object of folder.objects) out.push(...objectLines(object, '      ').map(colour));
      }
    }
    if (stack.as3.length) {
      out.push('  as3:');
      for (const tenant of stack.as3) out.push(...tenantLines(tenant, '    ').map(colour));
    }
    if (stack.warnings.length) {
      out.push('  warnings:');
      for (const w of stack.warnings)
        out.push(
          `    ${w.change} ${w.id} [${w.path}]${w.reason ? ` — reason: ${w.reason}` : ''}: ${w.message}`,
        );
    }
    const files = stack.files;
    if (files.added.length + files.removed.length + files.changed.length) {
      out.push('  other files:');
      for (const f of files.added) out.push(colour(`    + ${f}`));
      for (const f of files.removed) out.push(colour(`    − ${f}`));
      for (const f of files.changed) out.push(colour(`    ~ ${f}`));
    }
  }
  return `${out.join('\n')}\n`;
}

const code = (text: string) => `\`${text.replace(/`/g, "'")}\``;

/** A pull-request comment: the summary table first, deletions and virtual servers, details collapsed. */
export function formatMarkdown(report: DiffReport): string {
  const out: string[] = [];
  out.push(`### vks-bigip diff against ${report.base}`, '');
  if (!report.changed) {
    out.push('No changes to the synthesized output.');
    return `${out.join('\n')}\n`;
  }
  out.push(
    '| Stack | Status | Kubernetes objects | AS3 tenants | AS3 applications | Will delete | Virtual servers | Warnings |',
    '|---|---|---|---|---|---:|---:|---|',
  );
  for (const s of report.stacks) {
    out.push(
      `| ${[s.stack, s.status, showCounts(objectCounts(s)), showCounts(tenantCounts(s)), showCounts(applicationCounts(s)), String(s.willDelete.length), String(s.virtualServers.length), warningSummary(s)].map(cell).join(' | ')} |`,
    );
  }
  out.push('', '_+ added, ~ changed, − removed._');
  for (const s of report.stacks) {
    if (s.status === 'unchanged') continue;
    out.push('', `#### Stack ${code(s.stack)}`, '');
    if (s.willDelete.length) {
      out.push(
        `**Will delete (${s.willDelete.length})**`,
        '',
        '| What | Where | Owner | Removed by |',
        '|---|---|---|---|',
      );
      for (const d of s.willDelete)
        out.push(`| ${[d.what, d.where, code(d.owner), d.by].map(cell).join(' | ')} |`);
      out.push('');
    }
    if (s.virtualServers.length) {
      out.push('**Virtual servers**', '', '| Virtual server | Change |', '|---|---|');
      for (const vs of s.virtualServers) {
        const change =
          vs.status === 'added'
            ? `added on ${vs.vipAfter}`
            : vs.status === 'removed'
              ? `removed from ${vs.vipBefore}`
              : vs.changes.map((c) => `${c.field}: ${c.before} → ${c.after}`).join('<br>');
        out.push(`| ${[code(vs.name), change].map(cell).join(' | ')} |`);
      }
      out.push('');
    }
    if (s.warnings.length) {
      out.push('**Warnings**', '', '| Change | Rule | Construct | Reason or message |', '|---|---|---|---|');
      for (const w of s.warnings)
        out.push(`| ${[w.change, code(w.id), code(w.path), w.reason ?? w.message].map(cell).join(' | ')} |`);
      out.push('');
    }
    const objects = s.kubernetes.reduce((n, f) => n + f.objects.length, 0);
    if (objects) {
      out.push(
        `<details><summary>Kubernetes: ${objects} object(s) in ${s.kubernetes.length} folder(s)</summary>`,
        '',
        '```diff',
      );
      for (const folder of s.kubernetes) {
        out.push(`@@ ${folder.folder} @@`);
        for (const object of folder.objects) out.push(...objectLines(object, '').map(diffLine));
      }
      out.push('```', '', '</details>', '');
    }
    if (s.as3.length) {
      out.push(`<details><summary>AS3: ${s.as3.length} tenant(s)</summary>`, '', '```diff');
      for (const tenant of s.as3) out.push(...tenantLines(tenant, '').map(diffLine));
      out.push('```', '', '</details>', '');
    }
    const files = [
      ...s.files.added.map((f) => `+ ${f}`),
      ...s.files.removed.map((f) => `- ${f}`),
      ...s.files.changed.map((f) => `! ${f}`),
    ];
    if (files.length) {
      out.push(
        `<details><summary>Other files: ${files.length}</summary>`,
        '',
        '```diff',
        ...files,
        '```',
        '',
        '</details>',
        '',
      );
    }
  }
  return `${out.join('\n').trimEnd()}\n`;
}

/** A line of a ```diff block: its first character colours it (`+` green, `-` red, `!` orange). */
function diffLine(line: string): string {
  const trimmed = line.trimStart();
  const sign = trimmed[0];
  const rest = line.replace(/^(\s*)[+−~]\s?/, '$1');
  if (sign === '+') return `+ ${rest}`;
  if (sign === '−') return `- ${rest}`;
  if (sign === '~') return `! ${rest}`;
  return `  ${line}`;
}

export function formatJson(report: DiffReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
