import { Rule, RuleSeverity } from '../../lib/core/rules';

/** The rules of multi-cluster CIS (seed 000), defined once so every message carries its id. */

export const POD_CIDR_OVERLAP = Rule.define({
  id: 'multicluster:pod-cidr-overlap',
  severity: RuleSeverity.ERROR,
  summary: 'In cluster mode the pod CIDRs of the clusters of one multi-cluster group must not overlap',
  why: 'CIS sends traffic straight to pod IPs of every cluster; two clusters on one pod range make the BIG-IP route one cluster’s members to the other (VKS clusters get the same default pod CIDR unless it is set).',
  source: 'seed 000; F5Networks/k8s-bigip-ctlr#1289',
});

export const CLUSTER_LISTED_TWICE = Rule.define({
  id: 'multicluster:cluster-listed-twice',
  severity: RuleSeverity.ERROR,
  summary:
    'A cluster appears once in a MultiCluster (HA and local clusters not again among the external ones)',
  why: 'CIS discards an external cluster entry that repeats the HA or local cluster name, with only a log warning; the ratio or admin state written there never applies.',
  source: 'cis-facts §3 (docs/config_examples/multicluster README)',
});

export const KUBECONFIG_SECRET_REF = Rule.define({
  id: 'multicluster:kubeconfig-secret-ref',
  severity: RuleSeverity.ERROR,
  summary: 'A kubeconfig Secret reference has the form "<namespace>/<name>"',
  why: 'CIS silently drops a cluster whose secret reference is not "<namespace>/<name>"; none of its Services become members.',
  source: 'F5Networks/k8s-bigip-ctlr#3531',
});

export const NODE_PORT_LOCAL_MULTI_CLUSTER = Rule.define({
  id: 'multicluster:nodeportlocal',
  severity: RuleSeverity.ERROR,
  summary: 'No NodePortLocal pool members in a multi-cluster group on VKS',
  why: 'Seed 000 and seed 001: CIS on VKS does not support Antrea NodePortLocal with multi-cluster (nor with TransportServer); pools would stay empty. Use nodeport, or cluster mode with Calico and disjoint pod CIDRs.',
  source: 'seed 000; seed 001',
});

export const IPAM_MULTI_CLUSTER = Rule.define({
  id: 'multicluster:ipam',
  severity: RuleSeverity.ERROR,
  summary: 'No IPAM (--ipam) for a CIS of a multi-cluster group',
  why: 'The pinned CIS release does not hand out F5 IPAM Controller addresses in multi-cluster mode (open feature request F5Networks/k8s-bigip-ctlr#3840): a virtual with an ipamLabel would never get its VIP. The group’s virtuals need static addresses.',
  source: 'F5Networks/k8s-bigip-ctlr#3840; field-failures §1.11',
});

export const CONTROLLER_ROLE = Rule.define({
  id: 'multicluster:controller-role',
  severity: RuleSeverity.ERROR,
  summary:
    'Each CIS of a MultiCluster runs in the role the MultiCluster gives it and reads its extended ConfigMap',
  why: 'CIS needs --multi-cluster-mode (standalone, primary or secondary), --local-cluster-name and --extended-spec-configmap pointing at the ConfigMap the MultiCluster renders; a mismatch makes it ignore the other clusters or stop at start.',
  source: 'cis-facts §2.2 rule 6; seed 000',
});

export const HA_PAIR = Rule.define({
  id: 'multicluster:ha-pair',
  severity: RuleSeverity.ERROR,
  summary:
    'The two CIS of an HA pair run in different clusters and write the same partition of the same BIG-IP',
  why: 'The secondary takes over the primary’s partition when the primary’s health endpoint stops answering; on another partition or device it would publish a second copy, in the same cluster it gives no availability.',
  source: 'seed 000; cis-facts §3 (highAvailabilityCIS)',
});

export const UNDECLARED_CLUSTER = Rule.define({
  id: 'multicluster:undeclared-cluster',
  severity: RuleSeverity.ERROR,
  summary: 'Every cluster a pool names is the CIS cluster or one of the MultiCluster’s clusters',
  why: 'CIS drops multiClusterServices entries whose clusterName is neither its local cluster nor in the extended ConfigMap, so the pool silently misses those members.',
  source: 'cis-facts §3; k8s-bigip-ctlr pkg/controller/validate.go',
});

export const MULTI_CLUSTER_SERVICES_MODE = Rule.define({
  id: 'multicluster:multi-cluster-services-mode',
  severity: RuleSeverity.ERROR,
  summary:
    'multiClusterServices only in multi-cluster default mode, and there on every VirtualServer and TransportServer pool',
  why: 'CIS rejects a VirtualServer or TransportServer that sets multiClusterServices while CIS is not in multi-cluster mode, and one whose pool lacks multiClusterServices in default mode. In active-active and ratio mode it reads only service and alternateBackends (looked up by name in every cluster) and skips LoadBalancer Services that list clusters, so the listed members never arrive.',
  source:
    'cis-facts §3; k8s-bigip-ctlr pkg/controller/validate.go checkValidVirtualServer, checkValidTransportServer',
});

export const IGNORED_IN_DEFAULT_MODE = Rule.define({
  id: 'multicluster:ignored-in-default-mode',
  severity: RuleSeverity.WARNING,
  summary:
    "A pool's weight, alternateBackends and a service missing from multiClusterServices do nothing in default mode",
  why: 'In default mode CIS builds pools only from multiClusterServices and logs "Ignoring Pool Service/ServicePort/Weight/AlternateBackends"; the A/B split or the extra Service silently does not happen.',
  source: 'cis-facts §3; k8s-bigip-ctlr pkg/controller/validate.go checkValidVirtualServer',
});

export const CONTROLLER_OUTSIDE_GROUP = Rule.define({
  id: 'multicluster:controller-outside-group',
  severity: RuleSeverity.WARNING,
  summary: 'A CisController in multi-cluster mode belongs to a MultiCluster',
  why: 'A CIS started with --multi-cluster-mode reads the extended ConfigMap it names and the kubeconfig Secrets listed there; without a MultiCluster nothing renders that ConfigMap, the remote discovery accounts or, for an HA pair, the mirrored manifests, and CIS stops at start unless they were made by hand.',
  source: 'cis-facts §3; seed 000',
});

/** Flagged by the review diff (`vks-bigip diff`), which sees both sides of a change. */
export { MODE_CHANGE_RESTART } from '../../lib/review/restart-warnings';
