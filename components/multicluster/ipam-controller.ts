import { k8s } from '../../lib/k8s/kube-api';
import { Construct } from 'constructs';
import { brand } from '../../lib/core/brand';
import {
  checkArray,
  checkDnsLabel,
  checkDnsSubdomain,
  checkEnum,
  checkId,
  checkImage,
  checkInteger,
  checkNonEmpty,
  checkPattern,
  checkRecord,
  PropChecks,
  report,
} from '../../lib/core/checks';
import { quote } from '../../lib/core/errors';
import { addressToBigInt, isIpAddress, parseCidr } from '../../lib/core/net';
import { Stack } from '../../lib/core/stack';
import { checkCrdPattern } from '../../lib/k8s/cis-patterns';
import { VksCluster } from '../workloads/vks-cluster';
import { checkIpamAgainstStack } from './ipam-rules';

/** Where the F5 IPAM Controller takes addresses from (`--ipam-provider`). */
export enum IpamProvider {
  /** Ranges given here, allocations kept in a SQLite database on a persistent volume. */
  F5_IP_PROVIDER = 'f5-ip-provider',
  /** An Infoblox grid (WAPI). */
  INFOBLOX = 'infoblox',
}

/** F5 IPAM Controller log levels (`--log-level`). */
export enum IpamLogLevel {
  DEBUG = 'DEBUG',
  INFO = 'INFO',
  WARNING = 'WARNING',
  ERROR = 'ERROR',
  CRITICAL = 'CRITICAL',
}

/** The orchestrator the IPAM Controller watches (`--orchestration`). */
export enum IpamOrchestration {
  KUBERNETES = 'kubernetes',
  /** Not on VKS: refused. */
  OPENSHIFT = 'openshift',
}

/** One Infoblox label (`--infoblox-labels`): where addresses of the label come from. */
export interface InfobloxLabelOptions {
  /**
   * Network the addresses come from.
   * @see https://github.com/F5Networks/f5-ipam-controller/blob/main/docs/config_examples/infoblox/README.md
   */
  readonly cidr: string;
  /**
   * Infoblox network view.
   * @see https://github.com/F5Networks/f5-ipam-controller/blob/main/docs/config_examples/infoblox/README.md
   * @default - `infobloxNetView`
   */
  readonly netView?: string;
  /**
   * Infoblox DNS view.
   * @see https://github.com/F5Networks/f5-ipam-controller/blob/main/docs/config_examples/infoblox/README.md
   * @default - Infoblox default
   */
  readonly dnsView?: string;
}

export interface IpamControllerProps {
  /**
   * Address source (`--ipam-provider`).
   * @see https://github.com/F5Networks/f5-ipam-controller
   * @default IpamProvider.F5_IP_PROVIDER
   */
  readonly provider?: IpamProvider;

  /**
   * f5-ip-provider: IPAM label → address ranges (`--ip-range`), each `first-last` of one family (IPv4 or
   * IPv6), several per label. Ranges may not overlap each other, static VIPs, or the ranges of other
   * clusters that publish to the same BIG-IP.
   * @see https://github.com/F5Networks/f5-ipam-controller/blob/main/docs/README.md
   * @default - none (required for f5-ip-provider)
   */
  readonly ipRanges?: Record<string, string[]>;

  /**
   * Infoblox: IPAM label → network (`--infoblox-labels`).
   * @see https://github.com/F5Networks/f5-ipam-controller/blob/main/docs/config_examples/infoblox/README.md
   * @default - none (required for infoblox)
   */
  readonly infobloxLabels?: Record<string, InfobloxLabelOptions>;

  /**
   * Infoblox grid host (`--infoblox-grid-host`).
   * @see https://github.com/F5Networks/f5-ipam-controller/blob/main/docs/config_examples/infoblox/README.md
   * @default - none (required for infoblox)
   */
  readonly infobloxGridHost?: string;

  /**
   * Infoblox WAPI version (`--infoblox-wapi-version`), e.g. `2.11.2`.
   * @see https://github.com/F5Networks/f5-ipam-controller/blob/main/docs/config_examples/infoblox/README.md
   * @default - none (required for infoblox)
   */
  readonly infobloxWapiVersion?: string;

  /**
   * Infoblox WAPI port (`--infoblox-wapi-port`).
   * @see https://github.com/F5Networks/f5-ipam-controller/blob/main/docs/config_examples/infoblox/README.md
   * @default 443
   */
  readonly infobloxWapiPort?: number;

  /**
   * Default Infoblox network view (`--infoblox-netview`).
   * @see https://github.com/F5Networks/f5-ipam-controller/blob/main/docs/config_examples/infoblox/README.md
   * @default 'default'
   */
  readonly infobloxNetView?: string;

  /**
   * Name of the Secret (keys `username`, `password`) with the Infoblox login, mounted as
   * `--credentials-directory`; referenced, never rendered.
   * @see https://github.com/F5Networks/f5-ipam-controller/blob/main/docs/config_examples/infoblox/README.md
   * @default 'f5-ipam-infoblox-login'
   */
  readonly infobloxCredentialsSecret?: string;

  /**
   * Namespaces whose IPAM resources the controller watches (`--namespace`); must include each CIS's
   * `--ipam-namespace`.
   * @see https://github.com/F5Networks/f5-ipam-controller/blob/main/docs/README.md
   * @default ['kube-system']
   */
  readonly watchNamespaces?: string[];

  /**
   * Namespace the controller runs in.
   * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/
   * @default 'kube-system'
   */
  readonly namespace?: string;

  /**
   * Log level (`--log-level`).
   * @see https://github.com/F5Networks/f5-ipam-controller/blob/main/docs/README.md
   * @default IpamLogLevel.INFO
   */
  readonly logLevel?: IpamLogLevel;

  /**
   * The orchestrator (`--orchestration`). VKS is Kubernetes; OpenShift is refused.
   * @see https://github.com/F5Networks/f5-ipam-controller/blob/main/docs/README.md
   * @default IpamOrchestration.KUBERNETES
   */
  readonly orchestration?: IpamOrchestration;

  /**
   * StorageClass of the volume holding the allocation database (f5-ip-provider).
   * @see https://kubernetes.io/docs/concepts/storage/persistent-volumes/
   * @default - the cluster's default StorageClass
   */
  readonly storageClassName?: string;

  /**
   * Size of that volume (about 20 KB per 50 addresses).
   * @see https://kubernetes.io/docs/concepts/storage/persistent-volumes/
   * @default '1Gi'
   */
  readonly storageSize?: string;

  /**
   * Container image.
   * @see https://hub.docker.com/r/f5networks/f5-ipam-controller
   * @default 'f5networks/f5-ipam-controller:0.1.11'
   */
  readonly image?: string;

  /**
   * Name of the Deployment, ServiceAccount, ClusterRole, binding and volume claim.
   * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/names/
   * @default 'f5-ipam-controller'
   */
  readonly name?: string;
}

/** An address range `first-last` as numbers. */
export interface IpamRange {
  readonly label: string;
  readonly text: string;
  readonly family: 4 | 6;
  readonly first: bigint;
  readonly last: bigint;
}

const DB_PATH = '/app/ipamdb';
const CREDENTIALS_DIR = '/tmp/creds';

/**
 * The F5 IPAM Controller (FIC) of one cluster (seed 004): it hands out VIPs for CIS custom resources and
 * LoadBalancer Services that name an IPAM label. Renders its ServiceAccount, ClusterRole (IPAM resources
 * of `fic.f5.com`) and binding, the Deployment with typed arguments, and, for f5-ip-provider, the
 * volume claim of its allocation database. Infoblox credentials are referenced, never rendered.
 */
export class IpamController extends Construct {
  public readonly cluster: VksCluster;
  public readonly provider: IpamProvider;
  /** Every range of every label, parsed (f5-ip-provider). */
  public readonly ranges: readonly IpamRange[];
  /** The labels the controller serves (f5-ip-provider ranges or Infoblox labels). */
  public readonly labels: readonly string[];
  public readonly infobloxLabels: Readonly<Record<string, InfobloxLabelOptions>>;
  public readonly infobloxGridHost?: string;
  public readonly infobloxWapiVersion?: string;
  public readonly infobloxWapiPort: number;
  public readonly infobloxNetView: string;
  public readonly infobloxCredentialsSecret: string;
  public readonly watchNamespaces: readonly string[];
  public readonly namespace: string;
  public readonly logLevel: IpamLogLevel;
  public readonly storageClassName?: string;
  public readonly storageSize: string;
  public readonly image: string;
  public readonly resourceName: string;

  /** Raw objects, for escape hatches (`addJsonPatch`). */
  public readonly serviceAccount: k8s.KubeServiceAccount;
  public readonly clusterRole: k8s.KubeClusterRole;
  public readonly clusterRoleBinding: k8s.KubeClusterRoleBinding;
  public readonly deployment: k8s.KubeDeployment;
  public readonly volumeClaim?: k8s.KubePersistentVolumeClaim;

  private readonly rangeText: Record<string, string[]> = {};

  constructor(scope: Construct, id: string, props: IpamControllerProps = {}) {
    super(scope, checkId(scope, id));
    this.cluster = VksCluster.enclosing(this);
    const checks: PropChecks = PropChecks.begin(this, props, false);
    try {
      const orchestration = checkEnum(
        this,
        'orchestration',
        props.orchestration ?? IpamOrchestration.KUBERNETES,
        IpamOrchestration,
      );
      if (orchestration === IpamOrchestration.OPENSHIFT) {
        report(
          this,
          `'orchestration' "openshift" is not available: VKS clusters are Kubernetes, and the OpenShift route handling it would need is not rendered`,
        );
      }
      this.provider = checkEnum(
        this,
        'provider',
        props.provider ?? IpamProvider.F5_IP_PROVIDER,
        IpamProvider,
      );
      this.ranges = this.checkRanges(props.ipRanges);
      this.infobloxLabels = this.checkInfobloxLabels(props.infobloxLabels);
      this.infobloxGridHost =
        props.infobloxGridHost === undefined
          ? undefined
          : checkPattern(
              this,
              'infobloxGridHost',
              props.infobloxGridHost,
              /^[A-Za-z0-9.:[\]-]+$/,
              'a host name or address',
            );
      this.infobloxWapiVersion =
        props.infobloxWapiVersion === undefined
          ? undefined
          : checkPattern(
              this,
              'infobloxWapiVersion',
              props.infobloxWapiVersion,
              /^\d+(\.\d+){0,2}$/,
              'a WAPI version such as "2.11.2"',
            );
      this.infobloxWapiPort = checkInteger(this, 'infobloxWapiPort', props.infobloxWapiPort ?? 443, 1, 65535);
      this.infobloxNetView = checkNonEmpty(this, 'infobloxNetView', props.infobloxNetView ?? 'default');
      this.infobloxCredentialsSecret = checkDnsSubdomain(
        this,
        'infobloxCredentialsSecret',
        props.infobloxCredentialsSecret ?? 'f5-ipam-infoblox-login',
      );
      this.checkProvider(props);
      this.labels =
        this.provider === IpamProvider.INFOBLOX
          ? Object.keys(this.infobloxLabels)
          : Object.keys(this.rangeText);
      this.watchNamespaces = checkArray(
        this,
        'watchNamespaces',
        props.watchNamespaces ?? ['kube-system'],
        'a list of namespaces',
      ).map((ns, i) => checkDnsLabel(this, `watchNamespaces[${i}]`, ns));
      if (this.watchNamespaces.length === 0) {
        report(this, `'watchNamespaces' must name at least the namespace of the IPAM resources CIS creates`);
      }
      this.namespace = checkDnsLabel(this, 'namespace', props.namespace ?? 'kube-system');
      this.logLevel = checkEnum(this, 'logLevel', props.logLevel ?? IpamLogLevel.INFO, IpamLogLevel);
      this.storageClassName =
        props.storageClassName === undefined
          ? undefined
          : checkDnsSubdomain(this, 'storageClassName', props.storageClassName);
      this.storageSize = checkPattern(
        this,
        'storageSize',
        props.storageSize ?? '1Gi',
        /^\d+(\.\d+)?(Ki|Mi|Gi|Ti)$/,
        'a size such as "1Gi"',
      );
      this.image = checkImage(this, 'image', props.image ?? 'f5networks/f5-ipam-controller:0.1.11');
      if (/:latest$/.test(this.image) || !/[:@]/.test(this.image.split('/').pop() ?? '')) {
        report(
          this,
          `'image' must pin a release such as "f5networks/f5-ipam-controller:0.1.11", got ${quote(this.image)}`,
        );
      }
      this.resourceName = checkDnsLabel(this, 'name', props.name ?? 'f5-ipam-controller');
    } catch (error) {
      checks.abort(error);
    }
    checks.end();

    const labels = {
      'app.kubernetes.io/name': 'f5-ipam-controller',
      'app.kubernetes.io/instance': this.resourceName,
    };
    const metadata = { name: this.resourceName, namespace: this.namespace, labels };
    const namespaceObject = this.cluster.ensureNamespace(this.namespace);
    this.serviceAccount = new k8s.KubeServiceAccount(this, 'ServiceAccount', { metadata });
    this.clusterRole = new k8s.KubeClusterRole(this, 'ClusterRole', {
      metadata: { name: this.resourceName, labels },
      rules: [
        {
          apiGroups: ['fic.f5.com'],
          resources: ['ipams', 'ipams/status'],
          verbs: ['get', 'list', 'watch', 'update', 'patch'],
        },
      ],
    });
    this.clusterRoleBinding = new k8s.KubeClusterRoleBinding(this, 'ClusterRoleBinding', {
      metadata: { name: this.resourceName, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: this.resourceName },
      subjects: [{ kind: 'ServiceAccount', name: this.resourceName, namespace: this.namespace }],
    });
    if (this.provider === IpamProvider.F5_IP_PROVIDER) {
      this.volumeClaim = new k8s.KubePersistentVolumeClaim(this, 'Database', {
        metadata: { name: `${this.resourceName}-db`, namespace: this.namespace, labels },
        spec: {
          accessModes: ['ReadWriteOnce'],
          storageClassName: this.storageClassName,
          resources: { requests: { storage: k8s.Quantity.fromString(this.storageSize) } },
        },
      });
    }
    this.deployment = this.renderDeployment(metadata, labels);
    this.deployment.node.addDependency(this.serviceAccount, this.clusterRoleBinding);
    if (this.volumeClaim) this.deployment.node.addDependency(this.volumeClaim);
    this.clusterRoleBinding.node.addDependency(this.clusterRole, this.serviceAccount);
    if (namespaceObject) this.serviceAccount.node.addDependency(namespaceObject);
    this.node.addValidation({ validate: () => checkIpamAgainstStack(this) });
  }

  /** The IPAM Controllers of `cluster` (one index per synthesis). */
  public static inCluster(cluster: VksCluster): readonly IpamController[] {
    const stack = Stack.of(cluster);
    const index = stack.memoize(IpamController.clusterIndex, () => IpamController.clusterIndex(stack));
    return index.get(cluster) ?? [];
  }

  private static clusterIndex(stack: Stack): Map<VksCluster, IpamController[]> {
    const index = new Map<VksCluster, IpamController[]>();
    for (const c of stack.constructsOfType(IpamController)) pushTo(index, c.cluster, c);
    return index;
  }

  /** Whether the controller serves `label`. */
  public hasLabel(label: string): boolean {
    return this.labels.includes(label);
  }

  /** The controller's arguments, in a fixed order. */
  public get args(): string[] {
    const args = [`--orchestration=kubernetes`, `--ipam-provider=${this.provider}`];
    if (this.provider === IpamProvider.F5_IP_PROVIDER) {
      const ranges = Object.fromEntries(
        Object.entries(this.rangeText).map(([label, list]) => [label, list.join(',')]),
      );
      args.push(`--ip-range=${JSON.stringify(ranges)}`);
    } else {
      args.push(
        `--infoblox-grid-host=${this.infobloxGridHost}`,
        `--infoblox-wapi-version=${this.infobloxWapiVersion}`,
        `--infoblox-wapi-port=${this.infobloxWapiPort}`,
        `--infoblox-netview=${this.infobloxNetView}`,
        `--infoblox-labels=${JSON.stringify(this.infobloxLabels)}`,
        `--credentials-directory=${CREDENTIALS_DIR}`,
      );
    }
    for (const ns of this.watchNamespaces) args.push(`--namespace=${ns}`);
    args.push(`--log-level=${this.logLevel}`);
    return args;
  }

  private checkRanges(value: Record<string, string[]> | undefined): IpamRange[] {
    if (value === undefined) return [];
    const ranges: IpamRange[] = [];
    for (const [label, list] of Object.entries(
      checkRecord(this, 'ipRanges', value, 'a map of IPAM label → ranges'),
    )) {
      // The CRD's ipamLabel pattern, run on RE2 (a backtracking engine is superlinear on it).
      checkCrdPattern(
        this,
        `ipRanges key`,
        label,
        'ipamLabel',
        'an IPAM label of at least 3 characters starting with a letter (as the CRDs accept in ipamLabel)',
      );
      const items = checkArray(this, `ipRanges[${label}]`, list, 'a list of ranges "first-last"');
      if (items.length === 0) report(this, `'ipRanges[${label}]' must list at least one range "first-last"`);
      this.rangeText[label] = items;
      items.forEach((text, i) => {
        const range = parseRange(label, text);
        if (!range) {
          report(
            this,
            `'ipRanges[${label}][${i}]' must be a range "first-last" of two IPv4 or two IPv6 addresses with first <= last, got ${quote(text)}`,
          );
        } else ranges.push(range);
      });
    }
    return ranges;
  }

  private checkInfobloxLabels(
    value: Record<string, InfobloxLabelOptions> | undefined,
  ): Record<string, InfobloxLabelOptions> {
    if (value === undefined) return {};
    const labels = checkRecord(
      this,
      'infobloxLabels',
      value,
      'a map of IPAM label → { cidr, netView, dnsView }',
    );
    for (const [label, options] of Object.entries(labels)) {
      if (!parseCidr(String(options?.cidr))) {
        report(this, `'infobloxLabels[${label}].cidr' must be a CIDR block, got ${quote(options?.cidr)}`);
      }
    }
    return labels;
  }

  private checkProvider(props: IpamControllerProps): void {
    if (this.provider === IpamProvider.F5_IP_PROVIDER) {
      if (props.ipRanges === undefined) report(this, `'ipRanges' is required with provider f5-ip-provider`);
      for (const prop of ['infobloxLabels', 'infobloxGridHost', 'infobloxWapiVersion'] as const) {
        if (props[prop] !== undefined) report(this, `'${prop}' applies to provider infoblox only`);
      }
    } else {
      if (props.ipRanges !== undefined)
        report(this, `'ipRanges' applies to provider f5-ip-provider only; Infoblox uses 'infobloxLabels'`);
      for (const prop of ['infobloxLabels', 'infobloxGridHost', 'infobloxWapiVersion'] as const) {
        if (props[prop] === undefined) report(this, `'${prop}' is required with provider infoblox`);
      }
    }
  }

  private renderDeployment(
    metadata: { name: string; namespace: string; labels: Record<string, string> },
    labels: Record<string, string>,
  ): k8s.KubeDeployment {
    const volume =
      this.provider === IpamProvider.F5_IP_PROVIDER
        ? { name: 'ipamdb', persistentVolumeClaim: { claimName: `${this.resourceName}-db` } }
        : { name: 'infoblox-creds', secret: { secretName: this.infobloxCredentialsSecret } };
    const mount =
      this.provider === IpamProvider.F5_IP_PROVIDER
        ? { name: 'ipamdb', mountPath: DB_PATH }
        : { name: 'infoblox-creds', mountPath: CREDENTIALS_DIR, readOnly: true };
    return new k8s.KubeDeployment(this, 'Deployment', {
      metadata,
      spec: {
        // One writer of the allocation database.
        replicas: 1,
        strategy: { type: 'Recreate' },
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: this.resourceName,
            // The image runs as uid/gid 1200; fsGroup lets it write the database volume.
            securityContext: {
              runAsNonRoot: true,
              runAsUser: 1200,
              runAsGroup: 1200,
              fsGroup: 1200,
              seccompProfile: { type: 'RuntimeDefault' },
            },
            containers: [
              {
                name: 'f5-ipam-controller',
                image: this.image,
                imagePullPolicy: 'IfNotPresent',
                command: ['/app/bin/f5-ipam-controller'],
                args: this.args,
                securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
                volumeMounts: [mount],
              },
            ],
            volumes: [volume],
          },
        },
      },
    });
  }
}
brand(IpamController, 'IpamController');

/** Parses `first-last` (one family, first <= last). */
export function parseRange(label: string, text: string): IpamRange | undefined {
  if (typeof text !== 'string') return undefined;
  const parts = text.split('-');
  if (parts.length !== 2) return undefined;
  const [a = '', b = ''] = parts.map((p) => p.trim());
  if (!isIpAddress(a) || !isIpAddress(b)) return undefined;
  const first = addressToBigInt(a);
  const last = addressToBigInt(b);
  if (first.family !== last.family || first.value > last.value) return undefined;
  return { label, text, family: first.family, first: first.value, last: last.value };
}

/** Appends to the list of `key` in place (copying the list per item would be quadratic). */
function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
