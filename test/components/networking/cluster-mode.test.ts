import { describe, expect, it } from 'vitest';
import { PoolMemberType } from '../../../components/cis/cis-controller';
import { Cni } from '../../../components/networking/cluster-network';
import { synthesizeStack } from '../../../lib/core/synth';
import { expectSynthProblems } from '../../helpers/expect-errors';
import { fixture } from '../../helpers/fixture';

describe('cluster mode needs a route to the pods and a CNI that gives one', () => {
  it("fails when cluster mode runs on Antrea ('network:cluster-mode-needs-routable-cni')", () => {
    const f = fixture({
      cluster: { cni: Cni.ANTREA, nodePortLocalEnabled: false },
      cis: { poolMemberType: PoolMemberType.CLUSTER, staticRoutingMode: true },
    });
    expectSynthProblems(f.stack, [
      {
        path: 'test/Cluster',
        message: `[test/Cluster/Cis] 'poolMemberType' "cluster" needs a CNI that routes pod IPs to the BIG-IP, but cluster "c1" has cni "antrea"; allowed: cni Cni.CALICO (or Cni.CILIUM on a KubernetesCluster), or poolMemberType nodeportlocal / nodeport on Antrea [network:cluster-mode-needs-routable-cni]`,
      },
    ]);
  });

  it("fails when cluster mode has neither BGP peering nor static routing ('network:cluster-mode-needs-pod-route')", () => {
    const f = fixture({
      cluster: { cni: Cni.CALICO, nodePortLocalEnabled: false },
      cis: { poolMemberType: PoolMemberType.CLUSTER },
    });
    expectSynthProblems(f.stack, [
      {
        path: 'test/Cluster',
        message: `[test/Cluster/Cis] 'poolMemberType' "cluster" sends to pod IPs, but nothing routes the BIG-IP to the pod CIDRs of cluster "c1" (192.168.0.0/16); allowed: a BGP peering in the cluster (CalicoBgpPeering) or 'staticRoutingMode: true' on the controller [network:cluster-mode-needs-pod-route]`,
      },
    ]);
  });

  it('accepts cluster mode on Calico with static routing', () => {
    const f = fixture({
      cluster: { cni: Cni.CALICO, nodePortLocalEnabled: false },
      cis: { poolMemberType: PoolMemberType.CLUSTER, staticRoutingMode: true },
    });
    expect(() => synthesizeStack(f.stack)).not.toThrow();
  });
});
