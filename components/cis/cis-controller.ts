import { Lazy } from 'cdk8s';
import { k8s } from '../../lib/k8s/kube-api';
import { Construct, type IConstruct } from 'constructs';
import { registerArtifactSource, type SynthContext } from '../../lib/core/artifacts';
import { brand } from '../../lib/core/brand';
import {
  checkArray,
  checkBoolean,
  checkDnsLabel,
  checkDnsSubdomain,
  checkEnum,
  checkId,
  checkNonEmpty,
  checkPattern,
  checkReference,
  NAMESPACED_REF,
  PropChecks,
  report,
} from '../../lib/core/checks';
import { quote, ValidationError } from '../../lib/core/errors';
import { firstByKey } from '../../lib/core/indexes';
import { haPartnerOf } from '../multicluster/ha-pair';
import { CONTROLLER_OUTSIDE_GROUP } from '../multicluster/multicluster-rules';
import { Stack } from '../../lib/core/stack';
import { DEFAULT_CIS_VERSION, VERSION_PATTERN } from '../../lib/as3/versions';
import { isBigipDevice, type IBigipDevice } from '../bigip/bigip-device';
import { isBigipPartition, PartitionOwner, type IBigipPartition } from '../bigip/bigip-partition';
import { checkArgOptions, renderArgOptions, type CisArgOptions, type CisArgSettings } from './cis-args';
import {
  checkPodOptions,
  CREDENTIALS_DIR,
  renderCisPodSpec,
  type CisPodOptions,
  type CisPodSettings,
} from './cis-pod';
import {
  AUTO_NEEDS_CUSTOM_RESOURCE_MODE,
  BIGIP_TLS_EXPLICIT,
  DEFAULT_PARTITION_NOT_DENIED,
  IMAGE_PINNED,
  INSECURE_BIGIP_TLS,
  INSECURE_CONTRADICTS_TRUSTED_CERTS,
  LISTED_PARTITIONS_CIS_OWNED,
  MULTI_CLUSTER_NEEDS_EXTENDED_SPEC,
  NAMESPACES_XOR_LABEL,
  NO_CLUSTER_MEMBERS_ON_NSX,
  NODEPORTLOCAL_NEEDS_ANTREA_NPL,
  NODEPORTLOCAL_NOT_MULTI_CLUSTER,
  ONE_CONTROLLER_PER_PARTITION,
  PARTITION_ON_DEVICE,
  PARTITION_OWNED_BY_CIS,
  STATIC_ROUTING_NEEDS_CLUSTER_MEMBERS,
} from './cis-controller-rules';
import { cisRbacRules } from './cis-rbac';
import { VksCluster } from '../workloads/vks-cluster';
import { Cni, Networking } from '../networking/cluster-network';

/** How CIS turns a Service into BIG-IP pool members (`--pool-member-type`). */
export enum PoolMemberType {
  /** Every node IP : nodePort (NodePort/LoadBalancer Services); any CNI. */
  NODE_PORT = 'nodeport',
  /** Pod IPs (ClusterIP Services); the BIG-IP must route to the pod CIDRs (Calico BGP, static routes). */
  CLUSTER = 'cluster',
  /** Node IP : per-pod port from Antrea NodePortLocal (ClusterIP Services with the NPL annotation). */
  NODE_PORT_LOCAL = 'nodeportlocal',
  /** Per Service: ClusterIP ⇒ cluster, NodePort ⇒ nodeport. Custom-resource mode only. */
  AUTO = 'auto',
}

/** CIS log levels (`--log-level`). */
export enum CisLogLevel {
  AS3DEBUG = 'AS3DEBUG',
  DEBUG = 'DEBUG',
  INFO = 'INFO',
  WARNING = 'WARNING',
  ERROR = 'ERROR',
  CRITICAL = 'CRITICAL',
}

/** CIS multi-cluster roles (`--multi-cluster-mode`). */
export enum MultiClusterMode {
  STANDALONE = 'standalone',
  PRIMARY = 'primary',
  SECONDARY = 'secondary',
}

export interface CisControllerProps extends CisPodOptions, CisArgOptions {
  /** The BIG-IP CIS configures (`--bigip-url`). */
  readonly device: IBigipDevice;

  /**
   * The default partition CIS writes (`--bigip-partition`); it must be owned by CIS.
   * @see https://clouddocs.f5.com/containers/latest/userguide/config-parameters.html
   */
  readonly partition: IBigipPartition;

  /**
   * How Services become pool members (`--pool-member-type`).
   * @default PoolMemberType.NODE_PORT
   */
  readonly poolMemberType?: PoolMemberType;

  /**
   * Custom-resource mode (`--custom-resource-mode`): watch VirtualServer/TransportServer/TLSProfile.
   * When false, CIS runs its legacy controller for Ingress and AS3 ConfigMaps instead.
   * @default true
   */
  readonly customResourceMode?: boolean;

  /**
   * CIS log level (`--log-level`).
   * @default CisLogLevel.INFO
   */
  readonly logLevel?: CisLogLevel;

  /**
   * ConfigMap (`<namespace>/<name>`) holding the CA certificates that sign the BIG-IP's management
   * certificate (`--trusted-certs-cfgmap`). Without it, `insecure` must be set explicitly: since CIS 2.16
   * an unverifiable BIG-IP certificate stops CIS.
   * @default - none; `insecure` must then be true
   */
  readonly trustedCertsConfigMap?: string;

  /**
   * Skip verification of the BIG-IP's certificate (`--insecure`). Must be chosen explicitly.
   * @default false
   */
  readonly insecure?: boolean;

  /**
   * Name of the Secret (keys `username`, `password`) with the BIG-IP login, in CIS's namespace. It is
   * referenced, never rendered: create it out of band (`kubectl create secret generic …`).
   * @default 'f5-bigip-ctlr-login'
   */
  readonly loginSecretName?: string;

  /**
   * Namespace CIS runs in.
   * @default 'kube-system'
   */
  readonly namespace?: string;

  /**
   * Namespaces CIS watches (`--namespace`, repeated). Mutually exclusive with `namespaceLabel`.
   * @default - all namespaces
   */
  readonly watchNamespaces?: string[];

  /**
   * Label selector of the namespaces CIS watches (`--namespace-label`). Mutually exclusive with
   * `watchNamespaces`.
   * @default - all namespaces
   */
  readonly namespaceLabel?: string;

  /**
   * Other CIS partitions custom resources may name (`--allowed-partitions`). `Common` is never allowed.
   * @default - any partition except the denied ones
   */
  readonly allowedPartitions?: IBigipPartition[];

  /**
   * Partitions custom resources may not name (`--denied-partitions`); the default partition may not be one.
   * @default - none
   */
  readonly deniedPartitions?: IBigipPartition[];

  /**
   * Enable the F5 IPAM Controller integration (`--ipam`), so custom resources may use `ipamLabel`.
   * @default false
   */
  readonly ipam?: boolean;

  /**
   * Multi-cluster role (`--multi-cluster-mode`); needs `extendedSpecConfigMap`. The local cluster name
   * (`--local-cluster-name`) is the VksCluster's name. Usually left unset: the MultiCluster this CIS belongs
   * to sets it; when given, it must agree with that group.
   * @default - single cluster, or the role the MultiCluster gives this CIS
   */
  readonly multiClusterMode?: MultiClusterMode;

  /**
   * Extended spec ConfigMap (`--extended-spec-configmap`, `<namespace>/<name>`). Usually left unset: the
   * MultiCluster this CIS belongs to sets it to the ConfigMap it renders.
   * @default - none, or the extended ConfigMap of the MultiCluster this CIS belongs to
   */
  readonly extendedSpecConfigMap?: string;

  /**
   * Static routes to the nodes' pod CIDRs (`--static-routing-mode`); cluster or auto pool members only.
   * @default false
   */
  readonly staticRoutingMode?: boolean;

  /**
   * IngressClass name (`--ingress-class`), created with controller `f5.com/cntr-ingress-svcs`.
   * @default 'f5'
   */
  readonly ingressClassName?: string;

  /**
   * Whether to create the IngressClass (Helm `ingressClass.create`).
   * @default true
   */
  readonly createIngressClass?: boolean;

  /**
   * Mark the IngressClass as the cluster's default (Helm `ingressClass.isDefaultIngressController`), so
   * Ingresses without `ingressClassName` go to this CIS.
   * @default false
   */
  readonly isDefaultIngressController?: boolean;

  /**
   * Container image repository.
   * @default 'f5networks/k8s-bigip-ctlr'
   */
  readonly imageRepository?: string;

  /**
   * Image tag (or `@sha256:` digest). Pinned: `latest` is rejected.
   * @default '2.20.4'
   */
  readonly imageTag?: string;

  /**
   * The CIS release this controller runs: synth checks it against the AS3 release its device declares
   * (F5's compatibility notes: CIS 2.19.1 and later need AS3 3.52 or later).
   * @see https://clouddocs.f5.com/containers/latest/userguide/what-is.html
   * @default - `imageTag` when it is a release number, otherwise '2.20.4'
   */
  readonly cisVersion?: string;

  /**
   * Name of the ServiceAccount, ClusterRole, ClusterRoleBinding and Deployment; give a second CIS in
   * the same cluster its own (with its own `ingressClassName` and partition).
   * @default 'k8s-bigip-ctlr'
   */
  readonly name?: string;
}

/**
 * F5 Container Ingress Services (k8s-bigip-ctlr) in one cluster: Namespace (when not built in),
 * ServiceAccount, least-privilege ClusterRole + binding, the controller Deployment and its IngressClass.
 * Every startup check CIS itself performs (`verifyArgs`) is a synth-time error here.
 */
export class CisController extends Construct {
  public readonly cluster: VksCluster;
  public readonly device: IBigipDevice;
  public readonly partition: IBigipPartition;
  public readonly poolMemberType: PoolMemberType;
  public readonly customResourceMode: boolean;
  public readonly logLevel: CisLogLevel;
  public readonly trustedCertsConfigMap?: string;
  public readonly insecure: boolean;
  public readonly loginSecretName: string;
  public readonly namespace: string;
  public readonly watchNamespaces: readonly string[];
  public readonly namespaceLabel?: string;
  public readonly allowedPartitions: readonly IBigipPartition[];
  public readonly deniedPartitions: readonly IBigipPartition[];
  public readonly ipam: boolean;
  private multiClusterRole?: MultiClusterMode;
  private extendedSpecRef?: string;
  private multiClusterGroup?: IConstruct;
  private warnedOutsideGroup = false;
  public readonly staticRoutingMode: boolean;
  public readonly ingressClassName: string;
  public readonly isDefaultIngressController: boolean;
  public readonly image: string;
  /** The CIS release this controller runs (version guard). */
  public readonly cisVersion: string;
  /** The pod settings (security context, resources, scheduling, extra env and volumes), defaults applied. */
  public readonly podOptions: CisPodSettings;
  /** The further `k8s-bigip-ctlr` arguments, defaults applied. */
  public readonly argOptions: CisArgSettings;
  /** Name shared by the ServiceAccount, ClusterRole, ClusterRoleBinding and Deployment. */
  public readonly resourceName: string;

  /** Raw objects, for escape hatches (`addJsonPatch`). */
  public readonly serviceAccount: k8s.KubeServiceAccount;
  public readonly clusterRole: k8s.KubeClusterRole;
  public readonly clusterRoleBinding: k8s.KubeClusterRoleBinding;
  public readonly deployment: k8s.KubeDeployment;
  public readonly ingressClass?: k8s.KubeIngressClass;

  constructor(scope: Construct, id: string, props: CisControllerProps) {
    super(scope, checkId(scope, id));
    this.cluster = VksCluster.enclosing(this);
    const checks: PropChecks = PropChecks.begin(this, props);
    let createIngressClass: boolean;
    try {
      this.device = checkReference(
        this,
        'device',
        props.device,
        isBigipDevice,
        'the BigipDevice CIS configures',
      );
      this.partition = checkReference(
        this,
        'partition',
        props.partition,
        isBigipPartition,
        'the BigipPartition CIS writes (--bigip-partition)',
      );
      this.poolMemberType = checkEnum(
        this,
        'poolMemberType',
        props.poolMemberType ?? PoolMemberType.NODE_PORT,
        PoolMemberType,
      );
      this.customResourceMode = checkBoolean(this, 'customResourceMode', props.customResourceMode ?? true);
      this.logLevel = checkEnum(this, 'logLevel', props.logLevel ?? CisLogLevel.INFO, CisLogLevel);
      this.insecure = checkBoolean(this, 'insecure', props.insecure ?? false);
      this.trustedCertsConfigMap =
        props.trustedCertsConfigMap === undefined
          ? undefined
          : checkPattern(
              this,
              'trustedCertsConfigMap',
              props.trustedCertsConfigMap,
              NAMESPACED_REF,
              'a ConfigMap reference "<namespace>/<name>"',
            );
      this.loginSecretName = checkDnsSubdomain(
        this,
        'loginSecretName',
        props.loginSecretName ?? 'f5-bigip-ctlr-login',
      );
      this.namespace = checkDnsLabel(this, 'namespace', props.namespace ?? 'kube-system');
      this.watchNamespaces = checkArray(
        this,
        'watchNamespaces',
        props.watchNamespaces ?? [],
        'a list of namespaces',
      ).map((ns, i) => checkDnsLabel(this, `watchNamespaces[${i}]`, ns));
      // An empty selector would render no --namespace-label at all, so CIS would silently watch every namespace.
      this.namespaceLabel =
        props.namespaceLabel === undefined
          ? undefined
          : checkNonEmpty(this, 'namespaceLabel', props.namespaceLabel);
      this.allowedPartitions = this.checkPartitions('allowedPartitions', props.allowedPartitions);
      this.deniedPartitions = this.checkPartitions('deniedPartitions', props.deniedPartitions);
      this.ipam = checkBoolean(this, 'ipam', props.ipam ?? false);
      this.multiClusterRole =
        props.multiClusterMode === undefined
          ? undefined
          : checkEnum(this, 'multiClusterMode', props.multiClusterMode, MultiClusterMode);
      this.extendedSpecRef =
        props.extendedSpecConfigMap === undefined
          ? undefined
          : checkPattern(
              this,
              'extendedSpecConfigMap',
              props.extendedSpecConfigMap,
              NAMESPACED_REF,
              'a ConfigMap reference "<namespace>/<name>"',
            );
      this.staticRoutingMode = checkBoolean(this, 'staticRoutingMode', props.staticRoutingMode ?? false);
      this.ingressClassName = checkDnsSubdomain(this, 'ingressClassName', props.ingressClassName ?? 'f5');
      createIngressClass = checkBoolean(this, 'createIngressClass', props.createIngressClass ?? true);
      this.isDefaultIngressController = checkBoolean(
        this,
        'isDefaultIngressController',
        props.isDefaultIngressController ?? false,
      );
      this.podOptions = checkPodOptions(this, props);
      this.argOptions = checkArgOptions(this, props, {
        customResourceMode: this.customResourceMode,
        ipam: this.ipam,
        staticRoutingMode: this.staticRoutingMode,
        cni: this.cluster.cni,
        clusterName: this.cluster.clusterName,
      });
      this.image = this.checkImage(
        props.imageRepository ?? 'f5networks/k8s-bigip-ctlr',
        props.imageTag ?? '2.20.4',
      );
      this.cisVersion = this.checkCisVersion(props.cisVersion, props.imageTag ?? '2.20.4');
      this.resourceName = checkDnsLabel(this, 'name', props.name ?? 'k8s-bigip-ctlr');
      this.checkStartupRules();
    } catch (error) {
      checks.abort(error);
    }
    checks.end();
    if (this.insecure) {
      INSECURE_BIGIP_TLS.warn(
        this,
        `CIS will not verify the BIG-IP certificate (--insecure=true); prefer 'trustedCertsConfigMap'`,
      );
    }

    const namespaceObject = this.cluster.ensureNamespace(this.namespace);
    const metadata = { name: this.resourceName, namespace: this.namespace, labels: this.labels() };
    this.serviceAccount = new k8s.KubeServiceAccount(this, 'ServiceAccount', { metadata });
    this.clusterRole = new k8s.KubeClusterRole(this, 'ClusterRole', {
      metadata: { name: this.resourceName, labels: this.labels() },
      rules: cisRbacRules({
        customResourceMode: this.customResourceMode,
        ipam: this.ipam,
        staticRoutingWithCalico: this.staticRoutingMode && this.cluster.cni === Cni.CALICO,
        manageIngress: this.argOptions.manageIngress,
      }),
    });
    this.clusterRoleBinding = new k8s.KubeClusterRoleBinding(this, 'ClusterRoleBinding', {
      metadata: { name: this.resourceName, labels: this.labels() },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: this.resourceName },
      subjects: [{ kind: 'ServiceAccount', name: this.resourceName, namespace: this.namespace }],
    });
    this.deployment = this.renderDeployment(metadata);
    this.deployment.node.addDependency(this.serviceAccount, this.clusterRoleBinding);
    this.clusterRoleBinding.node.addDependency(this.clusterRole, this.serviceAccount);
    if (namespaceObject) this.serviceAccount.node.addDependency(namespaceObject);
    if (createIngressClass) {
      this.ingressClass = new k8s.KubeIngressClass(this, 'IngressClass', {
        metadata: {
          name: this.ingressClassName,
          labels: this.labels(),
          ...(this.isDefaultIngressController
            ? { annotations: { 'ingressclass.kubernetes.io/is-default-class': 'true' } }
            : {}),
        },
        spec: { controller: 'f5.com/cntr-ingress-svcs' },
      });
    }
    this.node.addValidation({ validate: () => this.checkAgainstStack() });
    registerArtifactSource(this);
  }

  /** Records the CIS instance (`controllers`): where it runs, what it writes, its pool member type. */
  public renderArtifacts(context: SynthContext): void {
    context.addRecord('controllers', {
      name: this.node.path,
      cluster: this.cluster.clusterName,
      namespace: this.namespace,
      device: this.device.deviceName,
      partition: this.partition.partitionName,
      poolMemberType: this.poolMemberType,
      customResourceMode: this.customResourceMode,
      ipam: this.ipam,
    });
  }

  /** Multi-cluster role (`--multi-cluster-mode`): as given, or as the MultiCluster this CIS joined sets it. */
  public get multiClusterMode(): MultiClusterMode | undefined {
    return this.multiClusterRole;
  }

  /** Extended spec ConfigMap (`--extended-spec-configmap`): as given, or the joined MultiCluster's. */
  public get extendedSpecConfigMap(): string | undefined {
    return this.extendedSpecRef;
  }

  /**
   * Runs this CIS in `mode` of the multi-cluster `group`, reading the group's extended ConfigMap
   * (`<namespace>/<name>`); MultiCluster calls it, so the role is declared once. Props given to the
   * constructor must agree, and a CIS joins one group only.
   */
  public joinMultiCluster(group: IConstruct, mode: MultiClusterMode, extendedSpecConfigMap: string): void {
    const problems: string[] = [];
    if (this.multiClusterGroup !== undefined && this.multiClusterGroup !== group) {
      problems.push(
        `is already in the multi-cluster group [${this.multiClusterGroup.node.path}]; it cannot join [${group.node.path}] too (one CIS, one extended ConfigMap)`,
      );
    }
    if (this.multiClusterRole !== undefined && this.multiClusterRole !== mode) {
      problems.push(
        `'multiClusterMode' is ${quote(this.multiClusterRole)}, but [${group.node.path}] runs this CIS as ${quote(mode)}`,
      );
    }
    if (this.extendedSpecRef !== undefined && this.extendedSpecRef !== extendedSpecConfigMap) {
      problems.push(
        `'extendedSpecConfigMap' is ${quote(this.extendedSpecRef)}, but [${group.node.path}] renders ${quote(extendedSpecConfigMap)}`,
      );
    }
    if (problems.length > 0) throw new ValidationError(this, problems);
    this.multiClusterGroup = group;
    this.multiClusterRole = mode;
    this.extendedSpecRef = extendedSpecConfigMap;
  }

  /** Whether this controller publishes custom resources in `partition` (its own, or an allowed one). */
  public manages(partition: IBigipPartition): boolean {
    if (partition.device !== this.device || partition.owner !== PartitionOwner.CIS) return false;
    if (partition === this.partition) return true;
    if (this.deniedPartitions.includes(partition)) return false;
    return this.allowedPartitions.length === 0 || this.allowedPartitions.includes(partition);
  }

  /** The `k8s-bigip-ctlr` arguments, in a fixed order. */
  public get args(): string[] {
    const args = [
      `--credentials-directory=${CREDENTIALS_DIR}`,
      `--bigip-url=${this.device.url}`,
      `--bigip-partition=${this.partition.partitionName}`,
      `--pool-member-type=${this.poolMemberType}`,
      `--custom-resource-mode=${this.customResourceMode}`,
      `--log-level=${this.logLevel}`,
      `--as3-validation=${this.argOptions.as3Validation}`,
      `--ingress-class=${this.ingressClassName}`,
    ];
    if (this.trustedCertsConfigMap) args.push(`--trusted-certs-cfgmap=${this.trustedCertsConfigMap}`);
    args.push(`--insecure=${this.insecure}`);
    for (const ns of this.watchNamespaces) args.push(`--namespace=${ns}`);
    if (this.namespaceLabel) args.push(`--namespace-label=${this.namespaceLabel}`);
    if (this.allowedPartitions.length > 0) {
      args.push(`--allowed-partitions=${this.allowedPartitions.map((p) => p.partitionName).join(',')}`);
    }
    if (this.deniedPartitions.length > 0) {
      args.push(`--denied-partitions=${this.deniedPartitions.map((p) => p.partitionName).join(',')}`);
    }
    if (this.ipam) args.push('--ipam=true');
    if (this.multiClusterMode) {
      args.push(
        `--multi-cluster-mode=${this.multiClusterMode}`,
        `--local-cluster-name=${this.argOptions.localClusterName}`,
      );
    } else if (this.argOptions.sharedStaticRoutes) {
      // Shared routes in /Common are told apart by cluster name (#3719).
      args.push(`--local-cluster-name=${this.argOptions.localClusterName}`);
    }
    if (this.extendedSpecConfigMap) args.push(`--extended-spec-configmap=${this.extendedSpecConfigMap}`);
    if (this.staticRoutingMode) {
      args.push('--static-routing-mode=true', `--orchestration-cni=${this.argOptions.orchestrationCni}`);
    }
    const context = {
      customResourceMode: this.customResourceMode,
      ipam: this.ipam,
      staticRoutingMode: this.staticRoutingMode,
      cni: this.cluster.cni,
      clusterName: this.cluster.clusterName,
    };
    args.push(...renderArgOptions(this.argOptions, context));
    return args;
  }

  private labels(): Record<string, string> {
    return {
      'app.kubernetes.io/name': 'k8s-bigip-ctlr',
      'app.kubernetes.io/instance': this.resourceName,
    };
  }

  private checkImage(repository: string, tag: string): string {
    checkPattern(
      this,
      'imageRepository',
      repository,
      /^[a-z0-9]+([._\-/:][a-z0-9]+)*$/,
      'an image repository such as "f5networks/k8s-bigip-ctlr"',
    );
    checkPattern(
      this,
      'imageTag',
      tag,
      /^([A-Za-z0-9_][A-Za-z0-9_.-]{0,127}|@sha256:[a-f0-9]{64})$/,
      'an image tag such as "2.20.4" or a digest "@sha256:…"',
    );
    if (tag === 'latest') {
      report(this, IMAGE_PINNED.message(`'imageTag' must pin a CIS release such as "2.20.4", got "latest"`));
    }
    return tag.startsWith('@') ? `${repository}${tag}` : `${repository}:${tag}`;
  }

  /** The declared CIS release, or the one the image tag names; the two must agree. */
  private checkCisVersion(declared: string | undefined, tag: string): string {
    const tagVersion = VERSION_PATTERN.test(tag) ? tag : undefined;
    const version = checkPattern(
      this,
      'cisVersion',
      declared ?? tagVersion ?? DEFAULT_CIS_VERSION,
      VERSION_PATTERN,
      'a CIS release such as "2.20.4"',
    );
    if (declared !== undefined && tagVersion !== undefined && declared !== tagVersion) {
      report(this, `'cisVersion' ${quote(declared)} does not match 'imageTag' ${quote(tagVersion)}`);
    }
    return version;
  }

  /** CIS's own startup checks (verifyArgs) and the seed's documented limitations, as constructor errors. */
  private checkStartupRules(): void {
    const p = this.poolMemberType;
    if (this.partition.owner !== PartitionOwner.CIS) {
      report(
        this,
        PARTITION_OWNED_BY_CIS.message(
          `'partition' ${quote(this.partition.partitionName)} is owned by ${this.partition.owner}, not CIS; two writers would erase each other's tenant`,
        ),
      );
    }
    if (this.partition.device !== this.device) {
      report(
        this,
        PARTITION_ON_DEVICE.message(
          `'partition' ${quote(this.partition.partitionName)} is on device ${this.partition.device.deviceName}, but 'device' is ${this.device.deviceName}`,
        ),
      );
    }
    if (p === PoolMemberType.AUTO && !this.customResourceMode) {
      report(
        this,
        AUTO_NEEDS_CUSTOM_RESOURCE_MODE.message(
          `'poolMemberType' auto needs 'customResourceMode' true (CIS accepts auto only in custom-resource mode)`,
        ),
      );
    }
    if (!this.trustedCertsConfigMap && !this.insecure) {
      report(
        this,
        BIGIP_TLS_EXPLICIT.message(
          `'insecure' must be set explicitly to true when no 'trustedCertsConfigMap' is given: since CIS 2.16 an unverified BIG-IP certificate stops CIS`,
        ),
      );
    }
    if (this.trustedCertsConfigMap && this.insecure) {
      report(
        this,
        INSECURE_CONTRADICTS_TRUSTED_CERTS.message(
          `'insecure' true and 'trustedCertsConfigMap' ${quote(this.trustedCertsConfigMap)} contradict each other; choose one`,
        ),
      );
    }
    if (this.watchNamespaces.length > 0 && this.namespaceLabel !== undefined) {
      report(
        this,
        NAMESPACES_XOR_LABEL.message(
          `'watchNamespaces' and 'namespaceLabel' are mutually exclusive (--namespace vs --namespace-label), got both`,
        ),
      );
    }
    if (this.deniedPartitions.includes(this.partition)) {
      report(
        this,
        DEFAULT_PARTITION_NOT_DENIED.message(
          `'deniedPartitions' must not contain the default partition ${quote(this.partition.partitionName)}`,
        ),
      );
    }
    for (const [prop, list] of [
      ['allowedPartitions', this.allowedPartitions],
      ['deniedPartitions', this.deniedPartitions],
    ] as const) {
      list.forEach((partition, i) => {
        if (partition.device !== this.device || partition.owner !== PartitionOwner.CIS) {
          report(
            this,
            LISTED_PARTITIONS_CIS_OWNED.message(
              `'${prop}[${i}]' ${quote(partition.partitionName)} must be a CIS-owned partition on device ${this.device.deviceName}`,
            ),
          );
        }
      });
    }
    const multiCluster =
      this.multiClusterMode !== undefined &&
      Object.values<string>(MultiClusterMode).includes(this.multiClusterMode);
    if (multiCluster && !this.extendedSpecConfigMap) {
      report(
        this,
        MULTI_CLUSTER_NEEDS_EXTENDED_SPEC.message(
          `'multiClusterMode' ${quote(this.multiClusterMode)} needs 'extendedSpecConfigMap' ("<namespace>/<name>")`,
        ),
      );
    }
    if (this.staticRoutingMode && (p === PoolMemberType.NODE_PORT || p === PoolMemberType.NODE_PORT_LOCAL)) {
      report(
        this,
        STATIC_ROUTING_NEEDS_CLUSTER_MEMBERS.message(
          `'staticRoutingMode' needs 'poolMemberType' cluster or auto, got ${quote(p)}`,
        ),
      );
    }
    if (p === PoolMemberType.NODE_PORT_LOCAL) {
      if (this.cluster.cni !== Cni.ANTREA || !this.cluster.nodePortLocalEnabled) {
        report(
          this,
          NODEPORTLOCAL_NEEDS_ANTREA_NPL.message(
            `'poolMemberType' nodeportlocal needs a cluster with cni Cni.ANTREA and 'nodePortLocalEnabled' true; cluster ${quote(this.cluster.clusterName)} has cni ${quote(this.cluster.cni)}, nodePortLocalEnabled ${this.cluster.nodePortLocalEnabled}`,
          ),
        );
      }
      if (this.multiClusterMode) {
        report(
          this,
          NODEPORTLOCAL_NOT_MULTI_CLUSTER.message(
            `'poolMemberType' nodeportlocal cannot be combined with 'multiClusterMode' (CIS does not support NodePortLocal with multi-cluster on VKS)`,
          ),
        );
      }
    }
    if (
      (p === PoolMemberType.CLUSTER || this.staticRoutingMode) &&
      this.cluster.networking === Networking.NSX
    ) {
      report(
        this,
        NO_CLUSTER_MEMBERS_ON_NSX.message(
          `'poolMemberType' cluster cannot work on NSX: the BIG-IP cannot sit in the cluster's segment nor route to its pod CIDRs; use nodeportlocal (Antrea) or nodeport`,
        ),
      );
    }
  }

  private checkPartitions(prop: string, partitions: IBigipPartition[] | undefined): IBigipPartition[] {
    return checkArray(this, prop, partitions ?? [], 'a list of BigipPartition constructs').map((p, i) =>
      checkReference(this, `${prop}[${i}]`, p, isBigipPartition, 'a BigipPartition'),
    );
  }

  /** Rules that need the rest of the stack. */
  private checkAgainstStack(): string[] {
    const errors: string[] = [];
    const first = firstByKey(Stack.of(this), CisController, devicePartitionOf).get(devicePartitionOf(this));
    // The HA partner of a multi-cluster pair writes the same partition on purpose (one is on standby).
    if (first !== undefined && first !== this && first !== haPartnerOf(this)) {
      errors.push(
        ONE_CONTROLLER_PER_PARTITION.message(
          `'partition' ${quote(this.partition.partitionName)} on device ${this.device.deviceName} is already the partition of [${first?.node.path}]; one CIS instance per partition, or they overwrite each other`,
        ),
      );
    }
    this.warnOutsideGroup();
    return errors;
  }

  /** Multi-cluster args set by hand, but no MultiCluster renders what they point at (warned once). */
  private warnOutsideGroup(): void {
    if (this.multiClusterRole === undefined || this.multiClusterGroup !== undefined) return;
    if (this.warnedOutsideGroup) return;
    this.warnedOutsideGroup = true;
    CONTROLLER_OUTSIDE_GROUP.warn(
      this,
      `runs with --multi-cluster-mode=${this.multiClusterRole} but belongs to no MultiCluster: nothing renders the extended ConfigMap ${quote(this.extendedSpecRef)} it reads; declare a MultiCluster with this CIS (it sets the role itself)`,
    );
  }

  private renderDeployment(metadata: {
    name: string;
    namespace: string;
    labels: Record<string, string>;
  }): k8s.KubeDeployment {
    const selector = {
      'app.kubernetes.io/name': 'k8s-bigip-ctlr',
      'app.kubernetes.io/instance': this.resourceName,
    };
    return new k8s.KubeDeployment(this, 'Deployment', {
      metadata,
      spec: {
        // CIS is a single writer per partition: never more than one replica.
        replicas: 1,
        selector: { matchLabels: selector },
        template: {
          metadata: { labels: { ...selector } },
          spec: renderCisPodSpec({
            settings: this.podOptions,
            serviceAccountName: this.resourceName,
            image: this.image,
            // Lazy: a MultiCluster declared after this CIS sets its multi-cluster role (joinMultiCluster).
            args: Lazy.any({ produce: () => this.args }) as unknown as string[],
            loginSecretName: this.loginSecretName,
          }),
        },
      },
    });
  }
}
/** One CIS instance per device and partition: the key of that check. */
const devicePartitionOf = (c: CisController) => `${c.device.node.path}|${c.partition.node.path}`;

brand(CisController, 'CisController');
