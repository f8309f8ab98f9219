import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-34';
import YAML from 'yaml';
import { App } from '../../lib/core/app';
import { Stack } from '../../lib/core/stack';
import { Testing } from '../../lib/testing/testing';
import { BigipDevice, type BigipDeviceProps } from '../../components/bigip/bigip-device';
import { BigipPartition, type BigipPartitionProps } from '../../components/bigip/bigip-partition';
import { CisController, PoolMemberType, type CisControllerProps } from '../../components/cis/cis-controller';
import { NplService, type NplServiceProps } from '../../components/workloads/npl-service';
import {
  Protocol,
  ServiceType,
  type IServiceBackend,
  type ServiceBackendPort,
} from '../../components/workloads/service-backend';
import { VksCluster, type VksClusterProps } from '../../components/workloads/vks-cluster';

/** A parsed Kubernetes object or JSON document: tests read fields freely. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Doc = Record<string, any>;

export interface FixtureOptions {
  /** @default 'test' */
  readonly stackName?: string;
  /** Overrides of the BIG-IP device props. */
  readonly device?: Partial<BigipDeviceProps>;
  /** Overrides of the partition props (device is filled in). */
  readonly partition?: Partial<BigipPartitionProps>;
  /** Overrides of the cluster props (NodePortLocal is enabled unless overridden). */
  readonly cluster?: Partial<VksClusterProps>;
  /** Overrides of the CisController props, or false for a cluster without CIS. */
  readonly cis?: Partial<CisControllerProps> | false;
}

export interface Fixture {
  readonly app: App;
  readonly stack: Stack;
  readonly device: BigipDevice;
  readonly partition: BigipPartition;
  readonly cluster: VksCluster;
  readonly cis?: CisController;
}

/**
 * A minimal stack: one BIG-IP, one CIS partition `k8s`, one VKS cluster `c1` (Antrea with NodePortLocal)
 * and CIS in nodeportlocal mode with a trusted-certs ConfigMap. Paths: `test/Bigip`, `test/Partition`,
 * `test/Cluster`, `test/Cluster/Cis`.
 */
export function fixture(options: FixtureOptions = {}): Fixture {
  const app = new App();
  const stack = new Stack(app, options.stackName ?? 'test');
  const device = new BigipDevice(stack, 'Bigip', { url: 'https://192.0.2.1', ...options.device });
  const partition = new BigipPartition(stack, 'Partition', {
    device,
    partitionName: 'k8s',
    ...options.partition,
  });
  const cluster = new VksCluster(stack, 'Cluster', {
    clusterName: 'c1',
    vsphereNamespace: 'vsphere-ns',
    nodePortLocalEnabled: true,
    ...options.cluster,
  });
  const cis =
    options.cis === false
      ? undefined
      : new CisController(cluster, 'Cis', {
          device,
          partition,
          poolMemberType: PoolMemberType.NODE_PORT_LOCAL,
          trustedCertsConfigMap: 'kube-system/bigip-ca',
          ...options.cis,
        });
  return { app, stack, device, partition, cluster, cis };
}

/** An NplService with a pinned image on port 8080 (path `<cluster>/App` unless `id` is given). */
export function nplService(
  cluster: VksCluster,
  props: Partial<NplServiceProps> = {},
  id = 'App',
): NplService {
  return new NplService(cluster, id, { image: 'nginx:1.27.0', containerPort: 8080, ...props });
}

/**
 * A plain Kubernetes Service that is not an NplService, to exercise the pool-member-type checks
 * against Services without the NodePortLocal annotation.
 */
export class FakeBackend extends Construct implements IServiceBackend {
  public readonly cluster: VksCluster;
  public readonly serviceName: string;
  public readonly namespace = 'default';
  public readonly nodePortLocal = false;
  public readonly ports: readonly ServiceBackendPort[];
  public readonly service: k8s.KubeService;

  constructor(
    scope: VksCluster,
    id: string,
    public readonly serviceType: ServiceType,
    protocol: Protocol = Protocol.TCP,
  ) {
    super(scope, id);
    this.ports = [{ name: 'http', port: 80, protocol }];
    this.cluster = scope;
    this.serviceName = id.toLowerCase();
    this.service = new k8s.KubeService(this, 'Service', {
      metadata: { name: this.serviceName, namespace: this.namespace },
      spec: {
        type: serviceType,
        selector: { app: this.serviceName },
        ports: [{ name: 'http', port: 80, ...(protocol === Protocol.TCP ? {} : { protocol }) }],
      },
    });
  }

  public addServiceLabels(labels: Readonly<Record<string, string>>, _by?: unknown): void {
    for (const [key, value] of Object.entries(labels)) this.service.metadata.addLabel(key, value);
  }
}

/** Path of a Kubernetes object file in a synthesized tree. */
export function k8sPath(
  stackName: string,
  folder: string,
  kind: string,
  namespace: string | undefined,
  name: string,
) {
  const file = namespace ? `${kind}-${namespace}-${name}` : `${kind}-${name}`;
  return `${stackName}/k8s/${folder}/${file.toLowerCase()}.yaml`;
}

/** A parsed Kubernetes object of a synthesized tree; throws with the file list when it is missing. */
export function k8sObject(
  tree: Record<string, string>,
  kind: string,
  namespace: string | undefined,
  name: string,
  options: { stackName?: string; folder?: string } = {},
): Doc {
  const path = k8sPath(options.stackName ?? 'test', options.folder ?? 'c1', kind, namespace, name);
  return Testing.parse(tree, path) as Doc;
}

/** Every parsed YAML object of a tree (kustomizations excluded), with its path. */
export function allObjects(tree: Record<string, string>): Array<{ path: string; object: Doc }> {
  return Object.entries(tree)
    .filter(([path]) => path.endsWith('.yaml') && !path.endsWith('/kustomization.yaml'))
    .map(([path, content]) => ({ path, object: YAML.parse(content) as Doc }));
}

/** The resources listed by a folder's kustomization.yaml, in order. */
export function kustomizationResources(tree: Record<string, string>, folderPath: string): string[] {
  const kustomization = Testing.parse(tree, `${folderPath}/kustomization.yaml`) as { resources: string[] };
  return kustomization.resources;
}

export { Testing };
