import type { Construct } from 'constructs';
import { brand } from '../../lib/core/brand';
import { Cni } from '../networking/cluster-network';
import { VksCluster, type VksClusterProps } from './vks-cluster';

export interface KubernetesClusterProps extends Omit<
  VksClusterProps,
  'vsphereNamespace' | 'manageAntreaConfig' | 'cni'
> {
  /**
   * The cluster's CNI; Cilium (seed 003) is the reason this construct exists.
   * @default Cni.CILIUM
   */
  readonly cni?: Cni;
}

/**
 * A Kubernetes cluster outside VKS (kubeadm, as in seed 003), for CNIs VKS does not run, such as Cilium.
 * Everything created inside it (CisController, ClusterIpService, CiliumBgpPeering, …) works as in a
 * VksCluster; there is no Supervisor namespace, so nothing is rendered under `k8s/supervisor/`.
 */
export class KubernetesCluster extends VksCluster {
  constructor(scope: Construct, id: string, props: KubernetesClusterProps) {
    super(scope, id, {
      ...props,
      cni: props.cni ?? Cni.CILIUM,
      vsphereNamespace: '',
      manageAntreaConfig: false,
    });
  }

  protected override get outsideVks(): boolean {
    return true;
  }
}
brand(KubernetesCluster, 'KubernetesCluster');
