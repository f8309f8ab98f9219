import {
  type App,
  BigipDevice,
  BigipNetwork,
  BigipPartition,
  CiliumBgpPeering,
  CisController,
  ClusterIpService,
  F5VirtualServer,
  KubernetesCluster,
  MonitorType,
  PoolMemberType,
  Stack,
} from 'vks-bigip';

/**
 * cilium — seed 003: a kubeadm cluster (not VKS) with Cilium, which advertises the pod CIDRs to the
 * BIG-IP over BGP; CIS in cluster mode sends straight to pod IPs. Cilium's prerequisites (BGP control
 * plane, native routing CIDR, IPAM) are listed in dist/cilium/bigip/ltm/bgp/README.md.
 */
export function defineCilium(app: App): Stack {
  const stack = new Stack(app, 'cilium', {
    description: 'A Cilium cluster outside VKS peering with BIG-IP over BGP, CIS in cluster mode',
  });

  const bigip = new BigipDevice(stack, 'Bigip', { deviceName: 'ltm', url: 'https://10.1.0.245' });
  const network = new BigipNetwork(stack, 'Network', {
    device: bigip,
    dataSegment: '10.1.0.0/24',
    selfIps: [{ unit: 'ltm', address: '10.1.0.250' }],
  });
  const partition = new BigipPartition(stack, 'Partition', { device: bigip, partitionName: 'K8S' });

  const cluster = new KubernetesCluster(stack, 'Cluster', {
    clusterName: 'ect',
    podCidrs: ['10.16.0.0/16'],
    nodeAddresses: ['10.1.0.1', '10.1.0.2', '10.1.0.3', '10.1.0.4', '10.1.0.5', '10.1.0.6'],
  });
  new CiliumBgpPeering(cluster, 'Bgp', { network, asNumber: 64512 });
  new CisController(cluster, 'Cis', {
    device: bigip,
    partition,
    poolMemberType: PoolMemberType.CLUSTER,
    trustedCertsConfigMap: 'kube-system/bigip-ca',
  });

  const demo = new ClusterIpService(cluster, 'Demo', {
    name: 'demoservice',
    selector: { app: 'demo' },
    containerPort: 80,
  });
  new F5VirtualServer(cluster, 'DemoVs', {
    partition,
    name: 'demo-vs',
    virtualServerAddress: '10.2.0.80',
    host: 'demo.example.com',
    pools: [
      {
        service: demo,
        monitorType: MonitorType.HTTP,
        monitorSend: 'GET /health.html HTTP/1.1\r\nHost: 1.1.1.1\r\n\r\n',
        monitorReceive: 'server is ok',
      },
    ],
  });
  return stack;
}
