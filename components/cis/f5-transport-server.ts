import { registerArtifactSource, type IArtifactSource, type SynthContext } from '../../lib/core/artifacts';
import { Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import {
  checkDnsLabel,
  checkDnsSubdomain,
  checkEnum,
  checkInteger,
  checkPattern,
  checkPort,
  fail,
} from '../../lib/core/checks';
import { quote } from '../../lib/core/errors';

import { Names } from '../../lib/core/names';
import { CIS_CUSTOM_RESOURCE_LABEL, TransportServer, type TransportServerSpec } from '../../lib/k8s/cis';
import type { IBigipPartition } from '../bigip/bigip-partition';
import { PoolMemberType } from './cis-controller';
import {
  checkBackend,
  checkCisPartition,
  checkIpam,
  checkNamespaceReference,
  checkSnat,
  checkVirtualAddress,
  checkWatched,
  controllerFor,
  type IVirtualAddressUser,
  registerVirtualAddressUser,
  type Listener,
} from './cis-publishing';
import {
  cisMonitor,
  LoadBalancingMethod,
  MonitorType,
  Snat,
  type HealthMonitorOptions,
} from './pool-options';
import { backendPort, type IServiceBackend } from '../workloads/service-backend';
import { checkAddressOrIpam, VIRTUAL_SERVER_NAME } from './cis-patterns';
import { VksCluster } from '../workloads/vks-cluster';

/** Full proxy or FastL4 (`mode`). */
export enum TransportServerMode {
  /** Full proxy (TCP/UDP profiles). */
  STANDARD = 'standard',
  /** FastL4: packet-by-packet, fastest, fewest features. */
  PERFORMANCE = 'performance',
}

/** The L4 protocol of a TransportServer (`type`). */
export enum TransportProtocol {
  TCP = 'tcp',
  UDP = 'udp',
  SCTP = 'sctp',
}

export interface F5TransportServerProps extends HealthMonitorOptions {
  /**
   * The CIS partition the virtual is created in.
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/transportserver.html
   */
  readonly partition: IBigipPartition;

  /** Port the virtual listens on. */
  readonly virtualServerPort: number;

  /** The Service to send traffic to. */
  readonly service: IServiceBackend;

  /**
   * The Service port.
   * @default - the Service's first port
   */
  readonly servicePort?: number;

  /**
   * Virtual address (VIP). One of `virtualServerAddress` and `ipamLabel` is required.
   * @default - none; `ipamLabel` must be set
   */
  readonly virtualServerAddress?: string;

  /**
   * F5 IPAM Controller label to get the VIP from.
   * @default - none; `virtualServerAddress` must be set
   */
  readonly ipamLabel?: string;

  /**
   * Full proxy or FastL4.
   * @default TransportServerMode.STANDARD
   */
  readonly mode?: TransportServerMode;

  /**
   * L4 protocol.
   * @default TransportProtocol.TCP
   */
  readonly type?: TransportProtocol;

  /**
   * Source address translation; NSX needs translation.
   * @default Snat.AUTO
   */
  readonly snat?: Snat;

  /**
   * BIG-IP route domain of the address.
   * @default 0
   */
  readonly bigipRouteDomain?: number;

  /**
   * Load-balancing method.
   * @default LoadBalancingMethod.ROUND_ROBIN
   */
  readonly loadBalancingMethod?: LoadBalancingMethod;

  /**
   * Name of the BIG-IP virtual.
   * @default - CIS derives it from the address and port
   */
  readonly virtualServerName?: string;

  /**
   * Namespace of the TransportServer resource.
   * @default 'default'
   */
  readonly namespace?: string;

  /**
   * Name of the TransportServer resource.
   * @default - generated from the construct path
   */
  readonly name?: string;
}

/** Monitor types that make sense for each L4 protocol. */
const MONITORS_FOR: Record<TransportProtocol, MonitorType[]> = {
  [TransportProtocol.TCP]: [MonitorType.TCP, MonitorType.HTTP, MonitorType.HTTPS],
  [TransportProtocol.UDP]: [MonitorType.UDP],
  [TransportProtocol.SCTP]: [MonitorType.TCP],
};

/** A CIS TransportServer custom resource (labelled `f5cr: "true"`): an L4 virtual in front of a Service. */
export class F5TransportServer extends Construct implements IArtifactSource, IVirtualAddressUser {
  public readonly cluster: VksCluster;
  public readonly partition: IBigipPartition;
  public readonly virtualServerPort: number;
  public readonly service: IServiceBackend;
  public readonly servicePort: number;
  public readonly virtualServerAddress?: string;
  public readonly ipamLabel?: string;
  public readonly mode: TransportServerMode;
  public readonly type: TransportProtocol;
  public readonly snat: Snat;
  public readonly bigipRouteDomain: number;
  public readonly namespace: string;
  public readonly resourceName: string;
  public readonly hostGroup = undefined;
  public readonly mergeableByHostGroup = false;
  /** The raw custom resource, for escape hatches (`addJsonPatch`). */
  public readonly resource: TransportServer;

  constructor(scope: Construct, id: string, props: F5TransportServerProps) {
    super(scope, id);
    this.cluster = VksCluster.enclosing(this);
    if (!props.partition)
      fail(this, `'partition' is required: the CIS BigipPartition the virtual is created in`);
    if (!props.service) fail(this, `'service' is required: the Service construct to send traffic to`);
    this.partition = props.partition;
    this.service = props.service;
    this.namespace = checkDnsLabel(this, 'namespace', props.namespace ?? 'default');
    this.resourceName = checkDnsSubdomain(
      this,
      'name',
      props.name ?? Names.toDnsLabel(this, { relativeTo: this.cluster }),
    );
    this.virtualServerPort = checkPort(this, 'virtualServerPort', props.virtualServerPort);
    const port = backendPort(props.service, props.servicePort);
    if (!port)
      fail(
        this,
        `'servicePort' ${quote(props.servicePort)} is not a port of Service ${props.service.serviceName}`,
      );
    this.servicePort = port.port;
    if (props.service.namespace !== this.namespace) {
      checkNamespaceReference(this, 'service', props.service.namespace, 'TransportServer');
    }
    const addressing = checkAddressOrIpam(
      this,
      'TransportServer',
      props.virtualServerAddress,
      props.ipamLabel,
    );
    this.virtualServerAddress = addressing.virtualServerAddress;
    this.ipamLabel = addressing.ipamLabel;
    this.mode = checkEnum(this, 'mode', props.mode ?? TransportServerMode.STANDARD, TransportServerMode);
    this.type = checkEnum(this, 'type', props.type ?? TransportProtocol.TCP, TransportProtocol);
    if (props.monitorType !== undefined && !MONITORS_FOR[this.type].includes(props.monitorType)) {
      fail(
        this,
        `'monitorType' ${quote(props.monitorType)} cannot check a ${this.type} service; use one of ${MONITORS_FOR[this.type].join(', ')}`,
      );
    }
    this.snat = props.snat ?? Snat.AUTO;
    this.bigipRouteDomain = checkInteger(this, 'bigipRouteDomain', props.bigipRouteDomain ?? 0, 0, 65535);
    const method = checkEnum(
      this,
      'loadBalancingMethod',
      props.loadBalancingMethod ?? LoadBalancingMethod.ROUND_ROBIN,
      LoadBalancingMethod,
    );
    const virtualServerName =
      props.virtualServerName === undefined
        ? undefined
        : checkPattern(
            this,
            'virtualServerName',
            props.virtualServerName,
            VIRTUAL_SERVER_NAME,
            'a BIG-IP virtual name starting with a letter',
          );
    const monitor = cisMonitor(this, props);

    const namespaceObject = this.cluster.ensureNamespace(this.namespace);
    this.resource = new TransportServer(this, 'Resource', {
      metadata: {
        name: this.resourceName,
        namespace: this.namespace,
        labels: { ...CIS_CUSTOM_RESOURCE_LABEL },
      },
      spec: Lazy.any({
        produce: (): TransportServerSpec => ({
          partition: this.partition.partitionName,
          virtualServerAddress: this.virtualServerAddress,
          ipamLabel: this.ipamLabel,
          virtualServerPort: this.virtualServerPort,
          virtualServerName,
          mode: this.mode,
          type: this.type,
          snat: this.snat.value,
          bigipRouteDomain: this.bigipRouteDomain === 0 ? undefined : this.bigipRouteDomain,
          pool: {
            service: this.service.serviceName,
            servicePort: this.servicePort,
            serviceNamespace: this.service.namespace === this.namespace ? undefined : this.service.namespace,
            loadBalancingMethod: method,
            monitor,
          },
        }),
      }) as unknown as TransportServerSpec,
    });
    if (namespaceObject) this.resource.node.addDependency(namespaceObject);
    this.node.addDependency(this.service.service);
    registerVirtualAddressUser(this);
    registerArtifactSource(this);
    this.node.addValidation({ validate: () => this.checkAgainstStack() });
  }

  public listeners(): Listener[] {
    return this.virtualServerAddress === undefined
      ? []
      : [{ address: this.virtualServerAddress, port: this.virtualServerPort }];
  }

  private checkAgainstStack(): string[] {
    const errors = [...checkCisPartition(this.cluster, this.partition)];
    const controller = controllerFor(this.cluster, this.partition);
    if (controller?.poolMemberType === PoolMemberType.NODE_PORT_LOCAL) {
      errors.push(
        `cannot be published by [${controller.node.path}] in pool member type nodeportlocal: CIS does not support TransportServer with Antrea NodePortLocal on VKS; use a CisController in nodeport mode`,
      );
    } else {
      errors.push(...checkBackend(this.cluster, controller, this.service, 'service'));
    }
    errors.push(
      ...checkWatched(controller, this.namespace, `the TransportServer resource`),
      ...checkIpam(controller, this.ipamLabel),
      ...checkSnat(this.cluster, this.snat),
    );
    errors.push(...checkVirtualAddress(this));
    return errors;
  }

  /** Records the virtual in index.json (`virtualServers`): where each app is published. */
  public renderArtifacts(context: SynthContext): void {
    context.addIndexEntry('virtualServers', {
      name: this.node.path,
      kind: 'TransportServer',
      device: this.partition.device.deviceName,
      partition: this.partition.partitionName,
      address: this.virtualServerAddress ?? `ipam:${this.ipamLabel}`,
      ports: [this.virtualServerPort],
    });
  }
}
