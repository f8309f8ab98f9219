import type { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { BigipObjectKind, type BigipRef } from '../../lib/as3/inventory';
import { MonitorType } from '../../lib/as3/monitor';
import { brand } from '../../lib/core/brand';
import {
  checkArray,
  checkBoolean,
  checkDnsLabel,
  checkDnsSubdomain,
  checkEnum,
  checkId,
  checkInteger,
  checkSeconds,
  checkString,
  PropChecks,
  report,
} from '../../lib/core/checks';
import { quote } from '../../lib/core/errors';
import { Names } from '../../lib/core/names';
import { controllersIn } from './cis-publishing';
import {
  CIS_CUSTOM_RESOURCE_LABEL,
  ExternalDNS,
  type ExternalDnsMonitor,
  type ExternalDNSSpec,
} from '../../lib/k8s/cis';
import { checkCrdPattern } from '../../lib/k8s/cis-patterns';
import { VksCluster } from '../workloads/vks-cluster';
import { BigipReferences } from './bigip-references';

/** DNS record types of a WideIP (`dnsRecordType`). */
export enum DnsRecordType {
  A = 'A',
  AAAA = 'AAAA',
  CNAME = 'CNAME',
}

/** BIG-IP DNS (GTM) load-balancing methods of a WideIP and its pools (`loadBalanceMethod`, `lbModeFallback`). */
export enum GslbLoadBalanceMethod {
  ROUND_ROBIN = 'round-robin',
  RATIO = 'ratio',
  TOPOLOGY = 'topology',
  GLOBAL_AVAILABILITY = 'global-availability',
  STATIC_PERSISTENCE = 'static-persistence',
  LEAST_CONNECTIONS = 'least-connections',
  FEWEST_HOPS = 'fewest-hops',
  PACKET_RATE = 'packet-rate',
  COMPLETION_RATE = 'completion-rate',
  QUALITY_OF_SERVICE = 'quality-of-service',
  VIRTUAL_SERVER_CAPACITY = 'virtual-server-capacity',
  VIRTUAL_SERVER_SCORE = 'virtual-server-score',
  RETURN_TO_DNS = 'return-to-dns',
  FALLBACK_IP = 'fallback-ip',
  DROP_PACKET = 'drop-packet',
  NONE = 'none',
}

/** A GTM monitor of a WideIP pool. */
export interface GslbMonitorOptions {
  /**
   * Monitor type: http, https or tcp.
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/externaldns.html
   */
  readonly type: MonitorType;
  /**
   * Interval between probes (required by the CRD).
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/externaldns.html
   */
  readonly interval: Duration;
  /**
   * Time without a good answer before the virtual is marked down.
   * @default - BIG-IP default
   */
  readonly timeout?: Duration;
  /**
   * Request sent.
   * @default - BIG-IP default
   */
  readonly send?: string;
  /**
   * Text the response must contain.
   * @default - any response
   */
  readonly recv?: string;
}

/** One GTM pool of the WideIP: the virtuals of one GSLB server (data center). */
export interface GslbPoolOptions {
  /**
   * The GSLB server whose virtuals the pool holds (`BigipRef.gslbServer('/Common/…')`); it must exist in
   * the inventory of the BIG-IP, inside a data center, or the WideIP gets no members (CIS#1601).
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/externaldns.html
   */
  readonly dataServerName: BigipRef;
  /**
   * Record type of the pool.
   * @default - the WideIP's
   */
  readonly dnsRecordType?: DnsRecordType;
  /**
   * Load-balancing method among the pool's members.
   * @default - CIS default (round-robin)
   */
  readonly loadBalanceMethod?: GslbLoadBalanceMethod;
  /**
   * Fallback method when the preferred one finds no member.
   * @default - BIG-IP default
   */
  readonly lbModeFallback?: GslbLoadBalanceMethod;
  /**
   * Order of the pool in the WideIP (global availability).
   * @default - declaration order
   */
  readonly order?: number;
  /**
   * Ratio of the pool (ratio method).
   * @default - BIG-IP default (1)
   */
  readonly ratio?: number;
  /**
   * Monitors; rendered as `monitor` when there is one and `monitorsAsList` is unset.
   * @default - none
   */
  readonly monitors?: GslbMonitorOptions[];
  /**
   * Renders the monitors as the `monitors` list even when there is one.
   * @default false
   */
  readonly monitorsAsList?: boolean;
}

export interface F5ExternalDnsProps {
  /**
   * The domain name of the WideIP (wildcards allowed).
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/externaldns.html
   */
  readonly domainName: string;
  /**
   * Record type.
   * @default - CIS default (A)
   */
  readonly dnsRecordType?: DnsRecordType;
  /**
   * Load-balancing method among pools.
   * @default - CIS default (round-robin)
   */
  readonly loadBalanceMethod?: GslbLoadBalanceMethod;
  /**
   * Prefer the client subnet (EDNS0) over the resolver address.
   * @default - BIG-IP default (false)
   */
  readonly clientSubnetPreferred?: boolean;
  /**
   * Answer a client with the same pool member again.
   * @default - BIG-IP default (false)
   */
  readonly persistenceEnabled?: boolean;
  /**
   * IPv4 prefix length clients persist by (0–32).
   * @default - BIG-IP default (32)
   */
  readonly persistCidrIpv4?: number;
  /**
   * IPv6 prefix length clients persist by (0–128).
   * @default - BIG-IP default (128)
   */
  readonly persistCidrIpv6?: number;
  /**
   * Lifetime of a persistence record.
   * @default - BIG-IP default (3600 s)
   */
  readonly ttlPersistence?: Duration;
  /**
   * The WideIP's pools.
   * @default - none
   */
  readonly pools?: GslbPoolOptions[];
  /**
   * Namespace of the ExternalDNS resource.
   * @default 'default'
   */
  readonly namespace?: string;
  /**
   * Name of the ExternalDNS resource.
   * @default - generated from the construct path
   */
  readonly name?: string;
}

const GSLB_MONITOR_TYPES: readonly MonitorType[] = [MonitorType.HTTP, MonitorType.HTTPS, MonitorType.TCP];

/**
 * A CIS ExternalDNS custom resource: a BIG-IP DNS (GTM) WideIP for `domainName` whose pools hold the
 * virtuals CIS publishes for that host, on pre-created GSLB servers.
 */
export class F5ExternalDns extends Construct {
  public readonly cluster: VksCluster;
  public readonly domainName: string;
  public readonly namespace: string;
  public readonly resourceName: string;
  /** The raw custom resource, for escape hatches. */
  public readonly resource: ExternalDNS;
  private readonly refs: BigipReferences;

  constructor(scope: Construct, id: string, props: F5ExternalDnsProps) {
    super(scope, checkId(scope, id));
    this.cluster = VksCluster.enclosing(this);
    const checks: PropChecks = PropChecks.begin(this, props);
    this.refs = new BigipReferences(this);
    let spec: ExternalDNSSpec;
    try {
      this.domainName = checkCrdPattern(
        this,
        'domainName',
        props.domainName,
        'host',
        'a DNS name (labels may be "*")',
      );
      this.namespace = checkDnsLabel(this, 'namespace', props.namespace ?? 'default');
      this.resourceName = checkDnsSubdomain(
        this,
        'name',
        props.name ?? Names.toDnsLabel(this, { relativeTo: this.cluster }),
      );
      const method = (prop: string, m: GslbLoadBalanceMethod | undefined) =>
        m === undefined ? undefined : checkEnum(this, prop, m, GslbLoadBalanceMethod);
      const recordType = (prop: string, t: DnsRecordType | undefined) =>
        t === undefined ? undefined : checkEnum(this, prop, t, DnsRecordType);
      spec = {
        domainName: this.domainName,
        dnsRecordType: recordType('dnsRecordType', props.dnsRecordType),
        loadBalanceMethod: method('loadBalanceMethod', props.loadBalanceMethod),
        clientSubnetPreferred:
          props.clientSubnetPreferred === undefined
            ? undefined
            : checkBoolean(this, 'clientSubnetPreferred', props.clientSubnetPreferred),
        persistenceEnabled:
          props.persistenceEnabled === undefined
            ? undefined
            : checkBoolean(this, 'persistenceEnabled', props.persistenceEnabled),
        persistCidrIpv4:
          props.persistCidrIpv4 === undefined
            ? undefined
            : checkInteger(this, 'persistCidrIpv4', props.persistCidrIpv4, 0, 32),
        persistCidrIpv6:
          props.persistCidrIpv6 === undefined
            ? undefined
            : checkInteger(this, 'persistCidrIpv6', props.persistCidrIpv6, 0, 128),
        ttlPersistence:
          props.ttlPersistence === undefined
            ? undefined
            : checkSeconds(this, 'ttlPersistence', props.ttlPersistence, 0, 0, 4_294_967_295),
        pools:
          props.pools === undefined
            ? undefined
            : checkArray(this, 'pools', props.pools, 'a list of GSLB pools').map((pool, i) => {
                const at = `pools[${i}]`;
                const monitors = (pool.monitors ?? []).map((m, j) => this.monitor(`${at}.monitors[${j}]`, m));
                const asList = pool.monitorsAsList === true || monitors.length > 1;
                return {
                  dataServerName:
                    this.refs.one(`${at}.dataServerName`, pool.dataServerName, BigipObjectKind.GSLB_SERVER) ??
                    '',
                  dnsRecordType: recordType(`${at}.dnsRecordType`, pool.dnsRecordType),
                  loadBalanceMethod: method(`${at}.loadBalanceMethod`, pool.loadBalanceMethod),
                  lbModeFallback: method(`${at}.lbModeFallback`, pool.lbModeFallback),
                  order:
                    pool.order === undefined
                      ? undefined
                      : checkInteger(this, `${at}.order`, pool.order, 0, 65535),
                  ratio:
                    pool.ratio === undefined
                      ? undefined
                      : checkInteger(this, `${at}.ratio`, pool.ratio, 0, 100),
                  monitor: !asList && monitors.length === 1 ? monitors[0] : undefined,
                  monitors: asList && monitors.length ? monitors : undefined,
                };
              }),
      };
    } catch (error) {
      checks.abort(error);
    }
    checks.end();
    const namespaceObject = this.cluster.ensureNamespace(this.namespace);
    this.resource = new ExternalDNS(this, 'Resource', {
      metadata: {
        name: this.resourceName,
        namespace: this.namespace,
        labels: { ...CIS_CUSTOM_RESOURCE_LABEL },
      },
      spec,
    });
    if (namespaceObject) this.resource.node.addDependency(namespaceObject);
    this.node.addValidation({ validate: () => this.checkAgainstStack() });
  }

  private monitor(at: string, m: GslbMonitorOptions): ExternalDnsMonitor {
    const type = checkEnum(this, `${at}.type`, m.type, MonitorType);
    if (!GSLB_MONITOR_TYPES.includes(type))
      report(this, `'${at}.type' must be one of "http", "https", "tcp", got ${quote(type)}`);
    return {
      type: type as ExternalDnsMonitor['type'],
      send: m.send === undefined ? undefined : checkString(this, `${at}.send`, m.send),
      recv: m.recv === undefined ? undefined : checkString(this, `${at}.recv`, m.recv),
      interval: checkSeconds(this, `${at}.interval`, m.interval, 0, 1, 86_400),
      timeout:
        m.timeout === undefined ? undefined : checkSeconds(this, `${at}.timeout`, m.timeout, 0, 1, 86_400),
    };
  }

  /** The GSLB servers must exist on the BIG-IPs the cluster's CIS instances talk to. */
  private checkAgainstStack(): string[] {
    const controllers = controllersIn(this.cluster);
    if (controllers.length === 0)
      return [
        `no CisController in cluster ${quote(this.cluster.clusterName)} would publish this ExternalDNS`,
      ];
    const devices = [...new Set(controllers.map((c) => c.device))];
    return devices.flatMap((device) => this.refs.problems(device));
  }
}
brand(F5ExternalDns, 'F5ExternalDns');
