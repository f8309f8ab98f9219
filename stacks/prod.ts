import { Duration } from 'cdk8s';
import {
  type App,
  As3Application,
  As3ConfigMap,
  As3Monitor,
  MonitorType,
  BigipDevice,
  BigipObjectKind,
  BigipPartition,
  BigipRef,
  BigipVirtualServer,
  CisController,
  GitOpsBundle,
  GitOpsEngine,
  Cni,
  Networking,
  NodePortService,
  PartitionOwner,
  PoolMemberType,
  Stack,
  VirtualServerProtocol,
  VksCluster,
} from 'vks-bigip';

/**
 * prod — a VKS cluster on NSX with an in-cluster NGINX ingress controller behind BIG-IP (2-tier):
 * - a stack-owned partition (reconciled by `pulumi up`) with a shared HTTP monitor and a static
 *   HTTP front on the nodes' fixed node port;
 * - the NGINX HTTPS front of seed 004 as an AS3 ConfigMap that CIS posts, members discovered by CIS.
 */
export function defineProd(app: App): Stack {
  const stack = new Stack(app, 'prod', {
    description: 'VKS on NSX, NGINX ingress behind BIG-IP: a stack-owned front and an AS3 ConfigMap app',
  });

  const bigip = new BigipDevice(stack, 'Bigip', {
    deviceName: 'bigip-prod',
    url: 'https://198.51.100.245',
    inventory: [{ kind: BigipObjectKind.IRULE, path: '/Common/insert_xff' }],
  });

  const cluster = new VksCluster(stack, 'Cluster', {
    clusterName: 'vks-prod',
    vsphereNamespace: 'platform-prod',
    cni: Cni.ANTREA,
    networking: Networking.NSX,
    nodeAddresses: ['10.20.0.11', '10.20.0.12', '10.20.0.13'],
  });
  const ingressSelector = {
    'app.kubernetes.io/name': 'ingress-nginx',
    'app.kubernetes.io/component': 'controller',
  };
  const ingressHttp = new NodePortService(cluster, 'IngressHttp', {
    name: 'ingress-nginx-http',
    namespace: 'ingress-nginx',
    selector: ingressSelector,
    port: 80,
    nodePort: 30080,
  });
  const ingressHttps = new NodePortService(cluster, 'IngressHttps', {
    name: 'nginx-ingress',
    namespace: 'ingress-nginx',
    selector: ingressSelector,
    port: 443,
    portName: 'https',
  });

  // Stack-owned: a shared monitor and the static 2-tier HTTP front.
  const apps = new BigipPartition(stack, 'AppsPartition', {
    device: bigip,
    partitionName: 'vks_prod_apps',
    owner: PartitionOwner.STACK,
  });
  const shared = new As3Application(apps, 'Shared', { tenant: apps });
  const httpHealth = new As3Monitor(shared, 'HttpHealth', {
    name: 'http_health',
    monitorType: MonitorType.HTTP,
    send: 'GET /healthz HTTP/1.1\r\nHost: ingress.prod.example.com\r\nConnection: close\r\n\r\n',
    receive: '200 OK',
    interval: Duration.seconds(5),
    timeout: Duration.seconds(16),
  });
  new BigipVirtualServer(stack, 'IngressFront', {
    partition: apps,
    applicationName: 'ingress_front',
    virtualAddress: '203.0.113.20',
    service: ingressHttp,
    monitors: [httpHealth],
    iRules: [BigipRef.iRule('/Common/insert_xff')],
  });

  // Seed 004: the NGINX HTTPS front as an AS3 ConfigMap, posted by CIS in its legacy (ConfigMap) mode.
  const cisPartition = new BigipPartition(stack, 'CisPartition', {
    device: bigip,
    partitionName: 'vks_prod',
  });
  const cis = new CisController(cluster, 'Cis', {
    device: bigip,
    partition: cisPartition,
    poolMemberType: PoolMemberType.NODE_PORT,
    customResourceMode: false,
    trustedCertsConfigMap: 'kube-system/bigip-ca',
  });
  const nginxTenant = new BigipPartition(stack, 'NginxIcPartition', {
    device: bigip,
    partitionName: 'Nginx_IC',
    owner: PartitionOwner.CIS_AS3_CONFIGMAP,
  });
  new As3ConfigMap(cluster, 'NginxIcConfigMap', {
    controller: cis,
    partition: nginxTenant,
    name: 'as3-template',
  });
  new BigipVirtualServer(stack, 'NginxIc', {
    partition: nginxTenant,
    applicationName: 'Nginx_IC_vs',
    protocol: VirtualServerProtocol.HTTPS,
    virtualAddress: '203.0.113.14',
    service: ingressHttps,
    monitors: [MonitorType.HTTPS],
    serverTls: BigipRef.clientSslProfile('/Common/clientssl'),
    clientTls: BigipRef.serverSslProfile('/Common/serverssl'),
  });

  // Argo CD applies the committed output of prod (dist/prod/gitops/argocd/).
  new GitOpsBundle(stack, 'GitOps', {
    repoUrl: 'https://git.example.com/platform/vks-environments.git',
    engines: [GitOpsEngine.ARGO_CD],
  });

  return stack;
}
