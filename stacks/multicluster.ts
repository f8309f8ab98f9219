import {
  type App,
  BigipDevice,
  BigipPartition,
  CisController,
  Cni,
  F5VirtualServer,
  MonitorType,
  MultiCluster,
  MultiClusterPoolMode,
  NodePortService,
  PoolMemberType,
  Stack,
  VksCluster,
} from 'vks-bigip';

/**
 * multicluster — seed 000: one VIP in front of an app that runs in two VKS clusters. CIS runs as an HA
 * pair (primary in vks-east, secondary in vks-west) writing one partition; ratio mode sends three parts
 * of the traffic to vks-east for each part to vks-west. Addresses are documentation ranges.
 */
export function defineMulticluster(app: App): Stack {
  const stack = new Stack(app, 'multicluster', {
    description: 'Two VKS clusters behind one VIP: an HA pair of CIS in ratio mode (seed 000)',
  });

  const bigip = new BigipDevice(stack, 'Bigip', { deviceName: 'bigip-mc', url: 'https://192.0.2.240' });
  const partition = new BigipPartition(stack, 'ShopPartition', { device: bigip, partitionName: 'shop' });

  // Calico with disjoint pod CIDRs keeps cluster mode possible later; nodeport works either way.
  const east = new VksCluster(stack, 'East', {
    clusterName: 'vks-east',
    vsphereNamespace: 'platform-east',
    cni: Cni.CALICO,
    podCidrs: ['10.200.0.0/16'],
  });
  const west = new VksCluster(stack, 'West', {
    clusterName: 'vks-west',
    vsphereNamespace: 'platform-west',
    cni: Cni.CALICO,
    podCidrs: ['10.210.0.0/16'],
  });

  // One CIS per cluster; the MultiCluster gives each its role (primary, secondary) and ConfigMap.
  const cis = (cluster: VksCluster) =>
    new CisController(cluster, 'Cis', {
      device: bigip,
      partition,
      poolMemberType: PoolMemberType.NODE_PORT,
      trustedCertsConfigMap: 'kube-system/bigip-ca',
    });

  new MultiCluster(stack, 'Shop', {
    mode: MultiClusterPoolMode.RATIO,
    primaryController: cis(east),
    secondaryController: cis(west),
    // Where the secondary reaches the primary's /health (CIS listens on :8080).
    primaryEndPoint: 'http://192.0.2.61:8080',
    clusters: [
      { cluster: east, apiServer: 'https://192.0.2.61:6443', ratio: 3 },
      { cluster: west, apiServer: 'https://192.0.2.62:6443', ratio: 1 },
    ],
  });

  // The shop runs in both clusters; in ratio mode CIS finds the Service by name in each.
  const shop = (cluster: VksCluster) =>
    new NodePortService(cluster, 'Shop', {
      name: 'shop',
      namespace: 'shop',
      selector: { app: 'shop' },
      port: 80,
      targetPort: 8080,
    });
  const shopEast = shop(east);
  shop(west);

  // Declared once; MultiCluster gives vks-west an identical copy for the secondary CIS.
  new F5VirtualServer(east, 'ShopVs', {
    partition,
    name: 'shop',
    namespace: 'shop',
    host: 'shop.example.com',
    virtualServerAddress: '192.0.2.70',
    pools: [{ service: shopEast, monitorType: MonitorType.HTTP }],
  });

  return stack;
}
