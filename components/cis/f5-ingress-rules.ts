import { Rule, RuleSeverity } from '../../lib/core/rules';

/** The rules of F5Ingress: what CIS's legacy controller does with a Kubernetes Ingress. */
const INGRESS_SOURCE = 'k8s-bigip-ctlr pkg/appmanager/ingress.go; cis-facts §6';

export const INGRESS_NEEDS_LEGACY_CONTROLLER = Rule.define({
  id: 'ingress:needs-legacy-controller',
  severity: RuleSeverity.ERROR,
  summary: 'An Ingress is published only by a CIS with customResourceMode false',
  why: 'In custom-resource mode CIS watches no Ingress at all: the Ingress synthesizes and applies, and nothing ever reaches the BIG-IP.',
  source: 'CIS docs CustomResource.md (CRDs cannot be combined with Ingress/ConfigMap)',
});

export const INGRESS_CONTROLLER_MANAGES_INGRESS = Rule.define({
  id: 'ingress:controller-manages-ingress',
  severity: RuleSeverity.ERROR,
  summary: "The controller of an Ingress must not set 'manageIngress' false",
  why: 'With --manage-ingress=false the legacy controller ignores every Ingress.',
  source: INGRESS_SOURCE,
});

export const INGRESS_CLASS_MATCHES_CONTROLLER = Rule.define({
  id: 'ingress:class-matches-controller',
  severity: RuleSeverity.ERROR,
  summary: "The Ingress's ingressClassName must be the controller's --ingress-class",
  why: 'CIS publishes only Ingresses of its class; another class is left to another controller (or to none).',
  source: 'F5Networks/k8s-bigip-ctlr IngressClass f5.com/cntr-ingress-svcs; cis-facts §6',
});

export const INGRESS_NEEDS_IP = Rule.define({
  id: 'ingress:needs-ip',
  severity: RuleSeverity.ERROR,
  summary: "An Ingress needs 'ip' or a controller 'defaultIngressIp'",
  why: 'Without virtual-server.f5.com/ip and without --default-ingress-ip CIS has no address for the virtual and skips the Ingress with an error in its log.',
  source: INGRESS_SOURCE,
});

export const INGRESS_PARTITION_NEEDS_IP = Rule.define({
  id: 'ingress:partition-needs-ip',
  severity: RuleSeverity.ERROR,
  summary: "'partition' (virtual-server.f5.com/partition) needs an explicit 'ip'",
  why: 'CIS skips an Ingress whose partition annotation comes without the ip annotation.',
  source: `${INGRESS_SOURCE}; F5Networks/k8s-bigip-ctlr#3229`,
});

export const INGRESS_PARTITION_MANAGED = Rule.define({
  id: 'ingress:partition-managed',
  severity: RuleSeverity.ERROR,
  summary: "'partition' must be a CIS partition the controller manages",
  why: 'A partition CIS does not own belongs to another writer: CIS would overwrite it, or refuse it when it is denied.',
  source: 'F5Networks/k8s-bigip-ctlr#3229, #2812',
});

export const INGRESS_HEALTH_MATCHES_RULE = Rule.define({
  id: 'ingress:health-matches-rule',
  severity: RuleSeverity.ERROR,
  summary: "Each 'health' monitor's path must be the host/path of a rule of the Ingress",
  why: 'CIS attaches a virtual-server.f5.com/health monitor to the pool of the rule with that host and path; a monitor that matches none is dropped silently.',
  source: INGRESS_SOURCE,
});

export const INGRESS_TLS_NEEDS_SECRETS = Rule.define({
  id: 'ingress:tls-needs-use-secrets',
  severity: RuleSeverity.ERROR,
  summary: "Ingress 'tls' Secrets need a controller with 'useSecrets' true",
  why: 'With --use-secrets=false CIS never reads the TLS Secrets: the HTTPS virtual gets no certificate.',
  source: INGRESS_SOURCE,
});

export const INGRESS_TLS_HOSTS_IN_RULES = Rule.define({
  id: 'ingress:tls-hosts-in-rules',
  severity: RuleSeverity.WARNING,
  summary: "A 'tls' or 'clientSsl' host is not the host of any rule",
  why: 'A certificate for a host without a rule serves no request of this Ingress; usually a typo in one of the two.',
  source: INGRESS_SOURCE,
});

export const INGRESS_BACKEND_SAME_NAMESPACE = Rule.define({
  id: 'ingress:backend-same-namespace',
  severity: RuleSeverity.ERROR,
  summary: 'An Ingress backend must be a Service of the Ingress namespace',
  why: 'An Ingress names Services by name only, in its own namespace; a Service elsewhere is not found.',
  source: 'Kubernetes networking.k8s.io/v1 IngressServiceBackend',
});

export const INGRESS_BACKEND_POOL_MEMBERS = Rule.define({
  id: 'ingress:backend-pool-members',
  severity: RuleSeverity.ERROR,
  summary: "An Ingress backend must suit the controller's pool member type",
  why: 'nodeport members need NodePort or LoadBalancer Services, nodeportlocal members the NodePortLocal annotation; otherwise the pool stays empty.',
  source: 'F5Networks/k8s-bigip-ctlr#2628, #2609',
});

export const INGRESS_INVENTORY = Rule.define({
  id: 'ingress:bigip-object-exists',
  severity: RuleSeverity.ERROR,
  summary: 'Every BIG-IP profile or policy an Ingress names must be in the device inventory',
  why: 'One missing profile makes AS3 reject the whole declaration CIS posts, for every Ingress of the partition.',
  source: 'F5Networks/k8s-bigip-ctlr#2868, #3732',
});
