import { k8s } from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import { Annotations } from '../../lib/core/annotations';
import {
  checkDnsLabel,
  checkEnum,
  checkInteger,
  checkNonEmpty,
  checkPattern,
  checkPort,
  fail,
} from '../../lib/core/checks';
import { quote } from '../../lib/core/errors';
import { Names } from '../../lib/core/names';
import { Stack } from '../../lib/core/stack';
import { CisController, PoolMemberType } from '../cis/cis-controller';
import { Protocol, ServiceType, type IServiceBackend, type ServiceBackendPort } from './service-backend';
import { VksCluster } from './vks-cluster';
import { Cni } from '../networking/cluster-network';

/** Service types NodePortLocal works with (Antrea ignores the annotation on NodePort Services). */
export enum NplServiceType {
  CLUSTER_IP = 'ClusterIP',
  LOAD_BALANCER = 'LoadBalancer',
}

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

export interface NplServiceProps {
  /**
   * Container image. Pin a tag or digest; `latest` or no tag raises warning `workload:unpinned-image`.
   * @see https://kubernetes.io/docs/concepts/containers/images/
   */
  readonly image: string;

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
   * Number of pods.
   * @default 1
   */
  readonly replicas?: number;

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
   * Service type; NodePort is not offered because NodePortLocal ignores NodePort Services.
   * @see https://github.com/antrea-io/antrea/blob/main/docs/node-port-local.md
   * @default NplServiceType.CLUSTER_IP
   */
  readonly serviceType?: NplServiceType;

  /**
   * Environment variables of the container.
   * @default - none
   */
  readonly env?: Record<string, string>;
}

const IANA_SVC_NAME = /^(?=.{1,15}$)(?=.*[a-z])[a-z0-9]+(-[a-z0-9]+)*$/;

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
  public readonly image: string;
  public readonly replicas: number;
  public readonly selector: Readonly<Record<string, string>>;
  /** Raw objects, for escape hatches (`addJsonPatch`). */
  public readonly deployment: k8s.KubeDeployment;
  public readonly service: k8s.KubeService;

  private readonly portList: ServiceBackendPort[] = [];
  // Rendered lazily by cdk8s: ports added after construction still reach the Deployment and Service.
  private readonly containerPorts: k8s.ContainerPort[] = [];
  private readonly servicePorts: k8s.ServicePort[] = [];
  private readonly env: Record<string, string>;

  constructor(scope: Construct, id: string, props: NplServiceProps) {
    super(scope, id);
    this.cluster = VksCluster.enclosing(this);
    this.image = checkNonEmpty(this, 'image', props.image);
    this.replicas = checkInteger(this, 'replicas', props.replicas ?? 1, 0, 10_000);
    this.namespace = checkDnsLabel(this, 'namespace', props.namespace ?? 'default');
    this.serviceName = checkDnsLabel(
      this,
      'name',
      props.name ?? Names.toDnsLabel(this, { relativeTo: this.cluster }),
    );
    const serviceType = props.serviceType ?? NplServiceType.CLUSTER_IP;
    if ((serviceType as string) === ServiceType.NODE_PORT) {
      fail(
        this,
        `'serviceType' must be ClusterIP or LoadBalancer, got "NodePort": Antrea NodePortLocal ignores NodePort Services`,
      );
    }
    this.serviceType = checkEnum(this, 'serviceType', serviceType, NplServiceType) as unknown as ServiceType;
    this.env = { ...(props.env ?? {}) };
    this.selector = {
      'app.kubernetes.io/name': this.serviceName,
      'app.kubernetes.io/instance': this.cluster.clusterName,
    };
    this.addPort({
      name: props.portName ?? 'http',
      containerPort: props.containerPort,
      servicePort: props.servicePort,
      protocol: props.protocol,
    });
    if (!/[:@]/.test(this.image.split('/').pop() ?? '') || this.image.endsWith(':latest')) {
      Annotations.of(this).addWarning(
        'workload:unpinned-image',
        `image ${quote(this.image)} is not pinned to a tag or digest; rollouts are not reproducible`,
      );
    }

    const namespaceObject = this.cluster.ensureNamespace(this.namespace);
    const metadata = { name: this.serviceName, namespace: this.namespace, labels: { ...this.selector } };
    this.deployment = new k8s.KubeDeployment(this, 'Deployment', {
      metadata,
      spec: {
        replicas: this.replicas,
        selector: { matchLabels: { ...this.selector } },
        template: {
          metadata: { labels: { ...this.selector } },
          spec: {
            containers: [
              {
                name: this.serviceName,
                image: this.image,
                ports: this.containerPorts,
                env: Object.entries(this.env).map(([name, value]) => ({ name, value })),
              },
            ],
          },
        },
      },
    });
    this.service = new k8s.KubeService(this, 'Service', {
      metadata: { ...metadata, annotations: { [NPL_ANNOTATION]: 'true' } },
      spec: {
        type: this.serviceType,
        selector: { ...this.selector },
        ports: this.servicePorts,
      },
    });
    if (namespaceObject) {
      this.deployment.node.addDependency(namespaceObject);
      this.service.node.addDependency(namespaceObject);
    }
    this.node.addValidation({ validate: () => this.checkCluster() });
  }

  public get ports(): readonly ServiceBackendPort[] {
    return this.portList;
  }

  /** Adds another port to the container and the Service; returns it. */
  public addPort(options: NplPortOptions): ServiceBackendPort {
    const index = this.portList.length;
    const prop = index === 0 ? 'portName' : `ports[${index}].name`;
    const name = checkPattern(
      this,
      prop,
      options.name,
      IANA_SVC_NAME,
      'an IANA service name (1–15 lower-case letters, digits and "-", with at least one letter)',
    );
    const containerPort = checkPort(
      this,
      index === 0 ? 'containerPort' : `ports[${index}].containerPort`,
      options.containerPort,
    );
    const servicePortProp = index === 0 ? 'servicePort' : `ports[${index}].servicePort`;
    const port = checkPort(this, servicePortProp, options.servicePort ?? containerPort);
    const protocolProp = index === 0 ? 'protocol' : `ports[${index}].protocol`;
    const protocol = checkEnum(this, protocolProp, options.protocol ?? Protocol.TCP, Protocol);
    if (protocol === Protocol.SCTP) {
      fail(
        this,
        `'${protocolProp}' must be TCP or UDP, got "SCTP": NodePortLocal maps TCP and UDP ports only`,
      );
    }
    if (this.portList.some((p) => p.name === name))
      fail(this, `'${prop}' ${quote(name)} is used twice; port names must be unique`);
    if (this.portList.some((p) => p.port === port && p.protocol === protocol)) {
      fail(
        this,
        `'${servicePortProp}' ${port}/${protocol} is used twice; a Service port and protocol are unique`,
      );
    }
    const added: ServiceBackendPort = { name, port, protocol };
    this.portList.push(added);
    this.containerPorts.push({ name, containerPort, protocol });
    this.servicePorts.push({ name, port, protocol, targetPort: k8s.IntOrString.fromString(name) });
    return added;
  }

  private checkCluster(): string[] {
    const errors: string[] = [];
    if (this.cluster.cni !== Cni.ANTREA || !this.cluster.nodePortLocalEnabled) {
      errors.push(
        `needs Antrea NodePortLocal, but cluster ${quote(this.cluster.clusterName)} has cni ${quote(this.cluster.cni)} and nodePortLocalEnabled ${this.cluster.nodePortLocalEnabled}; set 'nodePortLocalEnabled: true' on the VksCluster`,
      );
    }
    const controllers = Stack.of(this)
      .constructsOfType(CisController)
      .filter((c) => c.cluster === this.cluster);
    if (!controllers.some((c) => c.poolMemberType === PoolMemberType.NODE_PORT_LOCAL)) {
      const modes = controllers.map((c) => c.poolMemberType).join(', ') || 'no CisController';
      errors.push(
        `needs a CisController with poolMemberType nodeportlocal in cluster ${quote(this.cluster.clusterName)}, found ${modes}`,
      );
    }
    return errors;
  }
}
