import { describe, expect, it } from 'vitest';
import { synthesizeStack } from '../../lib/core/synth';
import { snapshotOf } from '../../lib/review/snapshot';
import { diffStack } from '../../lib/review/stack-diff';
import { MultiClusterPoolMode } from '../../components/multicluster/extended-spec';
import { multiClusterFixture } from '../helpers/multicluster-fixture';

const snapshot = (mode: MultiClusterPoolMode) =>
  snapshotOf(synthesizeStack(multiClusterFixture({ ha: false, multiCluster: { mode } }).stack));

describe('review of a multi-cluster mode change', () => {
  it(`warns when the multi-cluster mode changes: CIS needs a restart ('multicluster:mode-change-needs-restart')`, () => {
    const diff = diffStack(
      'test',
      snapshot(MultiClusterPoolMode.DEFAULT),
      snapshot(MultiClusterPoolMode.RATIO),
    );
    expect(diff.warnings.filter((w) => w.id === 'multicluster:mode-change-needs-restart')).toEqual([
      {
        id: 'multicluster:mode-change-needs-restart',
        path: 'k8s/east/configmap-kube-system-extended-spec-config.yaml',
        message: `extended ConfigMap kube-system/extended-spec-config changes the multi-cluster mode from "default" to "ratio"; CIS reads it only at start: restart every CIS of the group after applying (kubectl rollout restart deployment)`,
        change: 'added',
      },
    ]);
    expect(diff.status).toBe('changed');
  });

  it('does not warn when the mode stays', () => {
    const diff = diffStack(
      'test',
      snapshot(MultiClusterPoolMode.RATIO),
      snapshot(MultiClusterPoolMode.RATIO),
    );
    expect(diff.warnings).toEqual([]);
  });
});
