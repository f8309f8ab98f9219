import {
  type App,
  BigipDevice,
  BigipPartition,
  CisController,
  F5VirtualServer,
  MonitorType,
  NplService,
  PoolMemberType,
  Stack,
  VksCluster,
} from 'vks-bigip';

/**
 * ipv6 — seed 004 (Integrating with your IPv6 Kubernetes cluster): a dual-stack cluster, the BIG-IP
 * reached on an IPv6 management URL, CIS with --enable-ipv6 and an IPv6 VIP.
 */
export function defineIpv6(app: App): Stack {
  const stack = new Stack(app, 'ipv6', {
    description: 'Dual-stack VKS cluster, BIG-IP on an IPv6 URL, CIS with --enable-ipv6 and IPv6 VIPs',
  });

  const bigip = new BigipDevice(stack, 'Bigip', {
    deviceName: 'bigip-v6',
    url: 'https://[2001:db8:1::100]:8443',
  });
  const partition = new BigipPartition(stack, 'Partition', { device: bigip, partitionName: 'vks_v6' });
  const cluster = new VksCluster(stack, 'Cluster', {
    clusterName: 'vks-v6',
    vsphereNamespace: 'platform-v6',
    podCidrs: ['192.168.0.0/16', 'fd00:10:244::/56'],
    serviceCidrs: ['10.96.0.0/12', 'fd00:10:96::/112'],
    nodePortLocalEnabled: true,
  });
  new CisController(cluster, 'Cis', {
    device: bigip,
    partition,
    poolMemberType: PoolMemberType.NODE_PORT_LOCAL,
    enableIpv6: true,
    trustedCertsConfigMap: 'kube-system/bigip-ca',
  });

  const expo = new NplService(cluster, 'Expo', {
    name: 'svc-2',
    image: 'nginxinc/nginx-unprivileged:1.27.0',
    containerPort: 8080,
    servicePort: 80,
  });
  new F5VirtualServer(cluster, 'Http', {
    partition,
    name: 'l7-virtual-http',
    virtualServerAddress: 'aaa1:bbb2:ccc3:eee5::201',
    host: 'expo.example.com',
    pools: [{ service: expo, path: '/expo', monitorType: MonitorType.HTTP }],
  });
  return stack;
}
