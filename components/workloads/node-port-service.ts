import { k8s } from '../../lib/k8s/kube-api';
import { Construct, type IConstruct } from 'constructs';
import { brand } from '../../lib/core/brand';
import {
  checkDnsLabel,
  checkEnum,
  checkIanaServiceName,
  checkId,
  checkInteger,
  checkPort,
  checkServiceName,
  PropChecks,
  report,
} from '../../lib/core/checks';
import { quote } from '../../lib/core/errors';
import { Names } from '../../lib/core/names';
import { Stack } from '../../lib/core/stack';
import { Protocol, ServiceType, type IServiceBackend, type ServiceBackendPort } from './service-backend';
import { checkAs3LabelsUnique, ServiceLabels } from './service-labels';
import { VksCluster } from './vks-cluster';
import { validateAtSynth } from '../../lib/core/deferred';
import {
  checkWorkloadPods,
  renderWorkloadDeployment,
  workloadServiceLabels,
  warnUnpinnedImage,
  type WorkloadPods,
  type WorkloadPodsProps,
} from './workload-pods';

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

export interface NodePortServiceProps extends WorkloadPodsProps {
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
   * Service type: NodePort or LoadBalancer (both expose a node port).
   * @see https://kubernetes.io/docs/concepts/services-networking/service/#publishing-services-service-types
   * @default ServiceType.NODE_PORT
   */
  readonly serviceType?: ServiceType;

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

/**
 * A NodePort (or LoadBalancer) Service, typically in front of pods that already exist (`selector`: an
 * in-cluster ingress controller, the second tier of a 2-tier design) or of its own Deployment (`image`);
 * BIG-IP reaches it on every node's port (pool member type `nodeport`, or `auto`).
 */
export class NodePortService extends Construct implements IServiceBackend {
  public readonly cluster: VksCluster;
  public readonly serviceName: string;
  public readonly namespace: string;
  public readonly serviceType: ServiceType;
  public readonly nodePortLocal = false;
  public readonly selector: Readonly<Record<string, string>>;
  public readonly labels: Readonly<Record<string, string>>;
  public readonly image?: string;
  /** Raw objects, for escape hatches (`addJsonPatch`); a Deployment only with `image`. */
  public readonly service: k8s.KubeService;
  public readonly deployment?: k8s.KubeDeployment;

  private readonly portList: ServiceBackendPort[] = [];
  private readonly servicePorts: k8s.ServicePort[] = [];
  private readonly containerPorts: k8s.ContainerPort[] = [];
  private readonly pods: WorkloadPods;
  private readonly extraLabels = new ServiceLabels();

  constructor(scope: Construct, id: string, props: NodePortServiceProps) {
    super(scope, checkId(scope, id));
    this.cluster = VksCluster.enclosing(this);
    const checks: PropChecks = PropChecks.begin(this, props);
    try {
      this.namespace = checkDnsLabel(this, 'namespace', props.namespace ?? 'default');
      this.serviceName = checkServiceName(
        this,
        'name',
        props.name ?? Names.toDnsLabel(this, { relativeTo: this.cluster, startWithLetter: true }),
      );
      this.serviceType = checkEnum(
        this,
        'serviceType',
        props.serviceType ?? ServiceType.NODE_PORT,
        ServiceType,
      );
      if (this.serviceType === ServiceType.CLUSTER_IP) {
        report(
          this,
          `'serviceType' must be NodePort or LoadBalancer, got "ClusterIP": a ClusterIP Service has no node port`,
        );
      }
      this.pods = checkWorkloadPods(this, props, {
        'app.kubernetes.io/name': this.serviceName,
        'app.kubernetes.io/instance': this.cluster.clusterName,
      });
      this.selector = this.pods.selector;
      this.labels = this.pods.labels;
      this.image = this.pods.image;
      this.addPort({
        name: props.portName ?? 'http',
        port: props.port,
        targetPort: props.targetPort,
        nodePort: props.nodePort,
        protocol: props.protocol,
      });
    } catch (error) {
      checks.abort(error);
    }
    checks.end();
    warnUnpinnedImage(this, this.image);

    // Created here; the manifest collector applies every object after its Namespace (no explicit edge:
    // one dependency set per object costs about 150 bytes at fleet scale).
    this.cluster.ensureNamespace(this.namespace);
    this.deployment = renderWorkloadDeployment(
      this,
      this.serviceName,
      this.namespace,
      this.pods,
      this.containerPorts,
    );
    const labels = workloadServiceLabels(this.pods);
    this.service = new k8s.KubeService(this, 'Service', {
      metadata: {
        name: this.serviceName,
        namespace: this.namespace,
        ...(Object.keys(labels).length ? { labels } : {}),
      },
      spec: { type: this.serviceType, selector: { ...this.selector }, ports: this.servicePorts },
    });
    validateAtSynth(this, NodePortService.prototype.checkAtSynth);
  }

  private checkAtSynth(): string[] {
    return [...this.checkNodePortsFree(), ...this.extraLabels.problems(), ...checkAs3LabelsUnique(this)];
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

  public addServiceLabels(labels: Readonly<Record<string, string>>, by?: IConstruct): void {
    for (const [key, value] of Object.entries(this.extraLabels.add(labels, by)))
      this.service.metadata.addLabel(key, value);
  }

  /** Adds another port; returns it. */
  public addPort(options: NodePortOptions): ServiceBackendPort {
    const index = this.portList.length;
    const at = (prop: string) => (index === 0 ? prop : `ports[${index}].${prop}`);
    const checks: PropChecks = PropChecks.begin(this, options);
    let added: ServiceBackendPort;
    try {
      const name = checkIanaServiceName(this, index === 0 ? 'portName' : at('name'), options.name);
      const port = checkPort(this, at('port'), options.port);
      const targetPort =
        options.targetPort === undefined ? port : checkPort(this, at('targetPort'), options.targetPort);
      const nodePort =
        options.nodePort === undefined
          ? undefined
          : checkInteger(this, at('nodePort'), options.nodePort, 30000, 32767);
      const protocol = checkEnum(this, at('protocol'), options.protocol ?? Protocol.TCP, Protocol);
      if (this.portList.some((p) => p.name === name))
        report(this, `port name ${quote(name)} is used twice; port names must be unique`);
      if (nodePort !== undefined && this.portList.some((p) => p.nodePort === nodePort))
        report(this, `node port ${nodePort} is used twice`);
      added = { name, port, protocol, nodePort };
      checks.end();
      this.servicePorts.push({
        name,
        port,
        protocol,
        nodePort,
        targetPort: k8s.IntOrString.fromNumber(targetPort),
      });
      this.containerPorts.push({ name, containerPort: targetPort, protocol });
    } catch (error) {
      checks.abort(error);
    }
    this.portList.push(added);
    return added;
  }
}
brand(NodePortService, 'NodePortService');
