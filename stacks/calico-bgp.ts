import {
  type App,
  BigipDevice,
  BigipNetwork,
  BigipPartition,
  CalicoBgpPeering,
  CisController,
  ClusterIpService,
  Cni,
  F5VirtualServer,
  MonitorType,
  PoolMemberType,
  Stack,
  VksCluster,
} from 'vks-bigip';

/**
 * calico-bgp — Calico cluster mode on VDS (seed 004, CIS and Kubernetes part 1): an HA pair of BIG-IPs
 * peers over iBGP (AS 64512) with every node, learns the pod routes and sends straight to pod IPs.
 * The BIG-IP side is in dist/calico-bgp/bigip/bigip-bgp/bgp/.
 */
export function defineCalicoBgp(app: App): Stack {
  const stack = new Stack(app, 'calico-bgp', {
    description: 'VKS with Calico on VDS, BGP between the nodes and a BIG-IP HA pair, CIS in cluster mode',
  });

  const bigip = new BigipDevice(stack, 'Bigip', { deviceName: 'bigip-bgp', url: 'https://192.0.2.245' });
  const network = new BigipNetwork(stack, 'Network', {
    device: bigip,
    dataSegment: '10.1.20.0/24',
    selfIps: [
      { unit: 'bigip1', address: '10.1.20.11' },
      { unit: 'bigip2', address: '10.1.20.12' },
    ],
    floatingSelfIp: '10.1.20.10',
  });
  const partition = new BigipPartition(stack, 'Partition', { device: bigip, partitionName: 'vks_bgp' });

  const cluster = new VksCluster(stack, 'Cluster', {
    clusterName: 'vks-bgp',
    vsphereNamespace: 'platform-bgp',
    cni: Cni.CALICO,
    podCidrs: ['192.168.0.0/16'],
    nodeAddresses: ['10.1.20.20', '10.1.20.21', '10.1.20.22'],
  });
  new CalicoBgpPeering(cluster, 'Bgp', { network, asNumber: 64512 });
  new CisController(cluster, 'Cis', {
    device: bigip,
    partition,
    poolMemberType: PoolMemberType.CLUSTER,
    trustedCertsConfigMap: 'kube-system/bigip-ca',
  });

  const hello = new ClusterIpService(cluster, 'Hello', {
    name: 'f5-hello-world',
    namespace: 'hello-world',
    image: 'f5devcentral/f5-hello-world:v1.0.0',
    selector: { app: 'f5-hello-world' },
    containerPort: 8080,
    replicas: 2,
  });
  new F5VirtualServer(cluster, 'HelloVs', {
    partition,
    name: 'f5-hello-world',
    namespace: 'hello-world',
    virtualServerAddress: '192.0.2.20',
    host: 'hello.bgp.example.com',
    pools: [{ service: hello, monitorType: MonitorType.HTTP }],
  });
  return stack;
}
