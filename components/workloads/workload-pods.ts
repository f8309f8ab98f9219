import { k8s } from '../../lib/k8s/kube-api';
import type { Construct, IConstruct } from 'constructs';
import { checkEnv, checkImage, checkInteger, checkLabels, report } from '../../lib/core/checks';
import { quote } from '../../lib/core/errors';
import { Rule, RuleSeverity } from '../../lib/core/rules';

const UNPINNED_IMAGE = Rule.define({
  id: 'workload:unpinned-image',
  severity: RuleSeverity.WARNING,
  summary: 'A workload image is not pinned to a tag or digest',
  why: 'With latest or no tag every node may run a different build, and a rollback redeploys whatever latest is now.',
  source: 'seed 001 (the demo image is published as latest only)',
});

/** Props of a backend that either runs its own pods (`image`) or selects pods someone else deploys. */
export interface WorkloadPodsProps {
  /**
   * Container image of the Deployment this construct renders. Pin a tag or digest; `latest` or no tag
   * raises warning `workload:unpinned-image`. Leave it unset to put the Service in front of pods that
   * already exist (an ingress controller installed with its own chart): `selector` then finds them.
   * @see https://kubernetes.io/docs/concepts/containers/images/
   * @default - no Deployment; `selector` is required
   */
  readonly image?: string;

  /**
   * Labels of the pods, used as the Service's selector (and as the Deployment's pod labels when `image`
   * is set), for example `{ app: 'f5-hello-world' }` as in seed 001.
   * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/
   * @default - `app.kubernetes.io/name: <name>` and `app.kubernetes.io/instance: <clusterName>` (own Deployment only)
   */
  readonly selector?: Record<string, string>;

  /**
   * Further labels of the Service (and of the Deployment, when rendered).
   * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/
   * @default - none
   */
  readonly labels?: Record<string, string>;

  /**
   * Number of pods of the own Deployment.
   * @default 1
   */
  readonly replicas?: number;

  /**
   * Environment variables of the container.
   * @default - none
   */
  readonly env?: Record<string, string>;
}

/** The checked pod settings of a backend. */
export interface WorkloadPods {
  readonly image?: string;
  readonly selector: Record<string, string>;
  readonly labels: Record<string, string>;
  readonly replicas: number;
  readonly env: Record<string, string>;
}

/** Checks `props` (inside the caller's PropChecks session); `defaultSelector` applies to own pods only. */
export function checkWorkloadPods(
  scope: IConstruct,
  props: WorkloadPodsProps,
  defaultSelector: Record<string, string>,
): WorkloadPods {
  const image = props.image === undefined ? undefined : checkImage(scope, 'image', props.image);
  const selector =
    props.selector === undefined
      ? image === undefined
        ? {}
        : defaultSelector
      : checkLabels(scope, 'selector', props.selector);
  if (Object.keys(selector).length === 0) {
    report(
      scope,
      image === undefined && props.selector === undefined
        ? `one of 'image' (own Deployment) and 'selector' (existing pods) is required, got neither`
        : `'selector' must not be empty: a Service without a selector has no endpoints`,
    );
  }
  const labels = checkLabels(scope, 'labels', props.labels ?? {});
  const owned = image !== undefined;
  for (const prop of ['replicas', 'env'] as const) {
    if (!owned && props[prop] !== undefined)
      report(scope, `'${prop}' needs 'image': without it this construct renders no Deployment`);
  }
  const replicas = checkInteger(scope, 'replicas', props.replicas ?? 1, 0, 10_000);
  const env = checkEnv(scope, 'env', props.env ?? {});
  return { image, selector, labels, replicas, env };
}

/** Warns when the image floats (`latest` or no tag): rollouts are not reproducible. */
export function warnUnpinnedImage(scope: IConstruct, image: string | undefined): void {
  if (image === undefined) return;
  if (!/[:@]/.test(image.split('/').pop() ?? '') || image.endsWith(':latest')) {
    UNPINNED_IMAGE.warn(
      scope,
      `image ${quote(image)} is not pinned to a tag or digest; rollouts are not reproducible`,
    );
  }
}

/**
 * The labels of a backend's Service: its own, plus the pod selector when it runs the pods itself (a
 * Service in front of someone else's pods does not claim their labels).
 */
export function workloadServiceLabels(pods: WorkloadPods): Record<string, string> {
  return { ...pods.labels, ...(pods.image !== undefined ? pods.selector : {}) };
}

/**
 * The Deployment of a backend that runs its own pods, or nothing when it fronts existing pods; `ports`
 * may grow after construction (lazy).
 */
export function renderWorkloadDeployment(
  scope: Construct,
  name: string,
  namespace: string,
  pods: WorkloadPods,
  ports: k8s.ContainerPort[],
): k8s.KubeDeployment | undefined {
  if (pods.image === undefined) return undefined;
  return new k8s.KubeDeployment(scope, 'Deployment', {
    metadata: { name, namespace, labels: { ...pods.labels, ...pods.selector } },
    spec: {
      replicas: pods.replicas,
      selector: { matchLabels: { ...pods.selector } },
      template: {
        metadata: { labels: { ...pods.selector } },
        spec: {
          containers: [
            {
              name,
              image: pods.image,
              ports,
              env: Object.entries(pods.env).map(([key, value]) => ({ name: key, value })),
            },
          ],
        },
      },
    },
  });
}
