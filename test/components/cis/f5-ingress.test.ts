import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { BigipObjectKind, BigipRef } from '../../../lib/as3/inventory';
import { LoadBalancingMethod } from '../../../lib/as3/load-balancing';
import { synthesizeStack } from '../../../lib/core/synth';
import { BigipPartition, PartitionOwner } from '../../../components/bigip/bigip-partition';
import { type CisControllerProps } from '../../../components/cis/cis-controller';
import { F5Ingress, type F5IngressProps } from '../../../components/cis/f5-ingress';
import { CIS_INGRESS_ANNOTATIONS } from '../../../components/cis/f5-ingress-annotations';
import { IngressHealthType, IngressPathType } from '../../../components/cis/f5-ingress-options';
import { ServiceType } from '../../../components/workloads/service-backend';
import type { NplService } from '../../../components/workloads/npl-service';
import { ServiceRef } from '../../../components/workloads/service-ref';
import {
  expectSynthProblems,
  expectValidationError,
  expectValidationErrors,
  synthProblems,
} from '../../helpers/expect-errors';
import {
  allObjects,
  FakeBackend,
  fixture,
  k8sObject,
  nplService,
  Testing,
  type Doc,
} from '../../helpers/fixture';

const INGRESS = 'test/Cluster/Ingress';
const EXAMPLES = resolve(__dirname, '../../../../shared/cis/examples/ingress/networkingV1');
const available = existsSync(EXAMPLES);
if (!available) console.warn(`[f5-ingress] SKIPPED: F5's Ingress examples are absent under ${EXAMPLES}`);

const INVENTORY = [
  { kind: BigipObjectKind.CLIENT_SSL_PROFILE, path: '/Common/pytest-foo-clientssl' },
  { kind: BigipObjectKind.SERVER_SSL_PROFILE, path: '/Common/pytest-foo-serverssl' },
  { kind: BigipObjectKind.WAF_POLICY, path: '/Common/WAF_Policy' },
];

/** A cluster with a legacy-mode CIS (Ingress), an NplService `svc-1` and `svc-2` in `default`. */
function legacy(cis: Partial<CisControllerProps> = {}, svc1Port = 80) {
  const f = fixture({ cis: { customResourceMode: false, ...cis }, device: { inventory: INVENTORY } });
  const svc1 = nplService(f.cluster, { name: 'svc-1', servicePort: svc1Port }, 'Svc1');
  const svc2 = nplService(f.cluster, { name: 'svc-2', servicePort: 80 }, 'Svc2');
  const build = (props: Partial<F5IngressProps> = {}) =>
    new F5Ingress(f.cluster, 'Ingress', {
      controller: f.cis!,
      name: 'ingress',
      ip: '10.8.3.19',
      rules: [{ host: 'foo.com', paths: [{ path: '/foo', backend: svc1 }] }],
      ...props,
    });
  return { ...f, svc1, svc2, build };
}

const ingressOf = (tree: Record<string, string>, name = 'ingress', namespace = 'default') =>
  k8sObject(tree, 'Ingress', namespace, name);

describe('F5Ingress', () => {
  it('renders an Ingress of the controller class with every annotation it offers', () => {
    const { stack, build, svc1, svc2, partition } = legacy();
    build({
      partition,
      httpPort: 8080,
      httpsPort: 8443,
      balance: LoadBalancingMethod.LEAST_CONNECTIONS_NODE,
      health: [{ path: 'foo.com/foo', send: 'GET / HTTP/1.0\r\n\r\n', recv: 'ok', interval: 5, timeout: 16 }],
      clientSsl: [{ hosts: ['foo.com'], profile: BigipRef.clientSslProfile('/Common/pytest-foo-clientssl') }],
      serverSsl: BigipRef.serverSslProfile('/Common/pytest-foo-serverssl'),
      secureServerSsl: true,
      allowHttp: true,
      sslRedirect: false,
      rewriteAppRoot: { 'foo.com': '/approot1' },
      rewriteTargetUrl: { 'foo.com/foo': 'bar.com/bar' },
      allowSourceRange: ['10.0.0.0/8', '192.168.0.0/16'],
      waf: BigipRef.wafPolicy('/Common/WAF_Policy'),
      translateServerAddress: false,
      rules: [
        { host: 'foo.com', paths: [{ path: '/foo', backend: svc1 }] },
        { host: 'bar.com', paths: [{ path: '/bar', pathType: IngressPathType.PREFIX, backend: svc2 }] },
      ],
      tls: [{ secretName: 'foo-tls', hosts: ['foo.com'] }],
    });
    const tree = Testing.synth(stack);
    const ingress = ingressOf(tree);
    expect(ingress.apiVersion).toBe('networking.k8s.io/v1');
    expect(ingress.metadata.annotations).toEqual({
      'virtual-server.f5.com/ip': '10.8.3.19',
      'virtual-server.f5.com/partition': 'k8s',
      'virtual-server.f5.com/http-port': '8080',
      'virtual-server.f5.com/https-port': '8443',
      'virtual-server.f5.com/balance': 'least-connections-node',
      'virtual-server.f5.com/health':
        '[{"path":"foo.com/foo","send":"GET / HTTP/1.0\\r\\n\\r\\n","recv":"ok","interval":5,"timeout":16}]',
      'virtual-server.f5.com/clientssl':
        '[{"hosts":["foo.com"],"bigIpProfile":"/Common/pytest-foo-clientssl"}]',
      'virtual-server.f5.com/serverssl': '/Common/pytest-foo-serverssl',
      'virtual-server.f5.com/secure-serverssl': 'true',
      'virtual-server.f5.com/rewrite-app-root': 'foo.com=/approot1',
      'virtual-server.f5.com/rewrite-target-url': 'foo.com/foo=bar.com/bar',
      'virtual-server.f5.com/allow-source-range': '10.0.0.0/8,192.168.0.0/16',
      'virtual-server.f5.com/waf': '/Common/WAF_Policy',
      'virtual-server.f5.com/translate-server-address': 'false',
      'ingress.kubernetes.io/ssl-redirect': 'false',
      'ingress.kubernetes.io/allow-http': 'true',
    });
    expect(ingress.spec).toEqual({
      ingressClassName: 'f5',
      rules: [
        {
          host: 'foo.com',
          http: {
            paths: [
              {
                path: '/foo',
                pathType: 'ImplementationSpecific',
                backend: { service: { name: 'svc-1', port: { number: 80 } } },
              },
            ],
          },
        },
        {
          host: 'bar.com',
          http: {
            paths: [
              {
                path: '/bar',
                pathType: 'Prefix',
                backend: { service: { name: 'svc-2', port: { number: 80 } } },
              },
            ],
          },
        },
      ],
      tls: [{ secretName: 'foo-tls', hosts: ['foo.com'] }],
    });
    // The TLS Secret is referenced, never rendered.
    expect(allObjects(tree).filter(({ object }) => object.kind === 'Secret')).toEqual([]);
  });

  it('omits defaults, and uses the controller default IP when ip is unset', () => {
    const { stack, build } = legacy({ defaultIngressIp: '192.0.2.80' });
    const ingress = build({ ip: undefined });
    expect(ingressOf(Testing.synth(stack)).metadata.annotations).toBeUndefined();
    expect(ingress.listeners()).toEqual([{ address: '192.0.2.80', port: 80 }]);
    expect(ingress.partition.partitionName).toBe('k8s');
    expect(ingress.balance).toBe(LoadBalancingMethod.ROUND_ROBIN);
  });

  it('wires the class of the controller, and may share a VIP with another Ingress', () => {
    const { stack, build, cluster, cis, svc2 } = legacy({ ingressClassName: 'bigip' });
    build();
    new F5Ingress(cluster, 'Other', {
      controller: cis!,
      name: 'other',
      ip: '10.8.3.19',
      rules: [{ host: 'bar.com', paths: [{ path: '/bar', backend: svc2 }] }],
    });
    const tree = Testing.synth(stack);
    expect(ingressOf(tree).spec.ingressClassName).toBe('bigip');
    expect(ingressOf(tree, 'other').spec.ingressClassName).toBe('bigip');
    expect(synthesizeStack(stack).warnings).toEqual([]);
  });
});

/** What a builder of an example gets: Services and partitions named as F5's file names them. */
interface ExampleContext {
  svc(name: string, port: number, options?: { namespace?: string; portName?: string }): NplService;
  partition(name: string): BigipPartition;
}

/** F5Ingress props written from one of F5's example Ingresses, to compare field by field. */
const FROM_EXAMPLES: Record<string, (c: ExampleContext) => F5IngressPropsWithoutController> = {
  'ingress/networkingV1/sample-app-root-annotation.yaml': (c) => ({
    name: 'sample-app-root-ingress',
    ip: '10.8.3.19',
    rewriteAppRoot: { 'foo.com': '/approot1', 'bar.com': '/approot2' },
    rules: [
      { host: 'foo.com', paths: [{ path: '/approot1', backend: c.svc('svc-1', 80) }] },
      { host: 'bar.com', paths: [{ path: '/approot2', backend: c.svc('svc-2', 80) }] },
    ],
  }),
  'ingress/networkingV1/sample-url-rewrite-annotation.yaml': (c) => ({
    name: 'sample-url-rewrite-ingress',
    ip: '10.8.3.19',
    rewriteTargetUrl: { 'foo.com/foo': 'bar.com/bar', 'bar.com/bar': 'foo.com/foo' },
    rules: [
      { host: 'foo.com', paths: [{ path: '/foo', backend: c.svc('svc-1', 80) }] },
      { host: 'bar.com', paths: [{ path: '/bar', backend: c.svc('svc-2', 80) }] },
    ],
  }),
  'ingress/networkingV1/ingress-https-monitor.yaml': (c) => ({
    name: 'svc-1',
    ip: '10.8.3.123',
    partition: c.partition('test'),
    httpPort: 80,
    httpsPort: 443,
    balance: LoadBalancingMethod.LEAST_CONNECTIONS_NODE,
    clientSsl: [{ profile: BigipRef.clientSslProfile('/Common/pytest-foo-clientssl') }],
    serverSsl: BigipRef.serverSslProfile('/Common/pytest-foo-serverssl'),
    health: [{ path: '/', send: 'HTTP GET /', type: IngressHealthType.HTTPS, interval: 4, timeout: 5 }],
    defaultBackend: { backend: c.svc('svc-1', 443) },
  }),
  'ingress/networkingV1/ingress-with-translate-address.yaml': (c) => ({
    name: 'k8s18b',
    ip: '1.0.0.1',
    httpPort: 80,
    translateServerAddress: false,
    rules: [{ host: 'pytest-svc2.com', paths: [{ path: '/', backend: c.svc('svc2', 8081) }] }],
  }),
  'ingress/networkingV1/single-service-ingress.yaml': (c) => ({
    name: 'ingress1',
    ip: '10.190.25.70',
    partition: c.partition('test'),
    defaultBackend: { backend: c.svc('svc-1', 80) },
  }),
  'ingress/networkingV1/single-service-namedport-ingress.yaml': (c) => ({
    name: 'ingress1',
    ip: '10.190.25.70',
    partition: c.partition('test'),
    defaultBackend: { backend: c.svc('svc-1', 80, { portName: 'svc1-port' }), servicePort: 'svc1-port' },
  }),
  'ingress/networkingV1/simple-ingress-fanout.yaml': (c) => ({
    name: 'ing-fanout',
    ip: '1.2.3.4',
    partition: c.partition('k8s'),
    balance: LoadBalancingMethod.ROUND_ROBIN,
    rules: [
      {
        host: 'mysite.example.com',
        paths: [
          { path: '/mysite/app1', backend: c.svc('svc-1', 80) },
          { path: '/mysite/app2', backend: c.svc('svc-2', 80) },
        ],
      },
    ],
  }),
  'ingress/networkingV1/ingress-with-health-monitors.yaml': (c) => ({
    name: 'ing1',
    ip: '1.2.3.4',
    partition: c.partition('k8s'),
    health: [
      { path: 'svc1.example.com/app1', send: 'HTTP GET /health/app1', interval: 5, timeout: 10 },
      { path: 'svc2.example.com/app2', send: 'HTTP GET /health/app2', interval: 5, timeout: 5 },
    ],
    rules: [
      { host: 'svc1.example.com', paths: [{ path: '/app1', backend: c.svc('svc1', 8080) }] },
      { host: 'svc2.example.com', paths: [{ path: '/app2', backend: c.svc('svc2', 9090) }] },
    ],
  }),
  'ingress/networkingV1/ingress-with-health-monitors-sslprofile.yaml': (c) => ({
    name: 'ing2',
    ip: '1.2.3.4',
    clientSsl: [{ profile: BigipRef.clientSslProfile('/Common/clientssl') }],
    serverSsl: BigipRef.serverSslProfile('/Common/serverssl'),
    health: [
      {
        path: '/',
        send: 'GET / HTTP/1.0\r\n\r\n',
        recv: 'Hello from',
        interval: 2,
        type: IngressHealthType.HTTPS,
        sslProfile: BigipRef.serverSslProfile('/Common/serverssl'),
        timeout: 5,
      },
    ],
    defaultBackend: { backend: c.svc('svc-1', 443) },
  }),
  'ingress/networkingV1/single-service-tls-ingress.yaml': (c) => ({
    name: 'tls-example-ingress',
    ip: '1.2.3.4',
    clientSsl: [
      { hosts: ['https-example.foo.com'], profile: BigipRef.clientSslProfile('/Common/clientssl') },
    ],
    rules: [
      {
        host: 'https-example.foo.com',
        paths: [{ path: '/', pathType: IngressPathType.PREFIX, backend: c.svc('svc', 80) }],
      },
    ],
  }),
  'ingress/networkingV1/single-service-tls-ingress-2.yaml': (c) => ({
    name: 'tls-example-ingress',
    ip: '1.2.3.4',
    tls: [{ hosts: ['mysite.foo.com'], secretName: 'ingress-example-secret-tls' }],
    rules: [{ host: 'mysite.foo.com', paths: [{ path: '/', backend: c.svc('service1', 80) }] }],
  }),
  'ingress/networkingV1/example-ingress-class-name.yaml': (c) => ({
    name: 'k8s10',
    balance: LoadBalancingMethod.ROUND_ROBIN,
    httpPort: 80,
    defaultBackend: { backend: c.svc('svc', 80) },
  }),
  'ingress/networkingV1/sample-headless-service-ingress.yaml': (c) => ({
    name: 'svc-1-ingress',
    ip: '10.8.10.3',
    partition: c.partition('test'),
    balance: LoadBalancingMethod.LEAST_CONNECTIONS_NODE,
    rules: [{ paths: [{ path: '/', pathType: IngressPathType.PREFIX, backend: c.svc('svc-1', 8080) }] }],
  }),
  'ingress/networkingV1/ingress-with-vs-ip-cidr.yaml': (c) => ({
    name: 'ingress-svc-foo',
    ip: '10.8.0.4/31',
    tls: [{ secretName: 'foo-secret' }],
    rules: [{ host: 'foo.com', paths: [{ path: '/foo', backend: c.svc('svc-1', 80) }] }],
  }),
  'NodePortLocal/ingress.yaml': (c) => ({
    name: 'ingress1',
    namespace: 'cis',
    ip: '10.106.32.11',
    partition: c.partition('testcis'),
    defaultBackend: { backend: c.svc('f5-hello-world', 8080, { namespace: 'cis' }) },
  }),
};

/** F5's Ingress examples that no construct can write, and why. */
const NOT_WRITABLE: Record<string, string> = {
  'ingress/networkingV1/name-based-ingress.yaml':
    'its Services are named myService1 and myService2, which Kubernetes refuses (names are lower case)',
};

type F5IngressPropsWithoutController = Omit<F5IngressProps, 'controller'>;

/** Annotation values compared as CIS reads them: JSON parsed, CIS's own defaults dropped. */
function normalized(annotations: Record<string, string> = {}): Record<string, unknown> {
  const defaults: Record<string, string> = {
    'virtual-server.f5.com/http-port': '80',
    'virtual-server.f5.com/https-port': '443',
    'virtual-server.f5.com/balance': 'round-robin',
    'ingress.kubernetes.io/ssl-redirect': 'true',
    'ingress.kubernetes.io/allow-http': 'false',
  };
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(annotations)) {
    if (defaults[k] === v) continue;
    out[k] = /^\s*[[{]/.test(v) ? JSON.parse(v) : v;
  }
  return out;
}

const CIS_EXAMPLES = resolve(EXAMPLES, '../..');

describe.skipIf(!available)("F5Ingress renders F5's example Ingresses", () => {
  it.each(Object.keys(FROM_EXAMPLES))('%s, field by field', (file) => {
    const theirs = YAML.parseAllDocuments(readFileSync(resolve(CIS_EXAMPLES, file), 'utf8'))
      .map((d) => d.toJSON() as Doc)
      .find((d) => d?.kind === 'Ingress') as Doc;
    const f = fixture({
      cis: { customResourceMode: false, defaultIngressIp: '192.0.2.80' },
      device: { inventory: INVENTORY },
      // F5's NodePortLocal example uses a VIP inside the default service CIDR 10.96.0.0/12.
      cluster: { serviceCidrs: ['10.96.0.0/16'] },
    });
    const partitions = new Map<string, BigipPartition>([['k8s', f.partition]]);
    const context: ExampleContext = {
      svc: (name, port, options = {}) =>
        nplService(f.cluster, { name, servicePort: port, ...options }, `Svc-${name}-${port}`),
      partition: (name) =>
        partitions.get(name) ??
        new BigipPartition(f.stack, `Partition-${name}`, { device: f.device, partitionName: name }),
    };
    new F5Ingress(f.cluster, 'Ingress', { controller: f.cis!, ...FROM_EXAMPLES[file]!(context) });
    const ours = ingressOf(
      Testing.synth(f.stack),
      theirs.metadata.name,
      theirs.metadata.namespace ?? 'default',
    ) as Doc;
    expect(normalized(ours.metadata.annotations)).toEqual(normalized(theirs.metadata.annotations));
    // Deliberate difference: the class is always explicit (the controller's), where an example leaves it out.
    expect(ours.spec).toEqual({ ingressClassName: 'f5', ...theirs.spec });
  });

  it("renders F5's default IngressClass from the controller (our labels added)", () => {
    const theirs = YAML.parse(
      readFileSync(resolve(EXAMPLES, 'example-default-ingress-class.yaml'), 'utf8'),
    ) as Doc;
    const { stack } = fixture({ cis: { customResourceMode: false, isDefaultIngressController: true } });
    const ours = k8sObject(Testing.synth(stack), 'IngressClass', undefined, 'f5');
    expect(ours.spec).toEqual(theirs.spec);
    expect(ours.metadata.annotations).toEqual(theirs.metadata.annotations);
    expect(ours.metadata.name).toBe(theirs.metadata.name);
  });

  it('writes every Ingress of F5’s examples but the listed ones', () => {
    const files = [
      ...readdirSync(EXAMPLES).map((f) => `ingress/networkingV1/${f}`),
      'NodePortLocal/ingress.yaml',
    ].filter((f) => readFileSync(resolve(CIS_EXAMPLES, f), 'utf8').includes('kind: Ingress\n'));
    expect(files.filter((f) => !(f in FROM_EXAMPLES) && !(f in NOT_WRITABLE))).toEqual([]);
    expect(Object.keys(FROM_EXAMPLES)).toHaveLength(15);
  });

  it("every annotation of F5's Ingress examples has a prop (or a refusal)", () => {
    const annotations = new Set(
      readdirSync(EXAMPLES)
        .filter((f) => f.endsWith('.yaml'))
        .flatMap((f) => YAML.parseAllDocuments(readFileSync(resolve(EXAMPLES, f), 'utf8')))
        .map((d) => d.toJSON() as Doc)
        .filter((d) => d?.kind === 'Ingress')
        .flatMap((d) => Object.keys(d.metadata?.annotations ?? {})),
    );
    expect(annotations.size).toBeGreaterThan(10);
    expect([...annotations].filter((a) => !(a in CIS_INGRESS_ANNOTATIONS))).toEqual([]);
  });
});

describe('F5Ingress annotation table', () => {
  it('names only props an F5Ingress renders to that annotation', () => {
    const { stack, build, partition } = legacy();
    build({
      partition,
      httpPort: 81,
      httpsPort: 444,
      balance: LoadBalancingMethod.RATIO_MEMBER,
      health: [{ path: 'foo.com/foo', send: 'GET /', interval: 5, timeout: 16 }],
      clientSsl: [{ profile: BigipRef.clientSslProfile('/Common/clientssl') }],
      serverSsl: BigipRef.serverSslProfile('/Common/serverssl'),
      secureServerSsl: true,
      rewriteAppRoot: { 'foo.com': '/app' },
      rewriteTargetUrl: { 'foo.com/foo': 'foo.com/bar' },
      allowSourceRange: ['10.0.0.0/8'],
      waf: BigipRef.wafPolicy('/Common/WAF_Policy'),
      translateServerAddress: false,
    });
    const rendered = ingressOf(Testing.synth(stack)).metadata.annotations as Record<string, string>;
    for (const [annotation, mapping] of Object.entries(CIS_INGRESS_ANNOTATIONS)) {
      if ('refused' in mapping) expect(rendered[annotation]).toBeUndefined();
      else if (!mapping.note?.includes('rendered as')) expect(rendered[annotation], annotation).toBeDefined();
    }
  });
});

describe('F5Ingress fails when', () => {
  it("'ingress:needs-legacy-controller': the controller runs in custom-resource mode", () => {
    const f = fixture();
    const svc = nplService(f.cluster, { name: 'svc-1' });
    new F5Ingress(f.cluster, 'Ingress', {
      controller: f.cis!,
      ip: '10.8.3.19',
      rules: [{ host: 'foo.com', paths: [{ backend: svc }] }],
    });
    expectSynthProblems(f.stack, [
      {
        path: INGRESS,
        message: `'controller' [test/Cluster/Cis] runs in custom-resource mode, which watches no Ingress; use a CisController with 'customResourceMode' false, or an F5VirtualServer [ingress:needs-legacy-controller]`,
      },
    ]);
  });

  it("'ingress:controller-manages-ingress': the controller has manageIngress false", () => {
    const { stack, build } = legacy({ manageIngress: false });
    build();
    expectSynthProblems(stack, [
      {
        path: INGRESS,
        message: `'controller' [test/Cluster/Cis] has 'manageIngress' false and ignores every Ingress [ingress:controller-manages-ingress]`,
      },
    ]);
  });

  it("'ingress:class-matches-controller': ingressClassName is not the controller's", () => {
    const { stack, build } = legacy();
    build({ ingressClassName: 'nginx' });
    expectSynthProblems(stack, [
      {
        path: INGRESS,
        message: `'ingressClassName' "nginx" is not the class of [test/Cluster/Cis] ("f5"); CIS would ignore the Ingress [ingress:class-matches-controller]`,
      },
    ]);
  });

  it("'ingress:needs-ip' and 'ingress:partition-needs-ip': no ip anywhere, and a partition without ip", () => {
    const { stack, build, partition } = legacy();
    build({ ip: undefined, partition });
    expectSynthProblems(stack, [
      {
        path: INGRESS,
        message: `neither 'ip' nor 'defaultIngressIp' of [test/Cluster/Cis] is set: CIS has no address for the virtual [ingress:needs-ip]`,
      },
      {
        path: INGRESS,
        message: `'partition' "k8s" needs an explicit 'ip': CIS skips an Ingress with a partition annotation and no ip annotation [ingress:partition-needs-ip]`,
      },
    ]);
  });

  it("'ingress:partition-managed': the partition is not one the controller manages", () => {
    const { stack, build, device } = legacy();
    const other = new BigipPartition(stack, 'Other', {
      device,
      partitionName: 'other',
      owner: PartitionOwner.STACK,
    });
    build({ partition: other });
    const problems = synthProblems(stack).filter((p) => p.path === INGRESS);
    expect(problems.map((p) => p.message)).toEqual([
      `'partition' "other" is not a CIS partition [test/Cluster/Cis] manages (its partition, or an allowed one on device bigip) [ingress:partition-managed]`,
    ]);
  });

  it("'ingress:health-matches-rule': a health monitor's path matches no rule", () => {
    const { stack, build } = legacy();
    build({ health: [{ path: 'foo.com/bar', send: 'GET /', interval: 5, timeout: 16 }] });
    expectSynthProblems(stack, [
      {
        path: INGRESS,
        message: `'health' path "foo.com/bar" is not the host/path of any rule ("foo.com/foo"); CIS would drop the monitor [ingress:health-matches-rule]`,
      },
    ]);
  });

  it("'ingress:tls-needs-use-secrets': TLS Secrets with useSecrets false", () => {
    const { stack, build } = legacy({ useSecrets: false });
    build({ tls: [{ secretName: 'foo-tls' }] });
    expectSynthProblems(stack, [
      {
        path: INGRESS,
        message: `'tls' names Secrets, but [test/Cluster/Cis] has 'useSecrets' false and never reads them [ingress:tls-needs-use-secrets]`,
      },
    ]);
  });

  it("'ingress:backend-same-namespace' and 'ingress:backend-pool-members': a Service elsewhere, a Service CIS cannot use", () => {
    const { stack, cluster, cis } = legacy();
    const shop = nplService(cluster, { name: 'shop', namespace: 'shop' }, 'Shop');
    const plain = new FakeBackend(cluster, 'Plain', ServiceType.CLUSTER_IP);
    new F5Ingress(cluster, 'Ingress', {
      controller: cis!,
      ip: '10.8.3.19',
      rules: [
        {
          host: 'foo.com',
          paths: [
            { path: '/a', backend: shop },
            { path: '/b', backend: plain },
          ],
        },
      ],
    });
    expectSynthProblems(stack, [
      {
        path: INGRESS,
        message: `backend Service shop/shop is not in the Ingress namespace "default" [ingress:backend-same-namespace]`,
      },
      {
        path: INGRESS,
        message: `'backend' Service default/plain lacks the NodePortLocal annotation, but [test/Cluster/Cis] uses pool member type nodeportlocal: the pool would stay empty; use an NplService [ingress:backend-pool-members]`,
      },
    ]);
  });

  it("'ingress:bigip-object-exists': a profile is not in the device inventory", () => {
    const { stack, build } = legacy();
    build({ clientSsl: [{ profile: BigipRef.clientSslProfile('/Common/missing') }] });
    const messages = synthProblems(stack).map((p) => p.message);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(
      /^'clientSsl\[0\]\.profile' references client-ssl-profile \/Common\/missing, which is not in the inventory of device bigip .*\[ingress:bigip-object-exists\]$/,
    );
  });

  it('annotation values are malformed, all reported at once', () => {
    const { build } = legacy();
    expectValidationErrors(
      () =>
        build({
          ip: '10.8.3',
          httpPort: 0,
          balance: 'fastest' as LoadBalancingMethod,
          health: [{ path: 'nohost', send: '', interval: 0, timeout: 5 }],
          allowSourceRange: ['10.0.0.0'],
          rewriteAppRoot: { 'foo.com': 'approot' },
          serverSsl: BigipRef.clientSslProfile('/Common/clientssl'),
        }),
      INGRESS,
      [
        `'ip' must be an IPv4 or IPv6 address (or address block), got "10.8.3"`,
        `'httpPort' must be an integer from 1 to 65535, got 0`,
        /^'balance' must be one of .*, got "fastest"$/,
        `'health[0].path' must be "<host>/<path>" of a rule (or "/"), got "nohost"`,
        `'health[0].send' must be a non-empty string, got ""`,
        `'health[0].interval' must be an integer from 1 to 86400, got 0`,
        /^'serverSsl' must be a BigipRef of kind server-ssl-profile, got /,
        `'rewriteAppRoot[foo.com]' must be a path "/…", got "approot"`,
        `'allowSourceRange[0]' must be an address block such as "10.0.0.0/8", got "10.0.0.0"`,
      ],
    );
  });

  it('it has neither rules nor a default backend', () => {
    const { build } = legacy();
    expectValidationError(
      () => build({ rules: [] }),
      INGRESS,
      `one of 'rules' and 'defaultBackend' is required: an Ingress without either sends nowhere`,
    );
  });
});

describe('F5Ingress warns when', () => {
  it("'ingress:tls-hosts-in-rules': a TLS host is not a rule host", () => {
    const { stack, build } = legacy();
    build({ tls: [{ secretName: 'foo-tls', hosts: ['fo.com'] }] });
    expect(synthesizeStack(stack).warnings).toEqual([
      {
        id: 'ingress:tls-hosts-in-rules',
        path: INGRESS,
        message: `TLS hosts "fo.com" are not hosts of any rule ("foo.com")`,
      },
    ]);
  });

  it("'cis:named-port-target-unverified': in nodeportlocal mode a path names the port of a Service the stack does not deploy", () => {
    const { stack, build, cluster, svc1 } = legacy();
    const theirs = ServiceRef.fromName(cluster, 'default', 'cart', 8080, {
      portName: 'web',
      nodePortLocal: true,
    });
    build({
      rules: [
        {
          host: 'foo.com',
          paths: [
            { path: '/cart', backend: theirs, servicePort: 'web' },
            { path: '/foo', backend: svc1, servicePort: 'http' },
          ],
        },
      ],
    });
    expect(synthesizeStack(stack).warnings).toEqual([
      {
        id: 'cis:named-port-target-unverified',
        path: INGRESS,
        message: `'rules[0].paths[0].servicePort' names port "web" of Service default/cart, which this stack does not deploy; in nodeportlocal mode CIS finds members by the Service's targetPort, and a named targetPort resolves only if the pods declare a containerPort of that name, which the stack cannot check`,
      },
    ]);
  });
});
