import { Rule, RuleSeverity } from '../../lib/core/rules';

/** The rules of the networks between BIG-IP and the clusters (seeds 000, 003, 004; cis-facts §5). */

export const CLUSTER_MODE_NEEDS_POD_ROUTE = Rule.define({
  id: 'network:cluster-mode-needs-pod-route',
  severity: RuleSeverity.ERROR,
  summary:
    'Pool member type cluster (or auto with ClusterIP Services) needs a route from the BIG-IP to the pod CIDRs',
  why: 'In cluster mode the pool members are pod IPs. Without BGP peering (Calico, Cilium) or CIS static routing the BIG-IP has no route to them: every member is down and the VIP answers nothing.',
  source: 'seed 004 (CIS and Kubernetes part 1); F5Networks/k8s-bigip-ctlr#3318',
});

export const CLUSTER_MODE_NEEDS_ROUTABLE_CNI = Rule.define({
  id: 'network:cluster-mode-needs-routable-cni',
  severity: RuleSeverity.ERROR,
  summary:
    'Pool member type cluster needs a CNI that can route pod IPs to the BIG-IP (Calico, Cilium), not Antrea',
  why: 'VKS Antrea neither peers BGP with the BIG-IP nor publishes per-node pod CIDRs CIS could route to; direct-to-pod on Antrea is NodePortLocal (pool member type nodeportlocal).',
  source: 'seed 000; seed 001',
});
