import { ApiObject } from 'cdk8s';
import { k8s } from '../../lib/k8s/kube-api';
import type { Construct, IConstruct } from 'constructs';
import type { SynthContext } from '../../lib/core/artifacts';
import { brand } from '../../lib/core/brand';
import {
  checkArray,
  checkBoolean,
  checkDnsLabel,
  checkEnum,
  checkId,
  fail,
  PORT_RANGE,
  PropChecks,
  report,
} from '../../lib/core/checks';
import { quote } from '../../lib/core/errors';
import { cidrsOverlap, isIpAddress, parseCidr } from '../../lib/core/net';
import { firstByKey } from '../../lib/core/indexes';
import { Stack } from '../../lib/core/stack';
import { AntreaConfig } from '../../lib/k8s/antrea';
import { ManifestChart } from '../../lib/k8s/manifest-chart';
import { Cni, Networking } from '../networking/cluster-network';
import { checkClusterNetwork } from '../networking/cluster-checks';
import { CILIUM_NOT_VKS } from '../networking/network-rules';

/** A VKS workload cluster, as other constructs see it. */
export interface IVksCluster extends IConstruct {
  readonly clusterName: string;
  readonly vsphereNamespace: string;
  readonly cni: Cni;
  readonly networking: Networking;
  readonly podCidrs: readonly string[];
  readonly serviceCidrs: readonly string[];
  readonly nodeAddresses: readonly string[];
  readonly nodeSegment?: string;
  readonly nodePortLocalEnabled: boolean;
}

export interface VksClusterProps {
  /**
   * Name of the VKS cluster (the Cluster API `Cluster` name in the vSphere Namespace). Names the
   * output folder `dist/<stack>/k8s/<clusterName>/`.
   */
  readonly clusterName: string;

  /** The vSphere (Supervisor) namespace the cluster lives in. */
  readonly vsphereNamespace: string;

  /**
   * The cluster's CNI.
   * @default Cni.ANTREA
   */
  readonly cni?: Cni;

  /**
   * The networking the cluster sits on.
   * @default Networking.VDS
   */
  readonly networking?: Networking;

  /**
   * Pod CIDR blocks (Cluster API `clusterNetwork.pods.cidrBlocks`).
   * @default ['192.168.0.0/16'] (the VKS default)
   */
  readonly podCidrs?: string[];

  /**
   * Service CIDR blocks (Cluster API `clusterNetwork.services.cidrBlocks`).
   * @default ['10.96.0.0/12'] (the VKS default)
   */
  readonly serviceCidrs?: string[];

  /**
   * The subnet (CIDR) the cluster's nodes are in: on NSX the cluster's VPC segment, where no BIG-IP self
   * IP may be (`network:self-ip-in-cluster-segment`).
   * @default - unknown
   */
  readonly nodeSegment?: string;

  /**
   * IP addresses of the cluster's nodes, when known (static pool members for NodePort fronts).
   * @default - unknown
   */
  readonly nodeAddresses?: string[];

  /**
   * Whether Antrea NodePortLocal is enabled (AntreaConfig `spec.antrea.config.nodePortLocal.enabled`).
   * Antrea only.
   * @see https://github.com/antrea-io/antrea/blob/main/docs/node-port-local.md
   * @default false
   */
  readonly nodePortLocalEnabled?: boolean;

  /**
   * NodePortLocal port range (`nodePortLocal.portRange`); the BIG-IP must reach the nodes on it.
   * @default '61000-62000'
   */
  readonly nodePortLocalPortRange?: string;

  /**
   * Whether this stack renders the cluster's `AntreaConfig` (`<clusterName>-antrea-package`) into
   * `dist/<stack>/k8s/supervisor/<vsphereNamespace>/` when NodePortLocal is enabled. Set to false when the
   * Supervisor administrator manages that object; `nodePortLocalEnabled` then only records the fact.
   * @default true
   */
  readonly manageAntreaConfig?: boolean;
}

const BUILT_IN_NAMESPACES = new Set(['default', 'kube-system', 'kube-public', 'kube-node-lease']);

/**
 * A VKS workload cluster. It owns the cluster's output folder: constructs created inside it
 * (CisController, NplService, F5VirtualServer, …) render their Kubernetes objects there.
 */
export class VksCluster extends ManifestChart implements IVksCluster {
  /** The cluster a construct was created in; the error says how to fix a construct created elsewhere. */
  public static enclosing(scope: IConstruct): VksCluster {
    const found = [...scope.node.scopes].reverse().find((s) => s instanceof VksCluster);
    if (found) return found as VksCluster;
    fail(
      scope,
      `must be created inside a VksCluster (new X(cluster, 'Id', …)), but its scopes are ${scope.node.path}`,
    );
  }

  public readonly clusterName: string;
  public readonly vsphereNamespace: string;
  public readonly cni: Cni;
  public readonly networking: Networking;
  public readonly podCidrs: readonly string[];
  public readonly serviceCidrs: readonly string[];
  public readonly nodeAddresses: readonly string[];
  public readonly nodeSegment?: string;
  public readonly nodePortLocalEnabled: boolean;
  public readonly nodePortLocalPortRange: string;
  public readonly manageAntreaConfig: boolean;
  /** Objects applied to the Supervisor namespace rather than to the cluster. */
  public readonly supervisor: ManifestChart;
  /** The AntreaConfig, when this stack manages it. */
  public readonly antreaConfig?: AntreaConfig;

  private readonly namespaces = new Map<string, ApiObject>();

  constructor(scope: Construct, id: string, props: VksClusterProps) {
    const clusterName: unknown = (props as Partial<VksClusterProps> | undefined)?.clusterName;
    super(scope, checkId(scope, id), {
      outputDir: `k8s/${typeof clusterName === 'string' ? clusterName : '(invalid)'}`,
    });
    const checks: PropChecks = PropChecks.begin(this, props);
    try {
      this.clusterName = checkDnsLabel(this, 'clusterName', props.clusterName);
      if (this.clusterName === 'supervisor') {
        report(
          this,
          `'clusterName' must not be "supervisor": dist/<stack>/k8s/supervisor/ holds Supervisor objects`,
        );
      }
      this.vsphereNamespace = this.outsideVks
        ? ''
        : checkDnsLabel(this, 'vsphereNamespace', props.vsphereNamespace);
      this.cni = checkEnum(this, 'cni', props.cni ?? Cni.ANTREA, Cni);
      if (this.cni === Cni.CILIUM && !this.outsideVks) {
        report(
          this,
          CILIUM_NOT_VKS.message(
            `'cni' "cilium" is not a VKS CNI; allowed on a VksCluster: Cni.ANTREA, Cni.CALICO; model a Cilium cluster outside VKS with KubernetesCluster (seed 003)`,
          ),
        );
      }
      this.networking = checkEnum(this, 'networking', props.networking ?? Networking.VDS, Networking);
      this.podCidrs = this.checkCidrs('podCidrs', props.podCidrs ?? ['192.168.0.0/16']);
      this.serviceCidrs = this.checkCidrs('serviceCidrs', props.serviceCidrs ?? ['10.96.0.0/12']);
      this.checkNoOverlap();
      this.nodeAddresses = checkArray(
        this,
        'nodeAddresses',
        props.nodeAddresses ?? [],
        'a list of IP addresses',
      ).map((address, i) => {
        if (!isIpAddress(address))
          report(this, `'nodeAddresses[${i}]' must be an IPv4 or IPv6 address, got ${quote(address)}`);
        return address;
      });
      if (props.nodeSegment !== undefined && !parseCidr(props.nodeSegment)) {
        report(
          this,
          `'nodeSegment' must be a CIDR block such as "10.20.0.0/24", got ${quote(props.nodeSegment)}`,
        );
      }
      this.nodeSegment = props.nodeSegment;
      this.nodePortLocalEnabled = checkBoolean(
        this,
        'nodePortLocalEnabled',
        props.nodePortLocalEnabled ?? false,
      );
      if (this.nodePortLocalEnabled && this.cni !== Cni.ANTREA) {
        report(
          this,
          `'nodePortLocalEnabled' needs cni Cni.ANTREA (NodePortLocal is an Antrea feature), got cni ${quote(this.cni)}`,
        );
      }
      this.nodePortLocalPortRange = this.checkPortRange(props.nodePortLocalPortRange ?? '61000-62000');
      this.manageAntreaConfig = checkBoolean(this, 'manageAntreaConfig', props.manageAntreaConfig ?? true);
    } catch (error) {
      checks.abort(error);
    }
    checks.end();

    this.supervisor = new ManifestChart(this, 'Supervisor', {
      outputDir: `k8s/supervisor/${this.vsphereNamespace}`,
      namespace: this.vsphereNamespace,
    });
    if (this.nodePortLocalEnabled && this.manageAntreaConfig) {
      this.antreaConfig = new AntreaConfig(this.supervisor, 'AntreaConfig', {
        metadata: { name: `${this.clusterName}-antrea-package`, namespace: this.vsphereNamespace },
        spec: {
          antrea: {
            config: {
              featureGates: { NodePortLocal: true },
              nodePortLocal: { enabled: true, portRange: this.nodePortLocalPortRange },
            },
          },
        },
      });
    }
    this.node.addValidation({ validate: () => [...this.checkUniqueName(), ...checkClusterNetwork(this)] });
  }

  /** Whether the cluster is outside VKS (KubernetesCluster): no vSphere namespace, any CNI. */
  protected get outsideVks(): boolean {
    return false;
  }

  /**
   * The Namespace object for `name`, created once per cluster. Built-in namespaces return undefined.
   * Objects in that namespace are applied after it (the renderer orders them by dependency).
   */
  public ensureNamespace(name: string): ApiObject | undefined {
    if (BUILT_IN_NAMESPACES.has(name)) return undefined;
    let namespace = this.namespaces.get(name);
    if (!namespace) {
      checkDnsLabel(this, 'namespace', name);
      namespace = new k8s.KubeNamespace(this, `Namespace-${name}`, { metadata: { name } });
      this.namespaces.set(name, namespace);
    }
    return namespace;
  }

  private checkCidrs(prop: string, values: string[]): string[] {
    if (!Array.isArray(values) || values.length === 0) {
      report(this, `'${prop}' must list at least one CIDR block, got ${quote(values)}`);
      return [];
    }
    values.forEach((value, i) => {
      if (!parseCidr(value))
        report(this, `'${prop}[${i}]' must be a CIDR block such as "192.168.0.0/16", got ${quote(value)}`);
    });
    return [...values];
  }

  private checkNoOverlap(): void {
    for (const pod of this.podCidrs) {
      for (const service of this.serviceCidrs) {
        const a = parseCidr(pod);
        const b = parseCidr(service);
        if (a && b && cidrsOverlap(a, b)) {
          report(
            this,
            `'podCidrs' ${quote(pod)} overlaps 'serviceCidrs' ${quote(service)}; pods and Services need disjoint ranges`,
          );
        }
      }
    }
  }

  private checkPortRange(range: string): string {
    const match = typeof range === 'string' ? PORT_RANGE.exec(range) : null;
    if (!match) {
      report(
        this,
        `'nodePortLocalPortRange' must be a port range "first-last" such as "61000-62000", got ${quote(range)}`,
      );
      return range;
    }
    const [, first, last] = match;
    if (Number(first) < 1 || Number(last) > 65535 || Number(first) > Number(last)) {
      report(
        this,
        `'nodePortLocalPortRange' must be "first-last" with 1 <= first <= last <= 65535, got ${quote(range)}`,
      );
    }
    return range;
  }

  private checkUniqueName(): string[] {
    const first = firstByKey(Stack.of(this), VksCluster, clusterNameOf).get(this.clusterName);
    return first !== undefined && first !== this
      ? [`'clusterName' ${quote(this.clusterName)} is already used by [${first.node.path}] in this stack`]
      : [];
  }

  public override renderArtifacts(context: SynthContext): void {
    super.renderArtifacts(context);
    context.addRecord('clusters', {
      name: this.clusterName,
      path: this.node.path,
      vsphereNamespace: this.vsphereNamespace,
      cni: this.cni,
      networking: this.networking,
      podCidrs: [...this.podCidrs],
      serviceCidrs: [...this.serviceCidrs],
      nodeAddresses: [...this.nodeAddresses],
      nodePortLocalEnabled: this.nodePortLocalEnabled,
      folder: this.outputDir,
    });
  }
}
const clusterNameOf = (c: VksCluster) => c.clusterName;

brand(VksCluster, 'VksCluster');
