/** The CNI of a cluster: Antrea or Calico on VKS; Cilium only on a KubernetesCluster outside VKS. */
export enum Cni {
  /** VKS default; offers NodePortLocal (direct-to-pod without routing pod IPs). */
  ANTREA = 'antrea',
  /** Direct-to-pod with pod IPs (`cluster` mode), which needs BGP or static routes to the pod CIDRs. */
  CALICO = 'calico',
  /**
   * Not a VKS CNI: only on a KubernetesCluster (seed 003). Direct-to-pod with pod IPs, routed by Cilium
   * BGP (CiliumBgpPeering) or CIS static routing (`--orchestration-cni=cilium-k8s`).
   */
  CILIUM = 'cilium',
}

/** The vSphere networking stack the cluster sits on. */
export enum Networking {
  /** vSphere Distributed Switch: no special constraints. */
  VDS = 'vds',
  /** NSX: the BIG-IP is not in line (SNAT required) and pod CIDRs are not routable from it. */
  NSX = 'nsx',
}
