import { Duration } from 'cdk8s';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { As3Application, ApplicationTemplate } from '../../lib/as3/application';
import { BigipObjectKind, BigipRef } from '../../lib/as3/inventory';
import { As3IRule } from '../../lib/as3/irule';
import { LoadBalancingMethod } from '../../lib/as3/load-balancing';
import { As3Monitor, MonitorType } from '../../lib/as3/monitor';
import { As3Persist, PersistenceMethod } from '../../lib/as3/persist';
import { As3Pool } from '../../lib/as3/pool';
import { As3ServiceHttp, As3ServiceTcp } from '../../lib/as3/service';
import { Snat } from '../../lib/as3/snat';
import { As3SnatPool } from '../../lib/as3/snat-pool';
import { As3Certificate, As3TlsServer } from '../../lib/as3/tls';
import { synthesizeApp } from '../../lib/core/synth';
import { BigipDevice } from '../../components/bigip/bigip-device';
import { BigipPartition, PartitionOwner } from '../../components/bigip/bigip-partition';
import { BigipVirtualServer, VirtualServerProtocol } from '../../components/bigip/bigip-virtual-server';
import { CisController, CisLogLevel, PoolMemberType } from '../../components/cis/cis-controller';
import { F5TransportServer, TransportServerMode } from '../../components/cis/f5-transport-server';
import { F5VirtualServer, HttpTraffic } from '../../components/cis/f5-virtual-server';
import { TlsProfile, TlsTermination, TlsVersion } from '../../components/cis/tls-profile';
import { Cni, Networking } from '../../components/networking/cluster-network';
import { NodePortService } from '../../components/workloads/node-port-service';
import { NplService } from '../../components/workloads/npl-service';
import { Protocol, ServiceType } from '../../components/workloads/service-backend';
import { VksCluster } from '../../components/workloads/vks-cluster';
import { badError, mutatedProps, outputProblems } from '../helpers/fuzz';
import { fixture, type Fixture } from '../helpers/fixture';

/**
 * Every construct answers any props — wrong types from plain JavaScript, near misses of every rule —
 * with a typed error that names its construct path, or with output that Kubernetes, the CIS CRD and AS3
 * accept (issue 10). Seeded and bounded: the same cases on every run, about 10,000 in all (950 per construct, 11 constructs).
 */

const SEED = 20261201;
const RUNS = Number(process.env.VKS_BIGIP_FUZZ_RUNS ?? 950);

type Build = (f: Fixture, props: Record<string, unknown>) => unknown;

interface Subject {
  readonly name: string;
  readonly fixture?: () => Fixture;
  readonly build: Build;
  /** Valid props (given the fixture), resolved per case. */
  readonly baseline: (f: Fixture) => Record<string, unknown>;
  /** Per prop: valid alternatives and near misses. */
  readonly candidates: (f: Fixture) => Record<string, readonly unknown[]>;
}

const names = ['web', 'Web', '1web', 'web-', 'w', 'web.app', 'x'.repeat(64), 'dc', 'a_b'];
const namespaces = ['default', 'shop', 'Shop', '1ns', 'kube-system', 'a', 'x'.repeat(64)];
const addresses = ['192.0.2.10', '2001:db8::10', '192.0.2.300', 'fe80::1%eth0', '10.0.0.0/8', 'localhost'];
const ports = [80, 443, 0, 65536, 8080.5, -1, 30080];
const nodePortFixture = () =>
  fixture({ cluster: { nodePortLocalEnabled: false }, cis: { poolMemberType: PoolMemberType.NODE_PORT } });

const SUBJECTS: Subject[] = [
  {
    name: 'VksCluster',
    build: (f, props) => new VksCluster(f.stack, 'Fuzzed', props as never),
    baseline: () => ({ clusterName: 'c2', vsphereNamespace: 'ns2' }),
    candidates: () => ({
      clusterName: ['c3', 'supervisor', 'C2', 'c1', ...names],
      vsphereNamespace: namespaces,
      cni: [Cni.ANTREA, Cni.CALICO, 'cilium'],
      networking: [Networking.VDS, Networking.NSX, 'aci'],
      podCidrs: [['10.244.0.0/16'], ['10.96.0.0/12'], [], ['fe80::/64'], ['10.0.0.1']],
      serviceCidrs: [['10.97.0.0/16'], ['192.168.0.0/16'], ['bad']],
      nodeAddresses: [['10.0.0.1'], ['10.0.0.1', 'x'], ['fe80::1%eth0']],
      nodePortLocalEnabled: [true, false, 'true'],
      nodePortLocalPortRange: ['61000-62000', '62000-61000', '1-70000', '61000'],
      manageAntreaConfig: [true, false, 0],
    }),
  },
  {
    name: 'BigipDevice',
    build: (f, props) => new BigipDevice(f.stack, 'Fuzzed', props as never),
    baseline: () => ({ url: 'https://192.0.2.9' }),
    candidates: () => ({
      url: [
        'https://192.0.2.1',
        'http://192.0.2.9',
        'https://u:p@h',
        'https://h/path',
        'https://[2001:db8::9]:8443',
        'nope',
      ],
      deviceName: ['bigip-b', 'bigip', 'Bigip', 'a.b', ...names],
      inventory: [
        [{ kind: BigipObjectKind.IRULE, path: '/Common/r1' }],
        [{ kind: 'thing', path: '/Common/x' }],
        [{ kind: BigipObjectKind.VLAN, path: 'Common/x' }],
        [null],
      ],
    }),
  },
  {
    name: 'BigipPartition',
    build: (f, props) => new BigipPartition(f.stack, 'Fuzzed', props as never),
    baseline: (f) => ({ device: f.device, partitionName: 'other' }),
    candidates: (f) => ({
      device: [f.device, f.partition, { deviceName: 'x' }],
      partitionName: ['k8s', 'Common', 'k8s_AS3', 'a', '1x', 'x'.repeat(191), 'ok.name-1'],
      owner: [PartitionOwner.CIS, PartitionOwner.STACK, PartitionOwner.CIS_AS3_CONFIGMAP, 'nobody'],
      defaultRouteDomain: [0, 2, 65535, 70_000, -1],
      adoptExisting: [true, false, 'yes'],
    }),
  },
  {
    name: 'CisController',
    build: (f, props) => {
      const partition = new BigipPartition(f.stack, 'Second', { device: f.device, partitionName: 'k8s2' });
      return new CisController(f.cluster, 'Fuzzed', { partition, ...props } as never);
    },
    baseline: (f) => ({
      device: f.device,
      trustedCertsConfigMap: 'kube-system/bigip-ca',
      name: 'cis-two',
      ingressClassName: 'f5-two',
      poolMemberType: PoolMemberType.NODE_PORT_LOCAL,
    }),
    candidates: (f) => ({
      device: [f.device, f.partition],
      poolMemberType: [...Object.values(PoolMemberType), 'pods'],
      customResourceMode: [true, false, 'no'],
      logLevel: [...Object.values(CisLogLevel), 'trace'],
      trustedCertsConfigMap: ['kube-system/ca', 'ca', 'a/b/c', undefined],
      insecure: [true, false],
      loginSecretName: ['login', 'Login', ''],
      namespace: namespaces,
      watchNamespaces: [['shop'], ['Shop'], [], 'shop'],
      namespaceLabel: ['team=a', '', ' '],
      ipam: [true, false],
      staticRoutingMode: [true, false],
      ingressClassName: ['f5', 'F5', 'f5-two'],
      imageRepository: ['registry.example.com/f5/ctlr', 'UPPER/x', 'with space'],
      imageTag: ['2.20.4', 'latest', '@sha256:' + 'a'.repeat(64), ' 2.20.4'],
      name: ['k8s-bigip-ctlr', 'cis-two', 'Cis'],
    }),
  },
  {
    name: 'NplService',
    build: (f, props) => new NplService(f.cluster, 'Fuzzed', props as never),
    baseline: () => ({ image: 'nginx:1.27.0', containerPort: 8080 }),
    candidates: () => ({
      image: [
        'nginx',
        'nginx:latest',
        ' nginx:1 ',
        'registry.example.com:5000/a/b@sha256:' + 'b'.repeat(64),
        '',
      ],
      containerPort: ports,
      portName: ['http', 'HTTP', 'http_alt', 'a-very-long-port-name', '8080'],
      servicePort: ports,
      protocol: [Protocol.TCP, Protocol.UDP, Protocol.SCTP, 'tcp'],
      replicas: [0, 1, 3, -1, 1.5, 20_000],
      namespace: namespaces,
      name: names,
      serviceType: [ServiceType.CLUSTER_IP, ServiceType.LOAD_BALANCER, ServiceType.NODE_PORT, 'ExternalName'],
      env: [{ A: 'b' }, { '': 'x' }, { 'a=b': 'c' }, { A: 1 }, { '1A': 'x' }, 'A=b'],
    }),
  },
  {
    name: 'NodePortService',
    build: (f, props) => new NodePortService(f.cluster, 'Fuzzed', props as never),
    baseline: () => ({ selector: { app: 'ingress' }, port: 80, nodePort: 30081 }),
    candidates: () => ({
      selector: [{ app: 'x' }, {}, { 'bad key': 'x' }, { app: 'x'.repeat(64) }, { 'a/b/c': 'x' }],
      port: ports,
      portName: ['http', 'HTTP', ''],
      targetPort: ports,
      nodePort: [30000, 32767, 29999, 40000, undefined],
      protocol: [Protocol.TCP, Protocol.UDP, 'udp'],
      serviceType: [ServiceType.NODE_PORT, ServiceType.LOAD_BALANCER, ServiceType.CLUSTER_IP],
      namespace: namespaces,
      name: names,
    }),
  },
  {
    name: 'F5VirtualServer',
    build: (f, props) => {
      const web = new NplService(f.cluster, 'Web', {
        name: 'web',
        image: 'nginx:1.27.0',
        containerPort: 8080,
      });
      const pools = props.pools === 'web' ? [{ service: web }] : props.pools;
      return new F5VirtualServer(f.cluster, 'Fuzzed', { ...props, pools } as never);
    },
    baseline: (f) => ({ partition: f.partition, virtualServerAddress: '192.0.2.10', pools: 'web' }),
    candidates: (f) => ({
      partition: [f.partition, f.device],
      virtualServerAddress: addresses,
      ipamLabel: ['range-a', 'ab', '1range', 'range-'],
      host: ['shop.example.com', '*.example.com', 'shop_example.com', '-a.b', 'a..b'],
      hostAliases: [['www.example.com'], ['bad host'], 'www'],
      hostGroup: ['shop', '1shop', 'a'.repeat(300) + '!'],
      virtualServerName: ['shop_vs', '_vs', 'shop vs'],
      virtualServerHTTPPort: ports,
      virtualServerHTTPSPort: ports,
      httpTraffic: [HttpTraffic.REDIRECT, 'sometimes'],
      snat: [Snat.AUTO, Snat.NONE, Snat.bigip(BigipRef.snatPool('/Common/none-here')), 'auto'],
      bigipRouteDomain: [0, 3, 70_000],
      iRules: [[BigipRef.iRule('/Common/none-here')], ['/Common/x'], [BigipRef.iRule('x')]],
      pools: ['web', [], [{}], [{ service: 'web' }], 'web'],
      namespace: namespaces,
      name: names,
    }),
  },
  {
    name: 'F5TransportServer',
    fixture: nodePortFixture,
    build: (f, props) => {
      const db = new NodePortService(f.cluster, 'Db', {
        name: 'db',
        selector: { app: 'db' },
        port: 5432,
        nodePort: 30432,
      });
      return new F5TransportServer(f.cluster, 'Fuzzed', {
        ...props,
        service: props.service === 'db' ? db : props.service,
      } as never);
    },
    baseline: (f) => ({
      partition: f.partition,
      virtualServerAddress: '192.0.2.20',
      virtualServerPort: 5432,
      service: 'db',
    }),
    candidates: (f) => ({
      partition: [f.partition],
      virtualServerAddress: addresses,
      ipamLabel: ['range-b', 'x'],
      virtualServerPort: ports,
      service: ['db', 'db', {}, 'not-a-service'],
      servicePort: [5432, 5433, 'x'],
      mode: [TransportServerMode.STANDARD, TransportServerMode.PERFORMANCE, 'fast'],
      type: [Protocol.TCP, Protocol.UDP, Protocol.SCTP, 'quic'],
      monitorType: [MonitorType.TCP, MonitorType.UDP, MonitorType.HTTP2, 'ldap'],
      monitorInterval: [Duration.seconds(5), Duration.seconds(30), 5],
      monitorTimeout: [Duration.seconds(16), Duration.seconds(1)],
      loadBalancingMethod: [LoadBalancingMethod.RATIO_MEMBER, 'fastest-guess'],
      snat: [Snat.SELF, Snat.NONE],
      namespace: namespaces,
      name: names,
    }),
  },
  {
    name: 'TlsProfile',
    build: (f, props) => new TlsProfile(f.cluster, 'Fuzzed', props as never),
    baseline: () => ({
      termination: TlsTermination.EDGE,
      clientSslProfiles: [BigipRef.clientSslProfile('/Common/clientssl')],
    }),
    candidates: () => ({
      termination: [...Object.values(TlsTermination), 'offload'],
      clientSslProfiles: [
        [BigipRef.clientSslProfile('/Common/clientssl')],
        [],
        [BigipRef.serverSslProfile('/Common/serverssl')],
        ['/Common/clientssl'],
      ],
      clientSslSecrets: [['shop-tls'], ['1tls'], ['Shop'], undefined],
      serverSslProfiles: [[BigipRef.serverSslProfile('/Common/serverssl')], undefined],
      serverSslSecrets: [['back-tls'], undefined],
      hosts: [['shop.example.com'], ['bad_host'], 'shop'],
      tlsVersion: [...Object.values(TlsVersion), '1.4'],
      ciphers: ['ECDHE', 7],
      cipherGroup: [BigipRef.cipherGroup('/Common/f5-secure'), '/Common/f5-default', undefined],
      namespace: namespaces,
      name: names,
    }),
  },
  {
    name: 'BigipVirtualServer',
    build: (f, props) => {
      const apps = new BigipPartition(f.stack, 'Apps', {
        device: f.device,
        partitionName: 'apps',
        owner: PartitionOwner.STACK,
      });
      const cluster = new VksCluster(f.stack, 'Front', {
        clusterName: 'front',
        vsphereNamespace: 'ns',
        nodeAddresses: ['10.0.0.11'],
      });
      const ingress = new NodePortService(cluster, 'Ingress', {
        selector: { app: 'ingress' },
        port: 80,
        nodePort: 30080,
      });
      const service = props.service === 'ingress' ? ingress : props.service;
      return new BigipVirtualServer(f.stack, 'Fuzzed', {
        ...props,
        partition: props.partition === 'apps' ? apps : props.partition,
        service,
      } as never);
    },
    baseline: () => ({ partition: 'apps', virtualAddress: '192.0.2.30', service: 'ingress' }),
    candidates: (f) => ({
      partition: ['apps', f.partition],
      virtualAddress: [...addresses, '192.0.2.30%2'],
      protocol: [...Object.values(VirtualServerProtocol), 'sctp'],
      virtualPort: ports,
      service: ['ingress', undefined, {}],
      serverAddresses: [['10.1.1.1'], ['bad'], undefined],
      memberPort: ports,
      monitors: [[MonitorType.HTTP], [MonitorType.HTTP, MonitorType.HTTP], ['ldap']],
      loadBalancingMode: [LoadBalancingMethod.LEAST_CONNECTIONS_MEMBER, 'x'],
      redirect80: [true, false],
      snat: [Snat.AUTO, Snat.NONE, 'auto'],
      applicationName: ['web', '1web', 'Shared', 'class'],
    }),
  },
  {
    name: 'As3 model objects',
    build: (f, props) => {
      const apps = new BigipPartition(f.stack, 'Apps', {
        device: f.device,
        partitionName: 'apps',
        owner: PartitionOwner.STACK,
      });
      const app = new As3Application(f.stack, 'App', {
        tenant: apps,
        name: String(props.application ?? 'web'),
        template: props.template as never,
      });
      const monitor = new As3Monitor(app, 'Mon', {
        monitorType: props.monitorType as never,
        interval: props.interval as never,
        timeout: props.timeout as never,
        send: props.send as never,
      });
      const pool = new As3Pool(app, 'Pool', {
        monitors: [monitor],
        members: props.members as never,
        loadBalancingMode: props.loadBalancingMode as never,
      });
      const persist = new As3Persist(app, 'Persist', {
        persistenceMethod: props.persistenceMethod as never,
        cookieName: props.cookieName as never,
      });
      const rule = new As3IRule(app, 'Rule', { iRule: props.iRule as never });
      const snat = new As3SnatPool(app, 'Snat', { snatAddresses: props.snatAddresses as never });
      const cert = new As3Certificate(app, 'Cert', {
        certificate: BigipRef.sslCertificate('/Common/default.crt'),
        privateKey: props.privateKey as never,
      });
      new As3TlsServer(app, 'Tls', { certificates: [{ certificate: cert }] });
      const Service = props.template === ApplicationTemplate.TCP ? As3ServiceTcp : As3ServiceHttp;
      return new Service(app, 'serviceMain', {
        virtualAddresses: props.virtualAddresses as never,
        virtualPort: props.virtualPort as never,
        pool,
        snat: props.snat === 'pool' ? Snat.pool(snat) : (props.snat as never),
        iRules: [rule],
        persistenceMethods: [persist],
      });
    },
    baseline: () => ({
      application: 'web',
      template: ApplicationTemplate.HTTP,
      monitorType: MonitorType.HTTP,
      members: [{ servicePort: 8080, serverAddresses: ['10.1.1.1'] }],
      persistenceMethod: PersistenceMethod.COOKIE,
      iRule: 'when HTTP_REQUEST { }',
      snatAddresses: ['192.0.2.201'],
      virtualAddresses: ['192.0.2.31'],
      virtualPort: 80,
    }),
    candidates: () => ({
      application: ['web', 'Shared', 'class', '1x', 'a'.repeat(191)],
      template: [ApplicationTemplate.GENERIC, ApplicationTemplate.HTTP, ApplicationTemplate.TCP, 'mystery'],
      monitorType: [...Object.values(MonitorType), 'ldap'],
      interval: [Duration.seconds(5), Duration.seconds(4000), 5],
      timeout: [Duration.seconds(16), Duration.seconds(2)],
      send: ['GET /', 7],
      members: [
        [
          { servicePort: 8080, serverAddresses: ['10.1.1.1'] },
          { servicePort: 8080, serverAddresses: ['10.1.1.1'] },
        ],
        [{ servicePort: -1 }],
        [{}],
        'x',
      ],
      loadBalancingMode: [LoadBalancingMethod.RATIO_MEMBER, 'x'],
      persistenceMethod: [...Object.values(PersistenceMethod), 'sticky'],
      cookieName: ['c1', 'bad cookie', 'x'.repeat(65)],
      iRule: ['when HTTP_REQUEST { }', '', 5],
      snatAddresses: [['192.0.2.201'], [], ['x'], ['192.0.2.201', '192.0.2.201']],
      privateKey: [BigipRef.sslKey('/Common/default.key'), '-----BEGIN PRIVATE KEY-----', undefined],
      virtualAddresses: [['192.0.2.31'], [], ['bad'], ['192.0.2.31%70000']],
      virtualPort: ports,
      snat: [Snat.AUTO, 'pool', Snat.bigip(BigipRef.snatPool('/Common/none-here'))],
    }),
  },
];

/** Props drawn against the template fixture, pointed at the fresh fixture of the case. */
function rebind(props: Record<string, unknown>, template: Fixture, fresh: Fixture): Record<string, unknown> {
  const swap = new Map<unknown, unknown>([
    [template.device, fresh.device],
    [template.partition, fresh.partition],
    [template.cluster, fresh.cluster],
    [template.stack, fresh.stack],
  ]);
  const one = (v: unknown) => (swap.has(v) ? swap.get(v) : v);
  return Object.fromEntries(
    Object.entries(props).map(([k, v]) => [k, Array.isArray(v) ? v.map(one) : one(v)]),
  );
}

/** Props in failure messages: constructs by path. */
const show = (props: Record<string, unknown>) =>
  JSON.stringify(props, (_k, v) =>
    v && typeof v === 'object' && 'node' in v ? `[${(v as { node: { path: string } }).node.path}]` : v,
  );

describe('construct props fuzz', () => {
  it.each(SUBJECTS.map((s) => [s.name, s] as const))('%s: the baseline props are valid', (_name, subject) => {
    const f = (subject.fixture ?? (() => fixture()))();
    subject.build(f, subject.baseline(f));
    expect(synthesizeApp(f.app).stacks.flatMap(outputProblems)).toEqual([]);
  });

  it.each(SUBJECTS.map((s) => [s.name, s] as const))(
    '%s: a typed error with a path, or valid output',
    (_name, subject) => {
      const makeFixture = subject.fixture ?? (() => fixture());
      const template = makeFixture();
      const arbitrary = mutatedProps(subject.baseline(template), subject.candidates(template));
      let built = 0;
      fc.assert(
        fc.property(arbitrary, (drawn) => {
          const f = makeFixture();
          const props = rebind(drawn, template, f);
          let outcome: string | undefined;
          try {
            subject.build(f, props);
            const problems = synthesizeApp(f.app).stacks.flatMap(outputProblems);
            outcome = problems.length ? `invalid output: ${problems.slice(0, 5).join('; ')}` : undefined;
            built += 1;
          } catch (error) {
            outcome = badError(error);
          }
          expect(outcome, show(props)).toBeUndefined();
        }),
        { seed: SEED, numRuns: RUNS, endOnFailure: true },
      );
      // The baseline is valid, so some cases must get through to output: the fuzz checks outputs too.
      expect(built).toBeGreaterThan(0);
    },
    120_000,
  );
});
