import {
  BigipDevice,
  BigipPartition,
  BigipRef,
  CisController,
  F5Ingress,
  NplService,
  PoolMemberType,
  Stack,
  VksCluster,
  type App,
} from 'vks-bigip';

/**
 * ingress — CIS's legacy controller publishing a plain Kubernetes Ingress: CIS with
 * `customResourceMode: false` in nodeportlocal mode, and a shop published on a VIP with an HTTP
 * monitor and TLS from a BIG-IP client SSL profile. Addresses are documentation ranges.
 */
export function defineIngress(app: App): Stack {
  const stack = new Stack(app, 'ingress', {
    description: 'One VKS cluster, CIS in Ingress (legacy) mode, an app published through an Ingress',
  });

  const bigip = new BigipDevice(stack, 'Bigip', { deviceName: 'bigip-ingress', url: 'https://192.0.2.246' });
  const partition = new BigipPartition(stack, 'Partition', { device: bigip, partitionName: 'vks_ingress' });
  const cluster = new VksCluster(stack, 'Cluster', {
    clusterName: 'vks-ingress',
    vsphereNamespace: 'platform-ingress',
    nodePortLocalEnabled: true,
  });

  const cis = new CisController(cluster, 'Cis', {
    device: bigip,
    partition,
    customResourceMode: false,
    poolMemberType: PoolMemberType.NODE_PORT_LOCAL,
    trustedCertsConfigMap: 'kube-system/bigip-ca',
    defaultIngressIp: '192.0.2.20',
  });

  const shop = new NplService(cluster, 'Shop', {
    name: 'shop',
    namespace: 'shop',
    image: 'nginxinc/nginx-unprivileged:1.27.3',
    containerPort: 8080,
    servicePort: 80,
    replicas: 2,
  });

  // The VIP is the controller's defaultIngressIp; TLS ends on the BIG-IP with its own profile.
  new F5Ingress(cluster, 'ShopIngress', {
    controller: cis,
    name: 'shop',
    namespace: 'shop',
    rules: [{ host: 'shop.example.com', paths: [{ path: '/', backend: shop }] }],
    health: [{ path: 'shop.example.com/', send: 'GET / HTTP/1.0\r\n\r\n', interval: 5, timeout: 16 }],
    clientSsl: [{ hosts: ['shop.example.com'], profile: BigipRef.clientSslProfile('/Common/clientssl') }],
  });

  return stack;
}
