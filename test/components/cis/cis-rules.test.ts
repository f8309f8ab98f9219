import { Duration } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { BigipObjectKind, BigipRef } from '../../../lib/as3/inventory';
import { MonitorType } from '../../../lib/as3/monitor';
import { synthesizeStack } from '../../../lib/core/synth';
import { BigipPartition } from '../../../components/bigip/bigip-partition';
import { CisController, PoolMemberType } from '../../../components/cis/cis-controller';
import { hostCovered } from '../../../components/cis/cis-rules';
import { F5Policy } from '../../../components/cis/f5-policy';
import { F5TransportServer } from '../../../components/cis/f5-transport-server';
import { F5VirtualServer } from '../../../components/cis/f5-virtual-server';
import { TlsProfile, TlsTermination, TlsVersion } from '../../../components/cis/tls-profile';
import { NodePortService } from '../../../components/workloads/node-port-service';
import { VksCluster } from '../../../components/workloads/vks-cluster';
import { Annotations } from '../../../lib/core/annotations';
import { Protocol } from '../../../components/workloads/service-backend';
import { ServiceRef } from '../../../components/workloads/service-ref';
import { expectSynthProblems, synthProblems } from '../../helpers/expect-errors';
import { fixture, nplService } from '../../helpers/fixture';

/** A second cluster `npl` whose CIS runs in nodeportlocal mode, on partition `npl` of the same device. */
function nplCluster(f: ReturnType<typeof fixture>) {
  const cluster = new VksCluster(f.stack, 'Npl', {
    clusterName: 'npl',
    vsphereNamespace: 'vsphere-ns',
    nodePortLocalEnabled: true,
  });
  const partition = new BigipPartition(f.stack, 'NplPartition', { device: f.device, partitionName: 'npl' });
  new CisController(cluster, 'Cis', {
    device: f.device,
    partition,
    poolMemberType: PoolMemberType.NODE_PORT_LOCAL,
    trustedCertsConfigMap: 'kube-system/bigip-ca',
  });
  return { cluster, partition };
}

function setup() {
  const f = fixture({ cis: { poolMemberType: PoolMemberType.AUTO, staticRoutingMode: true } });
  const web = ServiceRef.fromName(f.cluster, 'default', 'web', 80);
  const dns = ServiceRef.fromName(f.cluster, 'default', 'dns', 53, { protocol: Protocol.UDP });
  const db = ServiceRef.fromName(f.cluster, 'default', 'db', 5432);
  const tls = (hosts: string[]) =>
    new TlsProfile(f.cluster, `Tls${hosts.length}`, {
      termination: TlsTermination.EDGE,
      clientSslProfiles: [BigipRef.clientSslProfile('/Common/clientssl')],
      hosts,
    });
  const vs = (id: string, props: Partial<ConstructorParameters<typeof F5VirtualServer>[2]> = {}) =>
    new F5VirtualServer(f.cluster, id, {
      partition: f.partition,
      virtualServerAddress: '192.0.2.10',
      pools: [{ service: web }],
      ...props,
    });
  const ts = (id: string, props: Partial<ConstructorParameters<typeof F5TransportServer>[2]> = {}) =>
    new F5TransportServer(f.cluster, id, {
      partition: f.partition,
      virtualServerAddress: '192.0.2.20',
      virtualServerPort: 5432,
      service: db,
      ...props,
    });
  return { ...f, web, dns, db, tls, vs, ts };
}

describe('rules of the CIS custom resources', () => {
  it('hostCovered: exact names and one-label wildcards', () => {
    expect(hostCovered('a.example.com', ['*.example.com'])).toBe(true);
    expect(hostCovered('A.Example.com', ['a.example.com'])).toBe(true);
    expect(hostCovered('a.b.example.com', ['*.example.com'])).toBe(false);
    expect(hostCovered('example.com', ['*.example.com'])).toBe(false);
  });

  it('allows TCP and UDP on one address and port (DNS), and equal monitor timeout and interval (a warning)', () => {
    const f = setup();
    const tcpDns = ServiceRef.fromName(f.cluster, 'default', 'dns-tcp', 53);
    f.ts('DnsUdp', { virtualServerPort: 53, type: Protocol.UDP, service: f.dns });
    f.ts('DnsTcp', {
      virtualServerPort: 53,
      service: tcpDns,
      monitorType: MonitorType.TCP,
      monitorInterval: Duration.seconds(10),
      monitorTimeout: Duration.seconds(10),
    });
    expect(synthesizeStack(f.stack).warnings.map((w) => w.id)).toEqual([
      'cis:monitor-timeout-not-longer-than-interval',
    ]);
  });

  describe('fails when', () => {
    it('a BIG-IP object a VirtualServer or TransportServer names is not in the device inventory', () => {
      const f = setup();
      f.vs('Vs', {
        dos: BigipRef.dosProfile('/Common/dos'),
        allowVlans: [BigipRef.vlan('/Common/external')],
        pools: [{ service: f.web, monitors: [BigipRef.monitor('/Common/custom')] }],
      });
      f.ts('Ts', {
        profileL4: BigipRef.l4Profile('/Common/fastL4'),
        monitorReference: BigipRef.monitor('/Common/tcp'),
      });
      expect(synthProblems(f.stack).map((p) => `${p.path} ${p.message.split(',')[0]}`)).toEqual([
        "test/Cluster/Vs 'allowVlans[0]' references vlan /Common/external",
        "test/Cluster/Vs 'dos' references dos-profile /Common/dos",
        "test/Cluster/Vs 'pools[0].monitors[0]' references monitor /Common/custom",
      ]);
    });

    it("a TLSProfile's hosts do not cover the VirtualServer's host or an alias ('cis:tls-hosts-cover-host')", () => {
      const f = setup();
      f.vs('Vs', {
        host: 'shop.example.com',
        hostAliases: ['www.shop.example.com', 'm.shop.example.com'],
        tlsProfile: f.tls(['shop.example.com', 'www.shop.example.com']),
      });
      expectSynthProblems(f.stack, [
        {
          path: 'test/Cluster/Vs',
          message:
            'host "m.shop.example.com" is not among the hosts of TLS profile [test/Cluster/Tls2] (shop.example.com, www.shop.example.com); add it there or CIS serves it without its certificate [cis:tls-hosts-cover-host]',
        },
      ]);
    });

    it("a UDP TransportServer sends to a TCP Service port ('cis:transport-server-port-protocol')", () => {
      const f = setup();
      f.ts('Dns', { virtualServerPort: 53, type: Protocol.UDP, service: f.db });
      expectSynthProblems(f.stack, [
        {
          path: 'test/Cluster/Dns',
          message:
            "'type' udp does not match Service db port 5432, which is TCP; a udp virtual needs a UDP Service port [cis:transport-server-port-protocol]",
        },
      ]);
    });

    it("two TransportServers take one address, port and protocol ('cis:l4-address-port-protocol-unique')", () => {
      const f = setup();
      f.ts('A', { type: Protocol.UDP, service: f.dns });
      f.ts('B', { type: Protocol.UDP, service: f.dns, poolName: 'b_pool' });
      expectSynthProblems(f.stack, [
        {
          path: 'test/Cluster/B',
          message:
            'listens on 192.0.2.20:5432, as [test/Cluster/A] does; an L4 virtual cannot share an address, port and protocol with another virtual [cis:l4-address-port-protocol-unique]',
        },
      ]);
    });

    it("a VirtualServer sets hostGroup and virtualServerName ('cis:host-group-with-virtual-server-name')", () => {
      const f = setup();
      f.vs('Vs', { hostGroup: 'shop', virtualServerName: 'shop_vs' });
      expectSynthProblems(f.stack, [
        {
          path: 'test/Cluster/Vs',
          message: `'virtualServerName' "shop_vs" is ignored by CIS in hostGroup "shop"; use 'hostGroupVirtualServerName' [cis:host-group-with-virtual-server-name]`,
        },
      ]);
    });

    it("hostGroup members name the merged virtual differently ('cis:host-group-virtual-server-name-differs')", () => {
      const f = setup();
      f.vs('A', { host: 'a.example.com', hostGroup: 'shop', hostGroupVirtualServerName: 'shop_vs' });
      f.vs('B', { host: 'b.example.com', hostGroup: 'shop', hostGroupVirtualServerName: 'store_vs' });
      expectSynthProblems(f.stack, [
        {
          path: 'test/Cluster/B',
          message: `'hostGroupVirtualServerName' "store_vs" differs from "shop_vs" of [test/Cluster/A] in hostGroup "shop" [cis:host-group-virtual-server-name-differs]`,
        },
      ]);
    });

    it("two TransportServers on one Service derive one pool name ('cis:pool-name-unique')", () => {
      const f = setup();
      f.ts('A');
      f.ts('B', { virtualServerPort: 5433 });
      f.vs('Vs', { pools: [{ service: f.web, poolName: 'db_5432_default' }] });
      expectSynthProblems(f.stack, [
        {
          path: 'test/Cluster/B',
          message: `'service' gets the derived name "db_5432_default", as 'service' of [test/Cluster/A] does on partition k8s; set distinct 'poolName's [cis:pool-name-unique]`,
        },
        {
          path: 'test/Cluster/Vs',
          message: `'pools[0].poolName' is named "db_5432_default", as 'service' of [test/Cluster/A] does on partition k8s; set distinct 'poolName's [cis:pool-name-unique]`,
        },
      ]);
    });
  });

  describe('warns when', () => {
    it("a pool's Service has no selector ('cis:service-without-selector')", () => {
      const f = setup();
      const manual = ServiceRef.fromName(f.cluster, 'default', 'legacy', 80, { selectorless: true });
      f.vs('Vs', { pools: [{ service: manual }] });
      expect(synthesizeStack(f.stack).warnings).toEqual([
        {
          id: 'cis:service-without-selector',
          path: 'test/Cluster/Vs',
          message:
            "'pools[0].service' Service default/legacy has no selector: CIS does not follow hand-written Endpoints, so the pool stays empty",
        },
      ]);
    });

    it("a Policy's per-VIP fields reach other hosts of the hostGroup ('cis:policy-applies-per-vip')", () => {
      const f = setup();
      const policy = new F5Policy(f.cluster, 'Policy', {
        profileMultiplex: BigipRef.multiplexProfile('/Common/oneconnect'),
      });
      f.vs('A', { host: 'a.example.com', hostGroup: 'shop', policy });
      f.vs('B', { host: 'b.example.com', hostGroup: 'shop' });
      f.vs('C', { host: 'c.example.com', hostGroup: 'shop' });
      expect(synthesizeStack(f.stack).warnings).toEqual([
        {
          id: 'cis:policy-applies-per-vip',
          path: 'test/Cluster/A',
          message:
            'Policy [test/Cluster/Policy] sets profileMultiplex, which CIS applies to the whole virtual of hostGroup "shop", so also to b.example.com, c.example.com',
        },
      ]);
    });

    it("in nodeportlocal mode a pool names the port of a Service the stack does not deploy ('cis:named-port-target-unverified')", () => {
      const f = fixture();
      const theirs = ServiceRef.fromName(f.cluster, 'shop', 'cart', 8080, {
        portName: 'http',
        nodePortLocal: true,
      });
      const ours = nplService(f.cluster, { name: 'web', portName: 'web' });
      new F5VirtualServer(f.cluster, 'Vs', {
        partition: f.partition,
        virtualServerAddress: '192.0.2.10',
        namespace: 'shop',
        pools: [
          { service: theirs, servicePortName: 'http', path: '/cart' },
          { service: ours, servicePortName: 'web', path: '/' },
          { service: theirs, servicePort: 8080, path: '/by-number' },
        ],
      });
      expect(synthesizeStack(f.stack).warnings).toEqual([
        {
          id: 'cis:named-port-target-unverified',
          path: 'test/Cluster/Vs',
          message:
            "'pools[0].servicePortName' names port \"http\" of Service shop/cart, which this stack does not deploy; in nodeportlocal mode CIS finds members by the Service's targetPort, and a named targetPort resolves only if the pods declare a containerPort of that name, which the stack cannot check",
        },
      ]);
    });

    it('a named port does not warn outside nodeportlocal mode, nor on a Service whose pods the stack declares', () => {
      const f = setup();
      const theirs = ServiceRef.fromName(f.cluster, 'default', 'cart', 8080, { portName: 'http' });
      f.vs('Vs', { pools: [{ service: theirs, servicePortName: 'http' }] });
      expect(synthesizeStack(f.stack).warnings).toEqual([]);
    });

    it('a Policy with only per-host fields (waf) does not warn', () => {
      const f = fixture({
        cis: { poolMemberType: PoolMemberType.AUTO, staticRoutingMode: true },
        device: { inventory: [{ kind: BigipObjectKind.WAF_POLICY, path: '/Common/waf' }] },
      });
      const web = ServiceRef.fromName(f.cluster, 'default', 'web', 80);
      const policy = new F5Policy(f.cluster, 'Policy', { waf: BigipRef.wafPolicy('/Common/waf') });
      for (const [id, host] of [
        ['A', 'a.example.com'],
        ['B', 'b.example.com'],
      ] as const)
        new F5VirtualServer(f.cluster, id, {
          partition: f.partition,
          virtualServerAddress: '192.0.2.10',
          host,
          hostGroup: 'shop',
          policy: id === 'A' ? policy : undefined,
          pools: [{ service: web }],
        });
      expect(synthesizeStack(f.stack).warnings).toEqual([]);
    });
  });

  it('a stack with one mistake of each kind lists all of them at once', () => {
    const f = setup();
    f.vs('Tls', { host: 'shop.example.com', tlsProfile: f.tls(['other.example.com']) });
    f.vs('Named', {
      virtualServerAddress: '192.0.2.11',
      host: 'named.example.com',
      hostGroup: 'g1',
      virtualServerName: 'named_vs',
    });
    f.vs('G2a', {
      virtualServerAddress: '192.0.2.12',
      host: 'a.example.com',
      hostGroup: 'g2',
      hostGroupVirtualServerName: 'one_vs',
    });
    f.vs('G2b', {
      virtualServerAddress: '192.0.2.12',
      host: 'b.example.com',
      hostGroup: 'g2',
      hostGroupVirtualServerName: 'two_vs',
    });
    f.ts('L4a');
    f.ts('L4b', { poolName: 'l4b_pool' });
    f.ts('PoolName', { virtualServerAddress: '192.0.2.21' });
    f.ts('Udp', { virtualServerAddress: '192.0.2.22', type: Protocol.UDP, poolName: 'udp_pool' });
    f.vs('VipA', { virtualServerAddress: '192.0.2.13', host: 'c.example.com' });
    f.vs('VipB', { virtualServerAddress: '192.0.2.13', host: 'd.example.com' });
    const as3Labels = {
      'cis.f5.com/as3-tenant': 'cm_tenant',
      'cis.f5.com/as3-app': 'shop',
      'cis.f5.com/as3-pool': 'pool',
    };
    for (const id of ['Labelled', 'LabelledAgain'])
      new NodePortService(f.cluster, id, {
        name: id.toLowerCase(),
        selector: { app: id },
        port: 80,
        labels: as3Labels,
      });
    // The warnings, next to the errors.
    new TlsProfile(f.cluster, 'Ciphers', {
      termination: TlsTermination.EDGE,
      clientSslProfiles: [BigipRef.clientSslProfile('/Common/clientssl')],
      tlsVersion: TlsVersion.V1_3,
      ciphers: 'DEFAULT',
      cipherGroup: BigipRef.cipherGroup('/Common/f5-default'),
    });
    f.ts('UdpMonitor', {
      virtualServerAddress: '192.0.2.23',
      poolName: 'mon_pool',
      monitorType: MonitorType.UDP,
    });
    f.vs('PathA', { virtualServerAddress: '192.0.2.14', host: 'e.example.com' });
    f.vs('PathB', { virtualServerAddress: '192.0.2.14', host: 'e.example.com' });
    const npl = nplCluster(f);
    const cart = ServiceRef.fromName(npl.cluster, 'default', 'cart', 8080, {
      portName: 'http',
      nodePortLocal: true,
    });
    new F5VirtualServer(npl.cluster, 'NamedPort', {
      partition: npl.partition,
      virtualServerAddress: '192.0.2.30',
      pools: [{ service: cart, servicePortName: 'http' }],
    });
    const problems = synthProblems(f.stack).map(
      (p) => `${p.path} ${p.message.replace(/^.*\[(cis:[a-z0-9-]+)\]$/, '$1')}`,
    );
    expect(problems).toEqual([
      'test/Cluster/Tls cis:tls-hosts-cover-host',
      'test/Cluster/Named cis:host-group-with-virtual-server-name',
      'test/Cluster/G2b cis:host-group-virtual-server-name-differs',
      'test/Cluster/L4b cis:l4-address-port-protocol-unique',
      'test/Cluster/PoolName cis:pool-name-unique',
      'test/Cluster/Udp cis:transport-server-port-protocol',
      'test/Cluster/VipB cis:shared-vip-needs-host-group',
      'test/Cluster/LabelledAgain cis:as3-pool-labels-unique',
    ]);
    expect(
      Annotations.of(f.stack)
        .allWarnings()
        .map((w) => `${w.path} ${w.id}`),
    ).toEqual([
      'test/Cluster/Ciphers tls:tls13-needs-tmos14',
      'test/Cluster/Ciphers tls:ciphers-with-cipher-group',
      'test/Cluster/UdpMonitor cis:transport-server-monitor-protocol',
      'test/Cluster/PathB cis:host-path-shared',
      'test/Npl/NamedPort cis:named-port-target-unverified',
    ]);
  });
});
