import { Duration } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { BigipRef, type InventoryItem } from '../../../lib/as3/inventory';
import { MonitorType } from '../../../lib/as3/monitor';
import { PersistenceMethod } from '../../../lib/as3/persist';
import { Snat } from '../../../lib/as3/snat';
import { PoolMemberType } from '../../../components/cis/cis-controller';
import { ConnectionMirroring } from '../../../components/cis/cis-virtual';
import { IcmpEcho, RouteAdvertisement } from '../../../components/cis/service-address';
import { DnsRecordType, F5ExternalDns, GslbLoadBalanceMethod } from '../../../components/cis/f5-external-dns';
import { F5IngressLink } from '../../../components/cis/f5-ingress-link';
import {
  AutoLastHop,
  F5Policy,
  MultiPoolPersistenceMethod,
  PolicyPriority,
} from '../../../components/cis/f5-policy';
import { F5TransportServer, TransportServerMode } from '../../../components/cis/f5-transport-server';
import {
  F5VirtualServer,
  HostPersistenceMethod,
  HttpTraffic,
} from '../../../components/cis/f5-virtual-server';
import { LoadBalancingMethod, ServiceDownAction } from '../../../components/cis/pool-options';
import { TlsProfile, TlsTermination, TlsVersion } from '../../../components/cis/tls-profile';
import { Protocol } from '../../../components/workloads/service-backend';
import { checkConformance, CIS_CRD_FILE, cisCrdsAvailable, loadCisCrds } from '../../helpers/cis-crd';
import { NodePortService } from '../../../components/workloads/node-port-service';
import { allObjects, fixture, Testing, type Doc } from '../../helpers/fixture';
import { COVERED_ELSEWHERE, CRD_REFUSALS, crdLeafPaths, renderedLeafPaths } from '../../helpers/crd-fields';

const available = cisCrdsAvailable();
if (!available) {
  console.warn(
    `[crd-coverage] SKIPPED: ${CIS_CRD_FILE} does not exist (the sibling ../shared folder is absent)`,
  );
}

/** BIG-IP references of the maximal stack; every one goes into the device inventory. */
const inventory: InventoryItem[] = [];
function ref<K extends keyof typeof BigipRef>(factory: K, path: string): BigipRef {
  const made = (BigipRef[factory] as (p: string) => BigipRef)(path);
  inventory.push({ kind: made.kind, path });
  return made;
}

/** One stack that uses every prop of the CIS custom-resource constructs. */
function maximalStack() {
  inventory.length = 0;
  const refs = {
    vlan: ref('vlan', '/Common/external'),
    tg: ref('trafficGroup', '/Common/traffic-group-1'),
    persist: ref('persistenceProfile', '/Common/cookie-custom'),
    analytics: ref('analyticsProfile', '/Common/tcp-analytics'),
    dos: ref('dosProfile', '/Common/dos'),
    tcpC: ref('tcpProfile', '/Common/f5-tcp-wan'),
    tcpS: ref('tcpProfile', '/Common/f5-tcp-lan'),
    inspect: ref('protocolInspectionProfile', '/Common/protocol_inspection'),
    http2C: ref('http2Profile', '/Common/http2-client'),
    http2S: ref('http2Profile', '/Common/http2-server'),
    compress: ref('httpCompressionProfile', '/Common/compression'),
    html: ref('htmlProfile', '/Common/html'),
    access: ref('accessProfile', '/Common/access'),
    api: ref('apiProtectionProfile', '/Common/api'),
    perRequest: ref('perRequestPolicy', '/Common/prp'),
    bot: ref('botDefenseProfile', '/Common/bot-defense'),
    waf: ref('wafPolicy', '/Common/WAF_Policy'),
    multiplex: ref('multiplexProfile', '/Common/oneconnect'),
    adaptReq: ref('adaptProfile', '/Common/requestadapt'),
    adaptRes: ref('adaptProfile', '/Common/responseadapt'),
    irule: ref('iRule', '/Common/my_irule'),
    monitor: ref('monitor', '/Common/custom-http'),
    serverssl: ref('serverSslProfile', '/Common/serverssl-custom'),
    pool: ref('pool', '/Common/fallback-pool'),
    l4: ref('l4Profile', '/Common/security-fastL4'),
    clientssl: ref('clientSslProfile', '/Common/clientssl-custom'),
    firewall: ref('firewallPolicy', '/Common/afm'),
    ipi: ref('ipIntelligencePolicy', '/Common/ipi'),
    ltm: ref('ltmPolicy', '/Common/ltm'),
    udp: ref('udpProfile', '/Common/udp-custom'),
    http: ref('httpProfile', '/Common/http-custom'),
    websocket: ref('websocketProfile', '/Common/websocket'),
    rewrite: ref('rewriteProfile', '/Common/rewrite'),
    log: ref('logProfile', '/Common/Log all requests'.replace(/ /g, '_')),
    requestLog: ref('requestLogProfile', '/Common/request-log'),
    ftp: ref('ftpProfile', '/Common/ftp-custom'),
    snatPool: ref('snatPool', '/Common/snatpool'),
    proxy: ref('iRule', '/Common/Proxy_Protocol_iRule'),
    gslb: ref('gslbServer', '/Common/GSLBServer'),
  };
  const f = fixture({
    device: { inventory: [...inventory] },
    cis: { poolMemberType: PoolMemberType.NODE_PORT, ipam: true },
  });
  const service = (id: string, port: number, protocol = Protocol.TCP) =>
    new NodePortService(f.cluster, id, {
      name: id.toLowerCase(),
      selector: { app: id },
      port,
      portName: 'http',
      protocol,
    });
  const web = service('Web', 80);
  const canary = service('Canary', 80);
  const dns = service('Dns', 53, Protocol.UDP);
  const tls = new TlsProfile(f.cluster, 'Tls', {
    name: 'web-tls',
    termination: TlsTermination.REENCRYPT,
    clientSslProfiles: [BigipRef.clientSslProfile('/Common/clientssl')],
    serverSslSecrets: ['web-backend-tls'],
    hosts: ['web.example.com', 'www.example.com', 'other.example.com'],
    tlsVersion: TlsVersion.V1_2,
    disableTlsVersions: [TlsVersion.V1_0, TlsVersion.V1_1],
    ciphers: 'DEFAULT',
    clientSslRenegotiationEnabled: false,
    clientSslDtlsEnabled: false,
    clientSslSingleUseDhEnabled: true,
    serverSslRenegotiationEnabled: false,
    serverSslDtlsEnabled: false,
    serverSslSingleUseDhEnabled: true,
    serverSslServerName: 'web.internal',
  });
  new TlsProfile(f.cluster, 'Multi', {
    name: 'multi-tls',
    termination: TlsTermination.REENCRYPT,
    clientSslProfiles: [BigipRef.clientSslProfile('/Common/clientssl'), refs.clientssl],
    serverSslProfiles: [BigipRef.serverSslProfile('/Common/serverssl'), refs.serverssl],
    cipherGroup: BigipRef.cipherGroup('/Common/f5-secure'),
  });
  new TlsProfile(f.cluster, 'Single', {
    name: 'single-tls',
    termination: TlsTermination.REENCRYPT,
    clientSslProfiles: [BigipRef.clientSslProfile('/Common/clientssl')],
    serverSslProfiles: [BigipRef.serverSslProfile('/Common/serverssl')],
  });
  const policy = new F5Policy(f.cluster, 'Policy', {
    name: 'full-policy',
    waf: refs.waf,
    profileAccess: refs.access,
    policyPerRequestAccess: refs.perRequest,
    profileApiProtection: refs.api,
    profileAdaptRequest: refs.adaptReq,
    profileAdaptResponse: refs.adaptRes,
    dos: refs.dos,
    botDefense: refs.bot,
    firewallPolicy: refs.firewall,
    ipIntelligencePolicy: refs.ipi,
    allowSourceRange: ['10.0.0.0/8'],
    allowVlans: [refs.vlan],
    ltmPolicyInsecure: refs.ltm,
    ltmPolicySecure: refs.ltm,
    ltmPolicyPriority: PolicyPriority.HIGH,
    iRuleInsecure: refs.irule,
    iRuleSecure: refs.irule,
    iRulePriority: PolicyPriority.LOW,
    iRuleList: [refs.irule],
    defaultPool: {
      service: web,
      poolName: 'policy_default',
      loadBalancingMethod: LoadBalancingMethod.LEAST_CONNECTIONS_MEMBER,
      nodeMemberLabel: 'pool=web',
      monitors: [
        {
          type: MonitorType.UDP,
          send: 'x',
          recv: 'y',
          interval: Duration.seconds(5),
          timeout: Duration.seconds(16),
          timeUntilUp: Duration.seconds(10),
          targetPort: 8081,
          sslProfile: refs.serverssl,
        },
        refs.monitor,
      ],
      reselectTries: 2,
      serviceDownAction: ServiceDownAction.RESELECT,
      staticPoolMembers: [{ address: '10.0.0.5', port: 80 }],
    },
    profileTcpClient: refs.tcpC,
    profileTcpServer: refs.tcpS,
    profileUdp: refs.udp,
    profileHttp: refs.http,
    profileHttpInsecure: refs.http,
    profileHttpSecure: refs.http,
    profileHttp2Client: refs.http2C,
    profileHttp2Server: refs.http2S,
    persistenceProfile: PersistenceMethod.SOURCE_ADDRESS,
    profileAnalyticsTcp: refs.analytics,
    profileAnalyticsHttp: refs.analytics,
    profileL4: refs.l4,
    profileWebSocket: refs.websocket,
    profileMultiplex: refs.multiplex,
    rewriteProfile: refs.rewrite,
    logProfiles: [refs.log],
    requestLogProfile: refs.requestLog,
    httpMrfRoutingEnabled: true,
    clientSslProfiles: [refs.clientssl],
    serverSslProfiles: [refs.serverssl],
    htmlProfile: refs.html,
    ftpProfile: refs.ftp,
    httpCompressionProfile: refs.compress,
    profileProtocolInspection: refs.inspect,
    autoLastHop: AutoLastHop.AUTO,
    snat: Snat.bigip(refs.snatPool),
    reselectTries: 3,
    serviceDownAction: ServiceDownAction.RESET,
    slowRampTime: Duration.seconds(30),
    multiPoolPersistenceMethod: MultiPoolPersistenceMethod.HASH_SOURCE_ADDRESS,
    multiPoolPersistenceTimeout: Duration.seconds(180),
  });
  new F5VirtualServer(f.cluster, 'WebVs', {
    partition: f.partition,
    virtualServerAddress: '192.0.2.10',
    additionalVirtualServerAddresses: ['192.0.2.11'],
    ipamLabel: 'prod-range',
    host: 'web.example.com',
    hostAliases: ['www.example.com'],
    hostGroup: 'web',
    hostGroupVirtualServerName: 'web_group_vs',
    virtualServerHTTPPort: 8080,
    virtualServerHTTPSPort: 8443,
    tlsProfile: tls,
    httpTraffic: HttpTraffic.REDIRECT,
    snat: Snat.SELF,
    bigipRouteDomain: 1,
    iRules: [refs.irule],
    allowVlans: [refs.vlan],
    serviceAddress: {
      arpEnabled: true,
      icmpEcho: IcmpEcho.SELECTIVE,
      routeAdvertisement: RouteAdvertisement.ALWAYS,
      spanningEnabled: false,
      trafficGroup: refs.tg,
    },
    connectionMirroring: ConnectionMirroring.L4,
    persistenceProfile: refs.persist,
    profileAnalyticsTcp: refs.analytics,
    dos: refs.dos,
    profileTcpClient: refs.tcpC,
    profileTcpServer: refs.tcpS,
    profileProtocolInspection: refs.inspect,
    policy,
    hostPersistenceMethod: HostPersistenceMethod.COOKIE_HASH,
    hostPersistence: {
      name: 'session',
      key: 'k',
      netmask: '255.255.255.0',
      timeout: Duration.seconds(300),
      offset: 1,
      length: 8,
      expiry: '1d',
    },
    httpCompressionProfile: refs.compress,
    htmlProfile: refs.html,
    profileHttp2Client: refs.http2C,
    profileHttp2Server: refs.http2S,
    profileAccess: refs.access,
    profileApiProtection: refs.api,
    policyPerRequestAccess: refs.perRequest,
    botDefense: refs.bot,
    waf: refs.waf,
    profileMultiplex: refs.multiplex,
    profileAdaptRequest: refs.adaptReq,
    profileAdaptResponse: refs.adaptRes,
    rewriteAppRoot: '/home',
    allowSourceRange: ['192.0.2.0/24'],
    httpMrfRoutingEnabled: false,
    defaultPool: { bigipPool: refs.pool },
    pools: [
      {
        service: web,
        servicePortName: 'http',
        path: '/shop',
        poolName: 'shop_pool',
        weight: 70,
        alternateBackends: [
          { service: canary, weight: 30, staticPoolMembers: [{ address: '10.0.0.20', port: 80 }] },
        ],
        loadBalancingMethod: LoadBalancingMethod.RATIO_MEMBER,
        nodeMemberLabel: 'pool=web',
        rewrite: '/',
        hostRewrite: 'shop.internal',
        waf: refs.waf,
        monitorType: MonitorType.HTTP,
        monitorSend: 'GET /',
        monitorReceive: '200',
        monitorInterval: Duration.seconds(5),
        monitorTimeout: Duration.seconds(16),
        monitorTimeUntilUp: Duration.seconds(10),
        monitorTargetPort: 8080,
        monitorSslProfile: refs.serverssl,
        monitors: [
          {
            type: MonitorType.HTTPS,
            send: 'GET /',
            recv: 'OK',
            interval: Duration.seconds(5),
            timeout: Duration.seconds(16),
            timeUntilUp: Duration.seconds(10),
            targetPort: 8443,
            sslProfile: refs.serverssl,
          },
          refs.monitor,
        ],
        minimumMonitors: 1,
        reselectTries: 1,
        serviceDownAction: ServiceDownAction.DROP,
        staticPoolMembers: [{ address: '10.0.0.10', port: 80 }],
      },
      { service: web, path: '/api', monitorReference: refs.monitor },
    ],
  });
  new F5TransportServer(f.cluster, 'DnsTs', {
    partition: f.partition,
    virtualServerAddress: '192.0.2.53',
    ipamLabel: 'prod-range',
    virtualServerPort: 53,
    virtualServerName: 'dns_vs',
    host: 'dns.example.com',
    hostGroup: 'dns',
    policy,
    mode: TransportServerMode.PERFORMANCE,
    type: Protocol.UDP,
    service: dns,
    tlsClientSslProfiles: [refs.clientssl],
    tlsServerSslProfiles: [refs.serverssl],
    snat: Snat.AUTO,
    connectionMirroring: ConnectionMirroring.NONE,
    profileTcpClient: refs.tcpC,
    profileTcpServer: refs.tcpS,
    profileProtocolInspection: refs.inspect,
    persistenceProfile: PersistenceMethod.DESTINATION_ADDRESS,
    profileAnalyticsTcp: refs.analytics,
    dos: refs.dos,
    profileL4: refs.l4,
    allowVlans: [refs.vlan],
    iRules: [refs.irule],
    bigipRouteDomain: 2,
    serviceAddress: { icmpEcho: IcmpEcho.DISABLE },
    poolName: 'dns_pool',
    weight: 80,
    alternateBackends: [{ service: dns, weight: 20 }],
    loadBalancingMethod: LoadBalancingMethod.LEAST_CONNECTIONS_MEMBER,
    nodeMemberLabel: 'pool=dns',
    monitorType: MonitorType.UDP,
    monitorSend: 'ping',
    monitorReceive: 'pong',
    monitorInterval: Duration.seconds(5),
    monitorTimeout: Duration.seconds(16),
    monitorTimeUntilUp: Duration.seconds(5),
    monitorTargetPort: 5353,
    monitors: [
      {
        type: MonitorType.UDP,
        send: 'ping',
        recv: 'pong',
        interval: Duration.seconds(5),
        timeout: Duration.seconds(16),
        timeUntilUp: Duration.seconds(5),
        targetPort: 5353,
      },
      refs.monitor,
    ],
    reselectTries: 1,
    serviceDownAction: ServiceDownAction.RESET,
  });
  new F5TransportServer(f.cluster, 'Secure', {
    partition: f.partition,
    virtualServerAddress: '192.0.2.54',
    virtualServerPort: 5432,
    service: web,
    tlsClientSslSecrets: ['db-tls'],
    tlsServerSslSecrets: ['db-backend-tls'],
  });
  // Across namespaces: the resources name their TLSProfile, Policy and Services with a namespace.
  new F5VirtualServer(f.cluster, 'OtherVs', {
    partition: f.partition,
    namespace: 'other',
    virtualServerAddress: '192.0.2.12',
    virtualServerName: 'other_vs',
    host: 'other.example.com',
    tlsProfile: tls,
    policy,
    defaultPool: {
      service: web,
      servicePort: 80,
      loadBalancingMethod: LoadBalancingMethod.ROUND_ROBIN,
      nodeMemberLabel: 'pool=web',
      monitors: [
        {
          type: MonitorType.TCP,
          send: 'x',
          recv: 'y',
          interval: Duration.seconds(5),
          timeout: Duration.seconds(16),
          timeUntilUp: Duration.seconds(10),
          targetPort: 8081,
          sslProfile: refs.serverssl,
        },
        refs.monitor,
      ],
      reselectTries: 2,
      serviceDownAction: ServiceDownAction.RESELECT,
      staticPoolMembers: [{ address: '10.0.0.5', port: 80 }],
    },
    pools: [{ service: web, alternateBackends: [{ service: canary }] }],
  });
  new F5TransportServer(f.cluster, 'OtherTs', {
    partition: f.partition,
    namespace: 'other',
    virtualServerAddress: '192.0.2.55',
    virtualServerPort: 80,
    policy,
    service: web,
    poolName: 'other_ts_pool',
    alternateBackends: [{ service: canary }],
    monitorReference: refs.monitor,
    serviceAddress: {
      arpEnabled: false,
      routeAdvertisement: RouteAdvertisement.SELECTIVE,
      spanningEnabled: true,
      trafficGroup: refs.tg,
    },
  });
  new F5IngressLink(f.cluster, 'Nginx', {
    partition: f.partition,
    namespace: 'nginx-ingress',
    virtualServerAddress: '192.0.2.80',
    ipamLabel: 'prod-range',
    virtualServerName: 'nginx_vs',
    host: 'cafe.example.com',
    bigipRouteDomain: 3,
    iRules: [refs.proxy],
    monitors: [refs.monitor],
    tlsClientSslProfiles: [refs.clientssl],
    tlsServerSslProfiles: [refs.serverssl],
    selector: { app: 'ingresslink' },
    serviceAddress: {
      arpEnabled: true,
      icmpEcho: IcmpEcho.ENABLE,
      routeAdvertisement: RouteAdvertisement.ANY,
      spanningEnabled: false,
      trafficGroup: refs.tg,
    },
  });
  new F5ExternalDns(f.cluster, 'Cafe', {
    domainName: 'cafe.example.com',
    dnsRecordType: DnsRecordType.A,
    loadBalanceMethod: GslbLoadBalanceMethod.GLOBAL_AVAILABILITY,
    clientSubnetPreferred: true,
    persistenceEnabled: true,
    persistCidrIpv4: 24,
    persistCidrIpv6: 64,
    ttlPersistence: Duration.seconds(3600),
    pools: [
      {
        dataServerName: refs.gslb,
        dnsRecordType: DnsRecordType.A,
        loadBalanceMethod: GslbLoadBalanceMethod.RATIO,
        lbModeFallback: GslbLoadBalanceMethod.RETURN_TO_DNS,
        order: 0,
        ratio: 2,
        monitors: [
          {
            type: MonitorType.HTTP,
            send: 'GET /',
            recv: '',
            interval: Duration.seconds(10),
            timeout: Duration.seconds(31),
          },
        ],
      },
      {
        dataServerName: refs.gslb,
        monitors: [
          {
            type: MonitorType.HTTPS,
            interval: Duration.seconds(10),
            send: 'GET /',
            recv: 'OK',
            timeout: Duration.seconds(31),
          },
          { type: MonitorType.TCP, interval: Duration.seconds(10) },
        ],
      },
    ],
  });
  return f;
}

function cisObjects(tree: Record<string, string>): Doc[] {
  return allObjects(tree)
    .map(({ object }) => object)
    .filter((o) => o.apiVersion === 'cis.f5.com/v1');
}

describe.skipIf(!available)('CIS custom resources: every field of the 2.20.4 CRD', () => {
  const kinds = ['VirtualServer', 'TransportServer', 'TLSProfile', 'Policy', 'IngressLink', 'ExternalDNS'];
  const objects = available ? cisObjects(Testing.synth(maximalStack().stack)) : [];

  it.each(kinds)('%s: every spec field is a typed prop or a listed refusal', (kind) => {
    const crd = loadCisCrds().find((c) => c.kind === kind);
    expect(crd, kind).toBeDefined();
    const inCrd = crdLeafPaths(crd!.openApiSchema);
    const rendered = new Set(
      objects.filter((o) => o.kind === kind).flatMap((o) => renderedLeafPaths(o.spec)),
    );
    const refused = CRD_REFUSALS[kind] ?? {};
    const elsewhere = COVERED_ELSEWHERE[kind] ?? [];
    const missing = inCrd.filter(
      (path) => !rendered.has(path) && !(path in refused) && !elsewhere.includes(path),
    );
    expect(missing).toEqual([]);
    // A refusal the constructs now render is stale.
    expect(Object.keys(refused).filter((path) => rendered.has(path))).toEqual([]);
    for (const reason of Object.values(refused)) expect(reason.length).toBeGreaterThan(20);
  });

  it('renders only resources that validate against the CRD schema and its CEL rules', () => {
    expect(objects.length).toBeGreaterThanOrEqual(7);
    for (const object of objects) {
      const result = checkConformance(object);
      expect({ name: object.metadata.name, ...result, skippedTransitionRules: [] }).toEqual({
        name: object.metadata.name,
        schemaErrors: [],
        celErrors: [],
        skippedTransitionRules: [],
      });
    }
  });
});
