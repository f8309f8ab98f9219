import { Lazy } from 'cdk8s';
import type { Construct } from 'constructs';
import { LoadBalancingMethod } from '../../lib/as3/load-balancing';
import { MonitorType } from '../../lib/as3/monitor';
import { brand } from '../../lib/core/brand';
import { checkEnum, checkPort, checkReference, fail, report } from '../../lib/core/checks';
import { quote } from '../../lib/core/errors';
import { CIS_CUSTOM_RESOURCE_LABEL, TransportServer, type TransportServerSpec } from '../../lib/k8s/cis';
import { backendPort, isServiceBackend, Protocol, type IServiceBackend } from '../workloads/service-backend';
import { PoolMemberType, type CisController } from './cis-controller';
import { checkBackend, checkNamespaceReference, type Listener } from './cis-publishing';
import { CisVirtual, type CisVirtualProps } from './cis-virtual';
import { cisMonitor, type HealthMonitorOptions } from './pool-options';
import { cisMemberType, servicePoolRecord } from './pool-records';
import { controllerFor } from './cis-publishing';
import type { VirtualServerRecord } from '../../lib/core/records';
import {
  multiClusterPool,
  type MultiClusterPoolFields,
  type MultiClusterPoolOptions,
} from '../multicluster/multi-cluster-pool';

/** Full proxy or FastL4 (`mode`). */
export enum TransportServerMode {
  /** Full proxy (TCP/UDP profiles). */
  STANDARD = 'standard',
  /** FastL4: packet-by-packet, fastest, fewest features. */
  PERFORMANCE = 'performance',
}

export interface F5TransportServerProps
  extends CisVirtualProps, HealthMonitorOptions, MultiClusterPoolOptions {
  /**
   * Port the virtual listens on.
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/transportserver.html
   */
  readonly virtualServerPort: number;

  /**
   * The Service to send traffic to.
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/transportserver.html
   */
  readonly service: IServiceBackend;

  /**
   * The Service port.
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/transportserver.html
   * @default - the Service's first port
   */
  readonly servicePort?: number;

  /**
   * Full proxy or FastL4.
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/transportserver.html
   * @default TransportServerMode.STANDARD
   */
  readonly mode?: TransportServerMode;

  /**
   * L4 protocol (CIS `type`, rendered in lower case).
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/transportserver.html
   * @default Protocol.TCP
   */
  readonly type?: Protocol;

  /**
   * Load-balancing method (CIS `loadBalancingMethod`).
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/transportserver.html
   * @default LoadBalancingMethod.ROUND_ROBIN
   */
  readonly loadBalancingMethod?: LoadBalancingMethod;
}

/** Monitor types that make sense for each L4 protocol. */
const MONITORS_FOR: Record<Protocol, MonitorType[]> = {
  [Protocol.TCP]: [MonitorType.TCP, MonitorType.HTTP, MonitorType.HTTPS],
  [Protocol.UDP]: [MonitorType.UDP],
  [Protocol.SCTP]: [MonitorType.TCP],
};

/** A CIS TransportServer custom resource (labelled `f5cr: "true"`): an L4 virtual in front of a Service. */
export class F5TransportServer extends CisVirtual {
  public readonly virtualServerPort: number;
  public readonly service: IServiceBackend;
  public readonly servicePort: number;
  public readonly mode: TransportServerMode;
  public readonly type: Protocol;
  public readonly loadBalancingMethod: LoadBalancingMethod;
  public readonly hostGroup = undefined;
  public readonly mergeableByHostGroup = false;
  /** The raw custom resource, for escape hatches (`addJsonPatch`). */
  public readonly resource: TransportServer;

  constructor(scope: Construct, id: string, props: F5TransportServerProps) {
    super(scope, id, props, 'TransportServer');
    let monitor: ReturnType<typeof cisMonitor>;
    let multiCluster: MultiClusterPoolFields;
    try {
      this.virtualServerPort = checkPort(this, 'virtualServerPort', props.virtualServerPort);
      this.service = checkReference(
        this,
        'service',
        props.service,
        isServiceBackend,
        'the Service construct to send traffic to',
      );
      const port = backendPort(this.service, props.servicePort);
      if (!port)
        fail(
          this,
          `'servicePort' ${quote(props.servicePort)} is not a port of Service ${this.service.serviceName}`,
        );
      this.servicePort = port.port;
      if (this.service.namespace !== this.namespace) {
        checkNamespaceReference(this, 'service', this.service.namespace, 'TransportServer');
      }
      this.mode = checkEnum(this, 'mode', props.mode ?? TransportServerMode.STANDARD, TransportServerMode);
      this.type = checkEnum(this, 'type', props.type ?? Protocol.TCP, Protocol);
      if (props.monitorType !== undefined && !MONITORS_FOR[this.type]?.includes(props.monitorType)) {
        report(
          this,
          `'monitorType' ${quote(props.monitorType)} cannot check a ${this.type} service; use one of ${MONITORS_FOR[this.type]?.join(', ')}`,
        );
      }
      this.loadBalancingMethod = checkEnum(
        this,
        'loadBalancingMethod',
        props.loadBalancingMethod ?? LoadBalancingMethod.ROUND_ROBIN,
        LoadBalancingMethod,
      );
      monitor = cisMonitor(this, props);
      multiCluster = multiClusterPool(this, '', this.service, this.servicePort, props, 100);
    } catch (error) {
      this.checks.abort(error);
    }
    this.checks.end();

    const namespaceObject = this.cluster.ensureNamespace(this.namespace);
    this.resource = new TransportServer(this, 'Resource', {
      metadata: {
        name: this.resourceName,
        namespace: this.namespace,
        labels: { ...CIS_CUSTOM_RESOURCE_LABEL },
      },
      spec: Lazy.any({
        produce: (): TransportServerSpec => ({
          ...this.renderCommonSpec(),
          virtualServerPort: this.virtualServerPort,
          mode: this.mode,
          type: this.type.toLowerCase() as TransportServerSpec['type'],
          pool: {
            service: this.service.serviceName,
            servicePort: this.servicePort,
            serviceNamespace: this.service.namespace === this.namespace ? undefined : this.service.namespace,
            loadBalancingMethod: this.loadBalancingMethod,
            monitor,
            ...multiCluster,
          },
        }),
      }) as unknown as TransportServerSpec,
    });
    if (namespaceObject) this.resource.node.addDependency(namespaceObject);
    this.node.addDependency(this.service.service);
  }

  public listeners(): Listener[] {
    return this.virtualServerAddress === undefined
      ? []
      : [{ address: this.virtualServerAddress, port: this.virtualServerPort }];
  }

  protected override recordFields(): Partial<VirtualServerRecord> {
    const controller = controllerFor(this.cluster, this.partition);
    return {
      protocol: this.type.toLowerCase(),
      ports: [this.virtualServerPort],
      cluster: this.cluster.clusterName,
      pools: [servicePoolRecord(this.service, this.servicePort, cisMemberType(controller, this.service))],
    };
  }

  protected checkOwn(controller: CisController | undefined): string[] {
    if (controller?.poolMemberType === PoolMemberType.NODE_PORT_LOCAL) {
      return [
        `cannot be published by [${controller.node.path}] in pool member type nodeportlocal: CIS does not support TransportServer with Antrea NodePortLocal on VKS; use a CisController in nodeport mode`,
      ];
    }
    return checkBackend(this.cluster, controller, this.service, 'service');
  }
}
brand(F5TransportServer, 'F5TransportServer');
