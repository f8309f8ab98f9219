import type { Duration } from 'cdk8s';
import { k8s } from '../../lib/k8s/kube-api';
import { Construct } from 'constructs';
import { registerArtifactSource, type SynthContext } from '../../lib/core/artifacts';
import { brand } from '../../lib/core/brand';
import {
  checkArray,
  checkBoolean,
  checkDnsLabel,
  checkDnsSubdomain,
  checkEnum,
  checkId,
  checkInteger,
  checkPattern,
  checkReference,
  checkSeconds,
  NAMESPACED_REF,
  PropChecks,
  report,
} from '../../lib/core/checks';
import { quote } from '../../lib/core/errors';
import { parseCidr, type Cidr } from '../../lib/core/net';
import { Stack } from '../../lib/core/stack';
import { CisController, MultiClusterMode, PoolMemberType } from '../cis/cis-controller';
import { VksCluster, type IVksCluster } from '../workloads/vks-cluster';
import { ClusterFolder } from './cluster-folder';
import { DiscoveryAccount } from './discovery-account';
import {
  ClusterAdminState,
  EXTENDED_CONFIGMAP_LABEL,
  EXTENDED_SPEC_KEY,
  MultiClusterPoolMode,
  renderExtendedSpec,
  type ExtendedClusterConfig,
  type ExtendedSpec,
} from './extended-spec';
import { registerHaPair } from './ha-pair';
import { registerServiceLookupAcrossClusters } from './service-lookup';
import { HaMirror } from './ha-mirror';
import {
  CLUSTER_LISTED_TWICE,
  CONTROLLER_ROLE,
  HA_PAIR,
  IPAM_MULTI_CLUSTER,
  KUBECONFIG_SECRET_REF,
  NODE_PORT_LOCAL_MULTI_CLUSTER,
  POD_CIDR_OVERLAP,
} from './multicluster-rules';

/** One cluster of a multi-cluster group and how CIS treats it. */
export interface MultiClusterClusterOptions {
  /**
   * The cluster.
   * @see https://clouddocs.f5.com/containers/latest/userguide/multicluster/
   */
  readonly cluster: VksCluster;

  /**
   * URL of the cluster's API server, for the kubeconfig template of its discovery account. Needed for
   * every cluster another cluster's CIS reads (HA clusters and external clusters).
   * @see https://kubernetes.io/docs/concepts/configuration/organize-cluster-access-kubeconfig/
   * @default - none; required unless the cluster is a standalone CIS's own
   */
  readonly apiServer?: string;

  /**
   * Base64 of the cluster's CA bundle, for the kubeconfig template.
   * @see https://kubernetes.io/docs/concepts/configuration/organize-cluster-access-kubeconfig/
   * @default - a placeholder in the template
   */
  readonly certificateAuthorityData?: string;

  /**
   * The Secret (`<namespace>/<name>`, data key `kubeconfig`) holding the kubeconfig CIS uses to read this
   * cluster; created out of band in each cluster whose CIS reads it, never rendered
   * (`kubectl create secret generic <name> --from-file=kubeconfig=<file>`).
   * @see https://clouddocs.f5.com/containers/latest/userguide/multicluster/
   * @default - '<configMapNamespace>/<clusterName>-kubeconfig'
   */
  readonly kubeconfigSecret?: string;

  /**
   * Share of the traffic in ratio mode (`ratio`; 0 sends none). For a standalone CIS's own cluster it is
   * `localClusterRatio`.
   * @see https://clouddocs.f5.com/containers/latest/userguide/multicluster/
   * @default - CIS default 1
   */
  readonly ratio?: number;

  /**
   * What the cluster's pool members accept (`adminState`; `localClusterAdminState` for a standalone CIS's
   * own cluster). Not in default mode.
   * @see https://clouddocs.f5.com/containers/latest/userguide/multicluster/
   * @default - ClusterAdminState.ENABLE
   */
  readonly adminState?: ClusterAdminState;

  /**
   * Whether CIS also discovers Services of type LoadBalancer in this cluster (`serviceTypeLBDiscovery`).
   * Default mode only.
   * @see https://clouddocs.f5.com/containers/latest/userguide/multicluster/
   * @default false
   */
  readonly serviceTypeLBDiscovery?: boolean;
}

export interface MultiClusterProps {
  /**
   * How pools spread over the clusters (`mode`). Changing it needs a restart of every CIS of the group.
   * @see https://clouddocs.f5.com/containers/latest/userguide/multicluster/
   * @default MultiClusterPoolMode.DEFAULT
   */
  readonly mode?: MultiClusterPoolMode;

  /**
   * A standalone CIS; the MultiCluster runs it with `--multi-cluster-mode=standalone` and its extended
   * ConfigMap. Alternative to an HA pair.
   * @see https://clouddocs.f5.com/containers/latest/userguide/multicluster/
   * @default - an HA pair (`primaryController` and `secondaryController`)
   */
  readonly controller?: CisController;

  /**
   * The primary CIS of an HA pair; the MultiCluster runs it with `--multi-cluster-mode=primary`.
   * @see https://clouddocs.f5.com/containers/latest/userguide/multicluster/
   * @default - a standalone CIS (`controller`)
   */
  readonly primaryController?: CisController;

  /**
   * The secondary CIS of an HA pair, in another cluster, on the same BIG-IP partition; the MultiCluster
   * runs it with `--multi-cluster-mode=secondary`.
   * @see https://clouddocs.f5.com/containers/latest/userguide/multicluster/
   * @default - a standalone CIS (`controller`)
   */
  readonly secondaryController?: CisController;

  /**
   * Health endpoint of the primary CIS the secondary probes (`highAvailabilityCIS.primaryEndPoint`,
   * `http://`, `https://` or `tcp://` address and port). Required for an HA pair.
   * @see https://clouddocs.f5.com/containers/latest/userguide/multicluster/
   * @default - none (standalone)
   */
  readonly primaryEndPoint?: string;

  /**
   * Interval of the secondary's probes of the primary (`probeInterval`).
   * @see https://clouddocs.f5.com/containers/latest/userguide/multicluster/
   * @default Duration.seconds(60)
   */
  readonly probeInterval?: Duration;

  /**
   * Interval of the secondary's probes once the primary is down (`retryInterval`).
   * @see https://clouddocs.f5.com/containers/latest/userguide/multicluster/
   * @default Duration.seconds(15)
   */
  readonly retryInterval?: Duration;

  /**
   * The clusters of the group: the HA pair's two clusters (required, with their `apiServer`), the
   * external clusters CIS only reads, and optionally a standalone CIS's own cluster (for its ratio and
   * admin state).
   * @see https://clouddocs.f5.com/containers/latest/userguide/multicluster/
   */
  readonly clusters: MultiClusterClusterOptions[];

  /**
   * Name of the extended ConfigMap (the MultiCluster sets the CIS instances' `extendedSpecConfigMap` to it).
   * @see https://clouddocs.f5.com/containers/latest/userguide/multicluster/
   * @default 'extended-spec-config'
   */
  readonly configMapName?: string;

  /**
   * Namespace of the extended ConfigMap and the default namespace of the kubeconfig Secrets.
   * @see https://clouddocs.f5.com/containers/latest/userguide/multicluster/
   * @default 'kube-system'
   */
  readonly configMapNamespace?: string;

  /**
   * Name of the read-only discovery account rendered into every cluster another CIS reads.
   * @see https://clouddocs.f5.com/containers/latest/userguide/multicluster/
   * @default 'k8s-bigip-ctlr-remote'
   */
  readonly discoveryAccountName?: string;
}

/** A cluster of the group with its resolved settings. */
export interface MultiClusterMember {
  readonly cluster: VksCluster;
  /** `primary`, `secondary`, `local` (a standalone CIS's cluster) or `external`. */
  readonly role: 'primary' | 'secondary' | 'local' | 'external';
  readonly apiServer?: string;
  readonly certificateAuthorityData?: string;
  readonly kubeconfigSecret: string;
  readonly ratio?: number;
  readonly adminState?: ClusterAdminState;
  readonly serviceTypeLBDiscovery: boolean;
}

/**
 * One application-aware multi-cluster group (seed 000): CIS, standalone or as an HA pair, publishes Services
 * of several VKS clusters on shared VIPs. It gives each CIS its role (`--multi-cluster-mode`) and the
 * extended ConfigMap to read (`--extended-spec-configmap`), renders that ConfigMap (label `f5nr: "true"`) into
 * every cluster a CIS of the group runs in, a read-only discovery account with a kubeconfig template
 * into every cluster another CIS reads, and, for an HA pair, copies of every CIS-watched resource of
 * each HA cluster into the other, so both CIS see identical manifests. Kubeconfig Secrets are referenced,
 * never rendered.
 */
export class MultiCluster extends Construct {
  /** The MultiCluster a CIS belongs to, if any (one index per synthesis). */
  public static of(controller: CisController): MultiCluster | undefined {
    const stack = Stack.of(controller);
    return stack
      .memoize(MultiCluster.controllerIndex, () => MultiCluster.controllerIndex(stack))
      .get(controller);
  }

  private static controllerIndex(stack: Stack): Map<CisController, MultiCluster> {
    const index = new Map<CisController, MultiCluster>();
    for (const group of stack.constructsOfType(MultiCluster)) {
      for (const controller of group.controllers) if (!index.has(controller)) index.set(controller, group);
    }
    return index;
  }

  public readonly mode: MultiClusterPoolMode;
  public readonly controller?: CisController;
  public readonly primaryController?: CisController;
  public readonly secondaryController?: CisController;
  public readonly primaryEndPoint?: string;
  public readonly probeInterval: number;
  public readonly retryInterval: number;
  public readonly members: readonly MultiClusterMember[];
  public readonly configMapName: string;
  public readonly configMapNamespace: string;
  public readonly discoveryAccountName: string;
  /** The discovery accounts, by cluster name. */
  public readonly discoveryAccounts: ReadonlyMap<string, DiscoveryAccount>;
  /** The extended ConfigMaps, by the name of the cluster they are rendered into. */
  public readonly configMaps: ReadonlyMap<string, k8s.KubeConfigMap>;
  private readonly memberIndex: ReadonlyMap<IVksCluster, MultiClusterMember>;

  constructor(scope: Construct, id: string, props: MultiClusterProps) {
    super(scope, checkId(scope, id));
    const checks: PropChecks = PropChecks.begin(this, props);
    try {
      // OpenShift route settings of the extended spec (JavaScript callers can pass them): not on VKS.
      for (const key of ['baseRouteSpec', 'extendedRouteSpec', 'routeSpec']) {
        if (key in props) {
          report(
            this,
            `'${key}' configures OpenShift routes, which VKS clusters do not have; publish with F5VirtualServer or CisLoadBalancerService`,
          );
        }
      }
      this.mode = checkEnum(this, 'mode', props.mode ?? MultiClusterPoolMode.DEFAULT, MultiClusterPoolMode);
      const isController = (x: unknown): x is CisController => x instanceof CisController;
      const controller = (prop: 'controller' | 'primaryController' | 'secondaryController') =>
        props[prop] === undefined
          ? undefined
          : checkReference(this, prop, props[prop], isController, 'a CisController');
      this.controller = controller('controller');
      this.primaryController = controller('primaryController');
      this.secondaryController = controller('secondaryController');
      this.checkTopology();
      this.primaryEndPoint =
        props.primaryEndPoint === undefined
          ? undefined
          : checkPattern(
              this,
              'primaryEndPoint',
              props.primaryEndPoint,
              /^(http|https|tcp):\/\/(\d{1,3}(\.\d{1,3}){3}|\[[0-9A-Fa-f:.]+\]|[a-z0-9]([-a-z0-9.]*[a-z0-9])?):\d{1,5}$/,
              'a health endpoint "http://<ip>:<port>", "https://<ip>:<port>" or "tcp://<ip>:<port>"',
            );
      if (this.isHa && this.primaryEndPoint === undefined) {
        report(
          this,
          `'primaryEndPoint' is required for an HA pair (the primary CIS's health endpoint, e.g. "http://10.0.0.10:8080"); without it the secondary exits`,
        );
      }
      if (!this.isHa && props.primaryEndPoint !== undefined) {
        report(this, `'primaryEndPoint' applies to an HA pair only; a standalone CIS has no primary`);
      }
      this.probeInterval = checkSeconds(this, 'probeInterval', props.probeInterval, 60, 1, 86_400);
      this.retryInterval = checkSeconds(this, 'retryInterval', props.retryInterval, 15, 1, 86_400);
      this.configMapName = checkDnsSubdomain(
        this,
        'configMapName',
        props.configMapName ?? 'extended-spec-config',
      );
      this.configMapNamespace = checkDnsLabel(
        this,
        'configMapNamespace',
        props.configMapNamespace ?? 'kube-system',
      );
      this.discoveryAccountName = checkDnsLabel(
        this,
        'discoveryAccountName',
        props.discoveryAccountName ?? 'k8s-bigip-ctlr-remote',
      );
      this.members = this.checkMembers(
        checkArray(this, 'clusters', props.clusters, 'a list of { cluster, … } options'),
      );
      this.memberIndex = new Map(this.members.map((m) => [m.cluster, m]));
      this.checkControllerRoles();
    } catch (error) {
      checks.abort(error);
    }
    checks.end();

    // The group declares each CIS's role once; the CIS renders it into its arguments.
    for (const [controller, role] of this.roles()) controller.joinMultiCluster(this, role, this.configMapRef);
    if (this.mode !== MultiClusterPoolMode.DEFAULT) {
      for (const controller of this.controllers) registerServiceLookupAcrossClusters(controller);
    }
    if (this.primaryController && this.secondaryController) {
      registerHaPair(this.primaryController, this.secondaryController);
    }
    const configMaps = new Map<string, k8s.KubeConfigMap>();
    const accounts = new Map<string, DiscoveryAccount>();
    const folders = new Map<VksCluster, ClusterFolder>();
    for (const member of this.members) {
      const folder = new ClusterFolder(this, member.cluster.clusterName, member.cluster);
      folders.set(member.cluster, folder);
      if (member.role !== 'external')
        configMaps.set(member.cluster.clusterName, this.renderConfigMap(folder));
      if (member.role !== 'local' && member.apiServer !== undefined) {
        accounts.set(
          member.cluster.clusterName,
          new DiscoveryAccount(folder, 'Discovery', {
            cluster: member.cluster,
            apiServer: member.apiServer,
            certificateAuthorityData: member.certificateAuthorityData,
            name: this.discoveryAccountName,
            kubeconfigSecret: member.kubeconfigSecret,
            kubeconfigSecretReaders: this.readersOf(member),
          }),
        );
      }
    }
    this.configMaps = configMaps;
    this.discoveryAccounts = accounts;
    if (this.primaryController && this.secondaryController) {
      const primary = folders.get(this.primaryController.cluster);
      const secondary = folders.get(this.secondaryController.cluster);
      if (primary && secondary)
        new HaMirror(this, 'HaMirror', {
          partition: this.primaryController.partition,
          folders: [primary, secondary],
        });
    }
    this.node.addValidation({ validate: () => this.checkAgainstStack() });
    registerArtifactSource(this);
  }

  /** Whether CIS runs as an HA pair. */
  public get isHa(): boolean {
    return this.primaryController !== undefined || this.secondaryController !== undefined;
  }

  /** The CIS instances of the group. */
  public get controllers(): CisController[] {
    const all = [this.controller, this.primaryController, this.secondaryController];
    return [...new Set(all)].filter((c): c is CisController => c !== undefined);
  }

  /** `<namespace>/<name>` of the extended ConfigMap (`--extended-spec-configmap`). */
  public get configMapRef(): string {
    return `${this.configMapNamespace}/${this.configMapName}`;
  }

  /** The member entry of `cluster`, if it belongs to the group. */
  public memberOf(cluster: IVksCluster): MultiClusterMember | undefined {
    return this.memberIndex.get(cluster);
  }

  /** The `extendedSpec` CIS reads. */
  public get extendedSpec(): ExtendedSpec {
    const entry = (m: MultiClusterMember): ExtendedClusterConfig => ({
      clusterName: m.cluster.clusterName,
      secret: m.kubeconfigSecret,
      ratio: m.ratio,
      adminState: m.adminState,
      serviceTypeLBDiscovery: m.serviceTypeLBDiscovery ? true : undefined,
    });
    const local = this.members.find((m) => m.role === 'local');
    const primary = this.members.find((m) => m.role === 'primary');
    const secondary = this.members.find((m) => m.role === 'secondary');
    return {
      mode: this.mode,
      localClusterRatio: local?.ratio,
      localClusterAdminState: local?.adminState,
      highAvailabilityCIS:
        primary && secondary
          ? {
              primaryEndPoint: this.primaryEndPoint ?? '',
              probeInterval: this.probeInterval,
              retryInterval: this.retryInterval,
              primaryCluster: entry(primary),
              secondaryCluster: entry(secondary),
            }
          : undefined,
      externalClustersConfig: this.members.filter((m) => m.role === 'external').map(entry),
    };
  }

  public renderArtifacts(_context: SynthContext): void {
    // Objects only; the charts of the folders render them.
  }

  private renderConfigMap(folder: ClusterFolder): k8s.KubeConfigMap {
    const namespace = folder.cluster.ensureNamespace(this.configMapNamespace);
    const configMap = new k8s.KubeConfigMap(folder, 'ExtendedSpec', {
      metadata: {
        name: this.configMapName,
        namespace: this.configMapNamespace,
        labels: { ...EXTENDED_CONFIGMAP_LABEL },
      },
      data: { [EXTENDED_SPEC_KEY]: renderExtendedSpec(this.extendedSpec) },
    });
    if (namespace) configMap.node.addDependency(namespace);
    return configMap;
  }

  /** The clusters whose CIS reads `member`: every CIS cluster but its own. */
  private readersOf(member: MultiClusterMember): VksCluster[] {
    return this.controllers.map((c) => c.cluster).filter((c) => c !== member.cluster);
  }

  /** Standalone XOR an HA pair of two different controllers. */
  private checkTopology(): void {
    if (this.controller && (this.primaryController || this.secondaryController)) {
      report(
        this,
        `'controller' (standalone) and 'primaryController'/'secondaryController' (HA pair) exclude each other; set one`,
      );
    } else if (!this.controller && !(this.primaryController && this.secondaryController)) {
      report(
        this,
        `needs 'controller' (a standalone CIS) or both 'primaryController' and 'secondaryController' (an HA pair)`,
      );
    }
    const primary = this.primaryController;
    const secondary = this.secondaryController;
    if (primary && secondary) {
      if (primary.cluster === secondary.cluster) {
        report(
          this,
          HA_PAIR.message(
            `'secondaryController' [${secondary.node.path}] runs in cluster ${quote(primary.cluster.clusterName)} like the primary; an HA pair runs in two clusters`,
          ),
        );
      }
      if (primary.device !== secondary.device || primary.partition !== secondary.partition) {
        report(
          this,
          HA_PAIR.message(
            `'secondaryController' writes ${secondary.device.deviceName}/${secondary.partition.partitionName}, the primary ${primary.device.deviceName}/${primary.partition.partitionName}; an HA pair writes one partition of one BIG-IP`,
          ),
        );
      }
    }
  }

  private checkMembers(options: MultiClusterClusterOptions[]): MultiClusterMember[] {
    const roleOf = (cluster: VksCluster): MultiClusterMember['role'] =>
      cluster === this.primaryController?.cluster
        ? 'primary'
        : cluster === this.secondaryController?.cluster
          ? 'secondary'
          : cluster === this.controller?.cluster
            ? 'local'
            : 'external';
    const seen = new Map<string, number>();
    const members = options.map((o, i): MultiClusterMember => {
      const prop = `clusters[${i}]`;
      PropChecks.begin(this, o).end();
      const cluster = checkReference(
        this,
        `${prop}.cluster`,
        o.cluster,
        (x): x is VksCluster => x instanceof VksCluster,
        'a VksCluster',
      );
      const earlier = seen.get(cluster.clusterName);
      if (earlier !== undefined) {
        report(
          this,
          CLUSTER_LISTED_TWICE.message(
            `'${prop}.cluster' ${quote(cluster.clusterName)} is already 'clusters[${earlier}]'; list each cluster once (CIS discards the repeated entry)`,
          ),
        );
      }
      seen.set(cluster.clusterName, i);
      const role = roleOf(cluster);
      const kubeconfigSecret =
        o.kubeconfigSecret ?? `${this.configMapNamespace}/${cluster.clusterName}-kubeconfig`;
      if (o.kubeconfigSecret !== undefined && !NAMESPACED_REF.test(String(o.kubeconfigSecret))) {
        report(
          this,
          KUBECONFIG_SECRET_REF.message(
            `'${prop}.kubeconfigSecret' must be a Secret reference "<namespace>/<name>", got ${quote(o.kubeconfigSecret)}; CIS silently drops the cluster otherwise`,
          ),
        );
      }
      if (role === 'local' && o.kubeconfigSecret !== undefined) {
        report(
          this,
          `'${prop}.kubeconfigSecret' is not used: a standalone CIS reads its own cluster in-cluster`,
        );
      }
      if (role !== 'local' && o.apiServer === undefined) {
        report(
          this,
          `'${prop}.apiServer' is required: CIS of another cluster reads ${quote(cluster.clusterName)}, and its discovery account's kubeconfig template needs the API server URL`,
        );
      }
      const ratio =
        o.ratio === undefined ? undefined : checkInteger(this, `${prop}.ratio`, o.ratio, 0, 65535);
      const adminState =
        o.adminState === undefined
          ? undefined
          : checkEnum(this, `${prop}.adminState`, o.adminState, ClusterAdminState);
      const serviceTypeLBDiscovery = checkBoolean(
        this,
        `${prop}.serviceTypeLBDiscovery`,
        o.serviceTypeLBDiscovery ?? false,
      );
      this.checkModeSettings(prop, role, ratio, adminState, serviceTypeLBDiscovery);
      return {
        cluster,
        role,
        apiServer: o.apiServer,
        certificateAuthorityData: o.certificateAuthorityData,
        kubeconfigSecret,
        ratio,
        adminState,
        serviceTypeLBDiscovery,
      };
    });
    const pair = this.controller ? [] : [this.primaryController, this.secondaryController];
    for (const c of pair) {
      if (c && !members.some((m) => m.cluster === c.cluster)) {
        report(
          this,
          `'clusters' must list cluster ${quote(c.cluster.clusterName)} of [${c.node.path}] with its 'apiServer': the other CIS of the HA pair reads it`,
        );
      }
    }
    const local = this.controller?.cluster;
    if (local && !members.some((m) => m.cluster === local)) {
      members.unshift({ cluster: local, role: 'local', kubeconfigSecret: '', serviceTypeLBDiscovery: false });
    }
    if (!members.some((m) => m.role === 'external') && !this.isHa) {
      report(this, `'clusters' must name at least one cluster besides the standalone CIS's own`);
    }
    return members;
  }

  /** Settings CIS ignores in a mode are errors: they would read as if they did something. */
  private checkModeSettings(
    prop: string,
    role: MultiClusterMember['role'],
    ratio: number | undefined,
    adminState: ClusterAdminState | undefined,
    serviceTypeLBDiscovery: boolean,
  ): void {
    const mode = this.mode;
    if (ratio !== undefined && mode !== MultiClusterPoolMode.RATIO) {
      report(this, `'${prop}.ratio' applies in ratio mode only (mode is ${quote(mode)}); CIS ignores it`);
    }
    if (adminState !== undefined && mode === MultiClusterPoolMode.DEFAULT) {
      report(
        this,
        `'${prop}.adminState' does not apply in default mode; set the weights of the cluster's multiClusterServices to 0 instead`,
      );
    }
    if (serviceTypeLBDiscovery && mode !== MultiClusterPoolMode.DEFAULT) {
      report(this, `'${prop}.serviceTypeLBDiscovery' applies in default mode only (mode is ${quote(mode)})`);
    }
    if (serviceTypeLBDiscovery && role === 'local') {
      report(this, `'${prop}.serviceTypeLBDiscovery' is for remote clusters; CIS always watches its own`);
    }
  }

  private checkAgainstStack(): string[] {
    return [...this.checkControllers(), ...this.checkPodCidrs()];
  }

  /** Each CIS of the group with the role the group gives it. */
  private roles(): Array<[CisController, MultiClusterMode]> {
    const roles: Array<[CisController | undefined, MultiClusterMode]> = [
      [this.controller, MultiClusterMode.STANDALONE],
      [this.primaryController, MultiClusterMode.PRIMARY],
      [this.secondaryController, MultiClusterMode.SECONDARY],
    ];
    return roles.filter((r): r is [CisController, MultiClusterMode] => r[0] !== undefined);
  }

  /** A role or ConfigMap set by hand on a CisController must be the one this group gives it. */
  private checkControllerRoles(): void {
    const roles = this.roles();
    for (const [controller, role] of roles) {
      // A CIS given in two roles is refused by the topology check already.
      if (roles.filter(([c]) => c === controller).length > 1) continue;
      const mode = controller.multiClusterMode;
      const ref = controller.extendedSpecConfigMap;
      if ((mode === undefined || mode === role) && (ref === undefined || ref === this.configMapRef)) continue;
      report(
        this,
        CONTROLLER_ROLE.message(
          `[${controller.node.path}] must run with multiClusterMode ${quote(role)} and extendedSpecConfigMap ${quote(this.configMapRef)}, got ${quote(mode)} and ${quote(ref)}; leave both unset on the CisController and the MultiCluster sets them`,
        ),
      );
    }
  }

  /** Each CIS runs under its cluster's name and with pool members CIS supports in multi-cluster mode. */
  private checkControllers(): string[] {
    const errors: string[] = [];
    for (const [controller] of this.roles()) {
      if (controller.argOptions.localClusterName !== controller.cluster.clusterName) {
        errors.push(
          CONTROLLER_ROLE.message(
            `[${controller.node.path}] sets localClusterName ${quote(controller.argOptions.localClusterName)}; in a MultiCluster it must be its cluster's name ${quote(controller.cluster.clusterName)}, which the extended ConfigMap and the pools use`,
          ),
        );
      }
      if (controller.ipam) {
        errors.push(
          IPAM_MULTI_CLUSTER.message(
            `[${controller.node.path}] has 'ipam' true, but CIS hands out no IPAM addresses in multi-cluster mode; give the group's virtuals static addresses ('virtualServerAddress', 'ip') and turn 'ipam' off`,
          ),
        );
      }
      if (controller.poolMemberType === PoolMemberType.NODE_PORT_LOCAL) {
        errors.push(
          NODE_PORT_LOCAL_MULTI_CLUSTER.message(
            `[${controller.node.path}] uses pool member type nodeportlocal, which CIS does not support with multi-cluster on VKS; use nodeport, or cluster with Calico`,
          ),
        );
      }
    }
    return errors;
  }

  /**
   * In cluster mode (pod IPs as members) every pod CIDR of the group must be disjoint: sorted by first
   * address, each block is compared with the widest block before it (O(n log n)).
   */
  private checkPodCidrs(): string[] {
    const direct = this.controllers.some(
      (c) =>
        c.poolMemberType === PoolMemberType.CLUSTER ||
        c.poolMemberType === PoolMemberType.AUTO ||
        c.staticRoutingMode,
    );
    if (!direct) return [];
    const blocks: Array<{ cidr: Cidr; cluster: string }> = [];
    for (const member of this.members) {
      for (const text of member.cluster.podCidrs) {
        const cidr = parseCidr(text);
        if (cidr) blocks.push({ cidr, cluster: member.cluster.clusterName });
      }
    }
    blocks.sort((a, b) =>
      a.cidr.family !== b.cidr.family
        ? a.cidr.family - b.cidr.family
        : a.cidr.first < b.cidr.first
          ? -1
          : a.cidr.first > b.cidr.first
            ? 1
            : 0,
    );
    // The two blocks reaching furthest so far that belong to different clusters: a new block overlaps an
    // earlier block of another cluster exactly when it overlaps one of them.
    type Block = (typeof blocks)[number];
    let best: Block | undefined;
    let bestOther: Block | undefined;
    const errors: string[] = [];
    for (const block of blocks) {
      if (best && best.cidr.family !== block.cidr.family) best = bestOther = undefined;
      const hit = [best, bestOther].find(
        (b) => b !== undefined && b.cluster !== block.cluster && block.cidr.first <= b.cidr.last,
      );
      if (hit) {
        errors.push(
          POD_CIDR_OVERLAP.message(
            `pod CIDR ${block.cidr.text} of cluster ${quote(block.cluster)} overlaps pod CIDR ${hit.cidr.text} of cluster ${quote(hit.cluster)}; in cluster mode CIS sends traffic to pod IPs of both, so their pod CIDRs must be disjoint (set 'podCidrs' on the VksClusters)`,
          ),
        );
      }
      if (!best || block.cidr.last > best.cidr.last) {
        if (best && best.cluster !== block.cluster) bestOther = best;
        best = block;
      } else if (block.cluster !== best.cluster && (!bestOther || block.cidr.last > bestOther.cidr.last)) {
        bestOther = block;
      }
    }
    return errors;
  }
}
brand(MultiCluster, 'MultiCluster');
