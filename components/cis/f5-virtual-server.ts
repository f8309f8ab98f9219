import type { Duration } from 'cdk8s';
import { BigipObjectKind, type BigipRef } from '../../lib/as3/inventory';
import { isIpAddress } from '../../lib/core/net';
import type { Construct } from 'constructs';
import { MonitorType } from '../../lib/as3/monitor';
import { brand } from '../../lib/core/brand';
import {
  checkArray,
  checkBoolean,
  checkEnum,
  checkInteger,
  checkPort,
  checkSeconds,
  checkString,
  checkReference,
  fail,
  PropChecks,
  report,
} from '../../lib/core/checks';
import { quote } from '../../lib/core/errors';
import { addressKey } from '../../lib/core/net';
import type { VirtualServerRecord } from '../../lib/core/records';
import { Stack } from '../../lib/core/stack';
import {
  CIS_CUSTOM_RESOURCE_LABEL,
  VirtualServer,
  type CisHostPersistence,
  type VirtualServerDefaultPool,
  type VirtualServerPool,
  type VirtualServerSpec,
} from '../../lib/k8s/cis';
import { checkCrdPattern } from '../../lib/k8s/cis-patterns';
import { isServiceBackend, type IServiceBackend } from '../workloads/service-backend';
import { VksCluster } from '../workloads/vks-cluster';
import { PoolMemberType, type CisController } from './cis-controller';
import { checkBackend, checkNamespaceReference, type Listener } from './cis-publishing';
import { CisVirtual, type CisVirtualProps } from './cis-virtual';
import { renderDefaultPool, type DefaultPoolOptions } from './default-pool';
import { checkCidr } from './f5-policy';
import {
  checkPoolNames,
  hostCovered,
  hostGroupIndex,
  HOST_GROUP_NAME_RULE,
  HOST_GROUP_VS_NAME_RULE,
  HOST_PATH_RULE,
  NAMED_PORT_RULE,
  namedPortWarnings,
  otherHostsOnVip,
  POLICY_PER_VIP_RULE,
  registerPoolNameUser,
  TLS_HOSTS_RULE,
  warnSelectorless,
  type PoolNameUse,
  type PoolPortUse,
} from './cis-rules';
import {
  choosePort,
  cisMonitor,
  cisPoolFields,
  cisStaticMembers,
  type CisPoolOptions,
  type PoolBackends,
} from './pool-options';
import { cisMemberType, servicePoolRecord } from './pool-records';
import { checkMultiClusterPool } from '../multicluster/multi-cluster-pool';
import { controllerFor } from './cis-publishing';
import { renderLazily } from '../../lib/core/deferred';
import {
  isTlsProfile,
  tlsProfileDeviceProblems,
  tlsProfileInventoryProblems,
  type ITlsProfile,
} from './tls-profile';

/** What the virtual does with plain HTTP when it terminates TLS (`httpTraffic`). */
export enum HttpTraffic {
  /** Serve plain HTTP too. */
  ALLOW = 'allow',
  /** Refuse plain HTTP. */
  NONE = 'none',
  /** Redirect plain HTTP to HTTPS. */
  REDIRECT = 'redirect',
}

/** How BIG-IP pins a client to a member for this host (`hostPersistence.method`). */
export enum HostPersistenceMethod {
  SOURCE_ADDRESS = 'sourceAddress',
  DESTINATION_ADDRESS = 'destinationAddress',
  COOKIE_INSERT = 'cookieInsert',
  COOKIE_REWRITE = 'cookieRewrite',
  COOKIE_PASSIVE = 'cookiePassive',
  COOKIE_HASH = 'cookieHash',
  UNIVERSAL = 'universal',
  HASH = 'hash',
  CARP = 'carp',
  NONE = 'none',
}

/** Settings of the host persistence method (`hostPersistence.metaData`). */
export interface HostPersistenceOptions {
  /**
   * Cookie name (cookie methods).
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/virtualserver.html
   * @default - BIG-IP generates one
   */
  readonly name?: string;
  /**
   * Key expression (universal and hash methods).
   * @default - none
   */
  readonly key?: string;
  /**
   * Netmask grouping clients (address methods).
   * @default - none
   */
  readonly netmask?: string;
  /**
   * Record lifetime, 1–65535 s.
   * @default - BIG-IP default
   */
  readonly timeout?: Duration;
  /**
   * Offset of the hashed data (cookieHash).
   * @default - none
   */
  readonly offset?: number;
  /**
   * Length of the hashed data (cookieHash).
   * @default - none
   */
  readonly length?: number;
  /**
   * Cookie expiry such as "1d:2h:3m:4s" (cookie methods).
   * @default - a session cookie
   */
  readonly expiry?: string;
}

/** One pool of a virtual server: a Service behind a path. */
export interface F5VirtualServerPoolOptions extends CisPoolOptions {
  /**
   * The Service to send traffic to: a construct or `ServiceRef.fromName(…)`; optional only with
   * `staticPoolMembers`.
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/virtualserver.html
   * @default - none; `staticPoolMembers` must be set
   */
  readonly service?: IServiceBackend;
  /**
   * URL path this pool serves.
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/virtualserver.html
   * @default '/'
   */
  readonly path?: string;
  /**
   * Path the request is rewritten to before it reaches the pool.
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/virtualserver.html
   * @default - no rewrite
   */
  readonly rewrite?: string;
  /**
   * Host header the request is rewritten to.
   * @default - no rewrite
   */
  readonly hostRewrite?: string;
  /**
   * WAF policy of this pool's path (`BigipRef.wafPolicy(…)`).
   * @default - the virtual's
   */
  readonly waf?: BigipRef;
  /**
   * How many of `monitors` must pass for a member to be up.
   * @default - all
   */
  readonly minimumMonitors?: number;
}

export interface F5VirtualServerProps extends CisVirtualProps {
  /**
   * Host name the virtual serves.
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/virtualserver.html
   * @default - any host
   */
  readonly host?: string;

  /**
   * Further host names; needs `host`.
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/virtualserver.html
   * @default - none
   */
  readonly hostAliases?: string[];

  /**
   * Groups virtual servers with different hosts onto one BIG-IP virtual; required to share a VIP.
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/virtualserver.html
   * @default - no group
   */
  readonly hostGroup?: string;

  /**
   * Plain HTTP port.
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/virtualserver.html
   * @default 80
   */
  readonly virtualServerHTTPPort?: number;

  /**
   * HTTPS port (with a TLS profile).
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/virtualserver.html
   * @default 443
   */
  readonly virtualServerHTTPSPort?: number;

  /**
   * TLS profile; makes this an HTTPS virtual.
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/tlsprofile.html
   * @default - plain HTTP
   */
  readonly tlsProfile?: ITlsProfile;

  /**
   * Handling of plain HTTP when TLS terminates here; only with `tlsProfile`.
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/virtualserver.html
   * @default - CIS default (allow)
   */
  readonly httpTraffic?: HttpTraffic;

  /**
   * Name of the merged BIG-IP virtual of a `hostGroup`; identical in every member of the group.
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/virtualserver.html
   * @default - CIS derives it
   */
  readonly hostGroupVirtualServerName?: string;

  /**
   * Further VIPs the same virtual listens on.
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/virtualserver.html
   * @default - none
   */
  readonly additionalVirtualServerAddresses?: string[];

  /**
   * Host persistence method; `hostPersistence` sets its details.
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/virtualserver.html
   * @default - the virtual's persistence profile
   */
  readonly hostPersistenceMethod?: HostPersistenceMethod;

  /**
   * Details of `hostPersistenceMethod`.
   * @default - BIG-IP defaults of the method
   */
  readonly hostPersistence?: HostPersistenceOptions;

  /**
   * HTTP compression profile.
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/virtualserver.html
   * @default - none
   */
  readonly httpCompressionProfile?: BigipRef;

  /**
   * HTML profile.
   * @default - none
   */
  readonly htmlProfile?: BigipRef;

  /**
   * Client-side HTTP/2 profile (`profiles.http2.client`).
   * @default - none
   */
  readonly profileHttp2Client?: BigipRef;

  /**
   * Server-side HTTP/2 profile (`profiles.http2.server`).
   * @default - none
   */
  readonly profileHttp2Server?: BigipRef;

  /**
   * Access (APM) profile.
   * @default - none
   */
  readonly profileAccess?: BigipRef;

  /**
   * API protection profile.
   * @default - none
   */
  readonly profileApiProtection?: BigipRef;

  /**
   * Per-request access policy; needs `profileAccess`.
   * @default - none
   */
  readonly policyPerRequestAccess?: BigipRef;

  /**
   * Bot defense profile.
   * @default - none
   */
  readonly botDefense?: BigipRef;

  /**
   * WAF policy (`BigipRef.wafPolicy(…)`).
   * @default - none
   */
  readonly waf?: BigipRef;

  /**
   * OneConnect profile.
   * @default - none
   */
  readonly profileMultiplex?: BigipRef;

  /**
   * Request adapt profile (`profileAdapt.request`).
   * @default - none
   */
  readonly profileAdaptRequest?: BigipRef;

  /**
   * Response adapt profile (`profileAdapt.response`).
   * @default - none
   */
  readonly profileAdaptResponse?: BigipRef;

  /**
   * Path `/` is redirected to.
   * @default - no redirect
   */
  readonly rewriteAppRoot?: string;

  /**
   * Client CIDRs the virtual accepts.
   * @default - any source
   */
  readonly allowSourceRange?: string[];

  /**
   * HTTP message routing framework.
   * @default - CIS default (false)
   */
  readonly httpMrfRoutingEnabled?: boolean;

  /**
   * Pool for requests no pool's path matches.
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/virtualserver.html
   * @default - none
   */
  readonly defaultPool?: DefaultPoolOptions;

  /**
   * Pools; more can be added with `addPool()`. At least one (or a `defaultPool`) is required.
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/virtualserver.html
   * @default - none
   */
  readonly pools?: F5VirtualServerPoolOptions[];
}

/**
 * A CIS VirtualServer custom resource (labelled `f5cr: "true"`): an L7 virtual on the BIG-IP whose pools
 * point at Services by construct reference.
 */
export class F5VirtualServer extends CisVirtual {
  public readonly host?: string;
  public readonly hostAliases: readonly string[];
  public readonly hostGroup?: string;
  public readonly virtualServerHTTPPort: number;
  public readonly virtualServerHTTPSPort: number;
  public readonly tlsProfile?: ITlsProfile;
  public readonly httpTraffic?: HttpTraffic;
  public readonly hostGroupVirtualServerName?: string;
  public readonly additionalVirtualServerAddresses!: readonly string[];
  public readonly mergeableByHostGroup = true;
  /** The raw custom resource, for escape hatches (`addJsonPatch`). */
  public readonly resource: VirtualServer;

  private readonly pools: Array<{
    service?: IServiceBackend;
    rendered: VirtualServerPool;
    backends: PoolBackends;
  }> = [];
  private ownFields: Partial<VirtualServerSpec> = {};
  private warnedPolicy = false;
  private warnedNamedPorts = false;
  private warnedHostPath = false;
  /** Ports given explicitly are rendered even when they are CIS's defaults. */
  private readonly portsGiven: { readonly http: boolean; readonly https: boolean };
  private defaultPool?: { rendered: VirtualServerDefaultPool; service?: IServiceBackend };

  constructor(scope: Construct, id: string, props: F5VirtualServerProps) {
    super(scope, id, props, 'VirtualServer');
    try {
      this.host =
        props.host === undefined
          ? undefined
          : checkCrdPattern(this, 'host', props.host, 'host', 'a DNS host name (labels may be "*")');
      this.hostAliases = checkArray(this, 'hostAliases', props.hostAliases ?? [], 'a list of host names').map(
        (h, i) => checkCrdPattern(this, `hostAliases[${i}]`, h, 'host', 'a DNS host name'),
      );
      if (this.hostAliases.length > 0 && this.host === undefined) {
        report(this, `'hostAliases' needs 'host' (CIS: "Host is not provided but HostAliases is present")`);
      }
      this.hostGroup =
        props.hostGroup === undefined
          ? undefined
          : checkCrdPattern(
              this,
              'hostGroup',
              props.hostGroup,
              'hostGroup',
              'a host group name starting with a letter',
            );
      this.portsGiven = {
        http: props.virtualServerHTTPPort !== undefined,
        https: props.virtualServerHTTPSPort !== undefined,
      };
      this.virtualServerHTTPPort = checkPort(
        this,
        'virtualServerHTTPPort',
        props.virtualServerHTTPPort ?? 80,
      );
      this.virtualServerHTTPSPort = checkPort(
        this,
        'virtualServerHTTPSPort',
        props.virtualServerHTTPSPort ?? 443,
      );
      this.tlsProfile =
        props.tlsProfile === undefined
          ? undefined
          : checkReference(this, 'tlsProfile', props.tlsProfile, isTlsProfile, 'a TlsProfile construct');
      if (this.tlsProfile && this.tlsProfile.namespace !== this.namespace) {
        checkNamespaceReference(this, 'tlsProfile', this.tlsProfile.namespace, 'VirtualServer');
      }
      if (this.tlsProfile) {
        checkCrdPattern(
          this,
          'tlsProfile',
          this.tlsProfile.profileName,
          'tlsProfileName',
          'a TLSProfile a VirtualServer can name (at least 3 characters, a letter first, a letter or digit last)',
        );
      }
      if (props.httpTraffic !== undefined) {
        this.httpTraffic = checkEnum(this, 'httpTraffic', props.httpTraffic, HttpTraffic);
        if (!this.tlsProfile && Object.values<string>(HttpTraffic).includes(this.httpTraffic))
          report(
            this,
            `'httpTraffic' ${quote(this.httpTraffic)} needs 'tlsProfile' (CIS rejects httpTraffic on a plain HTTP virtual)`,
          );
      }
      this.ownFields = this.checkOwnProps(props);
      for (const pool of checkArray(this, 'pools', props.pools ?? [], 'a list of pools')) this.addPool(pool);
    } catch (error) {
      this.checks.abort(error);
    }
    this.checks.end();

    // Created here; the manifest collector applies every object after its Namespace (no explicit edge:
    // one dependency set per object costs about 150 bytes at fleet scale).
    this.cluster.ensureNamespace(this.namespace);
    this.resource = new VirtualServer(this, 'Resource', {
      metadata: {
        name: this.resourceName,
        namespace: this.namespace,
        labels: { ...CIS_CUSTOM_RESOURCE_LABEL },
      },
      spec: renderLazily(this, F5VirtualServer.prototype.renderSpec),
    });
    if (this.tlsProfile) this.node.addDependency(this.tlsProfile);
    if (this.policy) this.node.addDependency(this.policy);
    registerPoolNameUser(this);
    if (this.defaultPool?.service) this.node.addDependency(this.defaultPool.service.service);
  }

  /** The VirtualServer-only props beyond host, ports and TLS. */
  private checkOwnProps(props: F5VirtualServerProps): Partial<VirtualServerSpec> {
    const r = this.refs;
    const K = BigipObjectKind;
    (this as { hostGroupVirtualServerName?: string }).hostGroupVirtualServerName =
      props.hostGroupVirtualServerName === undefined
        ? undefined
        : checkCrdPattern(
            this,
            'hostGroupVirtualServerName',
            props.hostGroupVirtualServerName,
            'virtualServerName',
            'a BIG-IP virtual name starting with a letter',
          );
    if (this.hostGroupVirtualServerName !== undefined && this.hostGroup === undefined)
      report(this, `'hostGroupVirtualServerName' needs 'hostGroup' (CIS only honours it for a host group)`);
    (this as { additionalVirtualServerAddresses: readonly string[] }).additionalVirtualServerAddresses =
      checkArray(
        this,
        'additionalVirtualServerAddresses',
        props.additionalVirtualServerAddresses ?? [],
        'a list of IP addresses',
      ).map((a, i) => {
        if (!isIpAddress(a))
          report(
            this,
            `'additionalVirtualServerAddresses[${i}]' must be an IPv4 or IPv6 address, got ${quote(a)}`,
          );
        return a;
      });
    const http2Client = r.one('profileHttp2Client', props.profileHttp2Client, K.HTTP2_PROFILE);
    const http2Server = r.one('profileHttp2Server', props.profileHttp2Server, K.HTTP2_PROFILE);
    const adaptRequest = r.one('profileAdaptRequest', props.profileAdaptRequest, K.ADAPT_PROFILE);
    const adaptResponse = r.one('profileAdaptResponse', props.profileAdaptResponse, K.ADAPT_PROFILE);
    if (props.policyPerRequestAccess !== undefined && props.profileAccess === undefined)
      report(
        this,
        `'policyPerRequestAccess' needs 'profileAccess' (a per-request policy runs inside an access profile)`,
      );
    if (props.hostPersistence !== undefined && props.hostPersistenceMethod === undefined)
      report(this, `'hostPersistence' needs 'hostPersistenceMethod'`);
    if (props.defaultPool !== undefined)
      this.defaultPool = renderDefaultPool(this, props.defaultPool, r, this.namespace);
    return {
      hostGroupVirtualServerName: this.hostGroupVirtualServerName,
      additionalVirtualServerAddresses: this.additionalVirtualServerAddresses.length
        ? [...this.additionalVirtualServerAddresses]
        : undefined,
      hostPersistence:
        props.hostPersistenceMethod === undefined
          ? undefined
          : this.renderHostPersistence(props.hostPersistenceMethod, props.hostPersistence),
      httpCompressionProfile: r.one(
        'httpCompressionProfile',
        props.httpCompressionProfile,
        K.HTTP_COMPRESSION_PROFILE,
      ),
      htmlProfile: r.one('htmlProfile', props.htmlProfile, K.HTML_PROFILE),
      profileAccess: r.one('profileAccess', props.profileAccess, K.ACCESS_PROFILE),
      profileApiProtection: r.one(
        'profileApiProtection',
        props.profileApiProtection,
        K.API_PROTECTION_PROFILE,
      ),
      policyPerRequestAccess: r.one(
        'policyPerRequestAccess',
        props.policyPerRequestAccess,
        K.PER_REQUEST_POLICY,
      ),
      botDefense: r.one('botDefense', props.botDefense, K.BOT_DEFENSE_PROFILE),
      waf: r.one('waf', props.waf, K.WAF_POLICY),
      profileMultiplex: r.one('profileMultiplex', props.profileMultiplex, K.MULTIPLEX_PROFILE),
      profileAdapt:
        adaptRequest !== undefined || adaptResponse !== undefined
          ? { request: adaptRequest, response: adaptResponse }
          : undefined,
      rewriteAppRoot:
        props.rewriteAppRoot === undefined
          ? undefined
          : checkCrdPattern(
              this,
              'rewriteAppRoot',
              props.rewriteAppRoot,
              'poolPath',
              'a URL path starting with "/"',
            ),
      allowSourceRange:
        props.allowSourceRange === undefined
          ? undefined
          : checkArray(this, 'allowSourceRange', props.allowSourceRange, 'a list of CIDRs').map((c, i) =>
              checkCidr(this, `allowSourceRange[${i}]`, c),
            ),
      httpMrfRoutingEnabled:
        props.httpMrfRoutingEnabled === undefined
          ? undefined
          : checkBoolean(this, 'httpMrfRoutingEnabled', props.httpMrfRoutingEnabled),
      profiles:
        http2Client !== undefined || http2Server !== undefined
          ? { http2: { client: http2Client, server: http2Server } }
          : undefined,
      defaultPool: this.defaultPool?.rendered,
    };
  }

  private renderHostPersistence(
    method: HostPersistenceMethod,
    options: HostPersistenceOptions | undefined,
  ): CisHostPersistence {
    const checked = checkEnum(this, 'hostPersistenceMethod', method, HostPersistenceMethod);
    if (options === undefined) return { method: checked };
    const at = (name: string) => `hostPersistence.${name}`;
    const int = (name: 'offset' | 'length') =>
      options[name] === undefined ? undefined : checkInteger(this, at(name), options[name], 0, 2_147_483_647);
    return {
      method: checked,
      metaData: {
        name: options.name === undefined ? undefined : checkString(this, at('name'), options.name),
        key: options.key === undefined ? undefined : checkString(this, at('key'), options.key),
        netmask:
          options.netmask === undefined ? undefined : checkString(this, at('netmask'), options.netmask),
        timeout:
          options.timeout === undefined
            ? undefined
            : checkSeconds(this, at('timeout'), options.timeout, 0, 1, 65535),
        offset: int('offset'),
        length: int('length'),
        expiry: options.expiry === undefined ? undefined : checkString(this, at('expiry'), options.expiry),
      },
    };
  }

  /** Adds a pool serving `options.path` from a Service; returns the rendered pool. */
  public addPool(options: F5VirtualServerPoolOptions): VirtualServerPool {
    const index = this.pools.length;
    const prop = `pools[${index}]`;
    const checks: PropChecks = PropChecks.begin(this, options);
    let rendered: VirtualServerPool;
    let service: IServiceBackend | undefined;
    const backends: PoolBackends = { alternate: [], multiCluster: [] };
    try {
      service =
        options.service === undefined
          ? undefined
          : checkReference(
              this,
              `${prop}.service`,
              options.service,
              isServiceBackend,
              'the NplService (or other Service construct, or ServiceRef) to send traffic to',
            );
      const staticMembers = cisStaticMembers(this, `${prop}.staticPoolMembers`, options.staticPoolMembers);
      if (service === undefined && staticMembers === undefined && options.multiClusterServices === undefined)
        fail(
          this,
          `'${prop}.service' is required unless '${prop}.staticPoolMembers' or '${prop}.multiClusterServices' are given`,
        );
      const port = service
        ? choosePort(this, `${prop}.`, service, options.servicePort, options.servicePortName)
        : undefined;
      const path = checkCrdPattern(
        this,
        `${prop}.path`,
        options.path ?? '/',
        'poolPath',
        'a URL path starting with "/"',
      );
      if (this.pools.some((p) => (p.rendered.path ?? '/') === path))
        report(this, `'${prop}.path' ${quote(path)} is served by another pool already`);
      if (service && service.namespace !== this.namespace) {
        checkNamespaceReference(this, `${prop}.service`, service.namespace, 'VirtualServer');
      }
      if (options.monitorType === MonitorType.UDP) {
        report(
          this,
          `'${prop}.monitorType' "udp" cannot check a VirtualServer pool (the CRD allows http, https and tcp); use an F5TransportServer of type udp`,
        );
      }
      const fields = cisPoolFields(this, `${prop}.`, options, this.refs, this.namespace, 256, backends);
      if (fields.monitors?.some((m) => m.type === 'udp'))
        report(
          this,
          `'${prop}.monitors' cannot hold a udp monitor (the CRD allows http, https and tcp here)`,
        );
      rendered = Object.assign(fields, {
        path,
        service: service?.serviceName,
        servicePort: port?.wire,
        serviceNamespace: service && service.namespace !== this.namespace ? service.namespace : undefined,
        monitor: cisMonitor(this, options, this.host, `${prop}.`, this.refs),
        rewrite:
          options.rewrite === undefined
            ? undefined
            : checkCrdPattern(
                this,
                `${prop}.rewrite`,
                options.rewrite,
                'poolPath',
                'a URL path starting with "/"',
              ),
        hostRewrite:
          options.hostRewrite === undefined
            ? undefined
            : checkCrdPattern(this, `${prop}.hostRewrite`, options.hostRewrite, 'host', 'a DNS host name'),
        waf: this.refs.one(`${prop}.waf`, options.waf, BigipObjectKind.WAF_POLICY),
        minimumMonitors:
          options.minimumMonitors === undefined
            ? undefined
            : checkInteger(this, `${prop}.minimumMonitors`, options.minimumMonitors, 1, 65535),
        staticPoolMembers: staticMembers,
      });
      checks.end();
    } catch (error) {
      checks.abort(error);
    }
    this.pools.push({ service, rendered, backends });
    checkMultiClusterPool(this, {
      prefix: `${prop}.`,
      service,
      weight: options.weight,
      multiClusterServices: options.multiClusterServices && backends.multiCluster,
      alternateBackends: backends.alternate,
      requiredInDefaultMode: true,
    });
    warnSelectorless(this, [
      ...(service ? [{ prop: `${prop}.service`, backend: service }] : []),
      ...backends.alternate.map((backend, i) => ({
        prop: `${prop}.alternateBackends[${i}].service`,
        backend,
      })),
    ]);
    for (const backend of [service, ...backends.alternate])
      if (backend) this.node.addDependency(backend.service);
    return rendered;
  }

  /** The addresses and ports this virtual takes on the BIG-IP. */
  public listeners(): Listener[] {
    if (this.virtualServerAddress === undefined) return [];
    return this.ports().map((port) => ({ address: this.virtualServerAddress as string, port }));
  }

  /** The ports the virtual listens on (also when IPAM assigns the address). */
  private ports(): number[] {
    return this.tlsProfile
      ? this.httpTraffic === HttpTraffic.NONE
        ? [this.virtualServerHTTPSPort]
        : [this.virtualServerHTTPSPort, this.virtualServerHTTPPort]
      : [this.virtualServerHTTPPort];
  }

  private renderSpec(): VirtualServerSpec {
    const tls = this.tlsProfile;
    const common = this.renderCommonSpec();
    const own = this.ownFields;
    // Object.assign, not spreads: V8 copies these wide objects several times faster.
    return Object.assign(
      common,
      {
        host: this.host,
        hostAliases: this.hostAliases.length ? [...this.hostAliases] : undefined,
        hostGroup: this.hostGroup,
        virtualServerHTTPPort: this.portsGiven.http ? this.virtualServerHTTPPort : undefined,
        virtualServerHTTPSPort: this.portsGiven.https ? this.virtualServerHTTPSPort : undefined,
        tlsProfileName: tls?.profileName,
        tlsProfileNamespace: tls && tls.namespace !== this.namespace ? tls.namespace : undefined,
        httpTraffic: this.httpTraffic,
      },
      own,
      {
        profiles:
          common.profiles || own.profiles ? Object.assign({}, common.profiles, own.profiles) : undefined,
        pools: this.pools.length ? this.pools.map((p) => p.rendered) : undefined,
      },
    );
  }

  protected checkOwn(controller: CisController | undefined): string[] {
    const errors: string[] = [];
    if (this.pools.length === 0 && this.defaultPool === undefined) {
      errors.push(
        `needs at least one pool (addPool, 'pools' or 'defaultPool'): CIS renders a pool-less VirtualServer into an AS3 declaration the BIG-IP rejects`,
      );
    }
    if (this.tlsProfile && VksCluster.enclosing(this.tlsProfile) !== this.cluster) {
      errors.push(
        `'tlsProfile' [${this.tlsProfile.node.path}] is in another cluster; CIS only reads TLSProfiles of its own cluster`,
      );
    }
    if (this.tlsProfile) {
      errors.push(...tlsProfileInventoryProblems(this.tlsProfile, this.partition.device));
      errors.push(...tlsProfileDeviceProblems(this.tlsProfile, this.partition.device));
    }
    this.pools.forEach((p, i) => {
      if (p.service)
        errors.push(...checkBackend(this.cluster, controller, p.service, `pools[${i}].service`, true));
      p.backends.alternate.forEach((b, j) =>
        errors.push(
          ...checkBackend(this.cluster, controller, b, `pools[${i}].alternateBackends[${j}].service`, true),
        ),
      );
    });
    if (this.defaultPool?.service)
      errors.push(...checkBackend(this.cluster, controller, this.defaultPool.service, 'defaultPool.service'));
    this.warnNamedPorts(controller);
    errors.push(...this.checkHostMapsToOneAddress());
    this.warnHostPathShared();
    errors.push(...this.checkTlsHosts(), ...this.checkHostGroup(), ...checkPoolNames(this));
    return errors;
  }

  /** The pool names this virtual sets on its partition (CIS derives host-specific names for the rest). */
  public poolNames(): PoolNameUse[] {
    const uses: PoolNameUse[] = this.pools.flatMap((p, i) =>
      p.rendered.name === undefined
        ? []
        : [{ owner: this, prop: `pools[${i}].poolName`, name: p.rendered.name, explicit: true }],
    );
    const fallback = this.defaultPool?.rendered;
    if (fallback?.reference === 'service' && fallback.name !== undefined)
      uses.push({ owner: this, prop: 'defaultPool.poolName', name: fallback.name, explicit: true });
    return uses;
  }

  /** CIS picks the client-ssl profile by SNI from the TLSProfile's hosts. */
  private checkTlsHosts(): string[] {
    const tls = this.tlsProfile;
    if (!tls || tls.hosts.length === 0) return [];
    return [this.host, ...this.hostAliases]
      .filter((h): h is string => h !== undefined && !hostCovered(h, tls.hosts))
      .map((h) =>
        TLS_HOSTS_RULE.message(
          `host ${quote(h)} is not among the hosts of TLS profile [${tls.node.path}] (${tls.hosts.join(', ')}); add it there or CIS serves it without its certificate`,
        ),
      );
  }

  /** Named Service ports whose targetPort CIS resolves through pods the stack does not declare. */
  private warnNamedPorts(controller: CisController | undefined): void {
    if (this.warnedNamedPorts || controller?.poolMemberType !== PoolMemberType.NODE_PORT_LOCAL) return;
    this.warnedNamedPorts = true;
    const uses: PoolPortUse[] = this.pools.flatMap((p, i) =>
      p.service
        ? [{ prop: `pools[${i}].servicePortName`, backend: p.service, wire: p.rendered.servicePort }]
        : [],
    );
    if (this.defaultPool?.service)
      uses.push({
        prop: 'defaultPool.servicePortName',
        backend: this.defaultPool.service,
        wire: this.defaultPool.rendered.servicePort,
      });
    for (const message of namedPortWarnings(uses)) NAMED_PORT_RULE.warn(this, message);
  }

  /** hostGroup rules: no virtualServerName, one hostGroupVirtualServerName; a Policy applies to the whole VIP. */
  private checkHostGroup(): string[] {
    if (this.hostGroup === undefined) return [];
    const errors: string[] = [];
    if (this.virtualServerName !== undefined)
      errors.push(
        HOST_GROUP_NAME_RULE.message(
          `'virtualServerName' ${quote(this.virtualServerName)} is ignored by CIS in hostGroup ${quote(this.hostGroup)}; use 'hostGroupVirtualServerName'`,
        ),
      );
    const stack = Stack.of(this);
    const info = hostGroupIndex(stack, stack.constructsOfType(F5VirtualServer)).get(
      `${this.partition.device.node.path}|${this.hostGroup}`,
    );
    const named = info?.firstNamed;
    if (
      named &&
      named !== this &&
      this.hostGroupVirtualServerName !== undefined &&
      this.hostGroupVirtualServerName !== named.hostGroupVirtualServerName
    )
      errors.push(
        HOST_GROUP_VS_NAME_RULE.message(
          `'hostGroupVirtualServerName' ${quote(this.hostGroupVirtualServerName)} differs from ${quote(named.hostGroupVirtualServerName)} of [${named.node.path}] in hostGroup ${quote(this.hostGroup)}`,
        ),
      );
    const others = info && this.policy ? otherHostsOnVip(this, info) : [];
    if (this.policy && this.policy.perVipFields.length > 0 && others.length > 0 && !this.warnedPolicy) {
      this.warnedPolicy = true;
      POLICY_PER_VIP_RULE.warn(
        this,
        `Policy [${this.policy.node.path}] sets ${this.policy.perVipFields.join(', ')}, which CIS applies to the whole virtual of hostGroup ${quote(this.hostGroup)}, so also to ${others.join(', ')}`,
      );
    }
    return errors;
  }

  /** A host name served on two different VIPs of one BIG-IP is an error in CIS. */
  private checkHostMapsToOneAddress(): string[] {
    if (this.host === undefined || this.virtualServerAddress === undefined) return [];
    const stack = Stack.of(this);
    const { byHost, position } = stack.memoize(F5VirtualServer.hostIndex, () =>
      F5VirtualServer.hostIndex(stack),
    );
    const entry = byHost.get(`${this.partition.device.node.path}|${this.host}`);
    if (!entry) return [];
    const at = position.get(this) ?? 0;
    const earlier = (s: F5VirtualServer | undefined): s is F5VirtualServer =>
      s !== undefined && (position.get(s) ?? 0) < at;
    const address = addressKey(this.virtualServerAddress);
    // Before firstOther every server has the first one's address: the first earlier server on another
    // address than this one is the first server or firstOther.
    const other =
      earlier(entry.first) && addressKey(entry.first.virtualServerAddress as string) !== address
        ? entry.first
        : earlier(entry.firstOther)
          ? entry.firstOther
          : undefined;
    return other
      ? [
          `'host' ${quote(this.host)} is already served on ${other.virtualServerAddress} by [${other.node.path}]; a host maps to one VIP, got ${this.virtualServerAddress}`,
        ]
      : [];
  }

  /**
   * Per device and host, the first server with a VIP and the first one on another VIP than it, plus the
   * declaration position of every server: built once per synthesis.
   */
  /** Keys of the host and paths this virtual routes on each VIP:port it listens on. */
  private hostPathKeys(): Array<{ key: string; path: string }> {
    if (this.virtualServerAddress === undefined) return [];
    const vip = `${this.partition.device.node.path}|${this.bigipRouteDomain}|${addressKey(this.virtualServerAddress)}`;
    const host = (this.host ?? '*').toLowerCase();
    return this.ports().flatMap((port) =>
      this.pools.map((p) => {
        const path = p.rendered.path ?? '/';
        return { key: `${vip}|${port}|${host}|${path}`, path };
      }),
    );
  }

  /** The first VirtualServer (declaration order) routing each VIP:port, host and path; built once (O(n)). */
  private static hostPathIndex(stack: Stack): Map<string, F5VirtualServer> {
    const first = new Map<string, F5VirtualServer>();
    for (const server of stack.constructsOfType(F5VirtualServer))
      for (const { key } of server.hostPathKeys()) if (!first.has(key)) first.set(key, server);
    return first;
  }

  /** A host and path another VirtualServer of the merged virtual routes already: one pool loses it. */
  private warnHostPathShared(): void {
    if (this.warnedHostPath) return;
    this.warnedHostPath = true;
    const stack = Stack.of(this);
    const first = stack.memoize(F5VirtualServer.hostPathIndex, () => F5VirtualServer.hostPathIndex(stack));
    const seen = new Set<string>();
    for (const { key, path } of this.hostPathKeys()) {
      const other = first.get(key);
      if (!other || other === this || seen.has(path)) continue;
      seen.add(path);
      HOST_PATH_RULE.warn(
        this,
        `routes host ${quote(this.host ?? '*')} path ${quote(path)} on ${this.virtualServerAddress}, as [${other.node.path}] does; CIS merges both into one virtual and only one pool gets the path`,
      );
    }
  }

  private static hostIndex(stack: Stack): {
    byHost: Map<string, { first: F5VirtualServer; firstOther?: F5VirtualServer }>;
    position: Map<F5VirtualServer, number>;
  } {
    const byHost = new Map<string, { first: F5VirtualServer; firstOther?: F5VirtualServer }>();
    const position = new Map<F5VirtualServer, number>();
    for (const server of stack.constructsOfType(F5VirtualServer)) {
      position.set(server, position.size);
      if (server.host === undefined || server.virtualServerAddress === undefined) continue;
      const key = `${server.partition.device.node.path}|${server.host}`;
      const entry = byHost.get(key);
      if (!entry) byHost.set(key, { first: server });
      else if (
        !entry.firstOther &&
        addressKey(server.virtualServerAddress) !== addressKey(entry.first.virtualServerAddress as string)
      )
        entry.firstOther = server;
    }
    return { byHost, position };
  }

  protected override recordFields(): Partial<VirtualServerRecord> {
    const controller = controllerFor(this.cluster, this.partition);
    return {
      host: this.host,
      ...(this.hostAliases.length ? { hostAliases: [...this.hostAliases] } : {}),
      protocol: this.tlsProfile ? 'https' : 'http',
      ports: this.ports(),
      cluster: this.cluster.clusterName,
      pools: this.pools.flatMap((p) =>
        p.service === undefined
          ? []
          : servicePoolRecord(
              p.service,
              typeof p.rendered.servicePort === 'number' ? p.rendered.servicePort : undefined,
              cisMemberType(controller, p.service),
              p.rendered.path ?? '/',
            ),
      ),
    };
  }
}
brand(F5VirtualServer, 'F5VirtualServer');
