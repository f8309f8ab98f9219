import { describe, expect, it } from 'vitest';
import { BigipRef } from '../../lib/as3/inventory';
import { BigipDevice } from '../../components/bigip/bigip-device';
import { BigipPartition } from '../../components/bigip/bigip-partition';
import { CisController, PoolMemberType } from '../../components/cis/cis-controller';
import { F5Ingress } from '../../components/cis/f5-ingress';
import { LegacyVirtualServerConfigMap } from '../../components/cis/legacy-virtual-server-configmap';
import { ServiceType } from '../../components/workloads/service-backend';
import { VksCluster } from '../../components/workloads/vks-cluster';
import { synthProblems } from '../helpers/expect-errors';
import { FakeBackend, fixture, nplService } from '../helpers/fixture';

/** One mistake of each kind the Ingress and legacy ConfigMap rules catch, all reported by one synth. */
describe('a stack with one Ingress and legacy ConfigMap mistake of each kind', () => {
  function stackWithMistakes() {
    const f = fixture({ cis: { customResourceMode: false, useSecrets: false } });
    const legacy = f.cis!;
    const web = nplService(f.cluster, { name: 'web' });
    const other = new VksCluster(f.stack, 'Crd', {
      clusterName: 'crd',
      vsphereNamespace: 'vsphere-ns',
      nodePortLocalEnabled: true,
    });
    const crdPartition = new BigipPartition(f.stack, 'CrdPartition', {
      device: f.device,
      partitionName: 'crd',
    });
    const crd = new CisController(other, 'Cis', {
      device: f.device,
      partition: crdPartition,
      poolMemberType: PoolMemberType.NODE_PORT_LOCAL,
      trustedCertsConfigMap: 'kube-system/bigip-ca',
    });
    const crdWeb = nplService(other, { name: 'web' });
    const otherDevice = new BigipDevice(f.stack, 'OtherBigip', {
      url: 'https://192.0.2.2',
      deviceName: 'other',
    });
    const elsewherePartition = new BigipPartition(f.stack, 'Apps', {
      device: otherDevice,
      partitionName: 'apps',
    });
    const rule = { host: 'shop.example.com', paths: [{ path: '/', backend: web }] };
    new F5Ingress(other, 'CrdMode', {
      controller: crd,
      ip: '192.0.2.30',
      rules: [{ host: 'a.example.com', paths: [{ backend: crdWeb }] }],
    });
    new F5Ingress(f.cluster, 'WrongClass', {
      controller: legacy,
      ip: '192.0.2.31',
      ingressClassName: 'nginx',
      rules: [rule],
    });
    new F5Ingress(f.cluster, 'NoIp', { controller: legacy, partition: f.partition, rules: [rule] });
    new F5Ingress(f.cluster, 'StackPartition', {
      controller: legacy,
      ip: '192.0.2.32',
      partition: elsewherePartition,
      rules: [rule],
    });
    new F5Ingress(f.cluster, 'BadHealth', {
      controller: legacy,
      ip: '192.0.2.33',
      rules: [rule],
      health: [{ path: 'shop.example.com/health', send: 'GET /', interval: 5, timeout: 16 }],
    });
    new F5Ingress(f.cluster, 'TlsSecret', {
      controller: legacy,
      ip: '192.0.2.34',
      rules: [rule],
      tls: [{ secretName: 'shop-tls' }],
    });
    const elsewhere = nplService(f.cluster, { name: 'api', namespace: 'api' }, 'Api');
    const clusterIp = new FakeBackend(f.cluster, 'Plain', ServiceType.CLUSTER_IP);
    new F5Ingress(f.cluster, 'Backends', {
      controller: legacy,
      ip: '192.0.2.35',
      rules: [
        {
          host: 'shop.example.com',
          paths: [
            { path: '/api', backend: elsewhere },
            { path: '/plain', backend: clusterIp },
          ],
        },
      ],
    });
    new F5Ingress(f.cluster, 'MissingProfile', {
      controller: legacy,
      ip: '192.0.2.36',
      rules: [rule],
      clientSsl: [{ profile: BigipRef.clientSslProfile('/Common/missing') }],
    });
    new LegacyVirtualServerConfigMap(other, 'CrdConfigMap', {
      controller: crd,
      backend: crdWeb,
      bindAddr: '192.0.2.40',
      port: 80,
    });
    new LegacyVirtualServerConfigMap(f.cluster, 'OtherPartition', {
      controller: legacy,
      backend: web,
      bindAddr: '192.0.2.41',
      port: 80,
      partition: crdPartition,
    });
    new LegacyVirtualServerConfigMap(f.cluster, 'OtherNamespace', {
      controller: legacy,
      backend: web,
      namespace: 'shop',
      bindAddr: '192.0.2.42',
      port: 80,
    });
    return f.stack;
  }

  it('lists every mistake at once, each on its construct', () => {
    const problems = synthProblems(stackWithMistakes());
    const byRule = problems.map((p) => `${p.path} ${/\[([a-z0-9-]+:[a-z0-9-]+)\]$/.exec(p.message)?.[1]}`);
    expect(byRule).toEqual([
      'test/Cluster/WrongClass ingress:class-matches-controller',
      'test/Cluster/NoIp ingress:needs-ip',
      'test/Cluster/NoIp ingress:partition-needs-ip',
      'test/Cluster/StackPartition ingress:partition-managed',
      'test/Cluster/BadHealth ingress:health-matches-rule',
      'test/Cluster/TlsSecret ingress:tls-needs-use-secrets',
      'test/Cluster/Backends ingress:backend-same-namespace',
      'test/Cluster/Backends ingress:backend-pool-members',
      'test/Cluster/MissingProfile ingress:bigip-object-exists',
      'test/Cluster/OtherPartition cis:legacy-configmap-partition',
      'test/Cluster/OtherNamespace cis:legacy-configmap-backend',
      'test/Crd/CrdMode ingress:needs-legacy-controller',
      'test/Crd/CrdConfigMap cis:legacy-configmap-needs-legacy-controller',
    ]);
  });
});
