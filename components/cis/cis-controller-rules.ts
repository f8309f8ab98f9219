import { Rule, RuleSeverity } from '../../lib/core/rules';

/**
 * The startup checks CIS itself performs (`verifyArgs` in cmd/k8s-bigip-ctlr/main.go) and the documented
 * limitations of CIS on VKS, as rules of the CisController.
 */
const VERIFY_ARGS = 'k8s-bigip-ctlr cmd/k8s-bigip-ctlr/main.go verifyArgs';

export const PARTITION_OWNED_BY_CIS = Rule.define({
  id: 'cis:partition-owned-by-cis',
  severity: RuleSeverity.ERROR,
  summary: "The controller's partition must be a BigipPartition owned by CIS",
  why: 'CIS posts the whole tenant on every change: another writer of the same partition (AS3 stack, GitOps) and CIS erase each other.',
  source: 'F5Networks/k8s-bigip-ctlr#2812, #3193',
});

export const PARTITION_ON_DEVICE = Rule.define({
  id: 'cis:partition-on-device',
  severity: RuleSeverity.ERROR,
  summary: "The controller's partition must be on the controller's BIG-IP",
  why: 'CIS writes --bigip-partition on --bigip-url; a partition declared on another device would never receive the configuration.',
  source: 'seed 004',
});

export const AUTO_NEEDS_CUSTOM_RESOURCE_MODE = Rule.define({
  id: 'cis:auto-needs-custom-resource-mode',
  severity: RuleSeverity.ERROR,
  summary: "poolMemberType 'auto' needs customResourceMode",
  why: 'CIS refuses to start with --pool-member-type=auto outside custom-resource (or controller) mode.',
  source: VERIFY_ARGS,
});

export const BIGIP_TLS_EXPLICIT = Rule.define({
  id: 'cis:bigip-tls-explicit',
  severity: RuleSeverity.ERROR,
  summary: "Either 'trustedCertsConfigMap' or an explicit 'insecure: true'",
  why: 'Since CIS 2.16 --insecure defaults to false: without the CA of the BIG-IP management certificate CIS exits with an x509 error.',
  source: 'CIS docs upgradeProcess.md (2.15.1 → 2.16); F5Networks/k8s-bigip-ctlr#2673',
});

export const INSECURE_CONTRADICTS_TRUSTED_CERTS = Rule.define({
  id: 'cis:insecure-contradicts-trusted-certs',
  severity: RuleSeverity.ERROR,
  summary: "'insecure: true' and 'trustedCertsConfigMap' contradict each other",
  why: 'With --insecure the trusted certificates are never checked: the ConfigMap suggests a verification that does not happen.',
  source: 'CIS docs config-parameters (--insecure, --trusted-certs-cfgmap)',
});

export const INSECURE_BIGIP_TLS = Rule.define({
  id: 'cis:insecure-bigip-tls',
  severity: RuleSeverity.WARNING,
  summary: 'CIS does not verify the BIG-IP certificate',
  why: 'CIS sends the BIG-IP admin credentials to whatever answers at --bigip-url; a man in the middle gets them.',
  source: 'CIS docs upgradeProcess.md (2.16)',
});

export const NAMESPACES_XOR_LABEL = Rule.define({
  id: 'cis:namespaces-xor-namespace-label',
  severity: RuleSeverity.ERROR,
  summary: "'watchNamespaces' and 'namespaceLabel' are mutually exclusive",
  why: 'CIS refuses to start with both --namespace and --namespace-label.',
  source: `${VERIFY_ARGS}; F5Networks/k8s-bigip-ctlr#3434`,
});

export const DEFAULT_PARTITION_NOT_DENIED = Rule.define({
  id: 'cis:default-partition-not-denied',
  severity: RuleSeverity.ERROR,
  summary: 'The default partition may not be in deniedPartitions',
  why: 'CIS refuses to start when its own --bigip-partition is denied.',
  source: VERIFY_ARGS,
});

export const LISTED_PARTITIONS_CIS_OWNED = Rule.define({
  id: 'cis:listed-partitions-cis-owned',
  severity: RuleSeverity.ERROR,
  summary: 'allowedPartitions and deniedPartitions must be CIS-owned partitions of the same BIG-IP',
  why: 'A custom resource naming another writer’s partition would make CIS overwrite that tenant.',
  source: 'F5Networks/k8s-bigip-ctlr#2812',
});

export const MULTI_CLUSTER_NEEDS_EXTENDED_SPEC = Rule.define({
  id: 'cis:multi-cluster-needs-extended-spec',
  severity: RuleSeverity.ERROR,
  summary: "'multiClusterMode' needs 'extendedSpecConfigMap'",
  why: 'CIS refuses to start in a multi-cluster mode without --extended-spec-configmap (and --local-cluster-name).',
  source: VERIFY_ARGS,
});

export const STATIC_ROUTING_NEEDS_CLUSTER_MEMBERS = Rule.define({
  id: 'cis:static-routing-needs-cluster-members',
  severity: RuleSeverity.ERROR,
  summary: "'staticRoutingMode' needs poolMemberType cluster or auto",
  why: 'Static routes lead to pod IPs; CIS refuses --static-routing-mode with nodeport or nodeportlocal members.',
  source: VERIFY_ARGS,
});

export const NODEPORTLOCAL_NEEDS_ANTREA_NPL = Rule.define({
  id: 'cis:nodeportlocal-needs-antrea-npl',
  severity: RuleSeverity.ERROR,
  summary: 'poolMemberType nodeportlocal needs Antrea with NodePortLocal enabled',
  why: 'Without Antrea NodePortLocal no pod gets the nodeportlocal.antrea.io annotation CIS reads: every pool stays empty.',
  source: 'F5Networks/k8s-bigip-ctlr#2609, #2326',
});

export const NODEPORTLOCAL_NOT_MULTI_CLUSTER = Rule.define({
  id: 'cis:nodeportlocal-not-multi-cluster',
  severity: RuleSeverity.ERROR,
  summary: 'poolMemberType nodeportlocal cannot be combined with multiClusterMode on VKS',
  why: 'CIS does not support NodePortLocal members across clusters on VKS.',
  source: 'seed 001; F5Networks/k8s-bigip-ctlr#3396',
});

export const NO_CLUSTER_MEMBERS_ON_NSX = Rule.define({
  id: 'cis:no-cluster-members-on-nsx',
  severity: RuleSeverity.ERROR,
  summary: 'poolMemberType cluster (and static routes) cannot work on NSX networking',
  why: "The BIG-IP can neither sit in an NSX cluster's segment nor route to its pod CIDRs: pod IP members are unreachable.",
  source: 'seed 001',
});

export const IMAGE_PINNED = Rule.define({
  id: 'cis:image-pinned',
  severity: RuleSeverity.ERROR,
  summary: "The CIS image tag must pin a release, never 'latest'",
  why: "F5's chart defaults to latest: a node pulling a new CIS major silently changes what is posted to the BIG-IP.",
  source: 'F5 helm chart values (version: latest)',
});

export const ONE_CONTROLLER_PER_PARTITION = Rule.define({
  id: 'cis:one-controller-per-partition',
  severity: RuleSeverity.ERROR,
  summary: 'One CIS instance per BIG-IP partition',
  why: 'Two CIS instances on one partition each post the full tenant and delete what the other wrote.',
  source: 'F5Networks/k8s-bigip-ctlr#705, #1065, #1214',
});
