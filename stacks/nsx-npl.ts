import {
  type App,
  As3Application,
  As3SnatPool,
  BigipDevice,
  BigipNetwork,
  BigipPartition,
  BigipVirtualServer,
  CisController,
  F5VirtualServer,
  MonitorType,
  Networking,
  NodePortService,
  NplService,
  PartitionOwner,
  PoolMemberType,
  Snat,
  Stack,
  VksCluster,
} from 'vks-bigip';

/**
 * nsx-npl — VKS on NSX (seed 000): the BIG-IP Virtual Edition sits in its own data segment of the VPC
 * gateway, never in the cluster's; Antrea NodePortLocal sends straight to the pods, SNAT everywhere, and a
 * 2-tier NodePort front for an ingress controller deployed by its own chart. VIP and SNAT prefixes outside
 * the data segment are listed for the VPC gateway in dist/nsx-npl/nsx/vpc-static-routes.json.
 */
export function defineNsxNpl(app: App): Stack {
  const stack = new Stack(app, 'nsx-npl', {
    description: 'VKS on NSX: Antrea NodePortLocal, SNAT, a 2-tier NodePort front and the VPC gateway routes',
  });

  const bigip = new BigipDevice(stack, 'Bigip', { deviceName: 'bigip-nsx', url: 'https://198.51.100.245' });
  new BigipNetwork(stack, 'Network', {
    device: bigip,
    networking: Networking.NSX,
    dataSegment: '10.30.0.0/24',
    selfIps: [
      { unit: 'bigip1', address: '10.30.0.11' },
      { unit: 'bigip2', address: '10.30.0.12' },
    ],
    floatingSelfIp: '10.30.0.10',
  });

  const cluster = new VksCluster(stack, 'Cluster', {
    clusterName: 'vks-nsx',
    vsphereNamespace: 'platform-nsx',
    networking: Networking.NSX,
    nodeSegment: '10.20.0.0/24',
    nodeAddresses: ['10.20.0.11', '10.20.0.12', '10.20.0.13'],
    nodePortLocalEnabled: true,
  });

  // 1-tier: CIS custom resources, NodePortLocal members, SNAT automap.
  const cisPartition = new BigipPartition(stack, 'CisPartition', { device: bigip, partitionName: 'vks_nsx' });
  new CisController(cluster, 'Cis', {
    device: bigip,
    partition: cisPartition,
    poolMemberType: PoolMemberType.NODE_PORT_LOCAL,
    trustedCertsConfigMap: 'kube-system/bigip-ca',
  });
  const web = new NplService(cluster, 'Web', {
    name: 'web',
    namespace: 'web',
    image: 'nginxinc/nginx-unprivileged:1.27.0',
    containerPort: 8080,
    replicas: 3,
  });
  new F5VirtualServer(cluster, 'WebVs', {
    partition: cisPartition,
    name: 'web',
    namespace: 'web',
    virtualServerAddress: '203.0.113.40',
    host: 'web.nsx.example.com',
    snat: Snat.AUTO,
    pools: [{ service: web, monitorType: MonitorType.HTTP }],
  });

  // 2-tier: a stack-owned front on the ingress controller's fixed node port, through a SNAT pool whose
  // address inside the data segment needs no route.
  const ingress = new NodePortService(cluster, 'Ingress', {
    name: 'ingress-http',
    namespace: 'ingress',
    selector: { 'app.kubernetes.io/name': 'ingress-nginx' },
    port: 80,
    nodePort: 30080,
  });
  const apps = new BigipPartition(stack, 'Apps', {
    device: bigip,
    partitionName: 'vks_nsx_front',
    owner: PartitionOwner.STACK,
  });
  const shared = new As3Application(apps, 'Shared', { tenant: apps });
  const snat = new As3SnatPool(shared, 'Snat', {
    name: 'front_snat',
    snatAddresses: ['10.30.0.50', '203.0.113.250'],
  });
  new BigipVirtualServer(stack, 'IngressFront', {
    partition: apps,
    applicationName: 'ingress_front',
    virtualAddress: '203.0.113.41',
    service: ingress,
    snat: Snat.pool(snat),
  });
  return stack;
}
