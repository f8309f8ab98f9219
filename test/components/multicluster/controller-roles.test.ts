import { describe, expect, it } from 'vitest';
import { synthesizeStack } from '../../../lib/core/synth';
import { Testing } from '../../../lib/testing/testing';
import { MultiClusterMode } from '../../../components/cis/cis-controller';
import { MultiCluster } from '../../../components/multicluster/multi-cluster';
import { expectValidationErrors, validationErrorOf } from '../../helpers/expect-errors';
import { k8sObject } from '../../helpers/fixture';
import { multiClusterFixture } from '../../helpers/multicluster-fixture';

/** CisControllers declared without any multi-cluster prop: the MultiCluster alone gives them their role. */
const UNSET = { multiClusterMode: undefined, extendedSpecConfigMap: undefined };

const argsIn = (tree: Record<string, string>, folder: string): string[] =>
  k8sObject(tree, 'Deployment', 'kube-system', 'k8s-bigip-ctlr', { folder }).spec.template.spec.containers[0]
    .args as string[];

describe('MultiCluster sets up its CIS instances', () => {
  it('gives the HA pair consistent arguments from the group declared once', () => {
    const f = multiClusterFixture({
      cis: UNSET,
      multiCluster: { configMapName: 'mc-spec', configMapNamespace: 'f5-mc' },
    });
    expect(f.cisEast.multiClusterMode).toBe(MultiClusterMode.PRIMARY);
    expect(f.cisWest?.multiClusterMode).toBe(MultiClusterMode.SECONDARY);
    expect(f.cisWest?.extendedSpecConfigMap).toBe('f5-mc/mc-spec');
    const tree = Testing.synth(f.stack);
    const east = argsIn(tree, 'east');
    const west = argsIn(tree, 'west');
    expect(east).toEqual(f.cisEast.args);
    expect(east).toEqual(
      expect.arrayContaining([
        '--multi-cluster-mode=primary',
        '--local-cluster-name=east',
        '--extended-spec-configmap=f5-mc/mc-spec',
      ]),
    );
    // The two differ in their role and their own cluster's name only.
    const own = (args: string[], cluster: string, role: string) =>
      args.map((a) =>
        a === `--local-cluster-name=${cluster}` || a === `--multi-cluster-mode=${role}` ? '<own>' : a,
      );
    expect(own(west, 'west', 'secondary')).toEqual(own(east, 'east', 'primary'));
    // The ConfigMap the arguments name is the one rendered into both clusters.
    for (const folder of ['east', 'west']) {
      const cm = k8sObject(tree, 'ConfigMap', 'f5-mc', 'mc-spec', { folder });
      expect(cm.metadata.labels).toEqual({ f5nr: 'true' });
    }
  });

  it('runs a standalone CIS as standalone', () => {
    const f = multiClusterFixture({ ha: false, cis: UNSET });
    expect(argsIn(Testing.synth(f.stack), 'east')).toEqual(
      expect.arrayContaining([
        '--multi-cluster-mode=standalone',
        '--local-cluster-name=east',
        '--extended-spec-configmap=kube-system/extended-spec-config',
      ]),
    );
  });

  it('accepts a role set by hand when it agrees with the group', () => {
    const f = multiClusterFixture();
    expect(f.cisEast.multiClusterMode).toBe(MultiClusterMode.PRIMARY);
    expect(argsIn(Testing.synth(f.stack), 'west')).toContain('--multi-cluster-mode=secondary');
  });

  it('fails when a CIS joins two MultiClusters', () => {
    const f = multiClusterFixture({ ha: false, cis: UNSET });
    expectValidationErrors(
      () =>
        new MultiCluster(f.stack, 'Other', {
          controller: f.cisEast,
          clusters: [{ cluster: f.north, apiServer: 'https://192.0.2.13:6443' }],
        }),
      'test/East/Cis',
      [
        `is already in the multi-cluster group [test/Shop]; it cannot join [test/Other] too (one CIS, one extended ConfigMap)`,
      ],
    );
  });

  it('fails when joinMultiCluster is called with a role that contradicts the props', () => {
    const f = multiClusterFixture({ build: false });
    const error = validationErrorOf(() =>
      f.cisEast.joinMultiCluster(f.stack, MultiClusterMode.SECONDARY, 'kube-system/extended-spec-config'),
    );
    expect(error.details).toEqual([
      `'multiClusterMode' is "primary", but [test] runs this CIS as "secondary"`,
    ]);
    expect(f.cisEast.multiClusterMode).toBe(MultiClusterMode.PRIMARY);
  });

  it(`warns when a CisController runs in multi-cluster mode outside any MultiCluster ('multicluster:controller-outside-group')`, () => {
    const outside = (stack: Parameters<typeof synthesizeStack>[0]) =>
      synthesizeStack(stack)
        .warnings.filter((w) => w.id === 'multicluster:controller-outside-group')
        .map((w) => `[${w.path}] ${w.message}`);
    const alone = multiClusterFixture({ ha: false, build: false });
    expect(outside(alone.stack)).toEqual([
      `[test/East/Cis] runs with --multi-cluster-mode=standalone but belongs to no MultiCluster: nothing renders the extended ConfigMap "kube-system/extended-spec-config" it reads; declare a MultiCluster with this CIS (it sets the role itself)`,
    ]);
    expect(outside(multiClusterFixture({ ha: false }).stack)).toEqual([]);
  });
});
