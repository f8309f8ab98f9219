import { Duration, JsonPatch } from 'cdk8s';
import { BigipObjectKind, BigipRef } from '../../lib/as3/inventory';
import { describe, expect, it } from 'vitest';
import { App } from '../../lib/core/app';
import { Testing } from '../../lib/testing/testing';
import { PoolMemberType } from '../../components/cis/cis-controller';
import { F5TransportServer, TransportServerMode } from '../../components/cis/f5-transport-server';
import { F5VirtualServer, HttpTraffic } from '../../components/cis/f5-virtual-server';
import { LoadBalancingMethod } from '../../components/cis/pool-options';
import { MonitorType } from '../../lib/as3/monitor';
import { Snat } from '../../lib/as3/snat';
import { ServiceType, Protocol } from '../../components/workloads/service-backend';
import { TlsProfile, TlsTermination, TlsVersion } from '../../components/cis/tls-profile';
import { defineDev } from '../../stacks/dev';
import {
  checkConformance,
  CIS_CRD_FILE,
  cisCrdsAvailable,
  evaluateCel,
  loadCisCrds,
  toAjvSchema,
} from '../helpers/cis-crd';
import { allObjects, FakeBackend, fixture, nplService, type Doc } from '../helpers/fixture';

const available = cisCrdsAvailable();
if (!available) {
  console.warn(
    `[cis-crd-schema] SKIPPED: ${CIS_CRD_FILE} does not exist (the sibling ../shared folder is absent), so CIS ` +
      'custom resources are not validated against the CRD schema in this run.',
  );
}

const CIS_KINDS = new Set([
  'VirtualServer',
  'TLSProfile',
  'TransportServer',
  'ExternalDNS',
  'IngressLink',
  'Policy',
]);

/** The CIS custom resources of a synthesized tree. */
function cisResources(tree: Record<string, string>): Array<{ path: string; object: Doc }> {
  return allObjects(tree).filter(
    ({ object }) => object.apiVersion === 'cis.f5.com/v1' && CIS_KINDS.has(object.kind),
  );
}

function expectConformant(tree: Record<string, string>, minimum: Record<string, number>) {
  const resources = cisResources(tree);
  for (const [kind, count] of Object.entries(minimum)) {
    expect(
      resources.filter((r) => r.object.kind === kind).length,
      `${kind} resources`,
    ).toBeGreaterThanOrEqual(count);
  }
  for (const { path, object } of resources) {
    const result = checkConformance(object);
    expect({ path, schemaErrors: result.schemaErrors, celErrors: result.celErrors }).toEqual({
      path,
      schemaErrors: [],
      celErrors: [],
    });
  }
}

/** A stack with a VirtualServer using every feature the construct offers, TLS profiles and a second VS. */
function virtualServerFixture() {
  const f = fixture({
    cis: { ipam: true, enableIpv6: true },
    device: {
      inventory: [
        { kind: BigipObjectKind.SNAT_POOL, path: '/Common/snat-pool' },
        { kind: BigipObjectKind.IRULE, path: '/Common/my_irule' },
        { kind: BigipObjectKind.IRULE, path: '/k8s/app/rule-2' },
        { kind: BigipObjectKind.CLIENT_SSL_PROFILE, path: '/Common/clientssl-secure' },
        { kind: BigipObjectKind.SERVER_SSL_PROFILE, path: '/Common/serverssl-insecure-compatible' },
      ],
    },
  });
  const web = nplService(f.cluster, { name: 'web', namespace: 'shop', portName: 'web' });
  const api = nplService(f.cluster, { name: 'api', namespace: 'api', containerPort: 9000 }, 'Api');
  api.addPort({ name: 'admin', containerPort: 9001 });
  const edge = new TlsProfile(f.cluster, 'Edge', {
    name: 'shop-edge',
    namespace: 'tls',
    termination: TlsTermination.EDGE,
    clientSslProfiles: [
      BigipRef.clientSslProfile('/Common/clientssl'),
      BigipRef.clientSslProfile('/Common/clientssl-secure'),
    ],
    hosts: ['shop.example.com', '*.shop.example.com', 'blog.example.com'],
    tlsVersion: TlsVersion.V1_2,
    cipherGroup: BigipRef.cipherGroup('/Common/f5-secure'),
  });
  new F5VirtualServer(f.cluster, 'Shop', {
    partition: f.partition,
    namespace: 'shop',
    virtualServerAddress: '192.0.2.10',
    host: 'shop.example.com',
    hostAliases: ['www.shop.example.com', '*.shop.example.com'],
    hostGroup: 'shop.group:1',
    hostGroupVirtualServerName: 'shop_vs-1',
    virtualServerHTTPPort: 8080,
    virtualServerHTTPSPort: 8443,
    tlsProfile: edge,
    httpTraffic: HttpTraffic.REDIRECT,
    snat: Snat.bigip(BigipRef.snatPool('/Common/snat-pool')),
    bigipRouteDomain: 2,
    iRules: [BigipRef.iRule('/Common/my_irule'), BigipRef.iRule('/k8s/app/rule-2')],
    pools: [
      {
        service: web,
        monitorType: MonitorType.HTTPS,
        monitorReceive: '200 OK',
        monitorInterval: Duration.seconds(10),
        monitorTimeout: Duration.seconds(31),
      },
      {
        service: api,
        servicePort: 9001,
        path: '/admin/v1',
        loadBalancingMethod: LoadBalancingMethod.LEAST_CONNECTIONS_MEMBER,
        monitorType: MonitorType.TCP,
      },
      {
        service: api,
        path: '/api',
        monitorType: MonitorType.HTTP,
        monitorSend: 'GET /healthz HTTP/1.0\r\n\r\n',
      },
    ],
  });
  // Same VIP, same hostGroup.
  new F5VirtualServer(f.cluster, 'Blog', {
    partition: f.partition,
    namespace: 'shop',
    virtualServerAddress: '192.0.2.10',
    virtualServerHTTPPort: 8080,
    virtualServerHTTPSPort: 8443,
    tlsProfile: edge,
    httpTraffic: HttpTraffic.REDIRECT,
    host: 'blog.example.com',
    hostGroup: 'shop.group:1',
    snat: Snat.bigip(BigipRef.snatPool('/Common/snat-pool')),
    bigipRouteDomain: 2,
    pools: [{ service: web }],
  });
  // IPAM, plain HTTP, IPv6.
  new F5VirtualServer(f.cluster, 'Ipam', {
    partition: f.partition,
    ipamLabel: 'prod-range',
    snat: Snat.SELF,
    pools: [{ service: api }],
  });
  new F5VirtualServer(f.cluster, 'V6', {
    partition: f.partition,
    virtualServerAddress: '2001:db8::10',
    snat: Snat.NONE,
    pools: [{ service: web }],
  });
  new TlsProfile(f.cluster, 'Reencrypt', {
    termination: TlsTermination.REENCRYPT,
    clientSslProfiles: [BigipRef.clientSslProfile('/Common/clientssl')],
    serverSslProfiles: [
      BigipRef.serverSslProfile('/Common/serverssl'),
      BigipRef.serverSslProfile('/Common/serverssl-insecure-compatible'),
    ],
    ciphers: 'ECDHE-RSA-AES128-GCM-SHA256',
    tlsVersion: TlsVersion.V1_3,
  });
  new TlsProfile(f.cluster, 'Secret', {
    termination: TlsTermination.EDGE,
    clientSslSecrets: ['shop-tls', 'shop.tls.v2'],
  });
  new TlsProfile(f.cluster, 'Passthrough', {
    termination: TlsTermination.PASSTHROUGH,
    hosts: ['db.example.com'],
  });
  return f;
}

/** TransportServers of every mode and type, behind CIS in nodeport mode. */
function transportServerFixture() {
  const f = fixture({
    cluster: { nodePortLocalEnabled: false },
    cis: { poolMemberType: PoolMemberType.NODE_PORT, ipam: true, enableIpv6: true },
    device: { inventory: [{ kind: BigipObjectKind.SNAT_POOL, path: '/Common/snat-pool' }] },
  });
  const db = new FakeBackend(f.cluster, 'Db', ServiceType.NODE_PORT);
  const dns = new FakeBackend(f.cluster, 'Dns', ServiceType.LOAD_BALANCER, Protocol.UDP);
  new F5TransportServer(f.cluster, 'Tcp', {
    partition: f.partition,
    virtualServerAddress: '192.0.2.20',
    virtualServerPort: 5432,
    service: db,
    monitorType: MonitorType.TCP,
  });
  new F5TransportServer(f.cluster, 'Udp', {
    partition: f.partition,
    namespace: 'infra',
    ipamLabel: 'dns-range',
    virtualServerPort: 53,
    type: Protocol.UDP,
    mode: TransportServerMode.PERFORMANCE,
    service: dns,
    monitorType: MonitorType.UDP,
    monitorSend: 'ping',
    snat: Snat.bigip(BigipRef.snatPool('/Common/snat-pool')),
    bigipRouteDomain: 1,
    loadBalancingMethod: LoadBalancingMethod.RATIO_MEMBER,
    virtualServerName: 'dns_vs',
  });
  new F5TransportServer(f.cluster, 'Sctp', {
    partition: f.partition,
    virtualServerAddress: '2001:db8::20',
    virtualServerPort: 3868,
    type: Protocol.SCTP,
    service: new FakeBackend(f.cluster, 'Diameter', ServiceType.NODE_PORT, Protocol.SCTP),
    monitorType: MonitorType.TCP,
    monitorInterval: Duration.seconds(2),
    monitorTimeout: Duration.seconds(7),
  });
  new F5TransportServer(f.cluster, 'Http', {
    partition: f.partition,
    virtualServerAddress: '192.0.2.21',
    virtualServerPort: 8080,
    service: db,
    poolName: 'db_http',
    monitorType: MonitorType.HTTP,
  });
  return f;
}

describe.skipIf(!available)('CIS custom resources conform to the CRDs of CIS 2.20.4', () => {
  describe('the pinned CRD file', () => {
    it('holds the six CIS kinds, each with one served version whose schema compiles', () => {
      const crds = loadCisCrds();
      expect(crds.map((c) => `${c.apiVersion} ${c.kind}`).sort()).toEqual([
        'cis.f5.com/v1 ExternalDNS',
        'cis.f5.com/v1 IngressLink',
        'cis.f5.com/v1 Policy',
        'cis.f5.com/v1 TLSProfile',
        'cis.f5.com/v1 TransportServer',
        'cis.f5.com/v1 VirtualServer',
      ]);
      for (const crd of crds) expect(typeof crd.validate).toBe('function');
    });

    it('has the CEL rules of cis-facts §1, and marks the oldSelf ones as transition rules', () => {
      const vs = loadCisCrds().find((c) => c.kind === 'VirtualServer');
      expect(vs?.rules.map((r) => ({ at: r.at, rule: r.rule, transition: r.transition }))).toEqual([
        { at: ['spec'], rule: "!has(self.partition) || self.partition != 'Common'", transition: false },
        {
          at: ['spec'],
          rule: 'has(self.partition) == has(oldSelf.partition) && (!has(self.partition) || self.partition == oldSelf.partition)',
          transition: true,
        },
        {
          at: ['spec'],
          rule: '!(has(self.serviceAddress) && !has(oldSelf.serviceAddress))',
          transition: true,
        },
        {
          at: ['spec'],
          rule: '!(has(oldSelf.serviceAddress) && !has(self.serviceAddress))',
          transition: true,
        },
        { at: ['spec'], rule: 'has(self.ipamLabel) || has(self.virtualServerAddress)', transition: false },
      ]);
      const ts = loadCisCrds().find((c) => c.kind === 'TransportServer');
      expect(ts?.rules.filter((r) => !r.transition).map((r) => r.rule)).toEqual([
        "!has(self.partition) || self.partition != 'Common'",
        'has(self.ipamLabel) || has(self.virtualServerAddress)',
      ]);
    });
  });

  describe('synthesized resources', () => {
    it('the dev stack: its VirtualServer validates', () => {
      const app = new App();
      const tree = Testing.synth(defineDev(app));
      const resources = cisResources(tree);
      expect(resources.map((r) => r.path)).toEqual([
        'dev/k8s/vks-dev/virtualserver-hello-world-f5-hello-world.yaml',
      ]);
      const result = checkConformance(resources[0]?.object as Doc);
      expect(result).toEqual({
        schemaErrors: [],
        celErrors: [],
        // The three update-only rules that compare with oldSelf do not apply to a create.
        skippedTransitionRules: [
          'has(self.partition) == has(oldSelf.partition) && (!has(self.partition) || self.partition == oldSelf.partition)',
          '!(has(self.serviceAddress) && !has(oldSelf.serviceAddress))',
          '!(has(oldSelf.serviceAddress) && !has(self.serviceAddress))',
        ],
      });
    });

    it('VirtualServers with TLS profiles, hostGroup, monitors, IPAM and IPv6, and every TLSProfile shape', () => {
      expectConformant(Testing.synth(virtualServerFixture().stack), { VirtualServer: 4, TLSProfile: 4 });
    });

    it('TransportServers of every mode and protocol', () => {
      expectConformant(Testing.synth(transportServerFixture().stack), { TransportServer: 4 });
    });
  });

  describe('the check catches bad objects', () => {
    function devVirtualServer(patch: JsonPatch[]): Doc {
      const { stack, cluster, partition } = fixture();
      const web = nplService(cluster, { name: 'web' });
      const vs = new F5VirtualServer(cluster, 'Vs', {
        partition,
        name: 'vs',
        virtualServerAddress: '192.0.2.10',
        pools: [{ service: web }],
      });
      vs.resource.addJsonPatch(...patch);
      return cisResources(Testing.synth(stack))[0]?.object as Doc;
    }

    it('a pool weight above 256', () => {
      const result = checkConformance(devVirtualServer([JsonPatch.add('/spec/pools/0/weight', 999)]));
      expect(result.schemaErrors).toEqual([
        '/spec/pools/0/weight must be <= 256 {"comparison":"<=","limit":256}',
      ]);
    });

    it('an unknown field (strict field validation)', () => {
      const result = checkConformance(devVirtualServer([JsonPatch.add('/spec/virtualServerPort', 80)]));
      expect(result.schemaErrors).toEqual([
        '/spec must NOT have additional properties {"additionalProperty":"virtualServerPort"}',
      ]);
    });

    it('a udp monitor on a VirtualServer pool (F5VirtualServer refuses it at construction)', () => {
      const result = checkConformance(
        devVirtualServer([JsonPatch.add('/spec/pools/0/monitor', { type: 'udp' })]),
      );
      expect(result.schemaErrors).toEqual([
        '/spec/pools/0/monitor/type must be equal to one of the allowed values {"allowedValues":["http","https","tcp"]}',
      ]);
    });

    it('partition Common (CEL rule)', () => {
      const result = checkConformance(devVirtualServer([JsonPatch.replace('/spec/partition', 'Common')]));
      expect(result.schemaErrors).toEqual([]);
      expect(result.celErrors).toEqual(["spec: The partition cannot be 'Common' if specified."]);
    });

    it('neither virtualServerAddress nor ipamLabel (CEL rule)', () => {
      const result = checkConformance(devVirtualServer([JsonPatch.remove('/spec/virtualServerAddress')]));
      expect(result.celErrors).toEqual([
        'spec: either ipamLabel or virtualServerAddress needs to be specified.',
      ]);
    });

    it('a TransportServer without its required mode', () => {
      const { stack } = transportServerFixture();
      const ts = cisResources(Testing.synth(stack)).find((r) => r.object.kind === 'TransportServer')
        ?.object as Doc;
      delete ts.spec.mode;
      expect(checkConformance(ts).schemaErrors).toEqual([
        `/spec must have required property 'mode' {"missingProperty":"mode"}`,
      ]);
    });

    it('a TLSProfile Secret reference that does not start with a letter (TlsProfile refuses it)', () => {
      const profile: Doc = {
        apiVersion: 'cis.f5.com/v1',
        kind: 'TLSProfile',
        metadata: { name: 'x' },
        spec: { tls: { termination: 'edge', reference: 'secret', clientSSL: '1shop-tls' } },
      };
      expect(checkConformance(profile).schemaErrors).toHaveLength(1);
    });

    it('a cross-namespace pool in a namespace that does not start with a letter (F5VirtualServer refuses it)', () => {
      const result = checkConformance(
        devVirtualServer([JsonPatch.add('/spec/pools/0/serviceNamespace', '2048-game')]),
      );
      expect(result.schemaErrors).toHaveLength(1);
      expect(result.schemaErrors[0]).toMatch(/^\/spec\/pools\/0\/serviceNamespace must match pattern/);
    });
  });
});

describe('the schema conversion and the CEL evaluator', () => {
  it('turns x-kubernetes-int-or-string into anyOf and forbids unknown fields', () => {
    expect(
      toAjvSchema({
        type: 'object',
        properties: {
          port: { 'x-kubernetes-int-or-string': true },
          labels: { type: 'object', additionalProperties: { type: 'string' } },
          free: {
            type: 'object',
            'x-kubernetes-preserve-unknown-fields': true,
            properties: { a: { type: 'string' } },
          },
        },
        'x-kubernetes-validations': [{ rule: 'true' }],
      }),
    ).toEqual({
      type: 'object',
      properties: {
        apiVersion: { type: 'string' },
        kind: { type: 'string' },
        metadata: { type: 'object' },
        port: { anyOf: [{ type: 'integer' }, { type: 'string' }] },
        labels: { type: 'object', additionalProperties: { type: 'string' } },
        free: { type: 'object', properties: { a: { type: 'string' } } },
      },
      additionalProperties: false,
    });
  });

  it.each([
    ["!has(self.partition) || self.partition != 'Common'", {}, true],
    ["!has(self.partition) || self.partition != 'Common'", { partition: 'k8s' }, true],
    ["!has(self.partition) || self.partition != 'Common'", { partition: 'Common' }, false],
    ['has(self.ipamLabel) || has(self.virtualServerAddress)', { ipamLabel: 'x' }, true],
    ['has(self.ipamLabel) || has(self.virtualServerAddress)', { virtualServerAddress: '1.2.3.4' }, true],
    ['has(self.ipamLabel) || has(self.virtualServerAddress)', {}, false],
    ['has(self.a.b) && self.a.b == "x"', { a: { b: 'x' } }, true],
    ['has(self.a.b) && self.a.b == "x"', { a: {} }, false],
    ['!(has(self.a) && !has(self.b))', { a: 1 }, false],
    ['(true || self.missing == "x") && !false', {}, true],
  ])('evaluates %s on %j to %s', (rule, self, expected) => {
    expect(evaluateCel(rule, self)).toBe(expected);
  });

  it('fails on missing keys and on syntax it does not know', () => {
    expect(() => evaluateCel("self.partition != 'Common'", {})).toThrow('CEL: no such key: partition');
    expect(() => evaluateCel('size(self.x) > 1', { x: [1, 2] })).toThrow(/^CEL: cannot read/);
    expect(() => evaluateCel('self.a', { a: 'x' })).toThrow(/expected a bool/);
  });
});
