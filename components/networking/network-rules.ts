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

export const SELF_IP_IN_CLUSTER_SEGMENT = Rule.define({
  id: 'network:self-ip-in-cluster-segment',
  severity: RuleSeverity.ERROR,
  summary: "A BIG-IP self IP must not be inside an NSX cluster's segment",
  why: 'VKS on NSX does not allow load balancers in the VPC segment of the cluster; the BIG-IP goes in another segment of the same VPC gateway.',
  source: 'seed 000',
});

export const VIRTUAL_EDITION_RECOMMENDED = Rule.define({
  id: 'network:virtual-edition-recommended',
  severity: RuleSeverity.WARNING,
  summary: 'On NSX the recommended BIG-IP form factor is Virtual Edition',
  why: 'A Virtual Edition connects to NSX segments directly; an appliance or chassis needs the segments bridged to VLANs.',
  source: 'seed 000',
});

export const CALICO_CLUSTER_MODE_ON_NSX = Rule.define({
  id: 'network:calico-cluster-mode-on-nsx',
  severity: RuleSeverity.ERROR,
  summary: 'Calico BGP peering with the BIG-IP is refused on NSX',
  why: 'On NSX the BIG-IP cannot sit in the cluster segment, and BGP multi-hop would need the pod prefixes redistributed through NSX, which NSX does not allow.',
  source: 'seed 000',
});

export const BGP_AS_MISMATCH = Rule.define({
  id: 'network:bgp-as-mismatch',
  severity: RuleSeverity.ERROR,
  summary: 'Every BGP peering with one BIG-IP route domain uses the same AS number (iBGP)',
  why: 'The BIG-IP runs one `router bgp <AS>` per route domain; a cluster configured with another AS never establishes its sessions.',
  source: 'seed 004 (CIS and Kubernetes part 1)',
});

export const BGP_NEEDS_NODE_ADDRESSES = Rule.define({
  id: 'network:bgp-needs-node-addresses',
  severity: RuleSeverity.ERROR,
  summary: 'BGP peering needs the node addresses of the cluster (each node is a BIG-IP neighbor)',
  why: 'The BIG-IP side lists one neighbor per node; without the node addresses the imish configuration would have no neighbor and learn no pod route.',
  source: 'seed 004 (CIS and Kubernetes part 1)',
});

export const BGP_PEER_IN_CLUSTER_CIDR = Rule.define({
  id: 'network:bgp-peer-in-cluster-cidr',
  severity: RuleSeverity.ERROR,
  summary: 'A BGP peer address (BIG-IP self IP) must not be inside a pod or service CIDR of the cluster',
  why: 'The nodes would route the BGP session to a pod or a Service instead of the BIG-IP, so the session never comes up.',
  source: 'seed 004 (CIS and Kubernetes part 1)',
});

export const NSX_NEEDS_SNAT = Rule.define({
  id: 'network:nsx-needs-snat',
  severity: RuleSeverity.ERROR,
  summary:
    'A BIG-IP virtual that sends to an NSX cluster needs SNAT (AS3 virtuals, stack-owned or posted from an AS3 ConfigMap)',
  why: 'On NSX the BIG-IP is not in line with the cluster: without source translation the replies of the pods take the VPC gateway and never return through the BIG-IP.',
  source: 'seed 000',
});

export const VIP_IN_CLUSTER_CIDR = Rule.define({
  id: 'network:vip-in-cluster-cidr',
  severity: RuleSeverity.ERROR,
  summary: 'A virtual address must not be inside the pod or service CIDR of the cluster it fronts',
  why: 'Inside the cluster such an address is a pod or a ClusterIP: clients in the cluster never reach the BIG-IP, and in cluster mode the BIG-IP routes the VIP towards the nodes.',
  source: 'seed 004 (CIS and Kubernetes part 1)',
});

export const ROUTE_DOMAIN_MISMATCH = Rule.define({
  id: 'network:route-domain-mismatch',
  severity: RuleSeverity.ERROR,
  summary:
    "A virtual's route domain must agree with its partition, its CIS controller and the BIG-IP network of its pool members",
  why: 'BIG-IP looks members up in the route domain of the virtual; members in another route domain are unreachable, and CIS writes addresses without %rd in its --default-route-domain.',
  source: 'F5Networks/k8s-bigip-ctlr#1287, #1288, #1289',
});

export const IPV6_NEEDS_ENABLE_IPV6 = Rule.define({
  id: 'network:ipv6-needs-enable-ipv6',
  severity: RuleSeverity.ERROR,
  summary: 'An IPv6 address published through CIS needs enableIpv6 (--enable-ipv6) on that controller',
  why: 'Without --enable-ipv6 CIS ignores IPv6 virtual addresses and pool members: the virtual is never created.',
  source: 'seed 004 (Integrating with your IPv6 Kubernetes cluster)',
});

export const NODES_OUTSIDE_BIGIP_SEGMENT = Rule.define({
  id: 'network:nodes-outside-bigip-segment',
  severity: RuleSeverity.ERROR,
  summary: "With BGP peering or CIS static routing, the cluster's nodes must be in the BIG-IP data segment",
  why: 'Static routes to the pod CIDRs and single-hop BGP sessions both use the node address as next hop; a node outside the subnet of the self IPs is not directly reachable, so the routes never resolve.',
  source: 'F5Networks/k8s-bigip-ctlr#3807; seed 004 (CIS and Kubernetes part 1)',
});

export const CILIUM_NOT_VKS = Rule.define({
  id: 'network:cilium-not-vks',
  severity: RuleSeverity.ERROR,
  summary: 'Cilium is not a VKS CNI: model such a cluster with KubernetesCluster',
  why: 'VKS clusters run Antrea or Calico only; a Cilium cluster (seed 003) is a cluster outside VKS, without a Supervisor namespace.',
  source: 'seed 003',
});
