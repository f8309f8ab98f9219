import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  App,
  BigipDevice,
  BigipPartition,
  BigipRef,
  CisController,
  PoolMemberType,
  Stack,
  VksCluster,
} from 'vks-bigip';
import { Testing } from 'vks-bigip/testing';
import { StandardWebApp, type StandardWebAppProps } from '../src';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- parsed manifests are read freely
type Doc = Record<string, any>;

function synthShop(props: Partial<StandardWebAppProps> = {}): {
  app: StandardWebApp;
  tree: Record<string, string>;
} {
  const stack = new Stack(new App(), 'test');
  const device = new BigipDevice(stack, 'Bigip', { deviceName: 'bigip-test', url: 'https://192.0.2.245' });
  const partition = new BigipPartition(stack, 'Partition', { device, partitionName: 'vks_test' });
  const cluster = new VksCluster(stack, 'Cluster', {
    clusterName: 'vks-test',
    vsphereNamespace: 'platform-test',
    nodePortLocalEnabled: true,
  });
  new CisController(cluster, 'Cis', {
    device,
    partition,
    poolMemberType: PoolMemberType.NODE_PORT_LOCAL,
    trustedCertsConfigMap: 'kube-system/bigip-ca',
  });
  const app = new StandardWebApp(cluster, 'Shop', {
    partition,
    image: 'registry.example.com/shop:1.4.2',
    containerPort: 8080,
    host: 'shop.example.com',
    virtualServerAddress: '192.0.2.20',
    ...props,
  });
  return { app, tree: Testing.synth(stack) };
}

function byKind(tree: Record<string, string>, kind: string): Doc {
  const paths = Object.keys(tree).filter((p) => p.includes(`/k8s/vks-test/${kind}-`));
  assert.equal(paths.length, 1, `one ${kind} in ${Object.keys(tree).join(', ')}`);
  return Testing.parse(tree, paths[0] as string) as Doc;
}

test('renders the workload, an edge TLSProfile and a VirtualServer that redirects plain HTTP', () => {
  const { app, tree } = synthShop();
  const deployment = byKind(tree, 'deployment-default');
  assert.equal(deployment.spec.replicas, 2);
  assert.equal(deployment.spec.template.spec.containers[0].image, 'registry.example.com/shop:1.4.2');

  const service = byKind(tree, 'service-default');
  assert.equal(service.metadata.annotations['nodeportlocal.antrea.io/enabled'], 'true');

  const tls = byKind(tree, 'tlsprofile-default');
  assert.deepEqual(tls.spec, {
    hosts: ['shop.example.com'],
    tls: { clientSSL: '/Common/clientssl', reference: 'bigip', termination: 'edge' },
  });

  const vs = byKind(tree, 'virtualserver-default');
  assert.equal(vs.spec.virtualServerAddress, '192.0.2.20');
  assert.equal(vs.spec.host, 'shop.example.com');
  assert.equal(vs.spec.tlsProfileName, app.tlsProfile.profileName);
  assert.equal(vs.spec.httpTraffic, 'redirect');
  assert.equal(vs.spec.pools[0].service, app.service.serviceName);
  assert.equal(vs.spec.pools[0].monitor.type, 'http');
  assert.equal(
    vs.spec.pools[0].monitor.send,
    'GET / HTTP/1.1\r\nHost: shop.example.com\r\nConnection: close\r\n\r\n',
  );
});

test('exposes the effective values of its optional props', () => {
  const defaults = synthShop().app;
  assert.deepEqual(
    [defaults.replicas, defaults.namespace, defaults.clientSslProfile.path, defaults.healthPath],
    [2, 'default', '/Common/clientssl', '/'],
  );
  const custom = synthShop({ replicas: 3, namespace: 'shop', healthPath: '/healthz' });
  assert.deepEqual([custom.app.replicas, custom.app.namespace], [3, 'shop']);
  assert.match(custom.tree['test/k8s/vks-test/namespace-shop.yaml'] ?? '', /name: shop/);
  const vs = Testing.parse(
    custom.tree,
    Object.keys(custom.tree).find((p) => p.includes('/virtualserver-shop-')) as string,
  ) as Doc;
  assert.match(vs.spec.pools[0].monitor.send, /^GET \/healthz HTTP\/1\.1\r\n/);
});

test('fails when the host is not a DNS name, naming the construct and the prop', () => {
  assert.throws(() => synthShop({ host: 'not a host' }), /\[test\/Cluster\/Shop\/Tls\] 'hosts\[0\]'/);
});

test('fails at synth when the client profile is not in the device inventory', () => {
  assert.throws(
    () => synthShop({ clientSslProfile: BigipRef.clientSslProfile('/Common/shop-clientssl') }),
    /\[test\/Cluster\/Shop\/VirtualServer\] 'tlsProfile\.clientSslProfiles\[0\]' references client-ssl-profile \/Common\/shop-clientssl, which is not in the inventory of device bigip-test/,
  );
});
