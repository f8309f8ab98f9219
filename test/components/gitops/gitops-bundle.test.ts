import { ApiObject } from 'cdk8s';
import YAML from 'yaml';
import { Application } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1';
import { Kustomization } from '@kubernetes-models/flux-cd/kustomize.toolkit.fluxcd.io/v1';
import { GitRepository } from '@kubernetes-models/flux-cd/source.toolkit.fluxcd.io/v1';
import { describe, expect, it } from 'vitest';
import { App } from '../../../lib/core/app';
import { Stack } from '../../../lib/core/stack';
import { synthesizeApp, synthesizeStack, type StackOutput } from '../../../lib/core/synth';
import { argoKindRank, SYNC_WAVE_ANNOTATION } from '../../../lib/k8s/sync-waves';
import { BigipDevice } from '../../../components/bigip/bigip-device';
import { BigipPartition } from '../../../components/bigip/bigip-partition';
import { CisController, PoolMemberType } from '../../../components/cis/cis-controller';
import { GitOpsBundle, GitOpsEngine, goDuration } from '../../../components/gitops/gitops-bundle';
import { VksCluster } from '../../../components/workloads/vks-cluster';
import { createApp } from '../../../stacks/index';
import { expectValidationErrors } from '../../helpers/expect-errors';

type Doc = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; annotations?: Record<string, string> };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- YAML read back in a test
  spec: Record<string, any>;
};

const REPO_URL = 'https://git.example.com/platform/vks-environments.git';

function docs(output: StackOutput, folder: string): Doc[] {
  return [...output.files]
    .filter(
      ([path]) =>
        path.startsWith(`${output.stackName}/gitops/${folder}/`) && !path.endsWith('/kustomization.yaml'),
    )
    .map(([, content]) => YAML.parse(content) as Doc);
}

/** Validates each object against its published model; returns the objects. */
function validate(output: StackOutput) {
  const argo = docs(output, 'argocd');
  const flux = docs(output, 'flux');
  for (const doc of argo) new Application(doc as never).validate();
  for (const doc of flux)
    (doc.kind === 'GitRepository'
      ? new GitRepository(doc as never)
      : new Kustomization(doc as never)
    ).validate();
  return { argo, flux };
}

const wave = (doc: { metadata: { annotations?: Record<string, string> } }) =>
  Number(doc.metadata.annotations?.[SYNC_WAVE_ANNOTATION] ?? '0');

/** Every dependency of the synthesized output is honoured by the Argo CD waves and the Flux dependsOn. */
function expectOrderMatchesDependencies(output: StackOutput) {
  const { argo, flux } = validate(output);
  const prefix = `${output.stackName}/`;
  const appOf = (folder: string) => argo.find((a) => a.spec.source.path.endsWith(`/${folder}`));
  const ksOf = (folder: string) =>
    flux.find((k) => k.kind === 'Kustomization' && k.spec.path.endsWith(`/${folder}`));
  const reaches = (from: Doc, to: Doc, seen = new Set<string>()): boolean =>
    (from.spec.dependsOn ?? []).some((d: { name: string }) => {
      if (d.name === to.metadata.name) return true;
      if (seen.has(d.name)) return false;
      seen.add(d.name);
      const next = flux.find((k) => k.metadata.name === d.name);
      return next !== undefined && reaches(next, to, seen);
    });
  const byName = new Map(output.records.manifests.map((m) => [m.name, m]));
  let edges = 0;
  for (const m of output.records.manifests) {
    for (const d of m.dependsOn) {
      const dep = byName.get(d)!;
      edges++;
      if (dep.folder !== m.folder) {
        if (argo.length)
          expect(wave(appOf(m.folder)!), `${m.name} after ${d}`).toBeGreaterThan(wave(appOf(dep.folder)!));
        if (flux.length)
          expect(reaches(ksOf(m.folder)!, ksOf(dep.folder)!), `${m.name} after ${d}`).toBe(true);
      } else if (argo.length) {
        // One Application: a later wave, or the same wave with a kind Argo CD applies first.
        const object = YAML.parse(output.files.get(prefix + m.name)!) as Doc;
        const dependency = YAML.parse(output.files.get(prefix + d)!) as Doc;
        const ordered =
          wave(object) > wave(dependency) ||
          (wave(object) === wave(dependency) && argoKindRank(dependency.kind) < argoKindRank(object.kind));
        expect(ordered, `${m.name} after ${d}`).toBe(true);
      }
    }
  }
  return edges;
}

describe('GitOpsBundle', () => {
  const outputs = synthesizeApp(createApp()).stacks;
  const dev = outputs.find((o) => o.stackName === 'dev')!;
  const prod = outputs.find((o) => o.stackName === 'prod')!;

  it('dev: Argo CD Applications and Flux objects validate against @kubernetes-models', () => {
    const { argo, flux } = validate(dev);
    expect(argo.map((a) => [a.metadata.name, wave(a), a.spec.destination.name, a.spec.source.path])).toEqual([
      ['dev-supervisor-platform-dev', 0, 'supervisor', 'dist/dev/k8s/supervisor/platform-dev'],
      ['dev-vks-dev', 1, 'vks-dev', 'dist/dev/k8s/vks-dev'],
    ]);
    expect(flux.map((k) => [k.kind, k.metadata.name, k.spec.dependsOn ?? []])).toEqual([
      ['GitRepository', 'dev-source', []],
      ['Kustomization', 'dev-supervisor-platform-dev', []],
      ['Kustomization', 'dev-vks-dev', [{ name: 'dev-supervisor-platform-dev' }]],
    ]);
    expect(flux[2]?.spec).toMatchObject({
      path: './dist/dev/k8s/vks-dev',
      prune: true,
      wait: true,
      interval: '10m0s',
      sourceRef: { kind: 'GitRepository', name: 'dev-source' },
      kubeConfig: { secretRef: { name: 'vks-dev-kubeconfig' } },
    });
  });

  it('the order of dev and prod matches the synthesized dependencies', () => {
    expect(expectOrderMatchesDependencies(dev)).toBeGreaterThan(0);
    expect(expectOrderMatchesDependencies(prod)).toBeGreaterThan(0);
    expect(docs(prod, 'flux')).toEqual([]);
    expect(docs(prod, 'argocd').map((a) => a.metadata.name)).toEqual(['prod-vks-prod']);
  });

  it('gives an object its own sync wave when Argo CD’s kind order would apply it before its dependency', () => {
    const app = new App();
    const stack = new Stack(app, 'waves');
    const device = new BigipDevice(stack, 'Bigip', { deviceName: 'b', url: 'https://192.0.2.1' });
    const partition = new BigipPartition(stack, 'P', { device, partitionName: 'waves' });
    const cluster = new VksCluster(stack, 'Cluster', { clusterName: 'c1', vsphereNamespace: 'ns' });
    const cis = new CisController(cluster, 'Cis', {
      device,
      partition,
      poolMemberType: PoolMemberType.NODE_PORT,
      trustedCertsConfigMap: 'kube-system/ca',
    });
    // A ConfigMap read by a running CIS: Argo CD would apply ConfigMaps before Deployments.
    const settings = new ApiObject(cluster, 'Settings', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'after-cis', namespace: 'kube-system' },
    });
    settings.node.addDependency(cis.deployment);
    new GitOpsBundle(stack, 'GitOps', { repoUrl: REPO_URL, engines: [GitOpsEngine.ARGO_CD] });
    const output = synthesizeStack(stack);
    const configMap = YAML.parse(
      output.files.get('waves/k8s/c1/configmap-kube-system-after-cis.yaml')!,
    ) as Doc;
    expect(configMap.metadata.annotations).toEqual({ [SYNC_WAVE_ANNOTATION]: '1' });
    const deployment = YAML.parse(
      output.files.get('waves/k8s/c1/deployment-kube-system-k8s-bigip-ctlr.yaml')!,
    ) as Doc;
    expect(deployment.metadata.annotations).toBeUndefined();
    expectOrderMatchesDependencies(output);
  });

  it('dev and prod need no object waves: Argo CD’s kind order already follows their dependencies', () => {
    for (const output of [dev, prod])
      for (const m of output.records.manifests)
        expect(output.files.get(`${output.stackName}/${m.name}`), m.name).not.toContain(SYNC_WAVE_ANNOTATION);
  });

  it('the models reject what Argo CD and Flux would reject (the validation can fail)', () => {
    const [application] = docs(dev, 'argocd');
    const { destination: _d, ...spec } = application!.spec;
    expect(() => new Application({ ...application, spec } as never).validate()).toThrow(/destination/);
    const kustomization = docs(dev, 'flux')[1]!;
    expect(() =>
      new Kustomization({
        ...kustomization,
        spec: { ...kustomization.spec, prune: 'yes' },
      } as never).validate(),
    ).toThrow(/prune/);
  });

  it('prints Flux intervals as Go durations', () => {
    expect([30, 600, 3600, 5400].map(goDuration)).toEqual(['30s', '10m0s', '1h0m0s', '1h30m0s']);
  });

  describe('fails when', () => {
    const stackWithCluster = () => {
      const stack = new Stack(new App(), 's');
      new VksCluster(stack, 'Cluster', {
        clusterName: 'c1',
        vsphereNamespace: 'ns',
        nodePortLocalEnabled: true,
      });
      return stack;
    };

    it('repoUrl, path, engines and names are wrong, all at once', () => {
      expectValidationErrors(
        () =>
          new GitOpsBundle(stackWithCluster(), 'GitOps', {
            repoUrl: 'not a url',
            path: '../elsewhere',
            engines: ['jenkins' as GitOpsEngine],
            argoCdNamespace: 'Argo CD',
          }),
        's/GitOps',
        [/'repoUrl' must be an https:\/\//, /'path' must be relative/, /'engines\[0\]'/, /'argoCdNamespace'/],
      );
    });

    it('the stack has two bundles', () => {
      const stack = stackWithCluster();
      new GitOpsBundle(stack, 'A', { repoUrl: REPO_URL });
      new GitOpsBundle(stack, 'B', { repoUrl: REPO_URL });
      expect(() => synthesizeStack(stack)).toThrow(/has a GitOpsBundle already: \[s\/A\]/);
    });

    it('the stack renders no Kubernetes objects', () => {
      const stack = new Stack(new App(), 'empty');
      new GitOpsBundle(stack, 'GitOps', { repoUrl: REPO_URL });
      expect(() => synthesizeStack(stack)).toThrow(/renders no Kubernetes objects/);
    });
  });
});
