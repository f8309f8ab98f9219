import type { IConstruct } from 'constructs';

/**
 * Argo CD sync waves derived from the dependency order. Within one wave Argo CD applies objects sorted by
 * kind (Namespaces, then ServiceAccounts, … CRDs, RBAC, Services, workloads; custom resources last), so an
 * object needs a later wave only when it depends on an object its kind would not follow.
 */

/** Argo CD's kind order within a wave (gitops-engine `sync_tasks.go`); other kinds come after these. */
export const ARGO_KIND_ORDER = [
  'Namespace',
  'NetworkPolicy',
  'ResourceQuota',
  'LimitRange',
  'PodSecurityPolicy',
  'PodDisruptionBudget',
  'ServiceAccount',
  'Secret',
  'SecretList',
  'ConfigMap',
  'StorageClass',
  'PersistentVolume',
  'PersistentVolumeClaim',
  'CustomResourceDefinition',
  'ClusterRole',
  'ClusterRoleList',
  'ClusterRoleBinding',
  'ClusterRoleBindingList',
  'Role',
  'RoleList',
  'RoleBinding',
  'RoleBindingList',
  'Service',
  'DaemonSet',
  'Pod',
  'ReplicationController',
  'ReplicaSet',
  'Deployment',
  'HorizontalPodAutoscaler',
  'StatefulSet',
  'Job',
  'CronJob',
  'IngressClass',
  'Ingress',
  'APIService',
];

export const SYNC_WAVE_ANNOTATION = 'argocd.argoproj.io/sync-wave';

/** Rank of a kind in Argo CD's order (unknown kinds, e.g. custom resources, after every known one). */
export function argoKindRank(kind: string): number {
  const rank = ARGO_KIND_ORDER.indexOf(kind);
  return rank === -1 ? ARGO_KIND_ORDER.length : rank;
}

export interface WaveInput {
  readonly name: string;
  readonly folder: string;
  readonly kind: string;
  readonly dependsOn: readonly string[];
}

/**
 * The wave of each object, in apply order (dependencies before dependents): 0, or one more than a
 * dependency in the same folder whose kind Argo CD would not apply first. Dependencies in other folders
 * are ordered by the waves of the Applications.
 */
export function objectSyncWaves(objects: readonly WaveInput[]): Map<string, number> {
  const byName = new Map(objects.map((o) => [o.name, o]));
  const waves = new Map<string, number>();
  for (const object of objects) {
    let wave = 0;
    for (const name of object.dependsOn) {
      const dependency = byName.get(name);
      if (!dependency || dependency.folder !== object.folder) continue;
      const at = waves.get(name) ?? 0;
      wave = Math.max(wave, argoKindRank(dependency.kind) < argoKindRank(object.kind) ? at : at + 1);
    }
    waves.set(object.name, wave);
  }
  return waves;
}

const STACKS = new WeakSet<IConstruct>();

/** Asks the stack's Kubernetes output to carry Argo CD sync-wave annotations where the order needs them. */
export function requestSyncWaves(stack: IConstruct): void {
  STACKS.add(stack);
}

export function wantsSyncWaves(stack: IConstruct): boolean {
  return STACKS.has(stack);
}
