import { YAML } from '../core/yaml-library';
import { Rule, RuleSeverity } from '../core/rules';
import type { StackSnapshot } from './snapshot';
import type { WarningDiff } from './stack-diff';

export const MODE_CHANGE_RESTART = Rule.define({
  id: 'multicluster:mode-change-needs-restart',
  severity: RuleSeverity.WARNING,
  summary: 'Changing the multi-cluster mode takes effect only after the CIS pods restart',
  why: 'CIS reads the mode of the extended ConfigMap once, at start; a changed mode is ignored until every CIS of the group restarts (a ratio change needs no restart). The diff flags the change so the rollout includes the restart.',
  source: 'cis-facts §3',
});

/** The `mode` of an extended ConfigMap (label `f5nr: "true"`), or undefined for any other object. */
function modeOf(object: Record<string, unknown> | undefined): string | undefined {
  if (!object || object.kind !== 'ConfigMap') return undefined;
  const metadata = (object.metadata ?? {}) as { labels?: Record<string, string> };
  const spec = ((object.data ?? {}) as { extendedSpec?: unknown }).extendedSpec;
  if (metadata.labels?.f5nr !== 'true' || typeof spec !== 'string') return undefined;
  try {
    const parsed = YAML.parse(spec) as { mode?: unknown } | null;
    return typeof parsed?.mode === 'string' ? parsed.mode : 'default';
  } catch {
    return undefined;
  }
}

/**
 * Changes of a before/after pair that apply only after a restart: an extended ConfigMap whose mode
 * changes. Reported as added warnings of the diff, so review shows them with the change.
 */
export function restartWarnings(before: StackSnapshot, after: StackSnapshot): WarningDiff[] {
  const warnings: WarningDiff[] = [];
  for (const [path, now] of after.objects) {
    const was = modeOf(before.objects.get(path));
    const is = modeOf(now);
    if (was === undefined || is === undefined || was === is) continue;
    const { name, namespace } = (now.metadata ?? {}) as { name?: string; namespace?: string };
    warnings.push({
      id: MODE_CHANGE_RESTART.id,
      path,
      message: `extended ConfigMap ${namespace}/${name} changes the multi-cluster mode from ${JSON.stringify(was)} to ${JSON.stringify(is)}; CIS reads it only at start: restart every CIS of the group after applying (kubectl rollout restart deployment)`,
      change: 'added',
    });
  }
  return warnings;
}
