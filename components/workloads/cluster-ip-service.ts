import { k8s } from '../../lib/k8s/kube-api';
import { Construct, type IConstruct } from 'constructs';
import { brand } from '../../lib/core/brand';
import {
  checkDnsLabel,
  checkEnum,
  checkIanaServiceName,
  checkId,
  checkPort,
  checkServiceName,
  PropChecks,
  report,
} from '../../lib/core/checks';
import { quote } from '../../lib/core/errors';
import { Names } from '../../lib/core/names';
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

export interface ClusterIpPortOptions {
  /** Port name (IANA service name); the own Deployment's container port carries it too. */
  readonly name: string;
  /** The port the pods listen on: what BIG-IP sends to in `cluster` mode (pod IP : this port). */
  readonly containerPort: number;
  /**
   * The Service port.
   * @default - the containerPort
   */
  readonly servicePort?: number;
  /**
   * Protocol.
   * @default Protocol.TCP
   */
  readonly protocol?: Protocol;
}

export interface ClusterIpServiceProps extends WorkloadPodsProps {
  /** The port the pods listen on (BIG-IP pool members are pod IP : containerPort in `cluster` mode). */
  readonly containerPort: number;

  /**
   * Name of the port (IANA service name).
   * @default 'http'
   */
  readonly portName?: string;

  /**
   * The Service port.
   * @default - the containerPort
   */
  readonly servicePort?: number;

  /**
   * Protocol of the port.
   * @default Protocol.TCP
   */
  readonly protocol?: Protocol;

  /**
   * Namespace of the Service (and Deployment); created in the cluster unless built in.
   * @default 'default'
   */
  readonly namespace?: string;

  /**
   * Name of the Service (and Deployment).
   * @default - generated from the construct path
   */
  readonly name?: string;
}

/**
 * A ClusterIP Service: the backend of CIS pool member type `cluster` (or `auto`), where BIG-IP sends to
 * the pod IPs directly. It needs a route from the BIG-IP to the pod CIDRs: Calico BGP peering
 * (`CalicoBgpPeering`) or CIS static routing (`staticRoutingMode`). It either runs its own Deployment
 * (`image`) or fronts pods that already exist (`selector`).
 */
export class ClusterIpService extends Construct implements IServiceBackend {
  public readonly cluster: VksCluster;
  public readonly serviceName: string;
  public readonly namespace: string;
  public readonly serviceType = ServiceType.CLUSTER_IP;
  public readonly nodePortLocal = false;
  public readonly image?: string;
  public readonly replicas: number;
  public readonly selector: Readonly<Record<string, string>>;
  public readonly labels: Readonly<Record<string, string>>;
  /** Raw objects, for escape hatches (`addJsonPatch`); no Deployment when fronting existing pods. */
  public readonly deployment?: k8s.KubeDeployment;
  public readonly service: k8s.KubeService;

  private readonly pods: WorkloadPods;
  private readonly portList: ServiceBackendPort[] = [];
  private readonly containerPorts: k8s.ContainerPort[] = [];
  private readonly servicePorts: k8s.ServicePort[] = [];
  private readonly extraLabels = new ServiceLabels();

  constructor(scope: Construct, id: string, props: ClusterIpServiceProps) {
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
      this.pods = checkWorkloadPods(this, props, {
        'app.kubernetes.io/name': this.serviceName,
        'app.kubernetes.io/instance': this.cluster.clusterName,
      });
      this.image = this.pods.image;
      this.replicas = this.pods.replicas;
      this.selector = this.pods.selector;
      this.labels = this.pods.labels;
      this.addPort({
        name: props.portName ?? 'http',
        containerPort: props.containerPort,
        servicePort: props.servicePort,
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
    this.service = new k8s.KubeService(this, 'Service', {
      metadata: {
        name: this.serviceName,
        namespace: this.namespace,
        labels: workloadServiceLabels(this.pods),
      },
      spec: { type: this.serviceType, selector: { ...this.selector }, ports: this.servicePorts },
    });
    validateAtSynth(this, ClusterIpService.prototype.checkLabels);
  }

  private checkLabels(): string[] {
    return [...this.extraLabels.problems(), ...checkAs3LabelsUnique(this)];
  }

  public get ports(): readonly ServiceBackendPort[] {
    return this.portList;
  }

  public addServiceLabels(labels: Readonly<Record<string, string>>, by?: IConstruct): void {
    for (const [key, value] of Object.entries(this.extraLabels.add(labels, by)))
      this.service.metadata.addLabel(key, value);
  }

  /** Adds another port; returns it. */
  public addPort(options: ClusterIpPortOptions): ServiceBackendPort {
    const index = this.portList.length;
    const at = (prop: string, first: string) => (index === 0 ? first : `ports[${index}].${prop}`);
    const checks: PropChecks = PropChecks.begin(this, options);
    let added: ServiceBackendPort;
    try {
      const name = checkIanaServiceName(this, at('name', 'portName'), options.name);
      const containerPort = checkPort(this, at('containerPort', 'containerPort'), options.containerPort);
      const port =
        options.servicePort === undefined
          ? containerPort
          : checkPort(this, at('servicePort', 'servicePort'), options.servicePort);
      const protocol = checkEnum(
        this,
        at('protocol', 'protocol'),
        options.protocol ?? Protocol.TCP,
        Protocol,
      );
      if (this.portList.some((p) => p.name === name))
        report(this, `'${at('name', 'portName')}' ${quote(name)} is used twice; port names must be unique`);
      if (this.portList.some((p) => p.port === port && p.protocol === protocol))
        report(this, `'${at('servicePort', 'servicePort')}' ${port}/${protocol} is used twice`);
      added = { name, port, protocol };
      checks.end();
      this.containerPorts.push({ name, containerPort, protocol });
      // Own pods name their container port, so the Service can target it by name; foreign pods by number.
      this.servicePorts.push({
        name,
        port,
        protocol,
        targetPort:
          this.pods.image !== undefined
            ? k8s.IntOrString.fromString(name)
            : k8s.IntOrString.fromNumber(containerPort),
      });
    } catch (error) {
      checks.abort(error);
    }
    this.portList.push(added);
    return added;
  }
}
brand(ClusterIpService, 'ClusterIpService');
