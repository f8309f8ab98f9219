/** The CNI of a VKS cluster. */
export enum Cni {
  /** VKS default; offers NodePortLocal (direct-to-pod without routing pod IPs). */
  ANTREA = 'antrea',
  /** Direct-to-pod with pod IPs (`cluster` mode), which needs BGP or static routes to the pod CIDRs. */
  CALICO = 'calico',
}

/** The vSphere networking stack the cluster sits on. */
export enum Networking {
  /** vSphere Distributed Switch: no special constraints. */
  VDS = 'vds',
  /** NSX: the BIG-IP is not in line (SNAT required) and pod CIDRs are not routable from it. */
  NSX = 'nsx',
}
