import {
  Annotations,
  type App,
  BigipDevice,
  BigipPartition,
  CisController,
  F5VirtualServer,
  GitOpsBundle,
  MonitorType,
  NplService,
  PoolMemberType,
  Stack,
  VksCluster,
} from 'vks-bigip';

/**
 * dev — the VKS + CIS example of seed 001: one cluster on VDS with Antrea NodePortLocal, CIS in
 * nodeportlocal mode, and f5-hello-world published on a VIP. Addresses are documentation ranges.
 */
export function defineDev(app: App): Stack {
  const stack = new Stack(app, 'dev', {
    description: 'One VKS cluster on VDS, Antrea NodePortLocal, CIS in nodeportlocal mode',
  });

  const bigip = new BigipDevice(stack, 'Bigip', {
    deviceName: 'bigip-dev',
    url: 'https://192.0.2.245',
  });
  const partition = new BigipPartition(stack, 'VksDevPartition', { device: bigip, partitionName: 'vks_dev' });

  const cluster = new VksCluster(stack, 'Cluster', {
    clusterName: 'vks-dev',
    vsphereNamespace: 'platform-dev',
    nodePortLocalEnabled: true,
  });

  new CisController(cluster, 'Cis', {
    device: bigip,
    partition,
    poolMemberType: PoolMemberType.NODE_PORT_LOCAL,
    trustedCertsConfigMap: 'kube-system/bigip-ca',
  });

  const hello = new NplService(cluster, 'HelloWorld', {
    name: 'f5-hello-world',
    namespace: 'hello-world',
    image: 'f5devcentral/f5-hello-world:latest',
    containerPort: 8080,
    portName: 'f5-hello-world',
    replicas: 2,
    env: { service_name: 'f5-hello-world' },
  });
  Annotations.of(hello).acknowledgeWarning(
    'workload:unpinned-image',
    'the demo image of seed 001 is published as latest only',
  );

  new F5VirtualServer(cluster, 'HelloWorldVs', {
    partition,
    name: 'f5-hello-world',
    namespace: 'hello-world',
    virtualServerAddress: '192.0.2.10',
    host: 'hello.dev.example.com',
    pools: [{ service: hello, monitorType: MonitorType.HTTP }],
  });

  // The output is committed to Git and applied by Argo CD or Flux (dist/dev/gitops/).
  new GitOpsBundle(stack, 'GitOps', { repoUrl: 'https://git.example.com/platform/vks-environments.git' });

  return stack;
}
