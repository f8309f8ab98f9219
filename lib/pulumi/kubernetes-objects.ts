import * as k8s from '@pulumi/kubernetes';
import type * as pulumi from '@pulumi/pulumi';

type ObjectClass = new (
  name: string,
  args: never,
  opts?: pulumi.CustomResourceOptions,
) => pulumi.CustomResource;

/**
 * Typed Pulumi classes of the built-in kinds the constructs render. Objects of API groups with a dot
 * (custom resources: cis.f5.com, cni.tanzu.vmware.com, …) use `apiextensions.CustomResource`; a
 * built-in kind missing here is an error rather than a silently wrong type token.
 */
const BUILT_IN: Record<string, ObjectClass> = {
  'v1/Namespace': k8s.core.v1.Namespace as unknown as ObjectClass,
  'v1/ServiceAccount': k8s.core.v1.ServiceAccount as unknown as ObjectClass,
  'v1/Service': k8s.core.v1.Service as unknown as ObjectClass,
  'v1/ConfigMap': k8s.core.v1.ConfigMap as unknown as ObjectClass,
  'v1/Secret': k8s.core.v1.Secret as unknown as ObjectClass,
  'v1/Endpoints': k8s.core.v1.Endpoints as unknown as ObjectClass,
  'v1/Pod': k8s.core.v1.Pod as unknown as ObjectClass,
  'v1/PersistentVolumeClaim': k8s.core.v1.PersistentVolumeClaim as unknown as ObjectClass,
  'apps/v1/Deployment': k8s.apps.v1.Deployment as unknown as ObjectClass,
  'apps/v1/DaemonSet': k8s.apps.v1.DaemonSet as unknown as ObjectClass,
  'apps/v1/StatefulSet': k8s.apps.v1.StatefulSet as unknown as ObjectClass,
  'batch/v1/Job': k8s.batch.v1.Job as unknown as ObjectClass,
  'batch/v1/CronJob': k8s.batch.v1.CronJob as unknown as ObjectClass,
  'policy/v1/PodDisruptionBudget': k8s.policy.v1.PodDisruptionBudget as unknown as ObjectClass,
  'autoscaling/v2/HorizontalPodAutoscaler': k8s.autoscaling.v2
    .HorizontalPodAutoscaler as unknown as ObjectClass,
  'rbac.authorization.k8s.io/v1/ClusterRole': k8s.rbac.v1.ClusterRole as unknown as ObjectClass,
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': k8s.rbac.v1.ClusterRoleBinding as unknown as ObjectClass,
  'rbac.authorization.k8s.io/v1/Role': k8s.rbac.v1.Role as unknown as ObjectClass,
  'rbac.authorization.k8s.io/v1/RoleBinding': k8s.rbac.v1.RoleBinding as unknown as ObjectClass,
  'networking.k8s.io/v1/IngressClass': k8s.networking.v1.IngressClass as unknown as ObjectClass,
  'networking.k8s.io/v1/Ingress': k8s.networking.v1.Ingress as unknown as ObjectClass,
  'networking.k8s.io/v1/NetworkPolicy': k8s.networking.v1.NetworkPolicy as unknown as ObjectClass,
  'apiextensions.k8s.io/v1/CustomResourceDefinition': k8s.apiextensions.v1
    .CustomResourceDefinition as unknown as ObjectClass,
};

/** Registers one rendered manifest as the Pulumi resource of its kind. */
export function registerManifest(
  name: string,
  manifest: Record<string, unknown>,
  opts: pulumi.CustomResourceOptions,
): pulumi.CustomResource {
  const apiVersion = String(manifest.apiVersion);
  const kind = String(manifest.kind);
  const typed = BUILT_IN[`${apiVersion}/${kind}`];
  if (typed) return new typed(name, manifest as never, opts);
  const group = apiVersion.includes('/') ? (apiVersion.split('/')[0] ?? '') : '';
  if (!group.includes('.') || group.endsWith('.k8s.io')) {
    throw new Error(
      `no Pulumi type for built-in kind ${apiVersion}/${kind}; add it to lib/pulumi/kubernetes-objects.ts`,
    );
  }
  return new k8s.apiextensions.CustomResource(
    name,
    manifest as unknown as k8s.apiextensions.CustomResourceArgs,
    opts,
  );
}
