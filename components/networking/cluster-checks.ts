import { quote } from '../../lib/core/errors';
import { PoolMemberType } from '../cis/cis-controller';
import type { VksCluster } from '../workloads/vks-cluster';
import { Cni } from './cluster-network';
import {
  CLUSTER_MODE_NEEDS_POD_ROUTE,
  CLUSTER_MODE_NEEDS_ROUTABLE_CNI,
  NODES_OUTSIDE_BIGIP_SEGMENT,
} from './network-rules';
import type { IBigipDevice } from '../bigip/bigip-device';
import { BigipNetwork } from './bigip-network';
import { controllersOf, podRoutesOf } from './pod-routes';

/** Rules of a cluster's network that need the rest of the stack (its controllers, its routes). */
export function checkClusterNetwork(cluster: VksCluster): string[] {
  const errors: string[] = [];
  for (const controller of controllersOf(cluster)) {
    if (controller.poolMemberType !== PoolMemberType.CLUSTER) continue;
    const what = `[${controller.node.path}] 'poolMemberType' "cluster"`;
    if (cluster.cni === Cni.ANTREA) {
      errors.push(
        CLUSTER_MODE_NEEDS_ROUTABLE_CNI.message(
          `${what} needs a CNI that routes pod IPs to the BIG-IP, but cluster ${quote(cluster.clusterName)} has cni "antrea"; allowed: cni Cni.CALICO (or Cni.CILIUM on a KubernetesCluster), or poolMemberType nodeportlocal / nodeport on Antrea`,
        ),
      );
    } else if (podRoutesOf(cluster).length === 0) {
      errors.push(
        CLUSTER_MODE_NEEDS_POD_ROUTE.message(
          `${what} sends to pod IPs, but nothing routes the BIG-IP to the pod CIDRs of cluster ${quote(cluster.clusterName)} (${cluster.podCidrs.join(', ')}); allowed: a BGP peering in the cluster (CalicoBgpPeering) or 'staticRoutingMode: true' on the controller`,
        ),
      );
    }
  }
  errors.push(...checkNodesInBigipSegment(cluster));
  return errors;
}

/** Where the BIG-IP routes to the pods (BGP, static routes), the next hops are the nodes: on its segment. */
function checkNodesInBigipSegment(cluster: VksCluster): string[] {
  const errors: string[] = [];
  const devices = new Set<IBigipDevice>();
  for (const route of podRoutesOf(cluster)) {
    const device =
      (route.by as Partial<{ network: { device: IBigipDevice }; device: IBigipDevice }>).network?.device ??
      (route.by as Partial<{ device: IBigipDevice }>).device;
    if (device) devices.add(device);
  }
  for (const device of devices) {
    const network = BigipNetwork.of(device);
    if (!network) continue;
    const outside = cluster.nodeAddresses.filter((a) => !network.inDataSegment(a));
    if (outside.length === 0) continue;
    errors.push(
      NODES_OUTSIDE_BIGIP_SEGMENT.message(
        `'nodeAddresses' ${outside.map((a) => quote(a)).join(', ')} are outside 'dataSegment' ${quote(network.dataSegment)} of [${network.node.path}], but the BIG-IP routes to the pods of cluster ${quote(cluster.clusterName)} through the nodes; allowed: node addresses inside ${quote(network.dataSegment)}`,
      ),
    );
  }
  return errors;
}
