import { Duration } from 'cdk8s';
import {
  type App,
  BigipDevice,
  BigipPartition,
  BigipRef,
  CisController,
  DnsRecordType,
  F5ExternalDns,
  F5IngressLink,
  F5Policy,
  F5VirtualServer,
  GslbLoadBalanceMethod,
  MonitorType,
  NodePortService,
  PersistenceMethod,
  PoolMemberType,
  ServiceRef,
  Snat,
  ServiceType,
  Stack,
  VksCluster,
} from 'vks-bigip';

/**
 * policy — apps published through the CIS resources beyond VirtualServer: a Policy (WAF, DoS, source
 * ranges, persistence) shared by a shop and a 2-tier app another team deploys, an IngressLink in front of
 * NGINX Ingress Controller, and a GTM WideIP for the shop. Addresses are documentation ranges.
 */
export function definePolicy(app: App): Stack {
  const stack = new Stack(app, 'policy', {
    description:
      'Policy, IngressLink and ExternalDNS: WAF and DoS by Policy, NGINX behind BIG-IP, a GTM WideIP',
  });

  // What NetOps created on the BIG-IP beforehand, by full path.
  const waf = BigipRef.wafPolicy('/Common/shop-waf');
  const dos = BigipRef.dosProfile('/Common/shop-dos');
  const proxyProtocol = BigipRef.iRule('/Common/Proxy_Protocol_iRule');
  const gslbServer = BigipRef.gslbServer('/Common/bigip-policy-gslb');
  const bigip = new BigipDevice(stack, 'Bigip', {
    deviceName: 'bigip-policy',
    url: 'https://192.0.2.246',
    inventory: [waf, dos, proxyProtocol, gslbServer].map((ref) => ({ kind: ref.kind, path: ref.path })),
  });
  const partition = new BigipPartition(stack, 'AppsPartition', { device: bigip, partitionName: 'vks_apps' });

  const cluster = new VksCluster(stack, 'Cluster', {
    clusterName: 'vks-apps',
    vsphereNamespace: 'platform-apps',
  });
  new CisController(cluster, 'Cis', {
    device: bigip,
    partition,
    poolMemberType: PoolMemberType.NODE_PORT,
    trustedCertsConfigMap: 'kube-system/bigip-ca',
  });

  // One Policy, taken by reference: the WAF applies per host, the rest to the whole virtual.
  const shopPolicy = new F5Policy(cluster, 'ShopPolicy', {
    name: 'shop-policy',
    namespace: 'shop',
    waf,
    dos,
    allowSourceRange: ['198.51.100.0/24'],
    persistenceProfile: PersistenceMethod.COOKIE,
    snat: Snat.AUTO,
  });

  const shop = new NodePortService(cluster, 'Shop', {
    name: 'shop',
    namespace: 'shop',
    selector: { app: 'shop' },
    port: 8080,
  });
  new F5VirtualServer(cluster, 'ShopVs', {
    partition,
    name: 'shop',
    namespace: 'shop',
    virtualServerAddress: '192.0.2.30',
    host: 'shop.example.com',
    policy: shopPolicy,
    pools: [{ service: shop, monitorType: MonitorType.HTTP, monitorTimeout: Duration.seconds(16) }],
  });

  // 2-tier: the billing team deploys its Service itself; we only front it.
  const billing = ServiceRef.fromName(cluster, 'shop', 'billing', 8443, {
    portName: 'https',
    serviceType: ServiceType.NODE_PORT,
  });
  new F5VirtualServer(cluster, 'BillingVs', {
    partition,
    name: 'billing',
    namespace: 'shop',
    virtualServerAddress: '192.0.2.31',
    host: 'billing.example.com',
    policy: shopPolicy,
    pools: [{ service: billing, servicePortName: 'https', path: '/billing' }],
  });

  // NGINX Ingress Controller does the L7 routing; BIG-IP passes it the client address (proxy protocol).
  const nginx = new NodePortService(cluster, 'Nginx', {
    name: 'nginx-ingress',
    namespace: 'nginx-ingress',
    selector: { app: 'nginx-ingress' },
    port: 443,
  });
  new F5IngressLink(cluster, 'NginxLink', {
    partition,
    name: 'nginx-ingress',
    namespace: 'nginx-ingress',
    virtualServerAddress: '192.0.2.40',
    iRules: [proxyProtocol],
    ingressController: nginx,
  });

  // A GTM WideIP answering for the shop with the virtuals of the data center's GSLB server.
  new F5ExternalDns(cluster, 'ShopDns', {
    name: 'shop-wideip',
    namespace: 'shop',
    domainName: 'shop.example.com',
    dnsRecordType: DnsRecordType.A,
    loadBalanceMethod: GslbLoadBalanceMethod.GLOBAL_AVAILABILITY,
    pools: [
      {
        dataServerName: gslbServer,
        monitors: [{ type: MonitorType.HTTP, send: 'GET /', interval: Duration.seconds(10) }],
      },
    ],
  });

  return stack;
}
