import type { IConstruct } from 'constructs';
import {
  checkBoolean,
  checkDnsLabel,
  checkEnum,
  checkInteger,
  checkNonEmpty,
  checkPattern,
  NAMESPACED_REF,
  report,
} from '../../lib/core/checks';
import { quote } from '../../lib/core/errors';
import { isIpAddress } from '../../lib/core/net';
import { Rule, RuleSeverity } from '../../lib/core/rules';
import { Cni } from '../networking/cluster-network';

/** The CNI CIS reads node pod CIDRs from for static routes (`--orchestration-cni`); VKS runs the first two. */
export enum OrchestrationCni {
  /** Antrea: `node.spec.podCIDR` and the node address. */
  ANTREA = 'antrea',
  /** Calico: the node's block affinities (needs `crd.projectcalico.org` RBAC). */
  CALICO = 'calico-k8s',
  /** Cilium (KubernetesCluster only): the node annotation `network.cilium.io/ipv4-pod-cidr`. */
  CILIUM = 'cilium-k8s',
}

/**
 * The `k8s-bigip-ctlr` arguments beyond the basic ones, in Helm-values vocabulary (`args.<key>` in
 * camelCase). An argument is rendered only when its value differs from CIS's own default.
 * @see https://clouddocs.f5.com/containers/latest/userguide/config-parameters.html
 */
export interface CisArgOptions {
  /**
   * Seconds between CIS's checks that the BIG-IP still holds what it wrote (`--verify-interval`).
   * @default 30
   */
  readonly verifyInterval?: number;

  /**
   * Seconds between polls of the cluster's nodes (`--node-poll-interval`).
   * @default 30
   */
  readonly nodePollInterval?: number;

  /**
   * Seconds between periodic full syncs (`--periodic-sync-interval`).
   * @default 30
   */
  readonly periodicSyncInterval?: number;

  /**
   * Seconds CIS waits before posting an AS3 declaration, to batch changes (`--as3-post-delay`).
   * @default 0
   */
  readonly as3PostDelay?: number;

  /**
   * Validate AS3 declarations against the schema before posting (`--as3-validation`).
   * @default true
   */
  readonly as3Validation?: boolean;

  /**
   * Log the BIG-IP's AS3 responses (`--log-as3-response`).
   * @default false
   */
  readonly logAs3Response?: boolean;

  /**
   * Post one AS3 request per tenant (`--filter-tenants`).
   * @default false
   */
  readonly filterTenants?: boolean;

  /**
   * Watch IPv6 addresses of nodes and pods (`--enable-ipv6`).
   * @default false
   */
  readonly enableIpv6?: boolean;

  /**
   * Legacy controller: publish Ingresses (`--manage-ingress`). Ignored in custom-resource mode.
   * @default true
   */
  readonly manageIngress?: boolean;

  /**
   * Legacy controller: publish AS3 and f5schemadb ConfigMaps (`--manage-configmaps`). Ignored in
   * custom-resource mode.
   * @default true
   */
  readonly manageConfigmaps?: boolean;

  /**
   * Legacy controller: only Ingresses of `ingressClassName`, not those without a class
   * (`--manage-ingress-class-only`).
   * @default false
   */
  readonly manageIngressClassOnly?: boolean;

  /**
   * Legacy controller: the VIP of Ingresses whose `virtual-server.f5.com/ip` is absent or
   * `controller-default` (`--default-ingress-ip`).
   * @default - none; every Ingress names its VIP
   */
  readonly defaultIngressIp?: string;

  /**
   * Legacy controller: resolve Ingress host names to VIPs with this resolver, `LOOKUP` for the pod's DNS
   * (`--resolve-ingress-names`).
   * @default - host names are not resolved
   */
  readonly resolveIngressNames?: string;

  /**
   * Legacy controller: read Ingress TLS Secrets (`--use-secrets`).
   * @default true
   */
  readonly useSecrets?: boolean;

  /**
   * Legacy controller: AS3 ConfigMaps may pick Services of any namespace (`--hubmode`); needs
   * `manageConfigmaps`.
   * @default false
   */
  readonly hubmode?: boolean;

  /**
   * ConfigMap (`<namespace>/<name>`, label `overrideAS3: "true"`) whose AS3 overrides what CIS generates
   * (`--override-as3-declaration`).
   * @default - none
   */
  readonly overrideAs3Declaration?: string;

  /**
   * Use the nodes' InternalIP (not ExternalIP) for pool members (`--use-node-internal`).
   * @default true
   */
  readonly useNodeInternal?: boolean;

  /**
   * Label selector of the nodes used as pool members and static-route targets (`--node-label-selector`).
   * @default - all nodes
   */
  readonly nodeLabelSelector?: string;

  /**
   * Share nodes' pool members across partitions (`--share-nodes`).
   * @default false
   */
  readonly shareNodes?: boolean;

  /**
   * Namespace of the IPAM resource CIS creates for the F5 IPAM Controller (`--ipam-namespace`); needs
   * `ipam`, and the IPAM Controller must watch it.
   * @default 'kube-system'
   */
  readonly ipamNamespace?: string;

  /**
   * Route domain of the virtual addresses CIS creates (`--default-route-domain`).
   * @default 0
   */
  readonly defaultRouteDomain?: number;

  /**
   * The CNI static routes are computed for (`--orchestration-cni`); it must be the cluster's.
   * @default - the cluster's CNI, rendered when `staticRoutingMode` is on
   */
  readonly orchestrationCni?: OrchestrationCni;

  /**
   * Static routes in `/Common`, shared by the CIS instances of several clusters (`--shared-static-routes`);
   * needs `staticRoutingMode`. `--local-cluster-name` is then rendered to keep them apart.
   * @default false
   */
  readonly sharedStaticRoutes?: boolean;

  /**
   * Name of this cluster in multi-cluster mode and shared static routes (`--local-cluster-name`).
   * @default - the VksCluster's name
   */
  readonly localClusterName?: string;

  /**
   * Only LoadBalancer Services of this class (`--load-balancer-class`).
   * @default - LoadBalancer Services of any class
   */
  readonly loadBalancerClass?: string;

  /**
   * Only LoadBalancer Services whose class is `loadBalancerClass` (`--manage-load-balancer-class-only`).
   * @default false
   */
  readonly manageLoadBalancerClassOnly?: boolean;

  /**
   * Do not send anonymous usage data to F5 (`--disable-teems`).
   * @default false
   */
  readonly disableTeems?: boolean;
}

/** What the argument checks need to know of the controller. */
export interface CisArgContext {
  readonly customResourceMode: boolean;
  readonly ipam: boolean;
  readonly staticRoutingMode: boolean;
  readonly cni: Cni;
  readonly clusterName: string;
}

/** The argument options with their defaults applied. */
export interface CisArgSettings {
  readonly verifyInterval: number;
  readonly nodePollInterval: number;
  readonly periodicSyncInterval: number;
  readonly as3PostDelay: number;
  readonly as3Validation: boolean;
  readonly logAs3Response: boolean;
  readonly filterTenants: boolean;
  readonly enableIpv6: boolean;
  readonly manageIngress: boolean;
  readonly manageConfigmaps: boolean;
  readonly manageIngressClassOnly: boolean;
  readonly defaultIngressIp?: string;
  readonly resolveIngressNames?: string;
  readonly useSecrets: boolean;
  readonly hubmode: boolean;
  readonly overrideAs3Declaration?: string;
  readonly useNodeInternal: boolean;
  readonly nodeLabelSelector?: string;
  readonly shareNodes: boolean;
  readonly ipamNamespace: string;
  readonly defaultRouteDomain: number;
  readonly orchestrationCni: OrchestrationCni;
  readonly sharedStaticRoutes: boolean;
  readonly localClusterName: string;
  readonly loadBalancerClass?: string;
  readonly manageLoadBalancerClassOnly: boolean;
  readonly disableTeems: boolean;
}

export const IPAM_NAMESPACE_NEEDS_IPAM = Rule.define({
  id: 'cis:ipam-namespace-needs-ipam',
  severity: RuleSeverity.ERROR,
  summary: "'ipamNamespace' is set but 'ipam' is off",
  why: 'CIS creates its IPAM resource only with --ipam; a namespace without it is a forgotten switch, and the IPAM Controller never sees a request.',
  source: 'F5Networks/k8s-bigip-ctlr#3345',
});

export const SHARED_ROUTES_NEED_STATIC_ROUTING = Rule.define({
  id: 'cis:shared-static-routes-need-static-routing',
  severity: RuleSeverity.ERROR,
  summary: "'sharedStaticRoutes' needs 'staticRoutingMode'",
  why: '--shared-static-routes only changes where static routes go; without --static-routing-mode there are none.',
  source: 'F5Networks/k8s-bigip-ctlr#3719',
});

export const HUBMODE_NEEDS_CONFIGMAPS = Rule.define({
  id: 'cis:hubmode-needs-configmaps',
  severity: RuleSeverity.ERROR,
  summary: "'hubmode' needs 'manageConfigmaps'",
  why: 'CIS refuses to start with --hubmode when it does not manage ConfigMaps (verifyArgs).',
  source: 'k8s-bigip-ctlr cmd/k8s-bigip-ctlr/main.go verifyArgs',
});

export const ORCHESTRATION_CNI_MATCHES_CLUSTER = Rule.define({
  id: 'cis:orchestration-cni-matches-cluster',
  severity: RuleSeverity.ERROR,
  summary: "'orchestrationCni' must be the cluster's CNI",
  why: 'CIS reads pod CIDRs the way the named CNI stores them; with another CNI the static routes point nowhere.',
  source: 'F5Networks/k8s-bigip-ctlr#3655',
});

export const LEGACY_OPTION_IGNORED = Rule.define({
  id: 'cis:legacy-option-ignored',
  severity: RuleSeverity.WARNING,
  summary: 'A legacy-controller option is set on a CIS in custom-resource mode, which ignores it',
  why: 'In custom-resource mode CIS watches no Ingress and no ConfigMap, so Ingress and ConfigMap options have no effect; the setting suggests the wrong mode.',
  source: 'CIS docs CustomResource.md (CRDs cannot be combined with Ingress/ConfigMap)',
});

const CIS_CNI: Readonly<Record<string, OrchestrationCni>> = {
  [Cni.ANTREA]: OrchestrationCni.ANTREA,
  [Cni.CALICO]: OrchestrationCni.CALICO,
  [Cni.CILIUM]: OrchestrationCni.CILIUM,
};

/** Checks the argument options of `scope` (inside its PropChecks session) and applies the defaults. */
export function checkArgOptions(scope: IConstruct, props: CisArgOptions, ctx: CisArgContext): CisArgSettings {
  const seconds = (prop: keyof CisArgOptions, value: number | undefined, fallback: number, min = 1) =>
    checkInteger(scope, prop, value ?? fallback, min, 86400);
  const flag = (prop: keyof CisArgOptions, fallback: boolean) =>
    checkBoolean(scope, prop, (props[prop] as boolean | undefined) ?? fallback);
  const clusterCni = CIS_CNI[ctx.cni] ?? OrchestrationCni.ANTREA;
  const s: CisArgSettings = {
    verifyInterval: seconds('verifyInterval', props.verifyInterval, 30),
    nodePollInterval: seconds('nodePollInterval', props.nodePollInterval, 30),
    periodicSyncInterval: seconds('periodicSyncInterval', props.periodicSyncInterval, 30),
    as3PostDelay: seconds('as3PostDelay', props.as3PostDelay, 0, 0),
    as3Validation: flag('as3Validation', true),
    logAs3Response: flag('logAs3Response', false),
    filterTenants: flag('filterTenants', false),
    enableIpv6: flag('enableIpv6', false),
    manageIngress: flag('manageIngress', true),
    manageConfigmaps: flag('manageConfigmaps', true),
    manageIngressClassOnly: flag('manageIngressClassOnly', false),
    defaultIngressIp: props.defaultIngressIp,
    resolveIngressNames:
      props.resolveIngressNames === undefined
        ? undefined
        : checkNonEmpty(scope, 'resolveIngressNames', props.resolveIngressNames),
    useSecrets: flag('useSecrets', true),
    hubmode: flag('hubmode', false),
    overrideAs3Declaration:
      props.overrideAs3Declaration === undefined
        ? undefined
        : checkPattern(
            scope,
            'overrideAs3Declaration',
            props.overrideAs3Declaration,
            NAMESPACED_REF,
            'a ConfigMap reference "<namespace>/<name>"',
          ),
    useNodeInternal: flag('useNodeInternal', true),
    nodeLabelSelector:
      props.nodeLabelSelector === undefined
        ? undefined
        : checkNonEmpty(scope, 'nodeLabelSelector', props.nodeLabelSelector),
    shareNodes: flag('shareNodes', false),
    ipamNamespace: checkDnsLabel(scope, 'ipamNamespace', props.ipamNamespace ?? 'kube-system'),
    defaultRouteDomain: checkInteger(scope, 'defaultRouteDomain', props.defaultRouteDomain ?? 0, 0, 65534),
    orchestrationCni: checkEnum(
      scope,
      'orchestrationCni',
      props.orchestrationCni ?? clusterCni,
      OrchestrationCni,
    ),
    sharedStaticRoutes: flag('sharedStaticRoutes', false),
    localClusterName: checkDnsSubdomain63(scope, props.localClusterName ?? ctx.clusterName),
    loadBalancerClass:
      props.loadBalancerClass === undefined
        ? undefined
        : checkNonEmpty(scope, 'loadBalancerClass', props.loadBalancerClass),
    manageLoadBalancerClassOnly: flag('manageLoadBalancerClassOnly', false),
    disableTeems: flag('disableTeems', false),
  };
  if (s.defaultIngressIp !== undefined && !isIpAddress(s.defaultIngressIp)) {
    report(scope, `'defaultIngressIp' must be an IPv4 or IPv6 address, got ${quote(s.defaultIngressIp)}`);
  }
  if (props.ipamNamespace !== undefined && !ctx.ipam) {
    report(
      scope,
      IPAM_NAMESPACE_NEEDS_IPAM.message(
        `'ipamNamespace' ${quote(props.ipamNamespace)} needs 'ipam' true: without --ipam CIS creates no IPAM resource`,
      ),
    );
  }
  if (s.sharedStaticRoutes && !ctx.staticRoutingMode) {
    report(
      scope,
      SHARED_ROUTES_NEED_STATIC_ROUTING.message(`'sharedStaticRoutes' true needs 'staticRoutingMode' true`),
    );
  }
  if (s.hubmode && !s.manageConfigmaps) {
    report(
      scope,
      HUBMODE_NEEDS_CONFIGMAPS.message(
        `'hubmode' true needs 'manageConfigmaps' true: CIS refuses --hubmode without ConfigMaps`,
      ),
    );
  }
  if (props.orchestrationCni !== undefined && props.orchestrationCni !== clusterCni) {
    report(
      scope,
      ORCHESTRATION_CNI_MATCHES_CLUSTER.message(
        `'orchestrationCni' ${quote(props.orchestrationCni)} is not the cluster's CNI ${quote(ctx.cni)} (${quote(clusterCni)})`,
      ),
    );
  }
  if (ctx.customResourceMode) warnLegacyOptions(scope, props);
  return s;
}

const LEGACY_ONLY: ReadonlyArray<keyof CisArgOptions> = [
  'manageIngress',
  'manageConfigmaps',
  'manageIngressClassOnly',
  'defaultIngressIp',
  'resolveIngressNames',
  'useSecrets',
  'hubmode',
];

function warnLegacyOptions(scope: IConstruct, props: CisArgOptions): void {
  const set = LEGACY_ONLY.filter((prop) => props[prop] !== undefined);
  if (set.length === 0) return;
  LEGACY_OPTION_IGNORED.warn(
    scope,
    `${set.map((p) => `'${p}'`).join(', ')} only affect the legacy controller; with 'customResourceMode' true CIS ignores them`,
  );
}

function checkDnsSubdomain63(scope: IConstruct, value: string): string {
  return checkPattern(
    scope,
    'localClusterName',
    value,
    /^[a-z0-9]([-a-z0-9.]{0,61}[a-z0-9])?$/,
    'a cluster name (lower-case letters, digits, "-" and ".", at most 63 characters)',
  );
}

/** The arguments of `s` that differ from CIS's defaults, in a fixed order. */
export function renderArgOptions(s: CisArgSettings, ctx: CisArgContext): string[] {
  const args: string[] = [];
  const number = (flag: string, value: number, fallback: number) => {
    if (value !== fallback) args.push(`--${flag}=${value}`);
  };
  const bool = (flag: string, value: boolean, fallback: boolean) => {
    if (value !== fallback) args.push(`--${flag}=${value}`);
  };
  const text = (flag: string, value: string | undefined) => {
    if (value !== undefined) args.push(`--${flag}=${value}`);
  };
  number('verify-interval', s.verifyInterval, 30);
  number('node-poll-interval', s.nodePollInterval, 30);
  number('periodic-sync-interval', s.periodicSyncInterval, 30);
  number('as3-post-delay', s.as3PostDelay, 0);
  bool('log-as3-response', s.logAs3Response, false);
  bool('filter-tenants', s.filterTenants, false);
  bool('enable-ipv6', s.enableIpv6, false);
  bool('manage-ingress', s.manageIngress, true);
  bool('manage-configmaps', s.manageConfigmaps, true);
  bool('manage-ingress-class-only', s.manageIngressClassOnly, false);
  text('default-ingress-ip', s.defaultIngressIp);
  text('resolve-ingress-names', s.resolveIngressNames);
  bool('use-secrets', s.useSecrets, true);
  bool('hubmode', s.hubmode, false);
  text('override-as3-declaration', s.overrideAs3Declaration);
  bool('use-node-internal', s.useNodeInternal, true);
  text('node-label-selector', s.nodeLabelSelector);
  bool('share-nodes', s.shareNodes, false);
  if (ctx.ipam && s.ipamNamespace !== 'kube-system') args.push(`--ipam-namespace=${s.ipamNamespace}`);
  number('default-route-domain', s.defaultRouteDomain, 0);
  if (s.sharedStaticRoutes) args.push('--shared-static-routes=true');
  text('load-balancer-class', s.loadBalancerClass);
  bool('manage-load-balancer-class-only', s.manageLoadBalancerClassOnly, false);
  bool('disable-teems', s.disableTeems, false);
  return args;
}
