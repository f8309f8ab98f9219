import { As3ConfigMap, type As3ConfigMapProps } from '../../components/bigip/as3-config-map';
import { BigipDevice } from '../../components/bigip/bigip-device';
import { BigipPartition, PartitionOwner } from '../../components/bigip/bigip-partition';
import { CisController, PoolMemberType, type CisControllerProps } from '../../components/cis/cis-controller';
import { NodePortService, type NodePortServiceProps } from '../../components/workloads/node-port-service';
import { VksCluster, type VksClusterProps } from '../../components/workloads/vks-cluster';
import type { InventoryItem } from '../../lib/as3/inventory';
import { App } from '../../lib/core/app';
import { Stack } from '../../lib/core/stack';
import { Testing } from '../../lib/testing/testing';

/** A parsed JSON or YAML document: tests read fields freely. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Doc = Record<string, any>;

export const NODE_ADDRESSES = ['10.0.0.11', '10.0.0.12', '10.0.0.13'];

export interface As3FixtureOptions {
  /** @default a new App */
  readonly app?: App;
  /** @default 'test' */
  readonly stackName?: string;
  /** Inventory of the device (built-ins are always there). */
  readonly inventory?: InventoryItem[];
  /** @default 'https://192.0.2.1' */
  readonly deviceUrl?: string;
  /** Overrides of the cluster props. */
  readonly cluster?: Partial<VksClusterProps>;
  /**
   * Whether to declare the stack-owned partition `apps` (an empty one fails synth).
   * @default true
   */
  readonly stackPartition?: boolean;
}

export interface As3Fixture {
  readonly app: App;
  readonly stack: Stack;
  /** Device `bigip` at `<stack>/Bigip`. */
  readonly device: BigipDevice;
  /** Stack-owned partition `apps` at `<stack>/Apps` (absent with `stackPartition: false`). */
  readonly apps: BigipPartition;
  /** Cluster `c1` at `<stack>/Cluster`, with three node addresses. */
  readonly cluster: VksCluster;
}

/**
 * A stack with one BIG-IP, a stack-owned partition `apps` and a VKS cluster `c1` (Antrea on VDS) whose
 * nodes are NODE_ADDRESSES. Nothing else: each test adds what it is about.
 */
export function as3Fixture(options: As3FixtureOptions = {}): As3Fixture {
  const app = options.app ?? new App();
  const stack = new Stack(app, options.stackName ?? 'test');
  const device = new BigipDevice(stack, 'Bigip', {
    url: options.deviceUrl ?? 'https://192.0.2.1',
    inventory: options.inventory,
  });
  const apps =
    options.stackPartition === false
      ? (undefined as unknown as BigipPartition)
      : new BigipPartition(stack, 'Apps', { device, partitionName: 'apps', owner: PartitionOwner.STACK });
  const cluster = new VksCluster(stack, 'Cluster', {
    clusterName: 'c1',
    vsphereNamespace: 'vsphere-ns',
    nodeAddresses: [...NODE_ADDRESSES],
    ...options.cluster,
  });
  return { app, stack, device, apps, cluster };
}

/** The 2-tier backend: a NodePort Service `ingress/ingress-http` on port 80, node port 30080 (path `<cluster>/<id>`). */
export function ingressService(
  cluster: VksCluster,
  props: Partial<NodePortServiceProps> = {},
  id = 'Ingress',
): NodePortService {
  return new NodePortService(cluster, id, {
    name: 'ingress-http',
    namespace: 'ingress',
    selector: { 'app.kubernetes.io/name': 'ingress' },
    port: 80,
    nodePort: 30080,
    ...props,
  });
}

export interface ConfigMapSetup {
  /** CIS's own partition `k8s` at `<stack>/CisPartition`. */
  readonly cisPartition: BigipPartition;
  /** CIS in legacy (ConfigMap) mode, nodeport members, at `<stack>/Cluster/Cis`. */
  readonly cis: CisController;
  /** The ConfigMap tenant `cm_tenant` at `<stack>/CmTenant`. */
  readonly tenant: BigipPartition;
  /** The As3ConfigMap `as3-template` at `<stack>/Cluster/ConfigMap`, unless `configMap: false`. */
  readonly configMap?: As3ConfigMap;
}

/** Adds the seed-004 setup: CIS in ConfigMap mode and a tenant it posts from an AS3 ConfigMap. */
export function configMapSetup(
  f: As3Fixture,
  options: {
    cis?: Partial<CisControllerProps>;
    configMap?: Partial<As3ConfigMapProps> | false;
    tenantName?: string;
  } = {},
): ConfigMapSetup {
  const cisPartition = new BigipPartition(f.stack, 'CisPartition', {
    device: f.device,
    partitionName: 'k8s',
  });
  const cis = new CisController(f.cluster, 'Cis', {
    device: f.device,
    partition: cisPartition,
    poolMemberType: PoolMemberType.NODE_PORT,
    customResourceMode: false,
    trustedCertsConfigMap: 'kube-system/bigip-ca',
    ...options.cis,
  });
  const tenant = new BigipPartition(f.stack, 'CmTenant', {
    device: f.device,
    partitionName: options.tenantName ?? 'cm_tenant',
    owner: PartitionOwner.CIS_AS3_CONFIGMAP,
  });
  const configMap =
    options.configMap === false
      ? undefined
      : new As3ConfigMap(f.cluster, 'ConfigMap', {
          controller: cis,
          partition: tenant,
          name: 'as3-template',
          ...options.configMap,
        });
  return { cisPartition, cis, tenant, configMap };
}

/** The AS3 files (declarations) of a synthesized tree. */
export function as3Files(tree: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(tree).filter(([path]) => path.endsWith('.as3.json')));
}

/** A parsed JSON file of a tree. */
export function json(tree: Record<string, string>, path: string): Doc {
  return Testing.parse(tree, path) as Doc;
}

export { Testing };
