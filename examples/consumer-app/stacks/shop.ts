import { StandardWebApp } from '@acme/vks-patterns';
import {
  type App,
  BigipDevice,
  BigipPartition,
  BigipVirtualServer,
  CisController,
  PartitionOwner,
  PoolMemberType,
  Stack,
  VksCluster,
} from 'vks-bigip';

/**
 * shop — the storefront as the platform team's StandardWebApp (published by CIS), and a stack-owned
 * AS3 tenant (applied by `pulumi up`) for the legacy order service that still runs on VMs.
 */
export function defineShop(app: App): Stack {
  const stack = new Stack(app, 'shop', { description: 'The storefront on VKS and the legacy order service' });
  const bigip = new BigipDevice(stack, 'Bigip', { deviceName: 'bigip-shop', url: 'https://192.0.2.245' });
  const cisPartition = new BigipPartition(stack, 'CisPartition', {
    device: bigip,
    partitionName: 'shop_cis',
  });
  const cluster = new VksCluster(stack, 'Cluster', {
    clusterName: 'vks-shop',
    vsphereNamespace: 'shop',
    nodePortLocalEnabled: true,
  });
  new CisController(cluster, 'Cis', {
    device: bigip,
    partition: cisPartition,
    poolMemberType: PoolMemberType.NODE_PORT_LOCAL,
    trustedCertsConfigMap: 'kube-system/bigip-ca',
  });
  new StandardWebApp(cluster, 'Storefront', {
    partition: cisPartition,
    image: 'registry.example.com/storefront:2.3.0',
    containerPort: 8080,
    host: 'shop.example.com',
    virtualServerAddress: '192.0.2.20',
    namespace: 'storefront',
  });

  const legacy = new BigipPartition(stack, 'LegacyPartition', {
    device: bigip,
    partitionName: 'shop_legacy',
    owner: PartitionOwner.STACK,
  });
  new BigipVirtualServer(stack, 'Orders', {
    partition: legacy,
    applicationName: 'orders',
    virtualAddress: '192.0.2.30',
    serverAddresses: ['10.30.0.11', '10.30.0.12'],
    memberPort: 8080,
  });
  return stack;
}
