import { k8s } from '../lib/k8s/kube-api';
import { As3Application } from '../lib/as3/application';
import { As3Monitor, MonitorType } from '../lib/as3/monitor';
import { App } from '../lib/core/app';
import { Annotations } from '../lib/core/annotations';
import { Stack } from '../lib/core/stack';
import { BigipDevice } from '../components/bigip/bigip-device';
import { BigipPartition, PartitionOwner } from '../components/bigip/bigip-partition';
import { BigipVirtualServer } from '../components/bigip/bigip-virtual-server';
import { CisController, PoolMemberType } from '../components/cis/cis-controller';
import { F5VirtualServer } from '../components/cis/f5-virtual-server';
import { NodePortService } from '../components/workloads/node-port-service';
import { NplService } from '../components/workloads/npl-service';
import { VksCluster } from '../components/workloads/vks-cluster';
import { Cni, Networking } from '../components/networking/cluster-network';

export const CLUSTERS = 10;
export const DEVICES = 2;
/** Fixed node ports a cluster can hand out (30000–32767). */
export const NODE_PORTS = 32767 - 30000 + 1;

export interface FleetShape {
  /**
   * Clusters (at most 50: VIPs are 10.<100 + cluster>.x.y and 10.<200 + cluster>.x.y).
   * @default CLUSTERS
   */
  readonly clusters?: number;
  /**
   * BIG-IP devices; cluster c publishes on device c mod devices.
   * @default DEVICES
   */
  readonly devices?: number;
}

/**
 * A generated fleet: `apps` applications over `clusters` clusters (10 by default) and `devices` BIG-IPs
 * (2 by default). The first half of the clusters publish through Antrea NodePortLocal (Deployment +
 * NplService + VirtualServer); the other half through NodePort (Deployment + NodePortService +
 * VirtualServer) plus a static AS3 front in a stack-owned partition. Node ports scale: while a
 * NodePort cluster has fixed node ports left its apps get one and an AS3 front (static members need
 * the port); past the range Kubernetes allocates the port and CIS alone publishes the app.
 */
export function buildFleet(apps: number, shape: FleetShape = {}): { app: App; stack: Stack } {
  const clusterCount = shape.clusters ?? CLUSTERS;
  const deviceCount = shape.devices ?? DEVICES;
  if (clusterCount > 50) throw new Error(`a fleet has at most 50 clusters, got ${clusterCount}`);
  const app = new App();
  const stack = new Stack(app, 'fleet');
  const devices = Array.from(
    { length: deviceCount },
    (_, d) => new BigipDevice(stack, `Bigip${d}`, { url: `https://198.51.100.${10 + d}` }),
  );
  const clusters = Array.from({ length: clusterCount }, (_, c) => {
    const npl = c < clusterCount / 2;
    const device = devices[c % deviceCount] as BigipDevice;
    const cluster = new VksCluster(stack, `Cluster${c}`, {
      clusterName: `cluster-${c}`,
      vsphereNamespace: `ns-${c}`,
      cni: Cni.ANTREA,
      networking: Networking.VDS,
      nodePortLocalEnabled: npl,
      nodeAddresses: [`10.${c}.0.11`, `10.${c}.0.12`, `10.${c}.0.13`],
      // The VIPs are 10.100.0.0 and up: keep them out of the Service CIDR (network:vip-in-cluster-cidr).
      serviceCidrs: ['172.30.0.0/16'],
    });
    const partition = new BigipPartition(stack, `Cis${c}`, { device, partitionName: `cis_c${c}` });
    new CisController(cluster, 'Cis', {
      device,
      partition,
      poolMemberType: npl ? PoolMemberType.NODE_PORT_LOCAL : PoolMemberType.NODE_PORT,
      insecure: true,
    });
    Annotations.of(cluster).acknowledgeWarning('cis:insecure-bigip-tls', 'benchmark fleet');
    let fronts: { partition: BigipPartition; monitor: As3Monitor } | undefined;
    if (!npl) {
      const appsPartition = new BigipPartition(stack, `Apps${c}`, {
        device,
        partitionName: `apps_c${c}`,
        owner: PartitionOwner.STACK,
      });
      const shared = new As3Application(appsPartition, 'Shared', { tenant: appsPartition });
      fronts = {
        partition: appsPartition,
        monitor: new As3Monitor(shared, 'Health', { name: 'http_health', monitorType: MonitorType.HTTP }),
      };
    }
    return { cluster, partition, npl, fronts, count: 0 };
  });

  for (let i = 0; i < apps; i += 1) {
    const c = clusters[i % clusterCount] as (typeof clusters)[number];
    const k = c.count++;
    const vip = (base: number) => `10.${base + (i % clusterCount)}.${Math.floor(k / 250)}.${(k % 250) + 1}`;
    const name = `app-${i}`;
    const service = c.npl
      ? new NplService(c.cluster, `App${i}`, {
          name,
          namespace: 'apps',
          image: 'registry.example.com/app:1.0.0',
          containerPort: 8080,
          replicas: 2,
        })
      : nodePortApp(c.cluster, i, k < NODE_PORTS ? 30000 + k : undefined);
    new F5VirtualServer(c.cluster, `App${i}Vs`, {
      partition: c.partition,
      name,
      namespace: 'apps',
      virtualServerAddress: vip(100),
      host: `${name}.example.com`,
      pools: [{ service }],
    });
    if (c.fronts && k < NODE_PORTS) {
      new BigipVirtualServer(stack, `App${i}Front`, {
        partition: c.fronts.partition,
        applicationName: `app_${i}`,
        virtualAddress: vip(200),
        service,
        monitors: [c.fronts.monitor],
      });
    }
  }
  return { app, stack };
}

/** A NodePort app: its Deployment (raw cdk8s object) and a NodePortService (on a fixed node port if given). */
function nodePortApp(cluster: VksCluster, i: number, nodePort: number | undefined): NodePortService {
  const labels = { 'app.kubernetes.io/name': `app-${i}` };
  new k8s.KubeDeployment(cluster, `App${i}Deployment`, {
    metadata: { name: `app-${i}`, namespace: 'apps', labels },
    spec: {
      replicas: 2,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          containers: [
            {
              name: 'app',
              image: 'registry.example.com/app:1.0.0',
              ports: [{ name: 'http', containerPort: 8080 }],
            },
          ],
        },
      },
    },
  });
  return new NodePortService(cluster, `App${i}`, {
    name: `app-${i}`,
    namespace: 'apps',
    selector: labels,
    port: 80,
    targetPort: 8080,
    nodePort,
  });
}
