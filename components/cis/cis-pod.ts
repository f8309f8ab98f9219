import { k8s } from '../../lib/k8s/kube-api';
import type { IConstruct } from 'constructs';
import {
  checkArray,
  checkBoolean,
  checkDnsSubdomain,
  checkEnum,
  checkEnv,
  checkInteger,
  checkLabels,
  checkPattern,
  checkRecord,
  report,
} from '../../lib/core/checks';
import { quote } from '../../lib/core/errors';
import { Rule, RuleSeverity } from '../../lib/core/rules';

/** When the kubelet pulls the CIS image (Helm `image.pullPolicy`). */
export enum ImagePullPolicy {
  ALWAYS = 'Always',
  IF_NOT_PRESENT = 'IfNotPresent',
  NEVER = 'Never',
}

/**
 * The pod of the CIS Deployment, in the Helm chart's vocabulary (`securityContext`, `limits_cpu`,
 * `image.pullSecrets`, `nodeSelector`, `tolerations`, `affinity`) plus what the chart lacks (priority
 * class, extra env and volumes).
 */
export interface CisPodOptions {
  /**
   * Refuse to start the container as root (`podSecurityContext.runAsNonRoot`). F5's image declares
   * `USER ctlr` by name, so the kubelet can only verify it with a numeric `runAsUser`, which is always set.
   * @default true
   */
  readonly runAsNonRoot?: boolean;

  /**
   * Numeric user id of the container (Helm `securityContext.runAsUser`).
   * @default 1000
   * @see https://github.com/F5Networks/k8s-bigip-ctlr/tree/master/helm-charts/f5-bigip-ctlr
   */
  readonly runAsUser?: number;

  /**
   * Numeric group id of the container (Helm `securityContext.runAsGroup`).
   * @default 1000
   */
  readonly runAsGroup?: number;

  /**
   * Group owning mounted volumes (Helm `securityContext.fsGroup`).
   * @default 1000
   */
  readonly fsGroup?: number;

  /**
   * CPU request (Helm `requests_cpu`).
   * @default '100m'
   */
  readonly requestsCpu?: string;

  /**
   * Memory request (Helm `requests_memory`).
   * @default '512Mi'
   */
  readonly requestsMemory?: string;

  /**
   * CPU limit (Helm `limits_cpu`).
   * @default '100m'
   */
  readonly limitsCpu?: string;

  /**
   * Memory limit (Helm `limits_memory`).
   * @default '512Mi'
   */
  readonly limitsMemory?: string;

  /**
   * Image pull policy (Helm `image.pullPolicy`). The chart defaults to `Always` because it defaults to
   * the `latest` tag; the tag here is pinned, so the cached image is the right one.
   * @default ImagePullPolicy.IF_NOT_PRESENT
   */
  readonly imagePullPolicy?: ImagePullPolicy;

  /**
   * Secrets (in CIS's namespace) holding registry credentials (Helm `image.pullSecrets`).
   * @default - none
   */
  readonly imagePullSecrets?: string[];

  /**
   * Node labels the CIS pod must run on (Helm `nodeSelector`).
   * @default - any node
   */
  readonly nodeSelector?: Record<string, string>;

  /**
   * Taints the CIS pod tolerates (Helm `tolerations`).
   * @default - none
   */
  readonly tolerations?: k8s.Toleration[];

  /**
   * Scheduling affinity of the CIS pod (Helm `affinity`).
   * @default - none
   */
  readonly affinity?: k8s.Affinity;

  /**
   * PriorityClass of the CIS pod, so that it is not evicted before the apps it publishes.
   * @default - the cluster's default priority
   */
  readonly priorityClassName?: string;

  /**
   * Extra environment variables of the container. BIG-IP credentials are refused here: they come from
   * the login Secret.
   * @default - none
   */
  readonly env?: Record<string, string>;

  /**
   * Extra pod volumes (for instance a ConfigMap of CA certificates). `bigip-creds` is taken.
   * @default - none
   */
  readonly volumes?: k8s.Volume[];

  /**
   * Where the container mounts `volumes`; each must name one of them. `/tmp/creds` is taken.
   * @default - none
   */
  readonly volumeMounts?: k8s.VolumeMount[];
}

/** The pod options with their defaults applied. */
export interface CisPodSettings {
  readonly runAsNonRoot: boolean;
  readonly runAsUser: number;
  readonly runAsGroup: number;
  readonly fsGroup: number;
  readonly requestsCpu: string;
  readonly requestsMemory: string;
  readonly limitsCpu: string;
  readonly limitsMemory: string;
  readonly imagePullPolicy: ImagePullPolicy;
  readonly imagePullSecrets: readonly string[];
  readonly nodeSelector: Readonly<Record<string, string>>;
  readonly tolerations: readonly k8s.Toleration[];
  readonly affinity?: k8s.Affinity;
  readonly priorityClassName?: string;
  readonly env: Readonly<Record<string, string>>;
  readonly volumes: readonly k8s.Volume[];
  readonly volumeMounts: readonly k8s.VolumeMount[];
}

export const RUN_AS_NON_ROOT_NUMERIC_USER = Rule.define({
  id: 'cis:run-as-non-root-numeric-user',
  severity: RuleSeverity.ERROR,
  summary: 'With runAsNonRoot the CIS container needs a numeric, non-zero runAsUser',
  why:
    "F5's image declares `USER ctlr`, a name: the kubelet cannot verify that it is not root and refuses " +
    'the container (`CreateContainerConfigError: image has non-numeric user`); user 0 is root itself. ' +
    "F5's chart and sample manifest set runAsUser 1000.",
  source: 'F5Networks/k8s-bigip-ctlr helm chart (securityContext.runAsUser); issue 11',
});

export const CREDENTIALS_DIR = '/tmp/creds';
const CREDENTIALS_VOLUME = 'bigip-creds';
/** Kubernetes quantities as the chart's examples write them (`100m`, `512Mi`, `1.5`). */
const QUANTITY = /^\d+(\.\d+)?(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/;
const MAX_ID = 2147483647;

/** Checks the pod options of `scope` (inside its PropChecks session) and applies the defaults. */
export function checkPodOptions(scope: IConstruct, props: CisPodOptions): CisPodSettings {
  const quantity = (prop: keyof CisPodOptions, value: string) =>
    checkPattern(scope, prop, value, QUANTITY, 'a Kubernetes quantity such as "100m" or "512Mi"');
  const settings: CisPodSettings = {
    runAsNonRoot: checkBoolean(scope, 'runAsNonRoot', props.runAsNonRoot ?? true),
    runAsUser: checkInteger(scope, 'runAsUser', props.runAsUser ?? 1000, 0, MAX_ID),
    runAsGroup: checkInteger(scope, 'runAsGroup', props.runAsGroup ?? 1000, 0, MAX_ID),
    fsGroup: checkInteger(scope, 'fsGroup', props.fsGroup ?? 1000, 0, MAX_ID),
    requestsCpu: quantity('requestsCpu', props.requestsCpu ?? '100m'),
    requestsMemory: quantity('requestsMemory', props.requestsMemory ?? '512Mi'),
    limitsCpu: quantity('limitsCpu', props.limitsCpu ?? '100m'),
    limitsMemory: quantity('limitsMemory', props.limitsMemory ?? '512Mi'),
    imagePullPolicy: checkEnum(
      scope,
      'imagePullPolicy',
      props.imagePullPolicy ?? ImagePullPolicy.IF_NOT_PRESENT,
      ImagePullPolicy,
    ),
    imagePullSecrets: checkArray(
      scope,
      'imagePullSecrets',
      props.imagePullSecrets ?? [],
      'a list of Secret names',
    ).map((name, i) => checkDnsSubdomain(scope, `imagePullSecrets[${i}]`, name)),
    nodeSelector: checkLabels(scope, 'nodeSelector', props.nodeSelector ?? {}),
    tolerations: checkArray(scope, 'tolerations', props.tolerations ?? [], 'a list of tolerations'),
    affinity:
      props.affinity === undefined
        ? undefined
        : (checkRecord(
            scope,
            'affinity',
            props.affinity as Record<string, unknown>,
            'an Affinity',
          ) as k8s.Affinity),
    priorityClassName:
      props.priorityClassName === undefined
        ? undefined
        : checkDnsSubdomain(scope, 'priorityClassName', props.priorityClassName),
    env: checkEnv(scope, 'env', props.env ?? {}),
    volumes: checkArray(scope, 'volumes', props.volumes ?? [], 'a list of volumes'),
    volumeMounts: checkArray(scope, 'volumeMounts', props.volumeMounts ?? [], 'a list of volume mounts'),
  };
  if (settings.runAsNonRoot && settings.runAsUser === 0) {
    report(
      scope,
      RUN_AS_NON_ROOT_NUMERIC_USER.message(
        `'runAsUser' 0 is root, but 'runAsNonRoot' is true: the kubelet would refuse the container; use a non-zero user such as 1000`,
      ),
    );
  }
  checkCredentialsStayInSecret(scope, settings);
  return settings;
}

/** The login Secret is the only way credentials reach CIS; its volume and mount path are reserved. */
function checkCredentialsStayInSecret(scope: IConstruct, settings: CisPodSettings): void {
  for (const name of Object.keys(settings.env)) {
    if (/^BIGIP_(USERNAME|PASSWORD)$/.test(name)) {
      report(
        scope,
        `'env' ${quote(name)} would put BIG-IP credentials in the pod spec; they come from 'loginSecretName'`,
      );
    }
  }
  const volumeNames = new Set<string>();
  settings.volumes.forEach((volume, i) => {
    if (volume?.name === CREDENTIALS_VOLUME) {
      report(scope, `'volumes[${i}]' name ${quote(CREDENTIALS_VOLUME)} is taken by the login Secret`);
    }
    volumeNames.add(volume?.name);
  });
  settings.volumeMounts.forEach((mount, i) => {
    if (!volumeNames.has(mount?.name)) {
      report(
        scope,
        `'volumeMounts[${i}]' names volume ${quote(mount?.name)}, which is not one of 'volumes' (${[...volumeNames].map((n) => quote(n)).join(', ') || 'none'})`,
      );
    }
    if (mount?.mountPath === CREDENTIALS_DIR) {
      report(scope, `'volumeMounts[${i}]' mountPath ${quote(CREDENTIALS_DIR)} is taken by the login Secret`);
    }
  });
}

/** F5's chart probe timings: a 15 s timeout, since in legacy mode `/health` calls the API server. */
function healthProbe(initialDelaySeconds: number, periodSeconds: number): k8s.Probe {
  return {
    httpGet: { path: '/health', port: k8s.IntOrString.fromNumber(8080), scheme: 'HTTP' },
    initialDelaySeconds,
    periodSeconds,
    timeoutSeconds: 15,
    successThreshold: 1,
    failureThreshold: 3,
  };
}

/** The pod template spec of the CIS Deployment. */
export function renderCisPodSpec(options: {
  readonly settings: CisPodSettings;
  readonly serviceAccountName: string;
  readonly image: string;
  readonly args: string[];
  readonly loginSecretName: string;
}): k8s.PodSpec {
  const s = options.settings;
  const env = Object.entries(s.env).map(([name, value]) => ({ name, value }));
  return {
    serviceAccountName: options.serviceAccountName,
    ...(s.imagePullSecrets.length > 0
      ? { imagePullSecrets: s.imagePullSecrets.map((name) => ({ name })) }
      : {}),
    ...(s.priorityClassName ? { priorityClassName: s.priorityClassName } : {}),
    securityContext: {
      runAsNonRoot: s.runAsNonRoot,
      runAsUser: s.runAsUser,
      runAsGroup: s.runAsGroup,
      fsGroup: s.fsGroup,
      seccompProfile: { type: 'RuntimeDefault' },
    },
    ...(Object.keys(s.nodeSelector).length > 0 ? { nodeSelector: { ...s.nodeSelector } } : {}),
    ...(s.tolerations.length > 0 ? { tolerations: [...s.tolerations] } : {}),
    ...(s.affinity ? { affinity: s.affinity } : {}),
    containers: [
      {
        name: 'k8s-bigip-ctlr',
        image: options.image,
        imagePullPolicy: s.imagePullPolicy,
        command: ['/app/bin/k8s-bigip-ctlr'],
        args: options.args,
        ...(env.length > 0 ? { env } : {}),
        ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
        livenessProbe: healthProbe(15, 15),
        readinessProbe: healthProbe(30, 30),
        resources: {
          requests: {
            cpu: k8s.Quantity.fromString(s.requestsCpu),
            memory: k8s.Quantity.fromString(s.requestsMemory),
          },
          limits: {
            cpu: k8s.Quantity.fromString(s.limitsCpu),
            memory: k8s.Quantity.fromString(s.limitsMemory),
          },
        },
        securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
        volumeMounts: [
          { name: CREDENTIALS_VOLUME, mountPath: CREDENTIALS_DIR, readOnly: true },
          ...s.volumeMounts,
        ],
      },
    ],
    volumes: [{ name: CREDENTIALS_VOLUME, secret: { secretName: options.loginSecretName } }, ...s.volumes],
  };
}
