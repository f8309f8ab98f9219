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
import { PoolMemberType } from '../cis/cis-controller';
import { controllersIn } from '../cis/cis-publishing';
import { Protocol, ServiceType, type IServiceBackend, type ServiceBackendPort } from './service-backend';
import { checkAs3LabelsUnique, ServiceLabels } from './service-labels';
import { VksCluster } from './vks-cluster';
import { Cni } from '../networking/cluster-network';
import { validateAtSynth } from '../../lib/core/deferred';
import {
  checkWorkloadPods,
  renderWorkloadDeployment,
  workloadServiceLabels,
  warnUnpinnedImage,
  type WorkloadPods,
  type WorkloadPodsProps,
} from './workload-pods';

/** The annotation that makes Antrea publish per-pod node ports for a Service's pods. */
export const NPL_ANNOTATION = 'nodeportlocal.antrea.io/enabled';

export interface NplPortOptions {
  /**
   * Port name, used for the container port, the Service port and the Service's `targetPort`, so the
   * named targetPort always resolves (CIS matches NPL mappings through it).
   */
  readonly name: string;
  /** The port the container listens on. */
  readonly containerPort: number;
  /**
   * The Service port.
   * @default - the containerPort
   */
  readonly servicePort?: number;
  /**
   * Protocol; NodePortLocal supports TCP and UDP only.
   * @default Protocol.TCP
   */
  readonly protocol?: Protocol;
}

export interface NplServiceProps extends WorkloadPodsProps {
  /** The port the container listens on (named `portName`). */
  readonly containerPort: number;

  /**
   * Name of the port (IANA service name: lower-case letters, digits and "-", at most 15 characters).
   * @default 'http'
   */
  readonly portName?: string;

  /**
   * The Service port.
   * @default - the containerPort
   */
  readonly servicePort?: number;

  /**
   * Protocol of the port; NodePortLocal supports TCP and UDP.
   * @default Protocol.TCP
   */
  readonly protocol?: Protocol;

  /**
   * Namespace of the Deployment and Service; created in the cluster unless built in.
   * @default 'default'
   */
  readonly namespace?: string;

  /**
   * Name of the Deployment and the Service.
   * @default - generated from the construct path
   */
  readonly name?: string;

  /**
   * Service type: ClusterIP or LoadBalancer (NodePortLocal ignores NodePort Services).
   * @see https://github.com/antrea-io/antrea/blob/main/docs/node-port-local.md
   * @default ServiceType.CLUSTER_IP
   */
  readonly serviceType?: ServiceType;
}

/**
 * A workload reachable directly through Antrea NodePortLocal: a Deployment and a Service annotated
 * `nodeportlocal.antrea.io/enabled: "true"` with a non-empty selector, whose pods' node ports CIS
 * (pool member type `nodeportlocal`) turns into BIG-IP pool members.
 */
export class NplService extends Construct implements IServiceBackend {
  public readonly cluster: VksCluster;
  public readonly serviceName: string;
  public readonly namespace: string;
  public readonly serviceType: ServiceType;
  public readonly nodePortLocal = true;
  public readonly image?: string;
  public readonly replicas: number;
  public readonly selector: Readonly<Record<string, string>>;
  public readonly labels: Readonly<Record<string, string>>;
  /** Raw objects, for escape hatches (`addJsonPatch`); no Deployment when fronting existing pods. */
  public readonly deployment?: k8s.KubeDeployment;
  public readonly service: k8s.KubeService;

  private readonly portList: ServiceBackendPort[] = [];
  // Rendered lazily by cdk8s: ports added after construction still reach the Deployment and Service.
  private readonly containerPorts: k8s.ContainerPort[] = [];
  private readonly servicePorts: k8s.ServicePort[] = [];
  private readonly pods: WorkloadPods;
  private readonly extraLabels = new ServiceLabels();

  constructor(scope: Construct, id: string, props: NplServiceProps) {
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
        props.serviceType ?? ServiceType.CLUSTER_IP,
        ServiceType,
      );
      if (this.serviceType === ServiceType.NODE_PORT) {
        report(
          this,
          `'serviceType' must be ClusterIP or LoadBalancer, got "NodePort": Antrea NodePortLocal ignores NodePort Services`,
        );
      }
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
        annotations: { [NPL_ANNOTATION]: 'true' },
      },
      spec: {
        type: this.serviceType,
        selector: { ...this.selector },
        ports: this.servicePorts,
      },
    });
    validateAtSynth(this, NplService.prototype.checkCluster);
  }

  public get ports(): readonly ServiceBackendPort[] {
    return this.portList;
  }

  public addServiceLabels(labels: Readonly<Record<string, string>>, by?: IConstruct): void {
    for (const [key, value] of Object.entries(this.extraLabels.add(labels, by)))
      this.service.metadata.addLabel(key, value);
  }

  /** Adds another port to the container and the Service; returns it. */
  public addPort(options: NplPortOptions): ServiceBackendPort {
    const index = this.portList.length;
    const at = (prop: string, first: string) => (index === 0 ? first : `ports[${index}].${prop}`);
    const checks: PropChecks = PropChecks.begin(this, options);
    let added: ServiceBackendPort;
    try {
      const name = checkIanaServiceName(this, at('name', 'portName'), options.name);
      const containerPort = checkPort(this, at('containerPort', 'containerPort'), options.containerPort);
      const servicePortProp = at('servicePort', 'servicePort');
      const port =
        options.servicePort === undefined
          ? containerPort
          : checkPort(this, servicePortProp, options.servicePort);
      const protocolProp = at('protocol', 'protocol');
      const protocol = checkEnum(this, protocolProp, options.protocol ?? Protocol.TCP, Protocol);
      if (protocol === Protocol.SCTP) {
        report(
          this,
          `'${protocolProp}' must be TCP or UDP, got "SCTP": NodePortLocal maps TCP and UDP ports only`,
        );
      }
      if (this.portList.some((p) => p.name === name))
        report(this, `'${at('name', 'portName')}' ${quote(name)} is used twice; port names must be unique`);
      if (this.portList.some((p) => p.port === port && p.protocol === protocol)) {
        report(
          this,
          `'${servicePortProp}' ${port}/${protocol} is used twice; a Service port and protocol are unique`,
        );
      }
      added = { name, port, protocol };
      checks.end();
      this.containerPorts.push({ name, containerPort, protocol });
      // Own pods name their container port (CIS resolves a named targetPort through it); foreign pods by number.
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

  private checkCluster(): string[] {
    const errors: string[] = [];
    if (this.cluster.cni !== Cni.ANTREA || !this.cluster.nodePortLocalEnabled) {
      errors.push(
        `needs Antrea NodePortLocal, but cluster ${quote(this.cluster.clusterName)} has cni ${quote(this.cluster.cni)} and nodePortLocalEnabled ${this.cluster.nodePortLocalEnabled}; set 'nodePortLocalEnabled: true' on the VksCluster`,
      );
    }
    const controllers = controllersIn(this.cluster);
    if (!controllers.some((c) => c.poolMemberType === PoolMemberType.NODE_PORT_LOCAL)) {
      const modes = controllers.map((c) => c.poolMemberType).join(', ') || 'no CisController';
      errors.push(
        `needs a CisController with poolMemberType nodeportlocal in cluster ${quote(this.cluster.clusterName)}, found ${modes}`,
      );
    }
    errors.push(...this.extraLabels.problems(), ...checkAs3LabelsUnique(this));
    return errors;
  }
}
brand(NplService, 'NplService');
