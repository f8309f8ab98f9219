import { Duration } from 'cdk8s';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import YAML from 'yaml';
import {
  AutoLastHop,
  BigipPartition,
  BigipRef,
  ConnectionMirroring,
  DnsRecordType,
  F5ExternalDns,
  F5IngressLink,
  F5Policy,
  F5TransportServer,
  F5VirtualServer,
  GslbLoadBalanceMethod,
  HostPersistenceMethod,
  HttpTraffic,
  IcmpEcho,
  LoadBalancingMethod,
  MonitorType,
  MultiPoolPersistenceMethod,
  PersistenceMethod,
  PolicyPriority,
  Protocol,
  RouteAdvertisement,
  ServiceDownAction,
  ServiceRef,
  Snat,
  TlsProfile,
  TlsTermination,
  TlsVersion,
  TransportServerMode,
  VksCluster,
  type BigipObjectKind,
  type CisPoolMonitor,
  type DefaultPoolOptions,
  type IF5Policy,
  type InventoryItem,
  type ITlsProfile,
  type ServiceAddressOptions,
  type StaticPoolMemberOptions,
} from '../../lib/index';
import type { Doc, Fixture } from './fixture';
import { MultiCluster } from '../../components/multicluster/multi-cluster';

/** F5's configuration examples (copied from k8s-bigip-ctlr; see ../shared/cis/PROVENANCE.md). */
export const F5_EXAMPLES_DIR = resolve(__dirname, '../../../shared/cis/examples');

export const CIS_KINDS = [
  'VirtualServer',
  'TransportServer',
  'TLSProfile',
  'Policy',
  'IngressLink',
  'ExternalDNS',
];

export interface ExampleResource {
  readonly file: string;
  readonly index: number;
  readonly object: Doc;
}

/** Every CIS custom resource of the example files, grouped by file. */
export function loadExamples(): Map<string, ExampleResource[]> {
  const byFile = new Map<string, ExampleResource[]>();
  if (!existsSync(F5_EXAMPLES_DIR)) return byFile;
  const walk = (dir: string): string[] =>
    readdirSync(dir)
      .sort()
      .flatMap((name) => {
        const path = join(dir, name);
        return statSync(path).isDirectory() ? walk(path) : /\.ya?ml$/.test(name) ? [path] : [];
      });
  for (const path of walk(F5_EXAMPLES_DIR)) {
    const file = relative(F5_EXAMPLES_DIR, path);
    let docs: unknown[];
    try {
      docs = YAML.parseAllDocuments(readFileSync(path, 'utf8')).map((d) => d.toJS());
    } catch {
      continue;
    }
    const resources = docs.flatMap((object, index) =>
      object && typeof object === 'object' && CIS_KINDS.includes((object as Doc).kind)
        ? [{ file, index, object: object as Doc }]
        : [],
    );
    if (resources.length) byFile.set(file, resources);
  }
  return byFile;
}

/** Drops empty objects and lists, as the API server's output and ours omit them. */
export function pruneEmpty(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(pruneEmpty);
  if (value && typeof value === 'object') {
    const out: Doc = {};
    for (const [k, v] of Object.entries(value)) {
      const pruned = pruneEmpty(v);
      const empty =
        pruned === null ||
        (Array.isArray(pruned) && pruned.length === 0) ||
        (typeof pruned === 'object' && !Array.isArray(pruned) && Object.keys(pruned as Doc).length === 0);
      if (!empty) out[k] = pruned;
    }
    return out;
  }
  return value;
}

/** Fields of `expected` that `actual` does not reproduce with the same value (`a.b[0].c: x ≠ y`). */
export function missingFields(expected: unknown, actual: unknown, path = ''): string[] {
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length)
      return [`${path}: ${JSON.stringify(expected)} ≠ ${JSON.stringify(actual)}`];
    return expected.flatMap((e, i) => missingFields(e, actual[i], `${path}[${i}]`));
  }
  if (expected && typeof expected === 'object') {
    if (!actual || typeof actual !== 'object') return [`${path}: missing`];
    return Object.entries(expected).flatMap(([k, v]) =>
      missingFields(v, (actual as Doc)[k], path ? `${path}.${k}` : k),
    );
  }
  // The CRD takes int-or-string ports and the YAML may quote booleans or numbers.
  return String(expected) === String(actual)
    ? []
    : [`${path}: ${JSON.stringify(expected)} ≠ ${JSON.stringify(actual)}`];
}

const enumOf = <T extends string>(values: Record<string, T>, value: unknown, what: string): T => {
  const found = Object.values(values).find((v) => v === value);
  if (found === undefined) throw new Error(`${what} ${JSON.stringify(value)} has no enum value`);
  return found;
};
const secs = (n: unknown) => (n === undefined ? undefined : Duration.seconds(Number(n)));

/**
 * Rebuilds F5's example resources of one file from the constructs (no JSON patch): each spec field is
 * mapped to the typed prop that renders it. BIG-IP objects are taken by reference and recorded, so the
 * caller can declare them in the device inventory.
 */
export class ExampleBuilder {
  public readonly inventory: InventoryItem[] = [];
  private readonly tls = new Map<string, ITlsProfile>();
  private readonly policies = new Map<string, IF5Policy>();
  private readonly partitions = new Map<string, BigipPartition>();
  private readonly clusters = new Map<string, VksCluster>();

  constructor(private readonly f: Fixture) {}

  private ref(kind: BigipObjectKind, path: unknown): BigipRef {
    const factory = Object.getOwnPropertyNames(BigipRef).find(
      (name) => name.toLowerCase() === kind.replace(/-/g, '').toLowerCase(),
    ) as keyof typeof BigipRef;
    const made = (BigipRef[factory] as (p: string) => BigipRef)(String(path));
    this.inventory.push({ kind: made.kind, path: made.path });
    return made;
  }

  private refs(kind: BigipObjectKind, paths: unknown): BigipRef[] | undefined {
    return Array.isArray(paths) ? paths.map((p) => this.ref(kind, p)) : undefined;
  }

  private opt(kind: BigipObjectKind, path: unknown): BigipRef | undefined {
    return path === undefined ? undefined : this.ref(kind, path);
  }

  private partition(name: unknown): BigipPartition {
    if (name === undefined) return this.f.partition;
    const key = String(name);
    let partition = this.partitions.get(key);
    if (!partition) {
      partition = new BigipPartition(this.f.stack, `Partition-${key}`, {
        device: this.f.device,
        partitionName: key,
      });
      this.partitions.set(key, partition);
    }
    return partition;
  }

  private cluster(name: string): VksCluster {
    if (name === this.f.cluster.clusterName) return this.f.cluster;
    let cluster = this.clusters.get(name);
    if (!cluster) {
      cluster = new VksCluster(this.f.stack, `Cluster-${name}`, {
        clusterName: name,
        vsphereNamespace: 'vsphere-ns',
        // Disjoint from each other and the fixture's: the fixture's CIS sends to pod IPs (cluster mode).
        podCidrs: [`10.${200 + this.clusters.size}.0.0/16`],
      });
      this.clusters.set(name, cluster);
    }
    return cluster;
  }

  private service(
    namespace: string,
    name: unknown,
    port: unknown,
    protocol = Protocol.TCP,
    clusterName?: string,
  ) {
    const cluster = clusterName === undefined ? this.f.cluster : this.cluster(clusterName);
    const named = typeof port === 'string' && !/^\d+$/.test(port);
    const ref = ServiceRef.fromName(cluster, namespace, String(name), named ? 80 : Number(port ?? 80), {
      portName: named ? port : undefined,
      protocol,
    });
    return {
      service: ref,
      servicePort: named ? undefined : Number(port ?? 80),
      servicePortName: named ? port : undefined,
    };
  }

  private monitorList(monitors: Doc[] | undefined): CisPoolMonitor[] | undefined {
    return monitors?.map((m) =>
      m.reference === 'bigip'
        ? this.ref('monitor' as BigipObjectKind, m.name)
        : {
            type: enumOf(MonitorType, m.type, 'monitor type'),
            send: m.send,
            recv: m.recv,
            interval: secs(m.interval),
            timeout: secs(m.timeout),
            timeUntilUp: secs(m.timeUntilUp),
            targetPort: m.targetPort,
            sslProfile: this.opt('server-ssl-profile' as BigipObjectKind, m.sslProfile),
          },
    );
  }

  private flatMonitor(m: Doc | undefined) {
    if (!m) return {};
    if (m.reference === 'bigip') return { monitorReference: this.ref('monitor' as BigipObjectKind, m.name) };
    return {
      monitorType: enumOf(MonitorType, m.type, 'monitor type'),
      monitorSend: m.send,
      monitorReceive: m.recv,
      monitorInterval: secs(m.interval),
      monitorTimeout: secs(m.timeout),
      monitorTimeUntilUp: secs(m.timeUntilUp),
      monitorTargetPort: m.targetPort,
      monitorSslProfile: this.opt('server-ssl-profile' as BigipObjectKind, m.sslProfile),
    };
  }

  private statics(members: Doc[] | undefined): StaticPoolMemberOptions[] | undefined {
    return members?.map((m) => ({ address: m.address, port: m.port }));
  }

  private poolCommon(p: Doc, namespace: string, protocol: Protocol) {
    return {
      poolName: p.name,
      loadBalancingMethod:
        p.loadBalancingMethod === undefined
          ? undefined
          : enumOf(LoadBalancingMethod, p.loadBalancingMethod, 'lb'),
      nodeMemberLabel: p.nodeMemberLabel,
      monitors: this.monitorList(p.monitors),
      reselectTries: p.reselectTries,
      serviceDownAction:
        p.serviceDownAction === undefined
          ? undefined
          : enumOf(ServiceDownAction, p.serviceDownAction, 'action'),
      weight: p.weight,
      alternateBackends: (p.alternateBackends as Doc[] | undefined)?.map((b) => ({
        service: this.service(b.serviceNamespace ?? namespace, b.service, p.servicePort, protocol).service,
        weight: b.weight,
        staticPoolMembers: this.statics(b.staticPoolMembers),
      })),
      multiClusterServices: (p.multiClusterServices as Doc[] | undefined)?.map((m) => ({
        ...this.service(m.namespace, m.service, m.servicePort, protocol, m.clusterName),
        weight: m.weight,
      })),
      ...this.flatMonitor(p.monitor),
    };
  }

  private defaultPool(p: Doc | undefined, namespace: string): DefaultPoolOptions | undefined {
    if (!p) return undefined;
    const service =
      p.reference === 'service'
        ? this.service(p.serviceNamespace ?? namespace, p.service, p.servicePort)
        : undefined;
    return {
      ...(service ?? {}),
      bigipPool: p.reference === 'bigip' ? this.ref('pool' as BigipObjectKind, p.name) : undefined,
      poolName: p.reference === 'service' ? p.name : undefined,
      loadBalancingMethod:
        p.loadBalancingMethod === undefined
          ? undefined
          : enumOf(LoadBalancingMethod, p.loadBalancingMethod, 'lb'),
      nodeMemberLabel: p.nodeMemberLabel,
      monitors: this.monitorList(p.monitors),
      reselectTries: p.reselectTries,
      serviceDownAction:
        p.serviceDownAction === undefined
          ? undefined
          : enumOf(ServiceDownAction, p.serviceDownAction, 'action'),
      staticPoolMembers: this.statics(p.staticPoolMembers),
    };
  }

  private serviceAddress(list: Doc[] | undefined): ServiceAddressOptions | undefined {
    const a = list?.[0];
    if (!a) return undefined;
    return {
      arpEnabled: a.arpEnabled,
      icmpEcho: a.icmpEcho === undefined ? undefined : enumOf(IcmpEcho, a.icmpEcho, 'icmpEcho'),
      routeAdvertisement:
        a.routeAdvertisement === undefined
          ? undefined
          : enumOf(RouteAdvertisement, a.routeAdvertisement, 'ra'),
      spanningEnabled: a.spanningEnabled,
      trafficGroup: this.opt('traffic-group' as BigipObjectKind, a.trafficGroup),
    };
  }

  private snat(value: unknown): Snat | undefined {
    if (value === undefined) return undefined;
    if (value === 'auto') return Snat.AUTO;
    if (value === 'none') return Snat.NONE;
    if (value === 'self') return Snat.SELF;
    return Snat.bigip(this.ref('snat-pool' as BigipObjectKind, value));
  }

  private persistence(value: unknown) {
    if (value === undefined) return undefined;
    const method = Object.values(PersistenceMethod).find((m) => m === value);
    return method ?? this.ref('persistence-profile' as BigipObjectKind, value);
  }

  /** The TLSProfile a virtual names, rebuilt from the same file or stood in for. */
  private tlsProfile(name: unknown, namespace: string): ITlsProfile | undefined {
    if (name === undefined) return undefined;
    const key = `${namespace}/${String(name)}`;
    return (
      this.tls.get(key) ??
      this.buildTls(
        {
          metadata: { name, namespace },
          spec: { tls: { termination: 'edge', clientSSL: '/Common/clientssl', reference: 'bigip' } },
        },
        `Tls-${key.replace('/', '.')}`,
      )
    );
  }

  private policy(name: unknown, namespace: string): IF5Policy | undefined {
    if (name === undefined) return undefined;
    const key = `${namespace}/${String(name)}`;
    return (
      this.policies.get(key) ??
      this.buildPolicy({ metadata: { name, namespace }, spec: {} }, `Policy-${key.replace('/', '.')}`)
    );
  }

  /** Builds the resources of one file, TLSProfiles and Policies first (virtuals reference them). */
  public build(resources: readonly ExampleResource[]): void {
    const order = (k: string) => (k === 'TLSProfile' || k === 'Policy' ? 0 : 1);
    [...resources]
      .sort((a, b) => order(a.object.kind) - order(b.object.kind) || a.index - b.index)
      .forEach((r) => {
        const id = `${r.object.kind}-${r.index}`;
        switch (r.object.kind) {
          case 'TLSProfile':
            return this.buildTls(r.object, id);
          case 'Policy':
            return this.buildPolicy(r.object, id);
          case 'VirtualServer':
            return this.buildVirtualServer(r.object, id);
          case 'TransportServer':
            return this.buildTransportServer(r.object, id);
          case 'IngressLink':
            return this.buildIngressLink(r.object, id);
          default:
            return this.buildExternalDns(r.object, id);
        }
      });
    // multiClusterServices name other clusters: the fixture's CIS reads them as a standalone multi-cluster CIS.
    if (this.clusters.size > 0 && this.f.cis) {
      new MultiCluster(this.f.stack, 'MultiCluster', {
        controller: this.f.cis,
        clusters: [...this.clusters.values()].map((cluster, i) => ({
          cluster,
          apiServer: `https://192.0.2.${10 + i}:6443`,
        })),
      });
    }
  }

  private ns(o: Doc): string {
    return o.metadata?.namespace ?? 'default';
  }

  private buildTls(o: Doc, id: string): ITlsProfile {
    const s = o.spec ?? {};
    const tls = s.tls ?? {};
    const side = (one: unknown, many: unknown) =>
      one !== undefined ? [String(one)] : Array.isArray(many) ? many.map(String) : undefined;
    const client = side(tls.clientSSL, tls.clientSSLs);
    const server = side(tls.serverSSL, tls.serverSSLs);
    const referenceOf = (which: 'client' | 'server') =>
      tls.reference === 'hybrid' ? tls[`${which}SSLParams`]?.profileReference : tls.reference;
    const pick = (which: 'client' | 'server', names: string[] | undefined) => {
      if (!names) return {};
      const kind = (which === 'client' ? 'client-ssl-profile' : 'server-ssl-profile') as BigipObjectKind;
      return referenceOf(which) === 'secret'
        ? { [`${which}SslSecrets`]: names }
        : { [`${which}SslProfiles`]: names.map((n) => this.ref(kind, n)) };
    };
    const params = (which: 'client' | 'server') => {
      const p = tls[`${which}SSLParams`] ?? {};
      return {
        [`${which}SslRenegotiationEnabled`]: p.renegotiationEnabled,
        [`${which}SslDtlsEnabled`]: p.dtlsEnabled,
        [`${which}SslSingleUseDhEnabled`]: p.singleUseDhEnabled,
      };
    };
    const cipher = s.tlsCipher ?? {};
    const profile = new TlsProfile(this.f.cluster, id, {
      name: o.metadata.name,
      namespace: this.ns(o),
      termination: enumOf(TlsTermination, tls.termination, 'termination'),
      hosts: s.hosts,
      ...pick('client', client),
      ...pick('server', server),
      ...params('client'),
      ...params('server'),
      serverSslServerName: tls.serverSSLParams?.serverName,
      tlsVersion:
        cipher.tlsVersion === undefined ? undefined : enumOf(TlsVersion, String(cipher.tlsVersion), 'tls'),
      disableTlsVersions: (cipher.disableTLSVersions as unknown[] | undefined)?.map((v) =>
        enumOf(TlsVersion, String(v), 'tls'),
      ),
      ciphers: cipher.ciphers,
      cipherGroup: this.opt('cipher-group' as BigipObjectKind, cipher.cipherGroup),
    });
    this.tls.set(`${this.ns(o)}/${o.metadata.name}`, profile);
    return profile;
  }

  private buildPolicy(o: Doc, id: string): IF5Policy {
    const s = o.spec ?? {};
    const l7 = s.l7Policies ?? {};
    const l3 = s.l3Policies ?? {};
    const pr = s.profiles ?? {};
    const ps = s.poolSettings ?? {};
    const K = (k: string) => k as BigipObjectKind;
    const prio = (v: unknown) => (v === undefined ? undefined : enumOf(PolicyPriority, v, 'priority'));
    const policy = new F5Policy(this.f.cluster, id, {
      name: o.metadata.name,
      namespace: this.ns(o),
      waf: this.opt(K('waf-policy'), l7.waf),
      profileAccess: this.opt(K('access-profile'), l7.profileAccess),
      policyPerRequestAccess: this.opt(K('per-request-policy'), l7.policyPerRequestAccess),
      profileApiProtection: this.opt(K('api-protection-profile'), l7.profileApiProtection),
      profileAdaptRequest: this.opt(K('adapt-profile'), l7.profileAdapt?.request),
      profileAdaptResponse: this.opt(K('adapt-profile'), l7.profileAdapt?.response),
      dos: this.opt(K('dos-profile'), l3.dos),
      botDefense: this.opt(K('bot-defense-profile'), l3.botDefense),
      firewallPolicy: this.opt(K('firewall-policy'), l3.firewallPolicy),
      ipIntelligencePolicy: this.opt(K('ip-intelligence-policy'), l3.ipIntelligencePolicy),
      allowSourceRange: l3.allowSourceRange,
      allowVlans: this.refs(K('vlan'), l3.allowVlans),
      ltmPolicyInsecure: this.opt(K('ltm-policy'), s.ltmPolicies?.insecure),
      ltmPolicySecure: this.opt(K('ltm-policy'), s.ltmPolicies?.secure),
      ltmPolicyPriority: prio(s.ltmPolicies?.priority),
      iRuleInsecure: s.iRules?.insecure === 'none' ? undefined : this.opt(K('irule'), s.iRules?.insecure),
      iRuleSecure: s.iRules?.secure === 'none' ? undefined : this.opt(K('irule'), s.iRules?.secure),
      defaultIRuleInsecure: s.iRules?.insecure === 'none' ? false : undefined,
      defaultIRuleSecure: s.iRules?.secure === 'none' ? false : undefined,
      iRulePriority: prio(s.iRules?.priority),
      iRuleList: (s.iRuleList as unknown[] | undefined)?.length
        ? this.refs(K('irule'), s.iRuleList)
        : undefined,
      defaultPool: this.defaultPool(s.defaultPool, this.ns(o)),
      profileTcpClient: this.opt(K('tcp-profile'), pr.tcp?.client),
      profileTcpServer: this.opt(K('tcp-profile'), pr.tcp?.server),
      profileUdp: this.opt(K('udp-profile'), pr.udp),
      profileHttp: this.opt(K('http-profile'), pr.http),
      profileHttpInsecure: this.opt(K('http-profile'), pr.httpProfiles?.insecure),
      profileHttpSecure: this.opt(K('http-profile'), pr.httpProfiles?.secure),
      profileHttp2Client: this.opt(K('http2-profile'), pr.http2?.client),
      profileHttp2Server: this.opt(K('http2-profile'), pr.http2?.server),
      persistenceProfile: this.persistence(pr.persistenceProfile),
      profileAnalyticsTcp: this.opt(K('analytics-profile'), pr.profileAnalyticsTcp),
      profileAnalyticsHttp: this.opt(K('analytics-profile'), pr.analyticsProfiles?.http),
      profileL4: this.opt(K('l4-profile'), pr.profileL4),
      profileWebSocket: this.opt(K('websocket-profile'), pr.profileWebSocket),
      profileMultiplex: this.opt(K('multiplex-profile'), pr.profileMultiplex),
      rewriteProfile: this.opt(K('rewrite-profile'), pr.rewriteProfile),
      logProfiles: this.refs(K('log-profile'), pr.logProfiles),
      requestLogProfile: this.opt(K('request-log-profile'), pr.requestLogProfile),
      httpMrfRoutingEnabled: pr.httpMrfRoutingEnabled,
      clientSslProfiles: this.refs(K('client-ssl-profile'), pr.sslProfiles?.clientProfiles),
      serverSslProfiles: this.refs(K('server-ssl-profile'), pr.sslProfiles?.serverProfiles),
      htmlProfile: this.opt(K('html-profile'), pr.htmlProfile),
      ftpProfile: this.opt(K('ftp-profile'), pr.ftpProfile),
      httpCompressionProfile: this.opt(K('http-compression-profile'), pr.httpCompressionProfile),
      profileProtocolInspection: this.opt(K('protocol-inspection-profile'), pr.profileProtocolInspection),
      autoLastHop:
        s.autoLastHop === undefined ? undefined : enumOf(AutoLastHop, s.autoLastHop, 'autoLastHop'),
      snat: this.snat(s.snat),
      reselectTries: ps.reselectTries,
      serviceDownAction:
        ps.serviceDownAction === undefined
          ? undefined
          : enumOf(ServiceDownAction, ps.serviceDownAction, 'action'),
      slowRampTime: secs(ps.slowRampTime),
      multiPoolPersistenceMethod:
        ps.multiPoolPersistence?.method === undefined
          ? undefined
          : enumOf(MultiPoolPersistenceMethod, ps.multiPoolPersistence.method, 'method'),
      multiPoolPersistenceTimeout: secs(ps.multiPoolPersistence?.timeOut),
    });
    this.policies.set(`${this.ns(o)}/${o.metadata.name}`, policy);
    return policy;
  }

  private commonVirtual(s: Doc, namespace: string) {
    const K = (k: string) => k as BigipObjectKind;
    return {
      partition: this.partition(s.partition),
      virtualServerAddress: s.virtualServerAddress,
      ipamLabel: s.ipamLabel,
      virtualServerName: s.virtualServerName,
      snat: this.snat(s.snat),
      bigipRouteDomain: s.bigipRouteDomain,
      iRules: this.refs(
        K('irule'),
        (s.iRules as unknown[] | undefined)?.filter((r) => r !== 'none'),
      ),
      defaultIRule: (s.iRules as unknown[] | undefined)?.includes('none') ? false : undefined,
      allowVlans: this.refs(K('vlan'), s.allowVlans),
      serviceAddress: this.serviceAddress(s.serviceAddress),
      connectionMirroring:
        s.connectionMirroring === undefined
          ? undefined
          : enumOf(ConnectionMirroring, s.connectionMirroring, 'mirroring'),
      persistenceProfile: this.persistence(s.persistenceProfile),
      profileAnalyticsTcp: this.opt(K('analytics-profile'), s.profileAnalyticsTcp),
      dos: this.opt(K('dos-profile'), s.dos),
      profileTcpClient: this.opt(K('tcp-profile'), s.profiles?.tcp?.client),
      profileTcpServer: this.opt(K('tcp-profile'), s.profiles?.tcp?.server),
      profileProtocolInspection: this.opt(
        K('protocol-inspection-profile'),
        s.profiles?.profileProtocolInspection,
      ),
      policy: this.policy(s.policyName, s.policyNamespace ?? namespace),
      namespace,
    };
  }

  private buildVirtualServer(o: Doc, id: string): void {
    const s = o.spec ?? {};
    const ns = this.ns(o);
    const K = (k: string) => k as BigipObjectKind;
    const pools = Array.isArray(s.pools) ? s.pools : s.pools ? [s.pools] : [];
    new F5VirtualServer(this.f.cluster, id, {
      ...this.commonVirtual(s, ns),
      name: o.metadata.name,
      host: s.host,
      hostAliases: s.hostAliases,
      hostGroup: s.hostGroup,
      hostGroupVirtualServerName: s.hostGroupVirtualServerName,
      virtualServerHTTPPort: s.virtualServerHTTPPort,
      virtualServerHTTPSPort: s.virtualServerHTTPSPort,
      additionalVirtualServerAddresses: s.additionalVirtualServerAddresses,
      tlsProfile: this.tlsProfile(s.tlsProfileName, s.tlsProfileNamespace ?? ns),
      httpTraffic:
        s.httpTraffic === undefined ? undefined : enumOf(HttpTraffic, s.httpTraffic, 'httpTraffic'),
      hostPersistenceMethod:
        s.hostPersistence?.method === undefined
          ? undefined
          : enumOf(HostPersistenceMethod, s.hostPersistence.method, 'method'),
      hostPersistence: s.hostPersistence?.metaData
        ? { ...s.hostPersistence.metaData, timeout: secs(s.hostPersistence.metaData.timeout) }
        : undefined,
      httpCompressionProfile: this.opt(K('http-compression-profile'), s.httpCompressionProfile),
      htmlProfile: this.opt(K('html-profile'), s.htmlProfile),
      profileHttp2Client: this.opt(K('http2-profile'), s.profiles?.http2?.client),
      profileHttp2Server: this.opt(K('http2-profile'), s.profiles?.http2?.server),
      profileAccess: this.opt(K('access-profile'), s.profileAccess),
      profileApiProtection: this.opt(K('api-protection-profile'), s.profileApiProtection),
      policyPerRequestAccess: this.opt(K('per-request-policy'), s.policyPerRequestAccess),
      botDefense: this.opt(K('bot-defense-profile'), s.botDefense),
      waf: this.opt(K('waf-policy'), s.waf),
      profileMultiplex: this.opt(K('multiplex-profile'), s.profileMultiplex),
      profileAdaptRequest: this.opt(K('adapt-profile'), s.profileAdapt?.request),
      profileAdaptResponse: this.opt(K('adapt-profile'), s.profileAdapt?.response),
      rewriteAppRoot: s.rewriteAppRoot,
      allowSourceRange: s.allowSourceRange,
      httpMrfRoutingEnabled: s.httpMrfRoutingEnabled,
      defaultPool: this.defaultPool(s.defaultPool, ns),
      pools: pools.map((p: Doc) => ({
        ...(p.service === undefined ? {} : this.service(p.serviceNamespace ?? ns, p.service, p.servicePort)),
        ...this.poolCommon(p, ns, Protocol.TCP),
        path: p.path,
        rewrite: p.rewrite,
        hostRewrite: p.hostRewrite,
        waf: this.opt(K('waf-policy'), p.waf),
        minimumMonitors: p.minimumMonitors === undefined ? undefined : Number(p.minimumMonitors),
        staticPoolMembers: this.statics(p.staticPoolMembers),
      })),
    });
  }

  private buildTransportServer(o: Doc, id: string): void {
    const s = o.spec ?? {};
    const ns = this.ns(o);
    const p = s.pool ?? {};
    const protocol =
      s.type === undefined ? Protocol.TCP : enumOf(Protocol, String(s.type).toUpperCase(), 'type');
    const K = (k: string) => k as BigipObjectKind;
    const secret = s.tls?.reference === 'secret';
    new F5TransportServer(this.f.cluster, id, {
      ...this.commonVirtual(s, ns),
      ...this.service(p.serviceNamespace ?? ns, p.service ?? 'none', p.servicePort, protocol),
      ...this.poolCommon(p, ns, protocol),
      name: o.metadata.name,
      virtualServerPort: s.virtualServerPort,
      mode: enumOf(TransportServerMode, s.mode, 'mode'),
      type: s.type === undefined ? undefined : protocol,
      host: s.host,
      hostGroup: s.hostGroup,
      profileL4: this.opt(K('l4-profile'), s.profileL4),
      tlsClientSslProfiles: secret ? undefined : this.refs(K('client-ssl-profile'), s.tls?.clientSSLs),
      tlsServerSslProfiles: secret ? undefined : this.refs(K('server-ssl-profile'), s.tls?.serverSSLs),
      tlsClientSslSecrets: secret ? s.tls?.clientSSLs : undefined,
      tlsServerSslSecrets: secret ? s.tls?.serverSSLs : undefined,
    });
  }

  private buildIngressLink(o: Doc, id: string): void {
    const s = o.spec ?? {};
    const K = (k: string) => k as BigipObjectKind;
    new F5IngressLink(this.f.cluster, id, {
      partition: this.partition(s.partition),
      name: o.metadata.name,
      namespace: this.ns(o),
      virtualServerAddress: s.virtualServerAddress,
      ipamLabel: s.ipamLabel,
      virtualServerName: s.virtualServerName,
      host: s.host,
      bigipRouteDomain: s.bigipRouteDomain,
      iRules: this.refs(K('irule'), s.iRules),
      monitors: (s.monitors as Doc[] | undefined)?.map((m) => this.ref(K('monitor'), m.name)),
      tlsClientSslProfiles:
        s.tls?.reference === 'secret' ? undefined : this.refs(K('client-ssl-profile'), s.tls?.clientSSLs),
      tlsServerSslProfiles:
        s.tls?.reference === 'secret' ? undefined : this.refs(K('server-ssl-profile'), s.tls?.serverSSLs),
      tlsClientSslSecrets: s.tls?.reference === 'secret' ? s.tls?.clientSSLs : undefined,
      tlsServerSslSecrets: s.tls?.reference === 'secret' ? s.tls?.serverSSLs : undefined,
      selector: s.selector?.matchLabels,
      multiClusterServices: (s.multiClusterServices as Doc[] | undefined)?.map((m) => ({
        service: this.service(m.namespace, m.service, 80, Protocol.TCP, m.clusterName).service,
        weight: m.weight,
      })),
      serviceAddress: this.serviceAddress(s.serviceAddress),
    });
  }

  private buildExternalDns(o: Doc, id: string): void {
    const s = o.spec ?? {};
    const method = (v: unknown) => (v === undefined ? undefined : enumOf(GslbLoadBalanceMethod, v, 'method'));
    const record = (v: unknown) => (v === undefined ? undefined : enumOf(DnsRecordType, v, 'record'));
    const monitor = (m: Doc) => ({
      type: enumOf(MonitorType, m.type, 'monitor'),
      send: m.send,
      recv: m.recv,
      interval: Duration.seconds(Number(m.interval)),
      timeout: secs(m.timeout),
    });
    new F5ExternalDns(this.f.cluster, id, {
      name: o.metadata.name,
      namespace: this.ns(o),
      domainName: s.domainName,
      dnsRecordType: record(s.dnsRecordType),
      loadBalanceMethod: method(s.loadBalanceMethod),
      clientSubnetPreferred: s.clientSubnetPreferred,
      persistenceEnabled: s.persistenceEnabled,
      persistCidrIpv4: s.persistCidrIpv4,
      persistCidrIpv6: s.persistCidrIpv6,
      ttlPersistence: secs(s.ttlPersistence),
      pools: (s.pools as Doc[] | undefined)?.map((p) => ({
        dataServerName: this.ref('gslb-server' as BigipObjectKind, p.dataServerName),
        dnsRecordType: record(p.dnsRecordType),
        loadBalanceMethod: method(p.loadBalanceMethod),
        lbModeFallback: method(p.lbModeFallback),
        order: p.order,
        ratio: p.ratio,
        monitors: p.monitors
          ? (p.monitors as Doc[]).map(monitor)
          : p.monitor
            ? [monitor(p.monitor)]
            : undefined,
        monitorsAsList: p.monitors !== undefined,
      })),
    });
  }
}
