import { k8s } from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import { checkDnsLabel, checkEnum, checkInteger, checkPattern, checkPort, fail } from '../../lib/core/checks';
import { quote } from '../../lib/core/errors';
import { Names } from '../../lib/core/names';
import { Stack } from '../../lib/core/stack';
import { Protocol, ServiceType, type IServiceBackend, type ServiceBackendPort } from './service-backend';
import { VksCluster } from './vks-cluster';

/** Service types that expose a node port. */
export enum NodePortServiceType {
  NODE_PORT = 'NodePort',
  LOAD_BALANCER = 'LoadBalancer',
}

export interface NodePortOptions {
  /** Port name (IANA service name). */
  readonly name: string;
  /** The Service port. */
  readonly port: number;
  /**
   * The container port the Service forwards to.
   * @default - the Service port
   */
  readonly targetPort?: number;
  /**
   * A fixed node port (30000–32767). Required when the BIG-IP lists the nodes as static pool members.
   * @default - Kubernetes allocates one
   */
  readonly nodePort?: number;
  /**
   * Protocol.
   * @default Protocol.TCP
   */
  readonly protocol?: Protocol;
}

export interface NodePortServiceProps {
  /**
   * Labels of the pods behind the Service (for example an in-cluster ingress controller installed
   * with its own Helm chart). Must not be empty.
   */
  readonly selector: Record<string, string>;

  /** The Service port. */
  readonly port: number;

  /**
   * Name of the port (IANA service name).
   * @default 'http'
   */
  readonly portName?: string;

  /**
   * The container port the Service forwards to.
   * @default - the Service port
   */
  readonly targetPort?: number;

  /**
   * A fixed node port (30000–32767), required for static BIG-IP pool members.
   * @see https://kubernetes.io/docs/concepts/services-networking/service/#type-nodeport
   * @default - Kubernetes allocates one
   */
  readonly nodePort?: number;

  /**
   * Protocol of the port.
   * @default Protocol.TCP
   */
  readonly protocol?: Protocol;

  /**
   * Service type.
   * @default NodePortServiceType.NODE_PORT
   */
  readonly serviceType?: NodePortServiceType;

  /**
   * Namespace of the Service; created in the cluster unless built in.
   * @default 'default'
   */
  readonly namespace?: string;

  /**
   * Name of the Service.
   * @default - generated from the construct path
   */
  readonly name?: string;
}

const IANA_SVC_NAME = /^(?=.{1,15}$)(?=.*[a-z])[a-z0-9]+(-[a-z0-9]+)*$/;
const LABEL_KEY =
  /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;

/**
 * A NodePort (or LoadBalancer) Service in front of pods that already exist, typically an in-cluster
 * ingress controller: the second tier of a 2-tier design, which BIG-IP reaches on every node's port.
 */
export class NodePortService extends Construct implements IServiceBackend {
  public readonly cluster: VksCluster;
  public readonly serviceName: string;
  public readonly namespace: string;
  public readonly serviceType: ServiceType;
  public readonly nodePortLocal = false;
  public readonly selector: Readonly<Record<string, string>>;
  /** The raw Service, for escape hatches (`addJsonPatch`). */
  public readonly service: k8s.KubeService;

  private readonly portList: ServiceBackendPort[] = [];
  private readonly servicePorts: k8s.ServicePort[] = [];

  constructor(scope: Construct, id: string, props: NodePortServiceProps) {
    super(scope, id);
    this.cluster = VksCluster.enclosing(this);
    this.namespace = checkDnsLabel(this, 'namespace', props.namespace ?? 'default');
    this.serviceName = checkDnsLabel(
      this,
      'name',
      props.name ?? Names.toDnsLabel(this, { relativeTo: this.cluster }),
    );
    this.serviceType = checkEnum(
      this,
      'serviceType',
      props.serviceType ?? NodePortServiceType.NODE_PORT,
      NodePortServiceType,
    ) as unknown as ServiceType;
    const selector = props.selector ?? {};
    if (Object.keys(selector).length === 0)
      fail(this, `'selector' must not be empty: a Service without a selector has no endpoints`);
    for (const [key, value] of Object.entries(selector)) {
      checkPattern(this, `selector key`, key, LABEL_KEY, 'a Kubernetes label key');
      checkPattern(
        this,
        `selector[${key}]`,
        value,
        LABEL_VALUE,
        'a Kubernetes label value (at most 63 characters)',
      );
    }
    this.selector = { ...selector };
    this.addPort({
      name: props.portName ?? 'http',
      port: props.port,
      targetPort: props.targetPort,
      nodePort: props.nodePort,
      protocol: props.protocol,
    });

    const namespaceObject = this.cluster.ensureNamespace(this.namespace);
    this.service = new k8s.KubeService(this, 'Service', {
      metadata: { name: this.serviceName, namespace: this.namespace },
      spec: { type: this.serviceType, selector: { ...this.selector }, ports: this.servicePorts },
    });
    if (namespaceObject) this.service.node.addDependency(namespaceObject);
    this.node.addValidation({ validate: () => this.checkNodePortsFree() });
  }

  /** A node port belongs to one Service per cluster; the second apply would fail. */
  private checkNodePortsFree(): string[] {
    const stack = Stack.of(this);
    const owners = stack.memoize(NodePortService.nodePortOwners, () => NodePortService.nodePortOwners(stack));
    return this.portList
      .filter((port) => port.nodePort !== undefined)
      .map((port) => ({ port, owner: owners.get(`${this.cluster.node.path}|${port.nodePort}`) }))
      .filter(({ owner }) => owner !== undefined && owner !== this)
      .map(
        ({ port, owner }) =>
          `'nodePort' ${port.nodePort} is already taken by [${owner?.node.path}] in cluster ${quote(this.cluster.clusterName)}`,
      );
  }

  /** The first Service (in declaration order) of each cluster and node port. */
  private static nodePortOwners(stack: Stack): Map<string, NodePortService> {
    const owners = new Map<string, NodePortService>();
    for (const service of stack.constructsOfType(NodePortService)) {
      for (const port of service.ports) {
        const key = `${service.cluster.node.path}|${port.nodePort}`;
        if (port.nodePort !== undefined && !owners.has(key)) owners.set(key, service);
      }
    }
    return owners;
  }

  public get ports(): readonly ServiceBackendPort[] {
    return this.portList;
  }

  /** Adds another port; returns it. */
  public addPort(options: NodePortOptions): ServiceBackendPort {
    const index = this.portList.length;
    const at = (prop: string) => (index === 0 ? prop : `ports[${index}].${prop}`);
    const name = checkPattern(
      this,
      index === 0 ? 'portName' : at('name'),
      options.name,
      IANA_SVC_NAME,
      'an IANA service name (1–15 lower-case letters, digits and "-", with at least one letter)',
    );
    const port = checkPort(this, at('port'), options.port);
    const targetPort = checkPort(this, at('targetPort'), options.targetPort ?? port);
    const nodePort =
      options.nodePort === undefined
        ? undefined
        : checkInteger(this, at('nodePort'), options.nodePort, 30000, 32767);
    const protocol = checkEnum(this, at('protocol'), options.protocol ?? Protocol.TCP, Protocol);
    if (this.portList.some((p) => p.name === name))
      fail(this, `port name ${quote(name)} is used twice; port names must be unique`);
    if (nodePort !== undefined && this.portList.some((p) => p.nodePort === nodePort))
      fail(this, `node port ${nodePort} is used twice`);
    const added: ServiceBackendPort = { name, port, protocol, nodePort };
    this.portList.push(added);
    this.servicePorts.push({
      name,
      port,
      protocol,
      nodePort,
      targetPort: k8s.IntOrString.fromNumber(targetPort),
    });
    return added;
  }
}
