import { synthesizeStack } from '../../../lib/core/synth';
import { Duration } from 'cdk8s';
import { BigipObjectKind, BigipRef } from '../../../lib/as3/inventory';
import { describe, expect, it } from 'vitest';
import { Testing } from '../../../lib/testing/testing';
import { BigipDevice } from '../../../components/bigip/bigip-device';
import { BigipPartition, PartitionOwner } from '../../../components/bigip/bigip-partition';
import { CisController, PoolMemberType } from '../../../components/cis/cis-controller';
import { F5TransportServer } from '../../../components/cis/f5-transport-server';
import {
  F5VirtualServer,
  HttpTraffic,
  type F5VirtualServerProps,
} from '../../../components/cis/f5-virtual-server';
import { LoadBalancingMethod } from '../../../components/cis/pool-options';
import { MonitorType } from '../../../lib/as3/monitor';
import { Snat } from '../../../lib/as3/snat';
import { ServiceType } from '../../../components/workloads/service-backend';
import { TlsProfile, TlsTermination } from '../../../components/cis/tls-profile';
import { VksCluster } from '../../../components/workloads/vks-cluster';
import { Networking } from '../../../components/networking/cluster-network';
import { expectSynthProblems, expectValidationError, synthProblems } from '../../helpers/expect-errors';
import {
  FakeBackend,
  fixture,
  k8sObject,
  kustomizationResources,
  nplService,
  type FixtureOptions,
} from '../../helpers/fixture';

const VS = 'test/Cluster/Vs';
const GET = (host: string) => `GET / HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`;

/** A fixture with an NplService `web` (port 8080) and a function building a VirtualServer `Vs` over it. */
function setup(options: FixtureOptions = {}) {
  const f = fixture(options);
  const web = nplService(f.cluster, { name: 'web' });
  const build = (props: Partial<F5VirtualServerProps> = {}, id = 'Vs') =>
    new F5VirtualServer(f.cluster, id, {
      partition: f.partition,
      name: id.toLowerCase(),
      virtualServerAddress: '192.0.2.10',
      pools: [{ service: web }],
      ...props,
    });
  const spec = (name = 'vs', namespace = 'default') =>
    k8sObject(Testing.synth(f.stack), 'VirtualServer', namespace, name).spec;
  return { ...f, web, build, spec };
}

describe('F5VirtualServer', () => {
  it('default snapshot', () => {
    const { stack, build } = setup();
    build({ name: undefined });
    expect(Testing.synth(stack)).toMatchSnapshot();
  });

  it('applies its defaults once, on public fields', () => {
    const { build, partition, cluster } = setup();
    const vs = build();
    expect(vs.cluster).toBe(cluster);
    expect(vs.partition).toBe(partition);
    expect(vs.namespace).toBe('default');
    expect(vs.resourceName).toBe('vs');
    expect(vs.virtualServerHTTPPort).toBe(80);
    expect(vs.virtualServerHTTPSPort).toBe(443);
    expect(vs.snat).toBe(Snat.AUTO);
    expect(vs.bigipRouteDomain).toBe(0);
    expect(vs.iRules).toEqual([]);
    expect(vs.hostAliases).toEqual([]);
    expect(vs.httpTraffic).toBeUndefined();
  });

  it('renders a VirtualServer labelled f5cr: "true" in the CIS partition, with its pool', () => {
    const { stack, build } = setup();
    build({ host: 'shop.example.com' });
    expect(k8sObject(Testing.synth(stack), 'VirtualServer', 'default', 'vs')).toEqual({
      apiVersion: 'cis.f5.com/v1',
      kind: 'VirtualServer',
      metadata: { name: 'vs', namespace: 'default', labels: { f5cr: 'true' } },
      spec: {
        partition: 'k8s',
        virtualServerAddress: '192.0.2.10',
        host: 'shop.example.com',
        snat: 'auto',
        pools: [{ path: '/', service: 'web', servicePort: 8080, loadBalancingMethod: 'round-robin' }],
      },
    });
  });

  it('renders every optional field it offers', () => {
    const { build, spec, cluster, web } = setup({
      device: {
        inventory: [
          { kind: BigipObjectKind.SNAT_POOL, path: '/Common/snatpool' },
          { kind: BigipObjectKind.IRULE, path: '/Common/my_irule' },
        ],
      },
    });
    const tlsProfile = new TlsProfile(cluster, 'Tls', {
      name: 'shop-tls',
      namespace: 'tls',
      termination: TlsTermination.EDGE,
      clientSslProfiles: [BigipRef.clientSslProfile('/Common/clientssl')],
    });
    const api = nplService(
      cluster,
      { name: 'api', namespace: 'api', portName: 'api', containerPort: 9000 },
      'Api',
    );
    api.addPort({ name: 'admin', containerPort: 9001 });
    build({
      host: 'shop.example.com',
      hostAliases: ['www.shop.example.com'],
      hostGroup: 'shop',
      hostGroupVirtualServerName: 'shop_vs',
      virtualServerHTTPPort: 8080,
      virtualServerHTTPSPort: 8443,
      tlsProfile,
      httpTraffic: HttpTraffic.REDIRECT,
      snat: Snat.bigip(BigipRef.snatPool('/Common/snatpool')),
      bigipRouteDomain: 2,
      iRules: [BigipRef.iRule('/Common/my_irule')],
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
          path: '/admin',
          loadBalancingMethod: LoadBalancingMethod.LEAST_CONNECTIONS_MEMBER,
          monitorType: MonitorType.TCP,
        },
      ],
    });
    expect(spec()).toEqual({
      partition: 'k8s',
      virtualServerAddress: '192.0.2.10',
      host: 'shop.example.com',
      hostAliases: ['www.shop.example.com'],
      hostGroup: 'shop',
      hostGroupVirtualServerName: 'shop_vs',
      virtualServerHTTPPort: 8080,
      virtualServerHTTPSPort: 8443,
      tlsProfileName: 'shop-tls',
      tlsProfileNamespace: 'tls',
      httpTraffic: 'redirect',
      snat: '/Common/snatpool',
      bigipRouteDomain: 2,
      iRules: ['/Common/my_irule'],
      pools: [
        {
          path: '/',
          service: 'web',
          servicePort: 8080,
          loadBalancingMethod: 'round-robin',
          monitor: {
            type: 'https',
            interval: 10,
            timeout: 31,
            send: GET('shop.example.com'),
            recv: '200 OK',
          },
        },
        {
          path: '/admin',
          service: 'api',
          servicePort: 9001,
          serviceNamespace: 'api',
          loadBalancingMethod: 'least-connections-member',
          monitor: { type: 'tcp', interval: 5, timeout: 16 },
        },
      ],
    });
  });

  it('uses ipamLabel instead of an address when CIS has IPAM', () => {
    const { build, spec } = setup({ cis: { ipam: true } });
    const vs = build({ virtualServerAddress: undefined, ipamLabel: 'prod-range' });
    expect(vs.listeners()).toEqual([]);
    expect(spec()).toMatchObject({ ipamLabel: 'prod-range' });
    expect(spec()).not.toHaveProperty('virtualServerAddress');
  });

  it('renders a monitor send string on one line, with a default Host of localhost', () => {
    const { stack, build, web } = setup();
    build({ pools: [{ service: web, monitorType: MonitorType.HTTP }] });
    const text = Testing.synth(stack)['test/k8s/c1/virtualserver-default-vs.yaml'] as string;
    expect(text).toContain(
      '      send: "GET / HTTP/1.1\\r\\nHost: localhost\\r\\nConnection: close\\r\\n\\r\\n"\n',
    );
  });

  it('addPool returns the rendered pool and accepts pools after construction', () => {
    const { build, web, spec } = setup();
    const vs = build({ pools: undefined });
    const pool = vs.addPool({ service: web, path: '/api' });
    expect(pool).toEqual({
      path: '/api',
      service: 'web',
      servicePort: 8080,
      serviceNamespace: undefined,
      loadBalancingMethod: 'round-robin',
      monitor: undefined,
    });
    expect(spec().pools).toEqual([
      { path: '/api', service: 'web', servicePort: 8080, loadBalancingMethod: 'round-robin' },
    ]);
  });

  it('listens on HTTP only, on HTTPS and HTTP with a TLS profile, on HTTPS only with httpTraffic none', () => {
    const { build, cluster } = setup();
    const tlsProfile = new TlsProfile(cluster, 'Tls', {
      termination: TlsTermination.EDGE,
      clientSslProfiles: [BigipRef.clientSslProfile('/Common/clientssl')],
    });
    expect(build({}, 'A').listeners()).toEqual([{ address: '192.0.2.10', port: 80 }]);
    expect(build({ virtualServerAddress: '192.0.2.11', tlsProfile }, 'B').listeners()).toEqual([
      { address: '192.0.2.11', port: 443 },
      { address: '192.0.2.11', port: 80 },
    ]);
    expect(
      build(
        { virtualServerAddress: '192.0.2.12', tlsProfile, httpTraffic: HttpTraffic.NONE },
        'C',
      ).listeners(),
    ).toEqual([{ address: '192.0.2.12', port: 443 }]);
  });

  it('is applied after its Services, its TLS profile and its Namespace', () => {
    const { stack, build, cluster } = setup();
    const tlsProfile = new TlsProfile(cluster, 'Tls', {
      name: 'tls',
      namespace: 'shop',
      termination: TlsTermination.EDGE,
      clientSslProfiles: [BigipRef.clientSslProfile('/Common/clientssl')],
    });
    build({ namespace: 'shop', tlsProfile });
    const order = kustomizationResources(Testing.synth(stack), 'test/k8s/c1');
    const vs = order.indexOf('virtualserver-shop-vs.yaml');
    expect(vs).toBeGreaterThan(order.indexOf('service-default-web.yaml'));
    expect(vs).toBeGreaterThan(order.indexOf('tlsprofile-shop-tls.yaml'));
    expect(vs).toBeGreaterThan(order.indexOf('namespace-shop.yaml'));
  });

  it('may share a VIP with another virtual server of the same hostGroup', () => {
    const { stack, build } = setup();
    build({ host: 'a.example.com', hostGroup: 'shop' }, 'A');
    build({ host: 'b.example.com', hostGroup: 'shop' }, 'B');
    expect(() => Testing.synth(stack)).not.toThrow();
  });

  it('may share a VIP without a hostGroup with a virtual server of the same host (CIS merges them: 1 host, 1 virtual)', () => {
    const { stack, build, web } = setup();
    build({ host: 'shop.example.com', pools: [{ service: web, path: '/cart' }] }, 'A');
    build({ host: 'Shop.example.com', pools: [{ service: web, path: '/lib' }] }, 'B');
    expect(() => Testing.synth(stack)).not.toThrow();
  });

  it("warns when two virtual servers on one VIP route the same host and path ('cis:host-path-shared')", () => {
    const { stack, build, web } = setup();
    build({ host: 'shop.example.com', pools: [{ service: web, path: '/cart' }] }, 'A');
    build({ host: 'shop.example.com', hostGroup: undefined, pools: [{ service: web, path: '/cart' }] }, 'B');
    build({ host: 'shop.example.com', pools: [{ service: web, path: '/lib' }] }, 'C');
    expect(synthesizeStack(stack).warnings).toEqual([
      {
        id: 'cis:host-path-shared',
        path: 'test/Cluster/B',
        message:
          'routes host "shop.example.com" path "/cart" on 192.0.2.10, as [test/Cluster/A] does; CIS merges both into one virtual and only one pool gets the path',
      },
    ]);
  });

  it('may reuse an address on another device or in another route domain', () => {
    const { stack, build, device } = setup();
    build({}, 'A');
    build({ bigipRouteDomain: 3 }, 'B');
    // Another BIG-IP, published by the CIS of another cluster.
    const other = new BigipDevice(stack, 'Other', { url: 'https://192.0.2.2' });
    const otherPartition = new BigipPartition(stack, 'OtherPartition', {
      device: other,
      partitionName: 'k8s',
    });
    const c2 = new VksCluster(stack, 'C2', {
      clusterName: 'c2',
      vsphereNamespace: 'vsphere-ns',
      nodePortLocalEnabled: true,
    });
    new CisController(c2, 'Cis', {
      device: other,
      partition: otherPartition,
      poolMemberType: PoolMemberType.NODE_PORT_LOCAL,
      trustedCertsConfigMap: 'kube-system/ca',
    });
    const web2 = nplService(c2, { name: 'web' });
    new F5VirtualServer(c2, 'Vs', {
      partition: otherPartition,
      virtualServerAddress: '192.0.2.10',
      pools: [{ service: web2 }],
    });
    expect(device).not.toBe(other);
    expect(() => Testing.synth(stack)).not.toThrow();
  });

  describe('fails when', () => {
    const DNS_LABEL_RULE = 'a DNS-1123 label (lower-case letters, digits and "-", at most 63 characters)';

    it('partition is missing', () => {
      const { build } = setup();
      expectValidationError(
        () => build({ partition: undefined }),
        VS,
        `'partition' is required: the CIS BigipPartition the virtual is created in`,
      );
    });

    it('namespace is not a DNS label', () => {
      const { build } = setup();
      expectValidationError(
        () => build({ namespace: 'Shop' }),
        VS,
        `'namespace' must be ${DNS_LABEL_RULE}, got "Shop"`,
      );
    });

    it('name is not a DNS subdomain', () => {
      const { build } = setup();
      expectValidationError(
        () => build({ name: 'Shop' }),
        VS,
        `'name' must be a DNS-1123 subdomain (lower-case letters, digits, "-" and ".", at most 253 characters), got "Shop"`,
      );
    });

    it.each(['192.0.2', 'shop.example.com', '192.0.2.10/32'])('virtualServerAddress is %j', (address) => {
      const { build } = setup();
      expectValidationError(
        () => build({ virtualServerAddress: address }),
        VS,
        `'virtualServerAddress' must be an IPv4 or IPv6 address, got ${JSON.stringify(address)}`,
      );
    });

    it.each(['ab', '1range', 'range-'])('ipamLabel is %j', (ipamLabel) => {
      const { build } = setup();
      expectValidationError(
        () => build({ ipamLabel }),
        VS,
        `'ipamLabel' must be an IPAM label of at least 3 characters starting with a letter, got ${JSON.stringify(ipamLabel)}`,
      );
    });

    it('neither virtualServerAddress nor ipamLabel is given', () => {
      const { build } = setup();
      expectValidationError(
        () => build({ virtualServerAddress: undefined }),
        VS,
        `one of 'virtualServerAddress' and 'ipamLabel' is required (the CRD rejects a VirtualServer with neither)`,
      );
    });

    it.each(['shop_example.com', '-shop.example.com', 'shop.example.com.', 'a..b'])('host is %j', (host) => {
      const { build } = setup();
      expectValidationError(
        () => build({ host }),
        VS,
        `'host' must be a DNS host name (labels may be "*"), got ${JSON.stringify(host)}`,
      );
    });

    it('a hostAliases entry is not a host name', () => {
      const { build } = setup();
      expectValidationError(
        () => build({ host: 'shop.example.com', hostAliases: ['www.shop.example.com', 'bad host'] }),
        VS,
        `'hostAliases[1]' must be a DNS host name, got "bad host"`,
      );
    });

    it('hostAliases is given without host', () => {
      const { build } = setup();
      expectValidationError(
        () => build({ hostAliases: ['www.shop.example.com'] }),
        VS,
        `'hostAliases' needs 'host' (CIS: "Host is not provided but HostAliases is present")`,
      );
    });

    it('hostGroup does not start with a letter', () => {
      const { build } = setup();
      expectValidationError(
        () => build({ hostGroup: '1shop' }),
        VS,
        `'hostGroup' must be a host group name starting with a letter, got "1shop"`,
      );
    });

    it('virtualServerName is not a BIG-IP virtual name', () => {
      const { build } = setup();
      expectValidationError(
        () => build({ virtualServerName: 'shop vs' }),
        VS,
        `'virtualServerName' must be a BIG-IP virtual name starting with a letter, got "shop vs"`,
      );
    });

    it('virtualServerHTTPPort is out of range', () => {
      const { build } = setup();
      expectValidationError(
        () => build({ virtualServerHTTPPort: 0 }),
        VS,
        `'virtualServerHTTPPort' must be an integer from 1 to 65535, got 0`,
      );
    });

    it('virtualServerHTTPSPort is out of range', () => {
      const { build } = setup();
      expectValidationError(
        () => build({ virtualServerHTTPSPort: 65536 }),
        VS,
        `'virtualServerHTTPSPort' must be an integer from 1 to 65535, got 65536`,
      );
    });

    it('httpTraffic is not an HttpTraffic', () => {
      const { build } = setup();
      expectValidationError(
        () => build({ httpTraffic: 'deny' as HttpTraffic }),
        VS,
        `'httpTraffic' must be one of "allow", "none", "redirect", got "deny"`,
      );
    });

    it('httpTraffic is set without a TLS profile', () => {
      const { build } = setup();
      expectValidationError(
        () => build({ httpTraffic: HttpTraffic.REDIRECT }),
        VS,
        `'httpTraffic' "redirect" needs 'tlsProfile' (CIS rejects httpTraffic on a plain HTTP virtual)`,
      );
    });

    it('bigipRouteDomain is out of range', () => {
      const { build } = setup();
      expectValidationError(
        () => build({ bigipRouteDomain: 65536 }),
        VS,
        `'bigipRouteDomain' must be an integer from 0 to 65535, got 65536`,
      );
    });

    it('an iRules entry is not an iRule reference', () => {
      const { build } = setup();
      expectValidationError(
        () => build({ iRules: [BigipRef.iRule('/Common/ok'), '/Common/my_irule' as unknown as BigipRef] }),
        VS,
        `'iRules[1]' must be a BigipRef.iRule('/Common/…'), got "/Common/my_irule"`,
      );
    });

    it('an iRule is not in the device inventory (as on the AS3 path, with the same words)', () => {
      const { build, stack } = setup();
      build({ iRules: [BigipRef.iRule('/Common/my_irule')] });
      expectSynthProblems(stack, [
        {
          path: VS,
          message:
            "'iRules[0]' references irule /Common/my_irule, which is not in the inventory of device bigip (declared: none); AS3 would reject the whole declaration",
        },
      ]);
    });

    it('an iRule path is not a full BIG-IP path', () => {
      const { build, stack } = setup();
      build({ iRules: [BigipRef.iRule('my_irule')] });
      expectSynthProblems(stack, [
        {
          path: VS,
          message: `'iRules[0]' a BIG-IP irule reference needs a full path such as "/Common/name", got "my_irule"`,
        },
      ]);
    });

    it('a SNAT pool is not in the device inventory', () => {
      const { build, stack } = setup();
      build({ snat: Snat.bigip(BigipRef.snatPool('/Common/snatpool')) });
      expectSynthProblems(stack, [
        {
          path: VS,
          message:
            "'snat' references snat-pool /Common/snatpool, which is not in the inventory of device bigip (declared: none); AS3 would reject the whole declaration",
        },
      ]);
    });

    it('a pool has no service', () => {
      const { build } = setup();
      expectValidationError(
        () => build({ pools: [{} as never] }),
        VS,
        `'pools[0].service' is required unless 'pools[0].staticPoolMembers' or 'pools[0].multiClusterServices' are given`,
      );
    });

    it('a pool names a port the Service does not have', () => {
      const { build, web } = setup();
      expectValidationError(
        () => build({ pools: [{ service: web, servicePort: 80 }] }),
        VS,
        `'pools[0].servicePort' 80 is not a port of Service web (ports: 8080)`,
      );
    });

    it.each(['api', '/a b', '//x y'])('a pool path is %j', (path) => {
      const { build, web } = setup();
      expectValidationError(
        () => build({ pools: [{ service: web, path }] }),
        VS,
        `'pools[0].path' must be a URL path starting with "/", got ${JSON.stringify(path)}`,
      );
    });

    it('two pools serve the same path', () => {
      const { build, web } = setup();
      expectValidationError(
        () => build({ pools: [{ service: web }, { service: web, path: '/' }] }),
        VS,
        `'pools[1].path' "/" is served by another pool already`,
      );
    });

    it('a pool loadBalancingMethod is not a LoadBalancingMethod', () => {
      const { build, web } = setup();
      expectValidationError(
        () => build({ pools: [{ service: web, loadBalancingMethod: 'roundrobin' as LoadBalancingMethod }] }),
        VS,
        new RegExp(
          `^'pools\\[0\\]\\.loadBalancingMethod' must be one of "dynamic-ratio-member", .*, got "roundrobin"$`,
        ),
      );
    });

    it('a pool monitor is udp, which a VirtualServer pool cannot have', () => {
      const { build, web } = setup();
      expectValidationError(
        () =>
          build({ pools: [{ service: web }, { service: web, path: '/b', monitorType: MonitorType.UDP }] }),
        VS,
        `'pools[1].monitorType' "udp" cannot check a VirtualServer pool (the CRD allows http, https and tcp); use an F5TransportServer of type udp`,
      );
    });

    it('a pool monitor option is given without monitorType (the message names the pool)', () => {
      const { build, web } = setup();
      expectValidationError(
        () => build({ pools: [{ service: web, monitorReceive: 'OK' }] }),
        VS,
        `'pools[0].monitorReceive' needs 'pools[0].monitorType' to be set`,
      );
    });

    it('warns when a pool monitor timeout is not longer than its interval (the message names the pool)', () => {
      const { stack, build, web } = setup();
      build({
        pools: [{ service: web, monitorType: MonitorType.HTTP, monitorInterval: Duration.seconds(20) }],
      });
      expect(
        synthesizeStack(stack).warnings.filter(
          (w) => w.id === 'cis:monitor-timeout-not-longer-than-interval',
        ),
      ).toEqual([
        {
          id: 'cis:monitor-timeout-not-longer-than-interval',
          path: VS,
          message:
            "'pools[0].monitor' timeout (16s) is not longer than its interval (20s): one lost probe marks a member down; BIG-IP recommends 3 × interval + 1 s",
        },
      ]);
    });

    it.each(['2048-game', 'x'])(
      'a pool Service is in namespace %j, which the CRD cannot name from another one',
      (ns) => {
        const { build, cluster } = setup();
        const game = nplService(cluster, { name: 'game', namespace: ns }, 'Game');
        expectValidationError(
          () => build({ pools: [{ service: game }] }),
          VS,
          `'pools[0].service' is in namespace "${ns}", which a VirtualServer in another namespace cannot name (the CRD wants a namespace that starts with a letter and has at least 2 characters); put the VirtualServer in "${ns}" too`,
        );
      },
    );

    it('a pool Service in such a namespace is fine when the VirtualServer is in it too', () => {
      const { build, cluster, stack } = setup();
      const game = nplService(cluster, { name: 'game', namespace: '2048-game' }, 'Game');
      build({ namespace: '2048-game', pools: [{ service: game }] });
      expect(
        k8sObject(Testing.synth(stack), 'VirtualServer', '2048-game', 'vs').spec.pools[0],
      ).not.toHaveProperty('serviceNamespace');
    });

    it('its TLS profile is in a namespace the CRD cannot name from another one', () => {
      const { build, cluster } = setup();
      const tlsProfile = new TlsProfile(cluster, 'Tls', {
        namespace: '1tls',
        termination: TlsTermination.EDGE,
        clientSslProfiles: [BigipRef.clientSslProfile('/Common/clientssl')],
      });
      expectValidationError(
        () => build({ tlsProfile }),
        VS,
        `'tlsProfile' is in namespace "1tls", which a VirtualServer in another namespace cannot name (the CRD wants a namespace that starts with a letter and has at least 2 characters); put the VirtualServer in "1tls" too`,
      );
    });

    it('it is created outside a VksCluster', () => {
      const { stack, partition } = setup();
      expectValidationError(
        () => new F5VirtualServer(stack, 'Vs', { partition, virtualServerAddress: '192.0.2.10' }),
        'test/Vs',
        `must be created inside a VksCluster (new X(cluster, 'Id', …)), but its scopes are test/Vs`,
      );
    });

    it('it has no pool', () => {
      const { stack, build } = setup();
      build({ pools: undefined });
      expectSynthProblems(stack, [
        {
          path: VS,
          message: `needs at least one pool (addPool, 'pools' or 'defaultPool'): CIS renders a pool-less VirtualServer into an AS3 declaration the BIG-IP rejects`,
        },
      ]);
    });

    it('its partition is owned by the stack, not CIS', () => {
      const { stack, build, device } = setup();
      const owned = new BigipPartition(stack, 'Owned', {
        device,
        partitionName: 'apps',
        owner: PartitionOwner.STACK,
      });
      build({ partition: owned });
      expect(synthProblems(stack).filter((p) => p.path === VS)).toEqual([
        {
          path: VS,
          message: `'partition' "apps" is owned by stack, not CIS; CIS custom resources may only use CIS partitions`,
        },
      ]);
    });

    it('no CisController of the cluster manages its partition', () => {
      const f = fixture({ cis: false });
      const svc = new FakeBackend(f.cluster, 'Web', ServiceType.NODE_PORT);
      new F5VirtualServer(f.cluster, 'Vs', {
        partition: f.partition,
        virtualServerAddress: '192.0.2.10',
        pools: [{ service: svc }],
      });
      expectSynthProblems(f.stack, [
        {
          path: VS,
          message: `'partition' "k8s" on device bigip is not managed by any CisController in cluster "c1"; nothing would publish this resource`,
        },
      ]);
    });

    it('its partition is denied to the cluster’s CisController', () => {
      const f = fixture({ cis: false });
      const denied = new BigipPartition(f.stack, 'Denied', { device: f.device, partitionName: 'denied' });
      new CisController(f.cluster, 'Cis', {
        device: f.device,
        partition: f.partition,
        poolMemberType: PoolMemberType.NODE_PORT_LOCAL,
        trustedCertsConfigMap: 'kube-system/ca',
        deniedPartitions: [denied],
      });
      const web = nplService(f.cluster, { name: 'web' });
      new F5VirtualServer(f.cluster, 'Vs', {
        partition: denied,
        virtualServerAddress: '192.0.2.10',
        pools: [{ service: web }],
      });
      expectSynthProblems(f.stack, [
        {
          path: VS,
          message: `'partition' "denied" on device bigip is not managed by any CisController in cluster "c1"; nothing would publish this resource`,
        },
      ]);
    });

    it('its TLS profile is in another cluster', () => {
      const { stack, build, device } = setup();
      const other = new VksCluster(stack, 'Other', {
        clusterName: 'c2',
        vsphereNamespace: 'vsphere-ns',
        nodePortLocalEnabled: true,
      });
      new CisController(other, 'Cis', {
        device,
        partition: new BigipPartition(stack, 'P2', { device, partitionName: 'k8s2' }),
        poolMemberType: PoolMemberType.NODE_PORT_LOCAL,
        trustedCertsConfigMap: 'kube-system/ca',
      });
      const tlsProfile = new TlsProfile(other, 'Tls', {
        termination: TlsTermination.EDGE,
        clientSslProfiles: [BigipRef.clientSslProfile('/Common/clientssl')],
      });
      build({ tlsProfile });
      expectSynthProblems(stack, [
        {
          path: VS,
          message: `'tlsProfile' [test/Other/Tls] is in another cluster; CIS only reads TLSProfiles of its own cluster`,
        },
      ]);
    });

    it('a pool Service is in another cluster', () => {
      const { stack, build, device } = setup();
      const other = new VksCluster(stack, 'Other', {
        clusterName: 'c2',
        vsphereNamespace: 'vsphere-ns',
        nodePortLocalEnabled: true,
      });
      new CisController(other, 'Cis', {
        device,
        partition: new BigipPartition(stack, 'P2', { device, partitionName: 'k8s2' }),
        poolMemberType: PoolMemberType.NODE_PORT_LOCAL,
        trustedCertsConfigMap: 'kube-system/ca',
      });
      const remote = nplService(other, { name: 'remote' });
      build({ pools: [{ service: remote }] });
      expectSynthProblems(stack, [
        {
          path: VS,
          message: `'pools[0].service' Service default/remote is in cluster "c2", but this resource is in "c1"; CIS only sees its own cluster`,
        },
      ]);
    });

    it('a pool Service lacks the NodePortLocal annotation while CIS is in nodeportlocal mode', () => {
      const { stack, build, web, cluster } = setup();
      const plain = new FakeBackend(cluster, 'Plain', ServiceType.CLUSTER_IP);
      build({ pools: [{ service: web }, { service: plain, path: '/plain' }] });
      expectSynthProblems(stack, [
        {
          path: VS,
          message: `'pools[1].service' Service default/plain lacks the NodePortLocal annotation, but [test/Cluster/Cis] uses pool member type nodeportlocal: the pool would stay empty; use an NplService`,
        },
      ]);
    });

    it('a pool Service is ClusterIP while CIS is in nodeport mode', () => {
      const f = fixture({
        cis: { poolMemberType: PoolMemberType.NODE_PORT },
        cluster: { nodePortLocalEnabled: false },
      });
      const clusterIp = new FakeBackend(f.cluster, 'Web', ServiceType.CLUSTER_IP);
      const nodePort = new FakeBackend(f.cluster, 'Ok', ServiceType.NODE_PORT);
      new F5VirtualServer(f.cluster, 'Vs', {
        partition: f.partition,
        virtualServerAddress: '192.0.2.10',
        pools: [{ service: clusterIp }, { service: nodePort, path: '/ok' }],
      });
      expectSynthProblems(f.stack, [
        {
          path: VS,
          message: `'pools[0].service' Service default/web is ClusterIP, but [test/Cluster/Cis] uses pool member type nodeport, which needs NodePort or LoadBalancer Services`,
        },
      ]);
    });

    it('ipamLabel is used while CIS has no IPAM', () => {
      const { stack, build } = setup();
      build({ virtualServerAddress: undefined, ipamLabel: 'prod-range' });
      expectSynthProblems(stack, [
        { path: VS, message: `'ipamLabel' "prod-range" needs 'ipam: true' on [test/Cluster/Cis]` },
      ]);
    });

    it('snat is none on NSX', () => {
      const { stack, build } = setup({ cluster: { networking: Networking.NSX } });
      build({ snat: Snat.NONE });
      expectSynthProblems(stack, [
        {
          path: VS,
          message: `'snat' none cannot work on NSX: the BIG-IP is not in line with the cluster, so replies would bypass it; use Snat.AUTO or a SNAT pool`,
        },
      ]);
    });

    it("two virtual servers with different hosts share a VIP:port without a hostGroup ('cis:shared-vip-needs-host-group')", () => {
      const { stack, build } = setup();
      build({ host: 'a.example.com' }, 'A');
      build({ host: 'b.example.com' }, 'B');
      expectSynthProblems(stack, [
        {
          path: 'test/Cluster/B',
          message: `listens on 192.0.2.10:80, as [test/Cluster/A] does; virtual servers sharing a VIP must set the same 'hostGroup' (this one has nothing, the other nothing), or CIS lets one overwrite the other [cis:shared-vip-needs-host-group]`,
        },
      ]);
    });

    it('two virtual servers share a VIP:port with different hostGroups', () => {
      const { stack, build } = setup();
      build({ host: 'a.example.com', hostGroup: 'shop' }, 'A');
      build({ host: 'b.example.com', hostGroup: 'blog' }, 'B');
      expectSynthProblems(stack, [
        {
          path: 'test/Cluster/B',
          message: `listens on 192.0.2.10:80, as [test/Cluster/A] does; virtual servers sharing a VIP must set the same 'hostGroup' (this one has "blog", the other "shop"), or CIS lets one overwrite the other [cis:shared-vip-needs-host-group]`,
        },
      ]);
    });

    it('a virtual server and a transport server share a VIP:port', () => {
      const { stack, build, partition, cluster } = setup();
      build({ host: 'a.example.com', hostGroup: 'shop' }, 'A');
      const l4 = new FakeBackend(cluster, 'L4', ServiceType.LOAD_BALANCER);
      new F5TransportServer(cluster, 'Ts', {
        partition,
        virtualServerAddress: '192.0.2.10',
        virtualServerPort: 80,
        service: l4,
      });
      const problems = synthProblems(stack).filter((p) => p.message.startsWith('listens on'));
      expect(problems).toEqual([
        {
          path: 'test/Cluster/Ts',
          message: `listens on 192.0.2.10:80, as [test/Cluster/A] does; an L4 virtual cannot share an address, port and protocol with another virtual [cis:l4-address-port-protocol-unique]`,
        },
      ]);
    });

    it('two virtual servers share an IPv6 VIP written two ways', () => {
      const { stack, build } = setup({
        cis: { poolMemberType: PoolMemberType.NODE_PORT_LOCAL, enableIpv6: true },
      });
      build({ virtualServerAddress: '2001:db8::a', host: 'a.example.com' }, 'A');
      build({ virtualServerAddress: '2001:DB8:0::A', host: 'a.example.com', hostGroup: 'b' }, 'B');
      // The same address: a VIP conflict, and no "host on two VIPs" error.
      expectSynthProblems(stack, [
        {
          path: 'test/Cluster/B',
          message: `listens on [2001:DB8:0::A]:80, as [test/Cluster/A] does; virtual servers sharing a VIP must set the same 'hostGroup' (this one has "b", the other nothing), or CIS lets one overwrite the other [cis:shared-vip-needs-host-group]`,
        },
      ]);
    });

    it('a host is served on two VIPs', () => {
      const { stack, build } = setup();
      build({ host: 'shop.example.com' }, 'A');
      build({ host: 'shop.example.com', virtualServerAddress: '192.0.2.11' }, 'B');
      expectSynthProblems(stack, [
        {
          path: 'test/Cluster/B',
          message: `'host' "shop.example.com" is already served on 192.0.2.10 by [test/Cluster/A]; a host maps to one VIP, got 192.0.2.11`,
        },
      ]);
    });
  });
});
