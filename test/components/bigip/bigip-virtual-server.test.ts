import { JsonPatch } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import {
  AS3_DISCOVERY_LABELS,
  BigipVirtualServer,
  VirtualServerProtocol,
} from '../../../components/bigip/bigip-virtual-server';
import type { BigipVirtualServerProps } from '../../../components/bigip/bigip-virtual-server';
import { NodePortService } from '../../../components/workloads/node-port-service';
import { Protocol, ServiceType } from '../../../components/workloads/service-backend';
import { VksCluster } from '../../../components/workloads/vks-cluster';
import { ApplicationTemplate, As3Application } from '../../../lib/as3/application';
import { BigipObjectKind, BigipRef } from '../../../lib/as3/inventory';
import { LoadBalancingMethod } from '../../../lib/as3/load-balancing';
import { MonitorType, As3Monitor } from '../../../lib/as3/monitor';
import { As3ServiceHttp, As3ServiceHttps, As3ServiceTcp, As3ServiceUdp } from '../../../lib/as3/service';
import { Snat } from '../../../lib/as3/snat';
import { PersistenceMethod } from '../../../lib/as3/persist';
import { As3Certificate, As3TlsServer } from '../../../lib/as3/tls';
import { shortHash } from '../../../lib/core/names';
import { synthesizeStack } from '../../../lib/core/synth';
import { expectValidationError, synthProblems } from '../../helpers/expect-errors';
import { FakeBackend, k8sObject } from '../../helpers/fixture';
import {
  NODE_ADDRESSES,
  as3Files,
  as3Fixture,
  configMapSetup,
  ingressService,
  json,
  Testing,
  type As3Fixture,
} from '../../helpers/as3-fixture';

const FILE = 'test/bigip/bigip/apps.as3.json';

function front(
  f: As3Fixture,
  props: Partial<BigipVirtualServerProps> = {},
  id = 'Front',
): BigipVirtualServer {
  return new BigipVirtualServer(f.stack, id, {
    partition: f.apps,
    applicationName: 'front',
    virtualAddress: '192.0.2.10',
    ...props,
    service: 'service' in props ? props.service : ingressService(f.cluster),
  });
}

/** The application `front` of the synthesized apps tenant. */
function frontJson(f: As3Fixture) {
  return json(Testing.synth(f.stack), FILE).declaration.apps.front;
}

const STATIC_MEMBERS = [
  { adminState: 'enable', serverAddresses: NODE_ADDRESSES, servicePort: 30080, shareNodes: false },
];

describe('BigipVirtualServer in a stack-owned partition', () => {
  it('snapshot of the default case (HTTP front of a NodePort Service)', () => {
    const f = as3Fixture();
    new BigipVirtualServer(f.stack, 'Front', {
      partition: f.apps,
      virtualAddress: '192.0.2.10',
      service: ingressService(f.cluster),
    });
    expect(as3Files(Testing.synth(f.stack))).toMatchSnapshot();
  });

  it('defaults: HTTP on port 80, generated application name, template http, serviceMain + pool', () => {
    const f = as3Fixture();
    const vs = new BigipVirtualServer(f.stack, 'Front', {
      partition: f.apps,
      virtualAddress: '192.0.2.10',
      service: ingressService(f.cluster),
    });
    expect(vs.protocol).toBe(VirtualServerProtocol.HTTP);
    expect(vs.virtualPort).toBe(80);
    expect(vs.virtualAddress).toBe('192.0.2.10');
    expect(vs.application.applicationName).toBe(`Front_${shortHash('Front')}`);
    expect(vs.application.template).toBe(ApplicationTemplate.HTTP);
    expect(vs.application.node.path).toBe('test/Front/Application');
    expect(vs.pool.name).toBe('pool');
    expect(vs.pool.loadBalancingMode).toBe(LoadBalancingMethod.ROUND_ROBIN);
    expect(vs.service).toBeInstanceOf(As3ServiceHttp);
    expect(vs.service.name).toBe('serviceMain');
    expect(vs.backendPort).toEqual({ name: 'http', port: 80, protocol: Protocol.TCP, nodePort: 30080 });
  });

  it('HTTP: static members are the cluster nodes on the fixed node port', () => {
    const f = as3Fixture();
    front(f);
    expect(frontJson(f)).toEqual({
      class: 'Application',
      template: 'http',
      pool: { class: 'Pool', loadBalancingMode: 'round-robin', members: STATIC_MEMBERS },
      serviceMain: {
        class: 'Service_HTTP',
        pool: { use: 'pool' },
        snat: 'auto',
        virtualAddresses: ['192.0.2.10'],
        virtualPort: 80,
      },
    });
  });

  it('HTTP: monitors (Shared, built-in, BIG-IP), iRules, persistence, WAF, SNAT and load balancing', () => {
    const f = as3Fixture({
      inventory: [
        { kind: BigipObjectKind.IRULE, path: '/Common/insert_xff' },
        { kind: BigipObjectKind.WAF_POLICY, path: '/Common/waf_base' },
        { kind: BigipObjectKind.SNAT_POOL, path: '/Common/snat_ext' },
      ],
    });
    const shared = new As3Application(f.stack, 'Shared', { tenant: f.apps });
    const health = new As3Monitor(shared, 'Health', { name: 'health', monitorType: MonitorType.HTTP });
    front(f, {
      virtualPort: 8080,
      monitors: [health, MonitorType.TCP, BigipRef.monitor('/Common/http')],
      loadBalancingMode: LoadBalancingMethod.LEAST_CONNECTIONS_MEMBER,
      iRules: [BigipRef.iRule('/Common/insert_xff')],
      persistenceMethods: [],
      policyWaf: BigipRef.wafPolicy('/Common/waf_base'),
      snat: Snat.bigip(BigipRef.snatPool('/Common/snat_ext')),
    });
    expect(frontJson(f)).toEqual({
      class: 'Application',
      template: 'http',
      pool: {
        class: 'Pool',
        loadBalancingMode: 'least-connections-member',
        members: STATIC_MEMBERS,
        monitors: [{ use: '/apps/Shared/health' }, 'tcp', { bigip: '/Common/http' }],
      },
      serviceMain: {
        class: 'Service_HTTP',
        iRules: [{ bigip: '/Common/insert_xff' }],
        persistenceMethods: [],
        policyWAF: { bigip: '/Common/waf_base' },
        pool: { use: 'pool' },
        snat: { bigip: '/Common/snat_ext' },
        virtualAddresses: ['192.0.2.10'],
        virtualPort: 8080,
      },
    });
  });

  it('HTTPS: serverTLS from a TLS_Server in Shared whose certificate lives in /Common, port 443, no redirect', () => {
    const f = as3Fixture({
      inventory: [
        { kind: BigipObjectKind.SSL_CERTIFICATE, path: '/Common/web.crt' },
        { kind: BigipObjectKind.SSL_KEY, path: '/Common/web.key' },
      ],
    });
    const shared = new As3Application(f.stack, 'Shared', { tenant: f.apps });
    const certificate = new As3Certificate(shared, 'Cert', {
      name: 'web_cert',
      certificate: BigipRef.sslCertificate('/Common/web.crt'),
      privateKey: BigipRef.sslKey('/Common/web.key'),
    });
    const tls = new As3TlsServer(shared, 'Tls', { name: 'web_tls', certificates: [{ certificate }] });
    const vs = front(f, {
      protocol: VirtualServerProtocol.HTTPS,
      serverTls: tls,
      clientTls: BigipRef.serverSslProfile('/Common/serverssl'),
    });
    expect(vs.virtualPort).toBe(443);
    expect(vs.service).toBeInstanceOf(As3ServiceHttps);
    const tenant = json(Testing.synth(f.stack), FILE).declaration.apps;
    expect(tenant.Shared).toEqual({
      class: 'Application',
      template: 'shared',
      web_cert: {
        class: 'Certificate',
        certificate: { bigip: '/Common/web.crt' },
        privateKey: { bigip: '/Common/web.key' },
      },
      web_tls: { class: 'TLS_Server', certificates: [{ certificate: 'web_cert' }] },
    });
    expect(tenant.front).toEqual({
      class: 'Application',
      template: 'https',
      pool: { class: 'Pool', loadBalancingMode: 'round-robin', members: STATIC_MEMBERS },
      serviceMain: {
        class: 'Service_HTTPS',
        clientTLS: { bigip: '/Common/serverssl' },
        pool: { use: 'pool' },
        redirect80: false,
        serverTLS: { use: '/apps/Shared/web_tls' },
        snat: 'auto',
        virtualAddresses: ['192.0.2.10'],
        virtualPort: 443,
      },
    });
  });

  it('TCP: a Service_TCP on the required port', () => {
    const f = as3Fixture();
    const vs = front(f, {
      protocol: VirtualServerProtocol.TCP,
      virtualPort: 5432,
      persistenceMethods: [PersistenceMethod.SOURCE_ADDRESS],
    });
    expect(vs.service).toBeInstanceOf(As3ServiceTcp);
    expect(frontJson(f)).toEqual({
      class: 'Application',
      template: 'tcp',
      pool: { class: 'Pool', loadBalancingMode: 'round-robin', members: STATIC_MEMBERS },
      serviceMain: {
        class: 'Service_TCP',
        persistenceMethods: ['source-address'],
        pool: { use: 'pool' },
        snat: 'auto',
        virtualAddresses: ['192.0.2.10'],
        virtualPort: 5432,
      },
    });
  });

  it('UDP: a Service_UDP in front of a UDP node port', () => {
    const f = as3Fixture();
    const dns = ingressService(
      f.cluster,
      { name: 'dns', portName: 'dns', port: 53, nodePort: 30053, protocol: Protocol.UDP },
      'Dns',
    );
    const vs = front(f, {
      protocol: VirtualServerProtocol.UDP,
      virtualPort: 53,
      service: dns,
      monitors: [MonitorType.UDP],
    });
    expect(vs.service).toBeInstanceOf(As3ServiceUdp);
    expect(frontJson(f)).toEqual({
      class: 'Application',
      template: 'udp',
      pool: {
        class: 'Pool',
        loadBalancingMode: 'round-robin',
        members: [{ ...STATIC_MEMBERS[0], servicePort: 30053 }],
        monitors: ['udp'],
      },
      serviceMain: {
        class: 'Service_UDP',
        pool: { use: 'pool' },
        snat: 'auto',
        virtualAddresses: ['192.0.2.10'],
        virtualPort: 53,
      },
    });
  });

  it('uses the Service port named by servicePort, and a LoadBalancer Service', () => {
    const f = as3Fixture();
    const service = ingressService(f.cluster, { serviceType: ServiceType.LOAD_BALANCER });
    service.addPort({ name: 'https', port: 443, nodePort: 30443 });
    front(f, { service, servicePort: 443 });
    expect(frontJson(f).pool.members).toEqual([{ ...STATIC_MEMBERS[0], servicePort: 30443 }]);
  });

  it('takes explicit member addresses instead of a Service (member port defaults to the virtual port)', () => {
    const f = as3Fixture();
    front(f, { service: undefined, serverAddresses: ['10.1.0.5', '10.1.0.6'] });
    front(
      f,
      {
        service: undefined,
        serverAddresses: ['10.1.0.7'],
        memberPort: 8080,
        applicationName: 'front2',
        virtualAddress: '192.0.2.11',
      },
      'Front2',
    );
    const tenant = json(Testing.synth(f.stack), FILE).declaration.apps;
    expect(tenant.front.pool.members).toEqual([
      { adminState: 'enable', serverAddresses: ['10.1.0.5', '10.1.0.6'], servicePort: 80, shareNodes: false },
    ]);
    expect(tenant.front2.pool.members[0].servicePort).toBe(8080);
  });

  it('exposes its AS3 objects for escape hatches (application.addJsonPatch)', () => {
    const f = as3Fixture();
    const vs = front(f);
    expect(vs.application).toBeInstanceOf(As3Application);
    vs.application.addJsonPatch(JsonPatch.add('/serviceMain/maxConnections', 1000));
    expect(frontJson(f).serviceMain.maxConnections).toBe(1000);
  });

  describe('fails when', () => {
    it('the partition is missing', () => {
      const f = as3Fixture();
      expectValidationError(
        () =>
          new BigipVirtualServer(f.stack, 'Vs', { virtualAddress: '192.0.2.10' } as BigipVirtualServerProps),
        'test/Vs',
        "'partition' is required: the stack-owned or AS3-ConfigMap BigipPartition to declare the virtual in",
      );
    });

    it('protocol is unknown', () => {
      const f = as3Fixture();
      expectValidationError(
        () => front(f, { protocol: 'sctp' as VirtualServerProtocol }),
        'test/Front',
        `'protocol' must be one of "http", "https", "tcp", "udp", got "sctp"`,
      );
    });

    it('virtualAddress is not an IP address', () => {
      const f = as3Fixture();
      expectValidationError(
        () => front(f, { virtualAddress: 'www.example.com' }),
        'test/Front',
        `'virtualAddress' must be an IP address (optionally %route-domain), got "www.example.com"`,
      );
    });

    it.each([VirtualServerProtocol.TCP, VirtualServerProtocol.UDP])(
      'virtualPort is missing for protocol %s',
      (protocol) => {
        const f = as3Fixture();
        expectValidationError(
          () => front(f, { protocol }),
          'test/Front',
          `'virtualPort' is required for protocol ${protocol}`,
        );
      },
    );

    it('virtualPort is out of range', () => {
      const f = as3Fixture();
      expectValidationError(
        () => front(f, { virtualPort: 0 }),
        'test/Front',
        "'virtualPort' must be an integer from 1 to 65535, got 0",
      );
    });

    it('memberPort is out of range', () => {
      const f = as3Fixture();
      expectValidationError(
        () => front(f, { service: undefined, serverAddresses: ['10.1.0.5'], memberPort: 70000 }),
        'test/Front',
        "'memberPort' must be an integer from 1 to 65535, got 70000",
      );
    });

    it('an explicit member address is not an IP address', () => {
      const f = as3Fixture();
      expectValidationError(
        () => front(f, { service: undefined, serverAddresses: ['node-1'] }),
        'test/Front/Application/Pool',
        `'members[0].serverAddresses[0]' must be an IP address (optionally %route-domain), got "node-1"`,
      );
    });

    it('both service and serverAddresses are given', () => {
      const f = as3Fixture();
      expectValidationError(
        () => front(f, { serverAddresses: ['10.1.0.5'] }),
        'test/Front',
        "exactly one of 'service' and 'serverAddresses' is required, got both",
      );
    });

    it('neither service nor serverAddresses is given', () => {
      const f = as3Fixture();
      expectValidationError(
        () => front(f, { service: undefined }),
        'test/Front',
        "exactly one of 'service' and 'serverAddresses' is required, got neither",
      );
    });

    it('servicePort is not a port of the Service', () => {
      const f = as3Fixture();
      expectValidationError(
        () => front(f, { servicePort: 8080 }),
        'test/Front',
        "'servicePort' 8080 is not a port of Service ingress-http (ports: 80)",
      );
    });

    it('the Service port has no fixed nodePort', () => {
      const f = as3Fixture();
      expectValidationError(
        () => front(f, { service: ingressService(f.cluster, { nodePort: undefined }) }),
        'test/Front',
        "'service' ingress/ingress-http port 80 has no fixed 'nodePort'; static BIG-IP members need one",
      );
    });

    it('the cluster declares no node addresses', () => {
      const f = as3Fixture({ cluster: { nodeAddresses: [] } });
      expectValidationError(
        () => front(f),
        'test/Front',
        `cluster "c1" declares no 'nodeAddresses'; static BIG-IP members are the nodes`,
      );
    });

    it('the Service is ClusterIP', () => {
      const f = as3Fixture();
      const service = new FakeBackend(f.cluster, 'Web', ServiceType.CLUSTER_IP);
      expectValidationError(
        () => front(f, { service }),
        'test/Front',
        "'service' default/web is ClusterIP; static BIG-IP members need a NodePort or LoadBalancer Service",
      );
    });

    it('a UDP virtual fronts a TCP port', () => {
      const f = as3Fixture();
      expectValidationError(
        () => front(f, { protocol: VirtualServerProtocol.UDP, virtualPort: 53 }),
        'test/Front',
        "'service' ingress/ingress-http port 80 is TCP, but protocol udp needs a UDP port",
      );
    });

    it('an HTTP virtual fronts a UDP port', () => {
      const f = as3Fixture();
      const dns = ingressService(f.cluster, { protocol: Protocol.UDP });
      expectValidationError(
        () => front(f, { service: dns }),
        'test/Front',
        "'service' ingress/ingress-http port 80 is UDP, but protocol http needs a TCP port",
      );
    });

    it('HTTPS has no serverTls', () => {
      const f = as3Fixture();
      expectValidationError(
        () => front(f, { protocol: VirtualServerProtocol.HTTPS }),
        'test/Front',
        "'serverTls' is required for protocol https: the TLS_Server (certificates) presented to clients",
      );
    });

    it.each([
      ['serverTls', { serverTls: BigipRef.clientSslProfile('/Common/clientssl') }],
      ['redirect80', { redirect80: true }],
    ] as const)('%s is given for protocol http', (prop, props) => {
      const f = as3Fixture();
      expectValidationError(
        () => front(f, props),
        'test/Front',
        `'${prop}' applies only to protocol https, got protocol http`,
      );
    });

    it.each([VirtualServerProtocol.TCP, VirtualServerProtocol.UDP])(
      'policyWaf is given for protocol %s',
      (protocol) => {
        const f = as3Fixture();
        expectValidationError(
          () =>
            front(f, {
              protocol,
              virtualPort: 53,
              service: undefined,
              serverAddresses: ['10.1.0.5'],
              policyWaf: BigipRef.wafPolicy('/Common/waf'),
            }),
          'test/Front',
          `'policyWaf' needs protocol http or https, got ${protocol}`,
        );
      },
    );

    it('clientTls is given for protocol tcp', () => {
      const f = as3Fixture();
      expectValidationError(
        () =>
          front(f, {
            protocol: VirtualServerProtocol.TCP,
            virtualPort: 443,
            clientTls: BigipRef.serverSslProfile('/Common/serverssl'),
          }),
        'test/Front',
        "'clientTls' needs protocol http or https here",
      );
    });

    it('an iRule reference is not in the device inventory (synth)', () => {
      const f = as3Fixture();
      front(f, { iRules: [BigipRef.iRule('/Common/insert_xff')] });
      expect(synthProblems(f.stack)).toEqual([
        {
          path: 'test/Front/Application/Service',
          message:
            "'iRules[0]' references irule /Common/insert_xff, which is not in the inventory of device bigip (declared: none); AS3 would reject the whole declaration",
        },
      ]);
    });

    it('a monitor of another tenant is used (synth)', () => {
      const f = as3Fixture();
      front(f); // keeps apps non-empty
      const other = as3Fixture({ app: f.app, stackName: 'other', deviceUrl: 'https://192.0.2.9' });
      const otherShared = new As3Application(other.stack, 'Shared', { tenant: other.apps });
      const monitor = new As3Monitor(otherShared, 'Health', { monitorType: MonitorType.TCP });
      front(
        f,
        {
          monitors: [monitor],
          applicationName: 'front2',
          virtualAddress: '192.0.2.11',
          service: ingressService(f.cluster, { name: 'x', nodePort: 30081 }, 'X'),
        },
        'Front2',
      );
      expect(synthProblems(f.stack)).toEqual([
        {
          path: 'test/Front2/Application/Pool',
          message:
            "'monitors[0]' points to /apps/Shared/Health, outside /apps/front2; AS3 resolves pointers only into the same application, /apps/Shared or /Common/Shared",
        },
        {
          path: 'test/Front2/Application/Pool',
          message: "'monitors[0]' points to /apps/Shared/Health on device bigip, another BIG-IP",
        },
      ]);
    });
  });
});

describe('BigipVirtualServer in an AS3-ConfigMap partition (CIS fills the members)', () => {
  function setup() {
    const f = as3Fixture({ stackPartition: false });
    const cm = configMapSetup(f);
    const service = ingressService(f.cluster, { name: 'nginx-ingress', nodePort: undefined });
    const vs = new BigipVirtualServer(f.stack, 'NginxIc', {
      partition: cm.tenant,
      virtualAddress: '192.0.2.14',
      service,
      monitors: [MonitorType.HTTP],
    });
    return { f, cm, service, vs };
  }

  it('leaves the pool member empty for CIS: serverAddresses [] and shareNodes true on the Service port', () => {
    const { f } = setup();
    const tenant = json(Testing.synth(f.stack), 'test/bigip/bigip/cm_tenant.as3.json').declaration.cm_tenant;
    const [name] = Object.keys(tenant).filter((k) => !['class', 'label', 'remark'].includes(k));
    expect(tenant[name as string].pool).toEqual({
      class: 'Pool',
      loadBalancingMode: 'round-robin',
      members: [{ adminState: 'enable', serverAddresses: [], servicePort: 80, shareNodes: true }],
      monitors: ['http'],
    });
  });

  it('labels the Service cis.f5.com/as3-tenant/-app/-pool from the construct names', () => {
    const { f, vs } = setup();
    const service = k8sObject(Testing.synth(f.stack), 'Service', 'ingress', 'nginx-ingress');
    expect(AS3_DISCOVERY_LABELS).toEqual({
      tenant: 'cis.f5.com/as3-tenant',
      application: 'cis.f5.com/as3-app',
      pool: 'cis.f5.com/as3-pool',
    });
    expect(service.metadata.labels).toEqual({
      'cis.f5.com/as3-tenant': 'cm_tenant',
      'cis.f5.com/as3-app': vs.application.applicationName,
      'cis.f5.com/as3-pool': 'pool',
    });
    expect(vs.application.applicationName).toBe(`NginxIc_${shortHash('NginxIc')}`);
    expect(vs.partition.partitionName).toBe('cm_tenant');
    expect(vs.pool.name).toBe('pool');
  });

  it('needs no fixed nodePort nor node addresses (CIS discovers the endpoints)', () => {
    const f = as3Fixture({ cluster: { nodeAddresses: [] }, stackPartition: false });
    const cm = configMapSetup(f);
    const service = ingressService(f.cluster, { nodePort: undefined });
    new BigipVirtualServer(f.stack, 'Vs', { partition: cm.tenant, virtualAddress: '192.0.2.14', service });
    expect(() => synthesizeStack(f.stack)).not.toThrow();
  });

  describe('fails when', () => {
    it('one Service feeds two AS3 pools', () => {
      const { f, cm, service } = setup();
      new BigipVirtualServer(f.stack, 'Second', {
        partition: cm.tenant,
        virtualAddress: '192.0.2.15',
        service,
      });
      // The Service reports it: it is asked to carry two values of the cis.f5.com/as3-* labels.
      expect(synthProblems(f.stack)).toEqual([
        {
          path: 'test/Cluster/Ingress',
          message:
            'label cis.f5.com/as3-app is set to "NginxIc_88145731" by [test/NginxIc] and to "Second_8b88a850" by [test/Second]; a Service carries one value per label, so one Service per AS3 pool',
        },
      ]);
    });

    it('a derived label value is longer than a Kubernetes label value', () => {
      const f = as3Fixture({ stackPartition: false });
      const cm = configMapSetup(f);
      const applicationName = `a${'p'.repeat(63)}`;
      expectValidationError(
        () =>
          new BigipVirtualServer(f.stack, 'Vs', {
            partition: cm.tenant,
            virtualAddress: '192.0.2.14',
            service: ingressService(f.cluster),
            applicationName,
          }),
        'test/Vs',
        `cis.f5.com/as3-app label value "${applicationName}" must be a Kubernetes label value (at most 63 characters); shorten the name`,
      );
    });

    it('the Service is in another cluster than the ConfigMap', () => {
      const f = as3Fixture({ stackPartition: false });
      const cm = configMapSetup(f);
      const other = new VksCluster(f.stack, 'Other', { clusterName: 'c2', vsphereNamespace: 'vsphere-ns' });
      const service = new NodePortService(other, 'Web', { name: 'web', selector: { app: 'web' }, port: 80 });
      new BigipVirtualServer(f.stack, 'Vs', { partition: cm.tenant, virtualAddress: '192.0.2.14', service });
      expect(synthProblems(f.stack)).toEqual([
        {
          path: 'test/Vs',
          message:
            "'service' default/web is in another cluster than [test/Cluster/ConfigMap]; CIS discovers members in its own cluster",
        },
        {
          path: 'test/Vs',
          message: `'service' Service default/web is in cluster "c2", but this resource is in "c1"; CIS only sees its own cluster`,
        },
      ]);
    });

    it('CIS in nodeport mode would get a ClusterIP Service', () => {
      const f = as3Fixture({ stackPartition: false });
      const cm = configMapSetup(f);
      const service = new FakeBackend(f.cluster, 'Web', ServiceType.CLUSTER_IP);
      new BigipVirtualServer(f.stack, 'Vs', { partition: cm.tenant, virtualAddress: '192.0.2.14', service });
      expect(synthProblems(f.stack)).toEqual([
        {
          path: 'test/Vs',
          message:
            "'service' Service default/web is ClusterIP, but [test/Cluster/Cis] uses pool member type nodeport, which needs NodePort or LoadBalancer Services",
        },
      ]);
    });
  });
});

describe('BigipVirtualServer virtual addresses', () => {
  it('fails when two AS3 virtuals on one device take the same address and port', () => {
    const f = as3Fixture();
    new BigipVirtualServer(f.stack, 'First', {
      partition: f.apps,
      virtualAddress: '203.0.113.5',
      serverAddresses: ['10.0.0.1'],
    });
    new BigipVirtualServer(f.stack, 'Second', {
      partition: f.apps,
      virtualAddress: '203.0.113.5',
      serverAddresses: ['10.0.0.2'],
    });
    expect(synthProblems(f.stack)).toEqual([
      {
        path: 'test/Second',
        message:
          'listens on 203.0.113.5:80, as [test/First] does; an L4 virtual cannot share an address, port and protocol with another virtual [cis:l4-address-port-protocol-unique]',
      },
    ]);
  });

  it('counts the port-80 redirect of an HTTPS virtual and the route domain of the address', () => {
    const f = as3Fixture();
    new BigipVirtualServer(f.stack, 'Tls', {
      partition: f.apps,
      protocol: VirtualServerProtocol.HTTPS,
      virtualAddress: '203.0.113.6',
      serverAddresses: ['10.0.0.1'],
      memberPort: 8443,
      serverTls: BigipRef.clientSslProfile('/Common/clientssl'),
      redirect80: true,
    });
    new BigipVirtualServer(f.stack, 'Plain', {
      partition: f.apps,
      virtualAddress: '203.0.113.6',
      serverAddresses: ['10.0.0.2'],
    });
    new BigipVirtualServer(f.stack, 'OtherDomain', {
      partition: f.apps,
      virtualAddress: '203.0.113.6%2',
      serverAddresses: ['10.0.0.3'],
    });
    expect(synthProblems(f.stack).map((p) => p.path)).toEqual(['test/Plain']);
  });
});
