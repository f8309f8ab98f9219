import { k8s } from '../../lib/k8s/kube-api';
import { Construct } from 'constructs';
import { BigipObjectKind, BigipRef, inventoryProblem } from '../../lib/as3/inventory';
import { LoadBalancingMethod } from '../../lib/as3/load-balancing';
import {
  checkArray,
  checkDnsLabel,
  checkDnsSubdomain,
  checkEnum,
  checkId,
  checkInteger,
  checkPort,
  checkReference,
  PropChecks,
  report,
} from '../../lib/core/checks';
import { registerArtifactSource, type IArtifactSource, type SynthContext } from '../../lib/core/artifacts';
import { quote } from '../../lib/core/errors';
import { Names } from '../../lib/core/names';
import { isIpAddress } from '../../lib/core/net';
import { Rule, RuleSeverity } from '../../lib/core/rules';
import { isBigipPartition, type IBigipPartition } from '../bigip/bigip-partition';
import { backendPort, isServiceBackend, Protocol, type IServiceBackend } from '../workloads/service-backend';
import { VksCluster } from '../workloads/vks-cluster';
import { CisController } from './cis-controller';
import { cisMemberType, servicePoolRecord } from './pool-records';
import {
  checkBackend,
  checkVirtualAddress,
  registerVirtualAddressUser,
  type IVirtualAddressUser,
  type Listener,
} from './cis-publishing';

/** Frontend mode of the legacy virtual server (`frontend.mode`). */
export enum LegacyVirtualServerMode {
  HTTP = 'http',
  TCP = 'tcp',
  UDP = 'udp',
}

/** Protocol of a legacy health monitor (`backend.healthMonitors[].protocol`). */
export enum LegacyMonitorProtocol {
  HTTP = 'http',
  HTTPS = 'https',
  TCP = 'tcp',
  UDP = 'udp',
  ICMP = 'icmp',
}

/** One health monitor of the legacy backend. */
export interface LegacyHealthMonitorOptions {
  /** Monitor protocol. */
  readonly protocol: LegacyMonitorProtocol;
  /** Seconds between probes. */
  readonly interval: number;
  /** Seconds without a response before the member is down. */
  readonly timeout: number;
  /**
   * Request an http(s) monitor sends.
   * @default - the BIG-IP default
   */
  readonly send?: string;
  /**
   * Text the response must contain.
   * @default - any response
   */
  readonly recv?: string;
}

export interface LegacyVirtualServerConfigMapProps {
  /** The legacy-mode CIS (`customResourceMode: false`) that reads the ConfigMap. */
  readonly controller: CisController;

  /** The Service of the pool (`backend.serviceName`), in the ConfigMap's namespace. */
  readonly backend: IServiceBackend;

  /**
   * Its port (`backend.servicePort`).
   * @default - the Service's first port
   */
  readonly servicePort?: number;

  /**
   * Health monitors of the pool (`backend.healthMonitors`).
   * @default - none
   */
  readonly healthMonitors?: LegacyHealthMonitorOptions[];

  /**
   * VIP (`frontend.virtualAddress.bindAddr`).
   * @see https://clouddocs.f5.com/containers/latest/userguide/config-maps.html
   */
  readonly bindAddr: string;

  /** Port of the virtual (`frontend.virtualAddress.port`). */
  readonly port: number;

  /**
   * Partition of the virtual (`frontend.partition`); CIS accepts only its own `--bigip-partition`.
   * @default - the controller's partition
   */
  readonly partition?: IBigipPartition;

  /**
   * Load-balancing method (`frontend.balance`).
   * @default LoadBalancingMethod.ROUND_ROBIN
   */
  readonly balance?: LoadBalancingMethod;

  /**
   * Virtual mode (`frontend.mode`).
   * @default LegacyVirtualServerMode.HTTP
   */
  readonly mode?: LegacyVirtualServerMode;

  /**
   * Existing BIG-IP client SSL profile (`frontend.sslProfile.f5ProfileName`, rendered as
   * `<partition>/<name>`), which must be in the device's inventory.
   * @default - none
   */
  readonly sslProfile?: BigipRef;

  /**
   * Namespace of the ConfigMap.
   * @default 'default'
   */
  readonly namespace?: string;

  /**
   * Name of the ConfigMap.
   * @default - generated from the construct path
   */
  readonly name?: string;
}

export const LEGACY_CONFIGMAP_DEPRECATED = Rule.define({
  id: 'cis:legacy-virtual-server-configmap',
  severity: RuleSeverity.WARNING,
  summary:
    'An f5schemadb virtual-server ConfigMap: the legacy format, replaced by the VirtualServer/TransportServer CRDs',
  why:
    'F5 keeps the f5schemadb://bigip-virtual-server ConfigMap only for the legacy controller: no TLS profiles from Secrets, ' +
    'no host routing, and a partition that must be the controller’s own. F5VirtualServer (http) or F5TransportServer (tcp, udp) ' +
    'with a custom-resource-mode CIS say the same and more, and are validated against the CRD.',
  source: 'seed 003; F5Networks/k8s-bigip-ctlr#750, #1023',
});

export const LEGACY_CONFIGMAP_NEEDS_LEGACY_CONTROLLER = Rule.define({
  id: 'cis:legacy-configmap-needs-legacy-controller',
  severity: RuleSeverity.ERROR,
  summary: 'An f5schemadb ConfigMap is read only by a CIS with customResourceMode false and manageConfigmaps',
  why: 'In custom-resource mode, or with --manage-configmaps=false, CIS never reads ConfigMaps: nothing reaches the BIG-IP.',
  source: 'seed 003; CIS docs CustomResource.md',
});

export const LEGACY_CONFIGMAP_PARTITION = Rule.define({
  id: 'cis:legacy-configmap-partition',
  severity: RuleSeverity.ERROR,
  summary: "frontend.partition of an f5schemadb ConfigMap must be the controller's --bigip-partition",
  why: 'CIS ignores a legacy ConfigMap whose partition is not its own, with only a log line to show for it.',
  source: 'F5Networks/k8s-bigip-ctlr#750, #1023',
});

export const LEGACY_CONFIGMAP_BACKEND = Rule.define({
  id: 'cis:legacy-configmap-backend',
  severity: RuleSeverity.ERROR,
  summary:
    "The backend of an f5schemadb ConfigMap must be a Service of its namespace that suits the controller's pool member type",
  why: 'backend.serviceName names a Service of the ConfigMap’s namespace; a Service CIS cannot turn into members leaves the pool empty.',
  source: 'seed 003; F5Networks/k8s-bigip-ctlr#2628',
});

export const LEGACY_CONFIGMAP_PROTOCOL = Rule.define({
  id: 'cis:legacy-configmap-protocol',
  severity: RuleSeverity.ERROR,
  summary: 'frontend.mode udp needs a UDP Service port; http and tcp need a TCP one',
  why: 'CIS builds the pool from the Service port as it is: a UDP virtual in front of a TCP port (or the reverse) forwards to nothing.',
  source: 'F5 example configmap/cccl-configmap/example-vs-resource-udp.configmap.yaml',
});

const SCHEMA = 'f5schemadb://bigip-virtual-server_v0.1.7.json';

/**
 * The legacy `f5schemadb` virtual-server ConfigMap of CIS's legacy controller (seed 003): one virtual
 * and one pool of one Service. Prefer F5VirtualServer or F5TransportServer; it warns so.
 * @see https://clouddocs.f5.com/containers/latest/userguide/config-maps.html
 */
export class LegacyVirtualServerConfigMap extends Construct implements IVirtualAddressUser, IArtifactSource {
  public readonly cluster: VksCluster;
  public readonly controller: CisController;
  public readonly backend: IServiceBackend;
  public readonly servicePort: number;
  public readonly healthMonitors: readonly LegacyHealthMonitorOptions[];
  public readonly bindAddr: string;
  public readonly port: number;
  public readonly partition: IBigipPartition;
  public readonly balance: LoadBalancingMethod;
  public readonly mode: LegacyVirtualServerMode;
  public readonly sslProfile?: BigipRef;
  public readonly namespace: string;
  public readonly resourceName: string;
  /** The raw ConfigMap, for escape hatches (`addJsonPatch`). */
  public readonly configMap: k8s.KubeConfigMap;
  public readonly bigipRouteDomain = 0;
  public readonly hostGroup = undefined;
  /** CIS makes one virtual of it: it shares its address and port with nothing. */
  public readonly mergeableByHostGroup = false;

  constructor(scope: Construct, id: string, props: LegacyVirtualServerConfigMapProps) {
    super(scope, checkId(scope, id));
    this.cluster = VksCluster.enclosing(this);
    const checks: PropChecks = PropChecks.begin(this, props);
    try {
      this.controller = checkReference(
        this,
        'controller',
        props.controller,
        (x): x is CisController => x instanceof CisController,
        'the CisController (customResourceMode false) that reads the ConfigMap',
      );
      this.backend = checkReference(this, 'backend', props.backend, isServiceBackend, 'a Service construct');
      const port = backendPort(this.backend, props.servicePort);
      if (!port) {
        report(
          this,
          `'servicePort' ${quote(props.servicePort)} is not a port of Service ${this.backend.namespace}/${this.backend.serviceName}`,
        );
      }
      this.servicePort = port?.port ?? (props.servicePort as number);
      const mode = props.mode ?? LegacyVirtualServerMode.HTTP;
      const wanted = mode === LegacyVirtualServerMode.UDP ? Protocol.UDP : Protocol.TCP;
      if (port && port.protocol !== wanted) {
        report(
          this,
          LEGACY_CONFIGMAP_PROTOCOL.message(
            `'mode' ${quote(mode)} needs a ${wanted} Service port, but port ${port.port} of Service ${this.backend.namespace}/${this.backend.serviceName} is ${port.protocol}`,
          ),
        );
      }
      this.healthMonitors = checkArray(
        this,
        'healthMonitors',
        props.healthMonitors ?? [],
        'a list of monitors',
      );
      this.healthMonitors.forEach((m, i) => {
        checkEnum(this, `healthMonitors[${i}].protocol`, m?.protocol, LegacyMonitorProtocol);
        checkInteger(this, `healthMonitors[${i}].interval`, m?.interval, 1, 86400);
        checkInteger(this, `healthMonitors[${i}].timeout`, m?.timeout, 1, 86400);
      });
      if (!isIpAddress(props.bindAddr)) {
        report(this, `'bindAddr' must be an IPv4 or IPv6 address, got ${quote(props.bindAddr)}`);
      }
      this.bindAddr = props.bindAddr;
      this.port = checkPort(this, 'port', props.port);
      this.partition =
        props.partition === undefined
          ? this.controller.partition
          : checkReference(this, 'partition', props.partition, isBigipPartition, 'a BigipPartition');
      this.balance = checkEnum(
        this,
        'balance',
        props.balance ?? LoadBalancingMethod.ROUND_ROBIN,
        LoadBalancingMethod,
      );
      this.mode = checkEnum(
        this,
        'mode',
        props.mode ?? LegacyVirtualServerMode.HTTP,
        LegacyVirtualServerMode,
      );
      if (
        props.sslProfile !== undefined &&
        (!(props.sslProfile instanceof BigipRef) ||
          props.sslProfile.kind !== BigipObjectKind.CLIENT_SSL_PROFILE)
      ) {
        report(
          this,
          `'sslProfile' must be a BigipRef.clientSslProfile(…), got ${quote(String(props.sslProfile))}`,
        );
      }
      this.sslProfile = props.sslProfile;
      this.namespace = checkDnsLabel(this, 'namespace', props.namespace ?? 'default');
      this.resourceName = checkDnsSubdomain(
        this,
        'name',
        props.name ?? Names.toDnsLabel(this, { relativeTo: this.cluster }),
      );
    } catch (error) {
      checks.abort(error);
    }
    checks.end();
    const replacement = this.mode === LegacyVirtualServerMode.HTTP ? 'F5VirtualServer' : 'F5TransportServer';
    LEGACY_CONFIGMAP_DEPRECATED.warn(
      this,
      `the f5schemadb virtual-server ConfigMap is CIS's legacy format; prefer ${replacement} with a CisController in custom-resource mode. CIS reads it only with 'customResourceMode' false and 'manageConfigmaps' true, posts it with the AS3 agent, and only in its own partition ${quote(this.controller.partition.partitionName)}`,
    );
    const namespaceObject = this.cluster.ensureNamespace(this.namespace);
    this.configMap = new k8s.KubeConfigMap(this, 'Resource', {
      metadata: { name: this.resourceName, namespace: this.namespace, labels: { f5type: 'virtual-server' } },
      data: { schema: SCHEMA, data: JSON.stringify(this.document(), undefined, 2) },
    });
    if (namespaceObject) this.configMap.node.addDependency(namespaceObject);
    registerVirtualAddressUser(this);
    registerArtifactSource(this);
    this.node.addValidation({ validate: () => this.checkAgainstStack() });
  }

  /** Records the virtual CIS makes of the ConfigMap and its one pool (`virtualServers`, REVIEW.md). */
  public renderArtifacts(context: SynthContext): void {
    context.addRecord('virtualServers', {
      name: this.node.path,
      kind: 'ConfigMap',
      device: this.partition.device.deviceName,
      partition: this.partition.partitionName,
      address: this.bindAddr,
      ports: [this.port],
      protocol: this.mode === LegacyVirtualServerMode.HTTP && this.sslProfile ? 'https' : this.mode,
      cluster: this.cluster.clusterName,
      pools: [
        servicePoolRecord(this.backend, this.servicePort, cisMemberType(this.controller, this.backend)),
      ],
    });
  }

  /** The address and port of the virtual. */
  public listeners(): Listener[] {
    return [{ address: this.bindAddr, port: this.port }];
  }

  /** The `data` document: `{ virtualServer: { backend, frontend } }`. */
  public document(): Record<string, unknown> {
    return {
      virtualServer: {
        backend: {
          servicePort: this.servicePort,
          serviceName: this.backend.serviceName,
          ...(this.healthMonitors.length
            ? {
                healthMonitors: this.healthMonitors.map((m) => ({
                  interval: m.interval,
                  protocol: m.protocol,
                  ...(m.send !== undefined ? { send: m.send } : {}),
                  ...(m.recv !== undefined ? { recv: m.recv } : {}),
                  timeout: m.timeout,
                })),
              }
            : {}),
        },
        frontend: {
          virtualAddress: { port: this.port, bindAddr: this.bindAddr },
          partition: this.partition.partitionName,
          balance: this.balance,
          mode: this.mode,
          // The schema names profiles "<partition>/<name>", without the leading "/" of a BIG-IP path.
          ...(this.sslProfile ? { sslProfile: { f5ProfileName: this.sslProfile.path.slice(1) } } : {}),
        },
      },
    };
  }

  private checkAgainstStack(): string[] {
    const c = this.controller;
    const errors: string[] = [];
    if (c.customResourceMode || !c.argOptions.manageConfigmaps) {
      errors.push(
        LEGACY_CONFIGMAP_NEEDS_LEGACY_CONTROLLER.message(
          `'controller' [${c.node.path}] ${c.customResourceMode ? 'runs in custom-resource mode' : "has 'manageConfigmaps' false"} and never reads this ConfigMap`,
        ),
      );
    }
    if (this.partition !== c.partition) {
      errors.push(
        LEGACY_CONFIGMAP_PARTITION.message(
          `'partition' ${quote(this.partition.partitionName)} is not the partition of [${c.node.path}] (${quote(c.partition.partitionName)}); CIS ignores the ConfigMap`,
        ),
      );
    }
    if (this.backend.namespace !== this.namespace) {
      errors.push(
        LEGACY_CONFIGMAP_BACKEND.message(
          `'backend' Service ${this.backend.namespace}/${this.backend.serviceName} is not in the ConfigMap namespace ${quote(this.namespace)}`,
        ),
      );
    }
    for (const problem of checkBackend(this.cluster, c, this.backend, 'backend')) {
      errors.push(LEGACY_CONFIGMAP_BACKEND.message(problem));
    }
    if (this.sslProfile) {
      const problem = inventoryProblem(this.partition.device, 'sslProfile', this.sslProfile);
      if (problem) errors.push(problem);
    }
    errors.push(...checkVirtualAddress(this));
    return errors;
  }
}
