import type { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { registerArtifactSource, type IArtifactSource, type SynthContext } from '../../lib/core/artifacts';
import { brand } from '../../lib/core/brand';
import { toCanonicalYaml } from '../../lib/core/canonical';
import {
  checkArray,
  checkBoolean,
  checkDnsLabel,
  checkEnum,
  checkId,
  checkNonEmpty,
  checkSeconds,
  PropChecks,
  report,
} from '../../lib/core/checks';
import { quote } from '../../lib/core/errors';
import type { ClusterRecord, ManifestRecord } from '../../lib/core/records';
import { Stack } from '../../lib/core/stack';
import { requestSyncWaves, SYNC_WAVE_ANNOTATION } from '../../lib/k8s/sync-waves';

/** The GitOps engines a bundle is rendered for. */
export enum GitOpsEngine {
  /** Argo CD: an `Application` per cluster folder, ordered by sync waves. */
  ARGO_CD = 'argocd',
  /** Flux: a `GitRepository` and a `Kustomization` per cluster folder, ordered by `dependsOn`. */
  FLUX = 'flux',
}

export interface GitOpsBundleProps {
  /**
   * URL of the Git repository that holds the synthesized output (Argo CD `spec.source.repoURL`, Flux
   * `GitRepository.spec.url`).
   * @see https://argo-cd.readthedocs.io/en/stable/user-guide/application-specification/
   * @see https://fluxcd.io/flux/components/source/gitrepositories/
   */
  readonly repoUrl: string;

  /**
   * Path of this stack's output folder in the repository.
   * @see https://argo-cd.readthedocs.io/en/stable/user-guide/application-specification/
   * @default `dist/<stack>`
   */
  readonly path?: string;

  /**
   * Branch the engines follow (Argo CD `targetRevision`, Flux `ref.branch`).
   * @see https://fluxcd.io/flux/components/source/gitrepositories/#reference
   * @default 'main'
   */
  readonly branch?: string;

  /**
   * The engines to render a bundle for (`gitops/argocd/`, `gitops/flux/`).
   * @see https://fluxcd.io/flux/guides/repository-structure/
   * @default - both, GitOpsEngine.ARGO_CD and GitOpsEngine.FLUX
   */
  readonly engines?: GitOpsEngine[];

  /**
   * Namespace of Argo CD's Applications.
   * @see https://argo-cd.readthedocs.io/en/stable/operator-manual/declarative-setup/
   * @default 'argocd'
   */
  readonly argoCdNamespace?: string;

  /**
   * Argo CD project of the Applications.
   * @see https://argo-cd.readthedocs.io/en/stable/user-guide/projects/
   * @default 'default'
   */
  readonly argoCdProject?: string;

  /**
   * Name under which the Supervisor is registered in Argo CD (the destination of the Supervisor folders).
   * VKS clusters are their own destinations, by cluster name.
   * @see https://argo-cd.readthedocs.io/en/stable/user-guide/application-specification/
   * @default 'supervisor'
   */
  readonly argoCdSupervisorName?: string;

  /**
   * Namespace of Flux's GitRepository and Kustomizations.
   * @see https://fluxcd.io/flux/components/kustomize/kustomizations/
   * @default 'flux-system'
   */
  readonly fluxNamespace?: string;

  /**
   * How often Flux reconciles.
   * @see https://fluxcd.io/flux/components/kustomize/kustomizations/#interval
   * @default Duration.minutes(10)
   */
  readonly fluxInterval?: Duration;

  /**
   * Flux reaches each VKS cluster with the Cluster API kubeconfig Secret `<cluster>-kubeconfig` (in the
   * Flux namespace); false applies every folder to the cluster Flux runs in.
   * @see https://fluxcd.io/flux/components/kustomize/kustomizations/#kubeconfig-remote-clusters
   * @default true
   */
  readonly fluxClusterKubeConfigs?: boolean;

  /**
   * Delete objects that are no longer in the output (Argo CD automated `prune`, Flux `prune`).
   * @see https://fluxcd.io/flux/components/kustomize/kustomizations/#prune
   * @default true
   */
  readonly prune?: boolean;
}

/** One folder of the output = one Kubernetes API = one Application / Kustomization. */
interface FolderPlan {
  readonly folder: string;
  /** `vks-dev`, `supervisor-platform-dev`. */
  readonly label: string;
  readonly cluster?: ClusterRecord;
  readonly dependsOn: readonly string[];
  readonly wave: number;
}

/** Kinds CIS writes a status into: Argo CD must not count that as drift. */
const CIS_STATUS_KINDS = ['VirtualServer', 'TransportServer', 'IngressLink'];

/**
 * Opt-in GitOps bundles of a stack's Kubernetes output: for Argo CD an `Application` per cluster folder
 * (sync waves from the dependency order: Supervisor folders first; inside an Application, objects whose
 * kind Argo CD would apply too early carry their own `argocd.argoproj.io/sync-wave`), for Flux a
 * `GitRepository` and a `Kustomization` per cluster folder with `dependsOn` between them. Rendered in the
 * form the API servers store, with a `kustomization.yaml` per engine folder to bootstrap them.
 */
export class GitOpsBundle extends Construct implements IArtifactSource {
  public readonly repoUrl: string;
  public readonly path: string;
  public readonly branch: string;
  public readonly engines: readonly GitOpsEngine[];
  public readonly argoCdNamespace: string;
  public readonly argoCdProject: string;
  public readonly argoCdSupervisorName: string;
  public readonly fluxNamespace: string;
  /** Reconcile interval of Flux, in seconds. */
  public readonly fluxIntervalSeconds: number;
  public readonly fluxClusterKubeConfigs: boolean;
  public readonly prune: boolean;

  constructor(scope: Construct, id: string, props: GitOpsBundleProps) {
    super(scope, checkId(scope, id));
    const stack = Stack.of(this);
    const checks: PropChecks = PropChecks.begin(this, props);
    try {
      this.repoUrl = checkNonEmpty(this, 'repoUrl', props.repoUrl);
      if (/\s/.test(this.repoUrl) || !/^(https?|ssh):\/\/|^[\w.-]+@[\w.-]+:/.test(this.repoUrl))
        report(this, `'repoUrl' must be an https://, ssh:// or git@host: URL, got ${quote(props.repoUrl)}`);
      this.path = checkNonEmpty(this, 'path', props.path ?? `dist/${stack.stackName}`).replace(
        /^\.\/|\/+$/g,
        '',
      );
      if (this.path.startsWith('/') || this.path.split('/').includes('..'))
        report(this, `'path' must be relative to the repository root, got ${quote(props.path)}`);
      this.branch = checkNonEmpty(this, 'branch', props.branch ?? 'main');
      this.engines = [
        ...new Set(
          checkArray(
            this,
            'engines',
            props.engines ?? [GitOpsEngine.ARGO_CD, GitOpsEngine.FLUX],
            'a list of GitOpsEngine',
          ).map((e, i) => checkEnum(this, `engines[${i}]`, e, GitOpsEngine)),
        ),
      ];
      if (this.engines.length === 0) report(this, `'engines' must name at least one engine`);
      this.argoCdNamespace = checkDnsLabel(this, 'argoCdNamespace', props.argoCdNamespace ?? 'argocd');
      this.argoCdProject = checkDnsLabel(this, 'argoCdProject', props.argoCdProject ?? 'default');
      this.argoCdSupervisorName = checkNonEmpty(
        this,
        'argoCdSupervisorName',
        props.argoCdSupervisorName ?? 'supervisor',
      );
      this.fluxNamespace = checkDnsLabel(this, 'fluxNamespace', props.fluxNamespace ?? 'flux-system');
      this.fluxIntervalSeconds = checkSeconds(this, 'fluxInterval', props.fluxInterval, 600, 1, 86_400 * 7);
      this.fluxClusterKubeConfigs = checkBoolean(
        this,
        'fluxClusterKubeConfigs',
        props.fluxClusterKubeConfigs ?? true,
      );
      this.prune = checkBoolean(this, 'prune', props.prune ?? true);
    } catch (error) {
      checks.abort(error);
    }
    checks.end();
    this.node.addValidation({ validate: () => this.checkOnePerStack() });
    if (this.engines.includes(GitOpsEngine.ARGO_CD)) requestSyncWaves(stack);
    registerArtifactSource(this);
  }

  private checkOnePerStack(): string[] {
    const bundles = Stack.of(this).constructsOfType(GitOpsBundle);
    return bundles[0] !== this ? [`the stack has a GitOpsBundle already: [${bundles[0]?.node.path}]`] : [];
  }

  /** The bundles are rendered once every manifest is known (they follow the manifests' dependencies). */
  public renderArtifacts(context: SynthContext): void {
    context.onFinish(() => {
      const plan = planFolders(context.recordsOf('manifests'), context.recordsOf('clusters'));
      if (plan.length === 0) {
        context.addProblem(
          this,
          'the stack renders no Kubernetes objects; a GitOps bundle has nothing to apply',
        );
        return;
      }
      if (this.engines.includes(GitOpsEngine.ARGO_CD)) this.renderArgoCd(context, plan);
      if (this.engines.includes(GitOpsEngine.FLUX)) this.renderFlux(context, plan);
    });
  }

  private name(label: string): string {
    return `${Stack.of(this).stackName}-${label}`.toLowerCase().slice(0, 63).replace(/-+$/, '');
  }

  private labels(): Record<string, string> {
    return { 'app.kubernetes.io/managed-by': 'vks-bigip', 'vks-bigip.io/stack': Stack.of(this).stackName };
  }

  private renderArgoCd(context: SynthContext, plan: readonly FolderPlan[]): void {
    const files: string[] = [];
    for (const folder of plan) {
      const application = {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Application',
        metadata: {
          name: this.name(folder.label),
          namespace: this.argoCdNamespace,
          labels: this.labels(),
          annotations: { [SYNC_WAVE_ANNOTATION]: String(folder.wave) },
          // Deleting the Application deletes what it applied, as pulumi destroy would.
          finalizers: ['resources-finalizer.argocd.argoproj.io'],
        },
        spec: {
          project: this.argoCdProject,
          source: {
            repoURL: this.repoUrl,
            targetRevision: this.branch,
            path: `${this.path}/${folder.folder}`,
          },
          destination: { name: folder.cluster?.name ?? this.argoCdSupervisorName },
          syncPolicy: {
            automated: { prune: this.prune, selfHeal: true },
            syncOptions: ['ServerSideApply=true'],
          },
          ignoreDifferences: CIS_STATUS_KINDS.map((kind) => ({
            group: 'cis.f5.com',
            kind,
            jsonPointers: ['/status'],
          })),
        },
      };
      const file = `application-${application.metadata.name}.yaml`;
      files.push(file);
      context.addFile(`gitops/argocd/${file}`, toCanonicalYaml(application), this);
    }
    context.addFile('gitops/argocd/kustomization.yaml', toCanonicalYaml(kustomization(files)), this);
  }

  private renderFlux(context: SynthContext, plan: readonly FolderPlan[]): void {
    const source = this.name('source');
    const interval = goDuration(this.fluxIntervalSeconds);
    const repository = {
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'GitRepository',
      metadata: { name: source, namespace: this.fluxNamespace, labels: this.labels() },
      spec: { interval, ref: { branch: this.branch }, url: this.repoUrl },
    };
    const files = [`gitrepository-${source}.yaml`];
    context.addFile(`gitops/flux/${files[0]}`, toCanonicalYaml(repository), this);
    const nameOf = new Map(plan.map((f) => [f.folder, this.name(f.label)]));
    for (const folder of plan) {
      const name = nameOf.get(folder.folder) as string;
      const object = {
        apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
        kind: 'Kustomization',
        metadata: { name, namespace: this.fluxNamespace, labels: this.labels() },
        spec: {
          interval,
          path: `./${this.path}/${folder.folder}`,
          prune: this.prune,
          sourceRef: { kind: 'GitRepository', name: source },
          // dependsOn waits for Ready, and Ready means healthy with wait.
          wait: true,
          ...(folder.dependsOn.length
            ? { dependsOn: folder.dependsOn.map((d) => ({ name: nameOf.get(d) as string })) }
            : {}),
          ...(this.fluxClusterKubeConfigs && folder.cluster
            ? { kubeConfig: { secretRef: { name: `${folder.cluster.name}-kubeconfig` } } }
            : {}),
        },
      };
      const file = `kustomization-${name}.yaml`;
      files.push(file);
      context.addFile(`gitops/flux/${file}`, toCanonicalYaml(object), this);
    }
    context.addFile('gitops/flux/kustomization.yaml', toCanonicalYaml(kustomization(files)), this);
  }
}
brand(GitOpsBundle, 'GitOpsBundle');

function kustomization(resources: string[]) {
  return {
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    sortOptions: { order: 'fifo' },
    resources,
  };
}

/** Seconds as Go prints a duration (`10m0s`, `1h0m0s`, `30s`): the form Flux's examples and status use. */
export function goDuration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (h) return `${h}h${m}m${s}s`;
  if (m) return `${m}m${s}s`;
  return `${s}s`;
}

/**
 * The folders in apply order with what each depends on: a cluster folder after the Supervisor folder of
 * its vSphere namespace, and after any folder holding an object one of its objects depends on. The wave of
 * a folder is one more than the highest wave it depends on.
 */
export function planFolders(
  manifests: readonly ManifestRecord[],
  clusters: readonly ClusterRecord[],
): FolderPlan[] {
  const folders = [...new Set(manifests.map((m) => m.folder))];
  const folderOf = new Map(manifests.map((m) => [m.name, m.folder]));
  const deps = new Map<string, Set<string>>(folders.map((f) => [f, new Set<string>()]));
  for (const m of manifests)
    for (const d of m.dependsOn) {
      const other = folderOf.get(d);
      if (other && other !== m.folder) deps.get(m.folder)?.add(other);
    }
  for (const cluster of clusters) {
    const supervisor = `k8s/supervisor/${cluster.vsphereNamespace}`;
    if (deps.has(cluster.folder) && deps.has(supervisor)) deps.get(cluster.folder)?.add(supervisor);
  }
  const waves = new Map<string, number>();
  const waveOf = (folder: string, seen: Set<string>): number => {
    const known = waves.get(folder);
    if (known !== undefined) return known;
    if (seen.has(folder))
      throw new Error(`the Kubernetes folders depend on each other in a cycle through ${folder}`);
    seen.add(folder);
    const wave = Math.max(-1, ...[...(deps.get(folder) ?? [])].map((d) => waveOf(d, seen))) + 1;
    waves.set(folder, wave);
    return wave;
  };
  const plans = folders.map((folder) => {
    const cluster = clusters.find((c) => c.folder === folder);
    return {
      folder,
      label: cluster?.name ?? `supervisor-${folder.replace(/^k8s\/supervisor\//, '')}`,
      cluster,
      dependsOn: [...(deps.get(folder) ?? [])].sort(),
      wave: waveOf(folder, new Set()),
    };
  });
  return plans.sort((a, b) => a.wave - b.wave || (a.folder < b.folder ? -1 : a.folder > b.folder ? 1 : 0));
}
