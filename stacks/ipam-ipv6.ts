import { Duration } from 'cdk8s';
import {
  type App,
  BigipDevice,
  BigipPartition,
  CisController,
  CisLoadBalancerService,
  Cni,
  DiscoveryAccount,
  IpamController,
  PoolMemberType,
  Stack,
  VksCluster,
} from 'vks-bigip';

/**
 * ipam-ipv6 — seed 004: an IPv6 cluster whose LoadBalancer Services get their VIPs from the F5 IPAM
 * Controller (labels Dev and Test), and a read-only account F5 Distributed Cloud discovers Services with.
 * Addresses are documentation ranges.
 */
export function defineIpamIpv6(app: App): Stack {
  const stack = new Stack(app, 'ipam-ipv6', {
    description: 'IPv6 VKS cluster, F5 IPAM Controller, LoadBalancer Services, XC discovery (seed 004)',
  });

  const bigip = new BigipDevice(stack, 'Bigip', {
    deviceName: 'bigip-v6',
    url: 'https://[2001:db8:1::100]:8443',
  });
  const partition = new BigipPartition(stack, 'Partition', { device: bigip, partitionName: 'vks_ipam_v6' });

  const cluster = new VksCluster(stack, 'Cluster', {
    clusterName: 'vks-v6',
    vsphereNamespace: 'platform-v6',
    cni: Cni.CALICO,
    podCidrs: ['fd00:10:244::/56'],
    serviceCidrs: ['fd00:10:96::/112'],
  });

  new CisController(cluster, 'Cis', {
    device: bigip,
    partition,
    poolMemberType: PoolMemberType.NODE_PORT,
    trustedCertsConfigMap: 'kube-system/bigip-ca',
    ipam: true,
    enableIpv6: true,
  });

  new IpamController(cluster, 'Ipam', {
    ipRanges: { Dev: ['2001:db8:3::7-2001:db8:3::9'], Test: ['2001:db8:4::7-2001:db8:4::9'] },
  });

  new CisLoadBalancerService(cluster, 'DemoLb', {
    name: 'svc-f5-demo-lb1',
    selector: { app: 'f5-demo' },
    port: 80,
    portName: 'svc-lb1-80',
    ipamLabel: 'Test',
    health: [{ interval: Duration.seconds(5), timeout: Duration.seconds(10) }],
  });

  // F5 Distributed Cloud discovers Services with this account (kubeconfig template next to the manifests).
  new DiscoveryAccount(cluster, 'XcDiscovery', { apiServer: 'https://[2001:db8:2::10]:6443' });

  return stack;
}
