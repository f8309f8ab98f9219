import type { Duration } from 'cdk8s';
import { Construct, type IConstruct } from 'constructs';
import { BigipObjectKind, BigipRef, type IInventoryHolder } from '../../lib/as3/inventory';
import { PersistenceMethod } from '../../lib/as3/persist';
import { Snat } from '../../lib/as3/snat';
import { brand } from '../../lib/core/brand';
import {
  checkArray,
  checkBoolean,
  checkDnsLabel,
  checkDnsSubdomain,
  checkEnum,
  checkId,
  checkInteger,
  checkReference,
  checkSeconds,
  PropChecks,
  report,
} from '../../lib/core/checks';
import { quote } from '../../lib/core/errors';
import { Names } from '../../lib/core/names';
import { CIS_CUSTOM_RESOURCE_LABEL, Policy, type PolicySpec } from '../../lib/k8s/cis';
import { matchesCrdPattern } from '../../lib/k8s/cis-patterns';
import type { IServiceBackend } from '../workloads/service-backend';
import { VksCluster } from '../workloads/vks-cluster';
import { BigipReferences } from './bigip-references';
import { renderDefaultPool, type DefaultPoolOptions } from './default-pool';
import { ServiceDownAction } from './pool-options';

/** Whether an LTM policy or iRule of a Policy goes before or after those CIS generates (`priority`). */
export enum PolicyPriority {
  LOW = 'low',
  HIGH = 'high',
}

/** Auto last hop of the virtuals (`autoLastHop`). */
export enum AutoLastHop {
  DEFAULT = 'default',
  AUTO = 'auto',
  DISABLE = 'disable',
}

/** How A/B pools keep a client on one pool (`poolSettings.multiPoolPersistence.method`). */
export enum MultiPoolPersistenceMethod {
  UIE_SOURCE_ADDRESS = 'uieSourceAddress',
  HASH_SOURCE_ADDRESS = 'hashSourceAddress',
}

/** A Policy custom resource as the virtuals that use it see it. */
export interface IF5Policy extends IConstruct {
  readonly policyName: string;
  readonly namespace: string;
  /** The Policy fields set that CIS applies to the whole BIG-IP virtual, whatever the host. */
  readonly perVipFields: readonly string[];
  /** The Policy's BIG-IP references missing on `device`. */
  inventoryProblems(device: IInventoryHolder): string[];
}

/** Whether `x` is a Policy as virtuals see it. */
export function isF5Policy(x: unknown): x is IF5Policy {
  const p = x as Partial<IF5Policy> | null;
  return (
    typeof p === 'object' &&
    p !== null &&
    typeof p.policyName === 'string' &&
    typeof p.namespace === 'string' &&
    typeof p.inventoryProblems === 'function'
  );
}

/** A virtual names its Policy by `policyName` (+ `policyNamespace`): both must pass the CRD's patterns. */
export function checkPolicyReference(scope: IConstruct, policy: IF5Policy, namespace: string): void {
  if (!matchesCrdPattern('tlsProfileName', policy.policyName))
    report(
      scope,
      `'policy' is named ${quote(policy.policyName)}, which a virtual cannot name (the CRD wants at least 3 characters, a letter first, a letter or digit last)`,
    );
  if (policy.namespace !== namespace && !matchesCrdPattern('namespaceReference', policy.namespace))
    report(
      scope,
      `'policy' is in namespace ${quote(policy.namespace)}, which a virtual in another namespace cannot name; put both in one namespace`,
    );
}

export interface F5PolicyProps {
  /**
   * Web application firewall policy (`l7Policies.waf`, `BigipRef.wafPolicy(…)`).
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/policy.html
   * @default - none
   */
  readonly waf?: BigipRef;
  /**
   * Access profile (`l7Policies.profileAccess`).
   * @default - none
   */
  readonly profileAccess?: BigipRef;
  /**
   * Per-request access policy (`l7Policies.policyPerRequestAccess`).
   * @default - none
   */
  readonly policyPerRequestAccess?: BigipRef;
  /**
   * API protection profile (`l7Policies.profileApiProtection`).
   * @default - none
   */
  readonly profileApiProtection?: BigipRef;
  /**
   * Request adapt profile (`l7Policies.profileAdapt.request`).
   * @default - none
   */
  readonly profileAdaptRequest?: BigipRef;
  /**
   * Response adapt profile (`l7Policies.profileAdapt.response`).
   * @default - none
   */
  readonly profileAdaptResponse?: BigipRef;
  /**
   * DoS protection profile (`l3Policies.dos`).
   * @default - none
   */
  readonly dos?: BigipRef;
  /**
   * Bot defense profile (`l3Policies.botDefense`).
   * @default - none
   */
  readonly botDefense?: BigipRef;
  /**
   * AFM firewall policy (`l3Policies.firewallPolicy`).
   * @default - none
   */
  readonly firewallPolicy?: BigipRef;
  /**
   * IP intelligence policy (`l3Policies.ipIntelligencePolicy`).
   * @default - none
   */
  readonly ipIntelligencePolicy?: BigipRef;
  /**
   * Client CIDRs the virtuals accept (`l3Policies.allowSourceRange`).
   * @default - any source
   */
  readonly allowSourceRange?: string[];
  /**
   * VLANs the virtuals listen on (`l3Policies.allowVlans`).
   * @default - all VLANs
   */
  readonly allowVlans?: BigipRef[];
  /**
   * LTM policy of the plain HTTP virtual (`ltmPolicies.insecure`).
   * @default - none
   */
  readonly ltmPolicyInsecure?: BigipRef;
  /**
   * LTM policy of the HTTPS virtual (`ltmPolicies.secure`).
   * @default - none
   */
  readonly ltmPolicySecure?: BigipRef;
  /**
   * Order of the LTM policies against those CIS generates (`ltmPolicies.priority`).
   * @default - CIS default (low)
   */
  readonly ltmPolicyPriority?: PolicyPriority;
  /**
   * iRule of the plain HTTP virtual (`iRules.insecure`).
   * @default - none
   */
  readonly iRuleInsecure?: BigipRef;
  /**
   * iRule of the HTTPS virtual (`iRules.secure`).
   * @default - none
   */
  readonly iRuleSecure?: BigipRef;
  /**
   * Order of the iRules against those CIS generates (`iRules.priority`).
   * @default - CIS default (low)
   */
  readonly iRulePriority?: PolicyPriority;
  /**
   * Whether CIS adds its default iRule to the plain HTTP virtual; false renders `iRules.insecure: none`
   * (excludes `iRuleInsecure`).
   * @default true
   */
  readonly defaultIRuleInsecure?: boolean;
  /**
   * Whether CIS adds its default iRule to the HTTPS virtual; false renders `iRules.secure: none`.
   * @default true
   */
  readonly defaultIRuleSecure?: boolean;
  /**
   * Further iRules of every virtual (`iRuleList`).
   * @default - none
   */
  readonly iRuleList?: BigipRef[];
  /**
   * Pool for requests no pool of a virtual matches.
   * @default - none
   */
  readonly defaultPool?: DefaultPoolOptions;
  /**
   * Client-side TCP profile (`profiles.tcp.client`).
   * @default - CIS default
   */
  readonly profileTcpClient?: BigipRef;
  /**
   * Server-side TCP profile (`profiles.tcp.server`).
   * @default - the client-side one
   */
  readonly profileTcpServer?: BigipRef;
  /**
   * UDP profile (`profiles.udp`).
   * @default - CIS default
   */
  readonly profileUdp?: BigipRef;
  /**
   * HTTP profile of every HTTP virtual (`profiles.http`).
   * @default - CIS default
   */
  readonly profileHttp?: BigipRef;
  /**
   * HTTP profile of the plain HTTP virtual (`profiles.httpProfiles.insecure`).
   * @default - `profileHttp`
   */
  readonly profileHttpInsecure?: BigipRef;
  /**
   * HTTP profile of the HTTPS virtual (`profiles.httpProfiles.secure`).
   * @default - `profileHttp`
   */
  readonly profileHttpSecure?: BigipRef;
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
   * Persistence: a built-in method or an existing profile (`profiles.persistenceProfile`).
   * @default - CIS default
   */
  readonly persistenceProfile?: PersistenceMethod | BigipRef;
  /**
   * TCP analytics profile (`profiles.profileAnalyticsTcp`).
   * @default - none
   */
  readonly profileAnalyticsTcp?: BigipRef;
  /**
   * HTTP analytics profile (`profiles.analyticsProfiles.http`).
   * @default - none
   */
  readonly profileAnalyticsHttp?: BigipRef;
  /**
   * FastL4 profile of TransportServers in performance mode (`profiles.profileL4`).
   * @default - CIS default
   */
  readonly profileL4?: BigipRef;
  /**
   * WebSocket profile (`profiles.profileWebSocket`).
   * @default - none
   */
  readonly profileWebSocket?: BigipRef;
  /**
   * OneConnect profile (`profiles.profileMultiplex`).
   * @default - none
   */
  readonly profileMultiplex?: BigipRef;
  /**
   * Rewrite profile (`profiles.rewriteProfile`).
   * @default - none
   */
  readonly rewriteProfile?: BigipRef;
  /**
   * Security log profiles (`profiles.logProfiles`).
   * @default - none
   */
  readonly logProfiles?: BigipRef[];
  /**
   * Request logging profile (`profiles.requestLogProfile`).
   * @default - none
   */
  readonly requestLogProfile?: BigipRef;
  /**
   * HTTP message routing framework (`profiles.httpMrfRoutingEnabled`).
   * @default - CIS default (false)
   */
  readonly httpMrfRoutingEnabled?: boolean;
  /**
   * Client-side TLS profiles (`profiles.sslProfiles.clientProfiles`; CIS reads them for routes only).
   * @default - none
   */
  readonly clientSslProfiles?: BigipRef[];
  /**
   * Server-side TLS profiles (`profiles.sslProfiles.serverProfiles`).
   * @default - none
   */
  readonly serverSslProfiles?: BigipRef[];
  /**
   * HTML profile (`profiles.htmlProfile`).
   * @default - none
   */
  readonly htmlProfile?: BigipRef;
  /**
   * FTP profile of TransportServers (`profiles.ftpProfile`).
   * @default - none
   */
  readonly ftpProfile?: BigipRef;
  /**
   * HTTP compression profile (`profiles.httpCompressionProfile`).
   * @default - none
   */
  readonly httpCompressionProfile?: BigipRef;
  /**
   * Protocol inspection profile (`profiles.profileProtocolInspection`).
   * @default - none
   */
  readonly profileProtocolInspection?: BigipRef;
  /**
   * Auto last hop.
   * @default - CIS default
   */
  readonly autoLastHop?: AutoLastHop;
  /**
   * Source address translation of the virtuals: a mode or `Snat.bigip(BigipRef.snatPool(…))`.
   * @default - the virtual's own
   */
  readonly snat?: Snat;
  /**
   * Pool setting: reselect tries (`poolSettings.reselectTries`).
   * @default - BIG-IP default
   */
  readonly reselectTries?: number;
  /**
   * Pool setting: service-down action (`poolSettings.serviceDownAction`).
   * @default - BIG-IP default
   */
  readonly serviceDownAction?: ServiceDownAction;
  /**
   * Pool setting: slow ramp time, at most 900 s (`poolSettings.slowRampTime`).
   * @default - BIG-IP default (10 s)
   */
  readonly slowRampTime?: Duration;
  /**
   * A/B persistence method across pools (`poolSettings.multiPoolPersistence.method`).
   * @default - none
   */
  readonly multiPoolPersistenceMethod?: MultiPoolPersistenceMethod;
  /**
   * A/B persistence timeout (`poolSettings.multiPoolPersistence.timeOut`).
   * @default - CIS default (180 s)
   */
  readonly multiPoolPersistenceTimeout?: Duration;
  /**
   * Namespace of the Policy resource.
   * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/
   * @default 'default'
   */
  readonly namespace?: string;
  /**
   * Name of the Policy resource.
   * @default - generated from the construct path
   */
  readonly name?: string;
}

/** Policy fields that CIS applies through the virtual's LTM policy, per host (the rest are per VIP). */
const PER_HOST_FIELDS = new Set(['waf']);

/**
 * A CIS Policy custom resource (labelled `f5cr: "true"`): profiles, L3/L7 policies, iRules, SNAT and pool
 * settings that F5VirtualServers and F5TransportServers take by reference (`policy`).
 */
export class F5Policy extends Construct implements IF5Policy {
  public readonly policyName: string;
  public readonly namespace: string;
  public readonly perVipFields: readonly string[];
  /** The raw custom resource, for escape hatches. */
  public readonly resource: Policy;
  /** The Service of the default pool, if any. */
  public readonly defaultPoolService?: IServiceBackend;
  private readonly refs: BigipReferences;

  constructor(scope: Construct, id: string, props: F5PolicyProps = {}) {
    super(scope, checkId(scope, id));
    const cluster = VksCluster.enclosing(this);
    const checks: PropChecks = PropChecks.begin(this, props);
    this.refs = new BigipReferences(this);
    let spec: PolicySpec;
    try {
      this.namespace = checkDnsLabel(this, 'namespace', props.namespace ?? 'default');
      this.policyName = checkDnsSubdomain(
        this,
        'name',
        props.name ?? Names.toDnsLabel(this, { relativeTo: cluster }),
      );
      spec = this.renderSpec(props);
    } catch (error) {
      checks.abort(error);
    }
    checks.end();
    this.perVipFields = Object.entries(props)
      .filter(
        ([key, value]) =>
          value !== undefined && !PER_HOST_FIELDS.has(key) && key !== 'name' && key !== 'namespace',
      )
      .map(([key]) => key)
      .sort();
    const namespaceObject = cluster.ensureNamespace(this.namespace);
    this.resource = new Policy(this, 'Resource', {
      metadata: {
        name: this.policyName,
        namespace: this.namespace,
        labels: { ...CIS_CUSTOM_RESOURCE_LABEL },
      },
      spec,
    });
    if (namespaceObject) this.resource.node.addDependency(namespaceObject);
    if (this.defaultPoolService) this.node.addDependency(this.defaultPoolService.service);
  }

  public inventoryProblems(device: IInventoryHolder): string[] {
    const problems = this.refs.problems(device, 'policy.');
    return problems.map((p) => `${p} (used through [${this.node.path}])`);
  }

  private renderSpec(props: F5PolicyProps): PolicySpec {
    const r = this.refs;
    const K = BigipObjectKind;
    const prune = <T extends object>(o: T): T | undefined =>
      Object.values(o).some((v) => v !== undefined) ? o : undefined;
    const priority = (prop: string, v: PolicyPriority | undefined) =>
      v === undefined ? undefined : checkEnum(this, prop, v, PolicyPriority);
    const sourceRanges =
      props.allowSourceRange === undefined
        ? undefined
        : checkArray(this, 'allowSourceRange', props.allowSourceRange, 'a list of CIDRs').map((c, i) =>
            checkCidr(this, `allowSourceRange[${i}]`, c),
          );
    const pool =
      props.defaultPool === undefined
        ? undefined
        : renderDefaultPool(this, props.defaultPool, r, this.namespace);
    (this as { defaultPoolService?: IServiceBackend }).defaultPoolService = pool?.service;
    const persistence = props.persistenceProfile;
    const snat =
      props.snat === undefined
        ? undefined
        : checkReference(this, 'snat', props.snat, (x): x is Snat => x instanceof Snat, 'a Snat');
    if (snat && snat.mode === undefined && !(snat.value instanceof BigipRef))
      report(
        this,
        `'snat' must be a mode or Snat.bigip(BigipRef.snatPool(…)); a Policy cannot name an AS3 SNAT pool`,
      );
    const snatValue =
      snat === undefined ? undefined : (snat.mode ?? r.one('snat', snat.value as BigipRef, K.SNAT_POOL));
    const seconds = (prop: string, d: Duration | undefined, min: number, max: number) =>
      d === undefined ? undefined : checkSeconds(this, prop, d, 0, min, max);
    return {
      l7Policies: prune({
        waf: r.one('waf', props.waf, K.WAF_POLICY),
        profileAccess: r.one('profileAccess', props.profileAccess, K.ACCESS_PROFILE),
        policyPerRequestAccess: r.one(
          'policyPerRequestAccess',
          props.policyPerRequestAccess,
          K.PER_REQUEST_POLICY,
        ),
        profileApiProtection: r.one(
          'profileApiProtection',
          props.profileApiProtection,
          K.API_PROTECTION_PROFILE,
        ),
        profileAdapt: prune({
          request: r.one('profileAdaptRequest', props.profileAdaptRequest, K.ADAPT_PROFILE),
          response: r.one('profileAdaptResponse', props.profileAdaptResponse, K.ADAPT_PROFILE),
        }),
      }),
      l3Policies: prune({
        dos: r.one('dos', props.dos, K.DOS_PROFILE),
        botDefense: r.one('botDefense', props.botDefense, K.BOT_DEFENSE_PROFILE),
        firewallPolicy: r.one('firewallPolicy', props.firewallPolicy, K.FIREWALL_POLICY),
        ipIntelligencePolicy: r.one(
          'ipIntelligencePolicy',
          props.ipIntelligencePolicy,
          K.IP_INTELLIGENCE_POLICY,
        ),
        allowSourceRange: sourceRanges,
        allowVlans: r.many('allowVlans', props.allowVlans, K.VLAN),
      }),
      ltmPolicies: prune({
        insecure: r.one('ltmPolicyInsecure', props.ltmPolicyInsecure, K.LTM_POLICY),
        secure: r.one('ltmPolicySecure', props.ltmPolicySecure, K.LTM_POLICY),
        priority: priority('ltmPolicyPriority', props.ltmPolicyPriority),
      }),
      iRules: prune({
        insecure:
          props.defaultIRuleInsecure === false
            ? 'none'
            : r.one('iRuleInsecure', props.iRuleInsecure, K.IRULE),
        secure:
          props.defaultIRuleSecure === false ? 'none' : r.one('iRuleSecure', props.iRuleSecure, K.IRULE),
        priority: priority('iRulePriority', props.iRulePriority),
      }),
      iRuleList: r.many('iRuleList', props.iRuleList, K.IRULE),
      defaultPool: pool?.rendered,
      profiles: prune({
        tcp: prune({
          client: r.one('profileTcpClient', props.profileTcpClient, K.TCP_PROFILE),
          server: r.one('profileTcpServer', props.profileTcpServer, K.TCP_PROFILE),
        }),
        udp: r.one('profileUdp', props.profileUdp, K.UDP_PROFILE),
        http: r.one('profileHttp', props.profileHttp, K.HTTP_PROFILE),
        httpProfiles: prune({
          insecure: r.one('profileHttpInsecure', props.profileHttpInsecure, K.HTTP_PROFILE),
          secure: r.one('profileHttpSecure', props.profileHttpSecure, K.HTTP_PROFILE),
        }),
        http2: prune({
          client: r.one('profileHttp2Client', props.profileHttp2Client, K.HTTP2_PROFILE),
          server: r.one('profileHttp2Server', props.profileHttp2Server, K.HTTP2_PROFILE),
        }),
        persistenceProfile:
          persistence === undefined
            ? undefined
            : persistence instanceof BigipRef
              ? r.one('persistenceProfile', persistence, K.PERSISTENCE_PROFILE)
              : checkEnum(this, 'persistenceProfile', persistence, PersistenceMethod),
        profileAnalyticsTcp: r.one('profileAnalyticsTcp', props.profileAnalyticsTcp, K.ANALYTICS_PROFILE),
        profileL4: r.one('profileL4', props.profileL4, K.L4_PROFILE),
        profileWebSocket: r.one('profileWebSocket', props.profileWebSocket, K.WEBSOCKET_PROFILE),
        profileMultiplex: r.one('profileMultiplex', props.profileMultiplex, K.MULTIPLEX_PROFILE),
        rewriteProfile: r.one('rewriteProfile', props.rewriteProfile, K.REWRITE_PROFILE),
        logProfiles: r.many('logProfiles', props.logProfiles, K.LOG_PROFILE),
        requestLogProfile: r.one('requestLogProfile', props.requestLogProfile, K.REQUEST_LOG_PROFILE),
        httpMrfRoutingEnabled:
          props.httpMrfRoutingEnabled === undefined
            ? undefined
            : checkBoolean(this, 'httpMrfRoutingEnabled', props.httpMrfRoutingEnabled),
        sslProfiles: prune({
          clientProfiles: r.many('clientSslProfiles', props.clientSslProfiles, K.CLIENT_SSL_PROFILE),
          serverProfiles: r.many('serverSslProfiles', props.serverSslProfiles, K.SERVER_SSL_PROFILE),
        }),
        analyticsProfiles: prune({
          http: r.one('profileAnalyticsHttp', props.profileAnalyticsHttp, K.ANALYTICS_PROFILE),
        }),
        htmlProfile: r.one('htmlProfile', props.htmlProfile, K.HTML_PROFILE),
        ftpProfile: r.one('ftpProfile', props.ftpProfile, K.FTP_PROFILE),
        httpCompressionProfile: r.one(
          'httpCompressionProfile',
          props.httpCompressionProfile,
          K.HTTP_COMPRESSION_PROFILE,
        ),
        profileProtocolInspection: r.one(
          'profileProtocolInspection',
          props.profileProtocolInspection,
          K.PROTOCOL_INSPECTION_PROFILE,
        ),
      }),
      autoLastHop:
        props.autoLastHop === undefined
          ? undefined
          : checkEnum(this, 'autoLastHop', props.autoLastHop, AutoLastHop),
      snat: snatValue,
      poolSettings: prune({
        reselectTries:
          props.reselectTries === undefined
            ? undefined
            : checkInteger(this, 'reselectTries', props.reselectTries, 0, 65535),
        serviceDownAction:
          props.serviceDownAction === undefined
            ? undefined
            : checkEnum(this, 'serviceDownAction', props.serviceDownAction, ServiceDownAction),
        slowRampTime: seconds('slowRampTime', props.slowRampTime, 0, 900),
        multiPoolPersistence: prune({
          method:
            props.multiPoolPersistenceMethod === undefined
              ? undefined
              : checkEnum(
                  this,
                  'multiPoolPersistenceMethod',
                  props.multiPoolPersistenceMethod,
                  MultiPoolPersistenceMethod,
                ),
          timeOut: seconds(
            'multiPoolPersistenceTimeout',
            props.multiPoolPersistenceTimeout,
            1,
            2_147_483_647,
          ),
        }),
      }),
    };
  }
}
brand(F5Policy, 'F5Policy');

/** A CIDR such as `10.0.0.0/8` or `2001:db8::/32` (what `allowSourceRange` takes). */
export function checkCidr(scope: IConstruct, prop: string, value: string): string {
  const [address, bits, extra] = typeof value === 'string' ? value.split('/') : [];
  const max = address?.includes(':') ? 128 : 32;
  const n = Number(bits);
  if (
    extra !== undefined ||
    !/^[0-9.:a-fA-F]+$/.test(address ?? '') ||
    !Number.isInteger(n) ||
    n < 0 ||
    n > max
  )
    report(scope, `'${prop}' must be a CIDR such as "10.0.0.0/8", got ${quote(value)}`);
  return value;
}
