import { Construct, type IConstruct } from 'constructs';
import { brand } from '../../lib/core/brand';
import {
  checkDnsLabel,
  checkEnum,
  checkPort,
  checkServiceName,
  PropChecks,
  report,
} from '../../lib/core/checks';
import { quote } from '../../lib/core/errors';
import { Protocol, ServiceType, type IServiceBackend, type ServiceBackendPort } from './service-backend';
import type { VksCluster } from './vks-cluster';

/** What the stack knows about a Service it references but does not deploy. */
export interface ServiceRefOptions {
  /**
   * Name of the port (pools may name it with `servicePortName`).
   * @see https://kubernetes.io/docs/concepts/services-networking/service/#multi-port-services
   * @default - `port-<port>`
   */
  readonly portName?: string;
  /**
   * Protocol of the port.
   * @default Protocol.TCP
   */
  readonly protocol?: Protocol;
  /**
   * Type of the Service, for the pool-member checks (nodeport CIS needs NodePort or LoadBalancer).
   * @see https://kubernetes.io/docs/concepts/services-networking/service/#publishing-services-service-types
   * @default ServiceType.CLUSTER_IP
   */
  readonly serviceType?: ServiceType;
  /**
   * The Service's fixed node port, when it has one.
   * @default - unknown
   */
  readonly nodePort?: number;
  /**
   * Whether the Service carries `nodeportlocal.antrea.io/enabled: "true"`.
   * @default false
   */
  readonly nodePortLocal?: boolean;
  /**
   * Whether the Service has no selector (its Endpoints are written by hand); CIS pools on it stay empty,
   * which CIS resources warn about.
   * @default false
   */
  readonly selectorless?: boolean;
}

/**
 * An existing Service that this stack does not deploy (in 2-tier setups another team runs the app): a pool
 * backend by reference. It renders nothing; it cannot take labels, so AS3 ConfigMap discovery through it
 * is an error at synth.
 */
export class ServiceRef extends Construct implements IServiceBackend {
  /**
   * The Service `name` in `namespace` of `cluster`, on `port`. Referencing the same Service again returns
   * the same ServiceRef, with the further port added.
   */
  public static fromName(
    cluster: VksCluster,
    namespace: string,
    name: string,
    port: number,
    options: ServiceRefOptions = {},
  ): ServiceRef {
    const id = `ServiceRef.${namespace}.${name}`;
    const existing = cluster.node.tryFindChild(id);
    const ref = existing instanceof ServiceRef ? existing : new ServiceRef(cluster, id, namespace, name);
    ref.addPort(port, options);
    return ref;
  }

  public readonly cluster: VksCluster;
  public readonly serviceName: string;
  public readonly namespace: string;
  public serviceType: ServiceType = ServiceType.CLUSTER_IP;
  public nodePortLocal = false;
  /** Whether the Service has no selector. */
  public selectorless = false;
  /** Nothing is rendered: the reference itself stands for the Service in dependencies. */
  public readonly service: IConstruct = this;
  private readonly portList: ServiceBackendPort[] = [];
  private readonly askedLabels: string[] = [];

  private constructor(cluster: VksCluster, id: string, namespace: string, name: string) {
    super(cluster, id);
    this.cluster = cluster;
    const checks: PropChecks = PropChecks.begin(this, {});
    try {
      this.namespace = checkDnsLabel(this, 'namespace', namespace);
      this.serviceName = checkServiceName(this, 'name', name);
    } catch (error) {
      checks.abort(error);
    }
    checks.end();
    this.node.addValidation({
      validate: () =>
        this.askedLabels.map(
          (who) =>
            `Service ${this.namespace}/${this.serviceName} is not deployed by this stack, so it cannot carry the labels ${who} asks for; label it where it is deployed, or deploy it with a Service construct`,
        ),
    });
  }

  public get ports(): readonly ServiceBackendPort[] {
    return this.portList;
  }

  public addServiceLabels(labels: Readonly<Record<string, string>>, by?: IConstruct): void {
    const list = Object.entries(labels)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ');
    this.askedLabels.push(`${by ? `[${by.node.path}] ` : ''}(${list})`);
  }

  private addPort(port: number, options: ServiceRefOptions): void {
    const checks: PropChecks = PropChecks.begin(this, options);
    try {
      checkPort(this, 'port', port);
      const protocol = checkEnum(this, 'protocol', options.protocol ?? Protocol.TCP, Protocol);
      if (options.serviceType !== undefined)
        this.serviceType = checkEnum(this, 'serviceType', options.serviceType, ServiceType);
      if (options.nodePortLocal !== undefined) this.nodePortLocal = options.nodePortLocal;
      if (options.selectorless !== undefined) this.selectorless = options.selectorless;
      const name = options.portName ?? `port-${port}`;
      const same = this.portList.find((p) => p.port === port && p.protocol === protocol);
      if (same && same.name !== name)
        report(this, `port ${port} was referenced as ${quote(same.name)} already, got ${quote(name)}`);
      if (!same)
        this.portList.push({
          name,
          port,
          protocol,
          nodePort:
            options.nodePort === undefined ? undefined : checkPort(this, 'nodePort', options.nodePort),
        });
    } catch (error) {
      checks.abort(error);
    }
    checks.end();
  }
}
brand(ServiceRef, 'ServiceRef');
