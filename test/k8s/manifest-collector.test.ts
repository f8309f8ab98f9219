import { ApiObject, Lazy } from 'cdk8s';
import { k8s } from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { App } from '../../lib/core/app';
import { shortHash } from '../../lib/core/names';
import { Stack } from '../../lib/core/stack';
import { Testing } from '../../lib/testing/testing';
import { VirtualServer, TLSProfile, TransportServer, CIS_CUSTOM_RESOURCE_LABEL } from '../../lib/k8s/cis';
import { ManifestChart } from '../../lib/k8s/manifest-chart';
import { manifestFileName } from '../../lib/k8s/manifest-collector';
import { CisController, PoolMemberType } from '../../components/cis/cis-controller';
import { expectSynthProblems, synthProblems } from '../helpers/expect-errors';
import { fixture, kustomizationResources } from '../helpers/fixture';

function chart(outputDir = 'k8s/c1') {
  const stack = new Stack(new App(), 'test');
  return { stack, chart: new ManifestChart(stack, 'Chart', { outputDir }) };
}

const configMap = (scope: Construct, id: string, name?: string, namespace?: string) =>
  new k8s.KubeConfigMap(scope, id, {
    metadata: { ...(name === undefined ? {} : { name }), ...(namespace === undefined ? {} : { namespace }) },
    data: { id },
  });

describe('manifestFileName', () => {
  it('is <kind>-<namespace>-<name>.yaml, or <kind>-<name>.yaml without a namespace, in lower case', () => {
    expect(manifestFileName({ kind: 'VirtualServer', metadata: { name: 'web', namespace: 'shop' } })).toBe(
      'virtualserver-shop-web.yaml',
    );
    expect(manifestFileName({ kind: 'ClusterRole', metadata: { name: 'k8s-bigip-ctlr' } })).toBe(
      'clusterrole-k8s-bigip-ctlr.yaml',
    );
  });
});

describe('ManifestChart and ManifestCollector', () => {
  it('writes one file per object and a kustomization.yaml in the chart folder', () => {
    const { stack, chart: c } = chart();
    configMap(c, 'A', 'a', 'ns');
    configMap(c, 'B', 'b', 'ns');
    const tree = Testing.synth(stack);
    expect(Object.keys(tree)).toEqual([
      'test/.gitattributes',
      'test/REVIEW.md',
      'test/k8s/c1/configmap-ns-a.yaml',
      'test/k8s/c1/configmap-ns-b.yaml',
      'test/k8s/c1/kustomization.yaml',
      'test/index.json',
    ]);
    expect(tree['test/k8s/c1/configmap-ns-a.yaml']).toBe(
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  namespace: ns\ndata:\n  id: A\n',
    );
    expect(tree['test/k8s/c1/kustomization.yaml']).toBe(
      'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - configmap-ns-a.yaml\n  - configmap-ns-b.yaml\nsortOptions:\n  order: fifo\n',
    );
  });

  it('names objects without a name from their path below the chart, with a hash of the stack-relative path', () => {
    const { stack, chart: c } = chart();
    configMap(new Construct(c, 'Group'), 'Settings');
    expect(Object.keys(Testing.synth(stack))).toContain(
      `test/k8s/c1/configmap-group-settings-${shortHash('Chart/Group/Settings')}.yaml`,
    );
  });

  it('uses the chart namespace for objects that set none', () => {
    const stack = new Stack(new App(), 'test');
    const c = new ManifestChart(stack, 'Chart', { outputDir: 'k8s/x', namespace: 'team' });
    configMap(c, 'A', 'a');
    expect(Object.keys(Testing.synth(stack))).toContain('test/k8s/x/configmap-team-a.yaml');
  });

  it('keeps objects of a nested chart out of the parent folder', () => {
    const { stack, chart: parent } = chart('k8s/parent');
    const child = new ManifestChart(parent, 'Child', { outputDir: 'k8s/child' });
    configMap(parent, 'P', 'p');
    configMap(child, 'C', 'c');
    expect(parent.ownApiObjects().map((o) => o.node.id)).toEqual(['P']);
    expect(kustomizationResources(Testing.synth(stack), 'test/k8s/parent')).toEqual(['configmap-p.yaml']);
    expect(kustomizationResources(Testing.synth(stack), 'test/k8s/child')).toEqual(['configmap-c.yaml']);
  });

  describe('apply order', () => {
    it('puts Namespaces first, then CRDs, then everything else in declaration order', () => {
      const { stack, chart: c } = chart();
      configMap(c, 'Config', 'config', 'apps');
      new VirtualServer(c, 'Vs', {
        metadata: { name: 'vs', namespace: 'apps', labels: { ...CIS_CUSTOM_RESOURCE_LABEL } },
        spec: { virtualServerAddress: '192.0.2.1' },
      });
      new k8s.KubeCustomResourceDefinition(c, 'Crd', {
        metadata: { name: 'virtualservers.cis.f5.com' },
        spec: {
          group: 'cis.f5.com',
          names: { kind: 'VirtualServer', plural: 'virtualservers' },
          scope: 'Namespaced',
          versions: [{ name: 'v1', served: true, storage: true }],
        },
      });
      new k8s.KubeNamespace(c, 'Ns', { metadata: { name: 'apps' } });
      expect(kustomizationResources(Testing.synth(stack), 'test/k8s/c1')).toEqual([
        'namespace-apps.yaml',
        'customresourcedefinition-virtualservers.cis.f5.com.yaml',
        'configmap-apps-config.yaml',
        'virtualserver-apps-vs.yaml',
      ]);
    });

    it('puts an object after what it depends on (node.addDependency), whatever the declaration order', () => {
      const { stack, chart: c } = chart();
      const late = configMap(c, 'Late', 'late');
      const early = configMap(c, 'Early', 'early');
      late.node.addDependency(early);
      expect(kustomizationResources(Testing.synth(stack), 'test/k8s/c1')).toEqual([
        'configmap-early.yaml',
        'configmap-late.yaml',
      ]);
    });

    it('applies a dependency between plain constructs to every object below them', () => {
      const { stack, chart: c } = chart();
      const app = new Construct(c, 'App');
      configMap(app, 'One', 'one');
      configMap(app, 'Two', 'two');
      const base = new Construct(c, 'Base');
      configMap(base, 'Three', 'three');
      app.node.addDependency(base);
      expect(kustomizationResources(Testing.synth(stack), 'test/k8s/c1')).toEqual([
        'configmap-three.yaml',
        'configmap-one.yaml',
        'configmap-two.yaml',
      ]);
    });

    it('orders the objects of a whole stack deterministically, in every folder', () => {
      const build = () => {
        const f = fixture();
        return Testing.synth(f.stack);
      };
      expect(kustomizationResources(build(), 'test/k8s/c1')).toEqual(
        kustomizationResources(build(), 'test/k8s/c1'),
      );
    });
  });

  describe('fails when', () => {
    it('objects depend on each other in a cycle (error on the stack, naming the cycle)', () => {
      const { stack, chart: c } = chart();
      const a = configMap(c, 'A', 'a');
      const b = configMap(c, 'B', 'b');
      a.node.addDependency(b);
      b.node.addDependency(a);
      expectSynthProblems(stack, [
        { path: 'test', message: 'dependency cycle: [test/Chart/A] -> [test/Chart/B] -> [test/Chart/A]' },
      ]);
    });

    it('two objects render the same file (same kind, namespace and name)', () => {
      const { stack, chart: c } = chart();
      configMap(c, 'First', 'same', 'ns');
      configMap(c, 'Second', 'same', 'ns');
      expectSynthProblems(stack, [
        {
          path: 'test/Chart/Second',
          message:
            'renders k8s/c1/configmap-ns-same.yaml, which [test/Chart/First] already renders; give one of them another name',
        },
      ]);
    });

    it('a second CisController in one cluster collides with the first on the k8s-bigip-ctlr objects', () => {
      const f = fixture();
      new CisController(f.cluster, 'Cis2', {
        device: f.device,
        partition: f.partition,
        poolMemberType: PoolMemberType.NODE_PORT_LOCAL,
        trustedCertsConfigMap: 'kube-system/ca',
      });
      const problems = synthProblems(f.stack);
      // The validation (one CIS per partition) already stops synthesis before rendering.
      expect(problems).toEqual([
        {
          path: 'test/Cluster/Cis2',
          message: `'partition' "k8s" on device bigip is already the partition of [test/Cluster/Cis]; one CIS instance per partition, or they overwrite each other [cis:one-controller-per-partition]`,
        },
      ]);
    });

    it('an object renders no metadata.name', () => {
      const { stack, chart: c } = chart();
      new k8s.KubeConfigMap(c, 'Nameless', { metadata: { name: undefined }, data: {} });
      expectSynthProblems(stack, [
        {
          path: 'test/Chart/Nameless',
          message: `renders no metadata.name; every Kubernetes object needs one`,
        },
      ]);
    });

    it('an object cannot be rendered (error on the object, with the cause)', () => {
      const { stack, chart: c } = chart();
      new ApiObject(c, 'Broken', {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'broken' },
        data: Lazy.any({
          produce: () => {
            throw new Error('boom');
          },
        }),
      });
      const problems = synthProblems(stack);
      expect(problems).toHaveLength(1);
      expect(problems[0]?.path).toBe('test/Chart/Broken');
      expect(problems[0]?.message).toMatch(/^cannot be rendered: .*boom/);
    });
  });
});

describe('typed CIS and Antrea resources', () => {
  it('carry their group, version and kind', () => {
    expect(VirtualServer.GVK).toEqual({ apiVersion: 'cis.f5.com/v1', kind: 'VirtualServer' });
    expect(TLSProfile.GVK).toEqual({ apiVersion: 'cis.f5.com/v1', kind: 'TLSProfile' });
    expect(TransportServer.GVK).toEqual({ apiVersion: 'cis.f5.com/v1', kind: 'TransportServer' });
    expect(CIS_CUSTOM_RESOURCE_LABEL).toEqual({ f5cr: 'true' });
  });
});
