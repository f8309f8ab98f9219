import { describe, expect, it } from 'vitest';
import { SynthError } from '../../lib/core/errors';
import { synthesizeStack } from '../../lib/core/synth';
import { BigipPartition } from '../../components/bigip/bigip-partition';
import { F5TransportServer } from '../../components/cis/f5-transport-server';
import { F5VirtualServer } from '../../components/cis/f5-virtual-server';
import { VksCluster } from '../../components/workloads/vks-cluster';
import { fixture, nplService } from '../helpers/fixture';

/**
 * "A stack with several mistakes fails synth with all of them listed, each with its construct path, and
 * writes nothing": every cross-construct mistake below is reported at once, in tree order.
 * (That nothing is written is proven end to end by the CLI test.)
 */
describe('a stack with several mistakes', () => {
  function stackWithMistakes() {
    const f = fixture();
    const web = nplService(f.cluster, { name: 'web' });
    // 1 + 2: two virtual servers on one VIP:port without a hostGroup; the second also serves a host on two VIPs.
    new F5VirtualServer(f.cluster, 'ShopVs', {
      partition: f.partition,
      virtualServerAddress: '192.0.2.10',
      host: 'shop.example.com',
      pools: [{ service: web }],
    });
    new F5VirtualServer(f.cluster, 'BlogVs', {
      partition: f.partition,
      virtualServerAddress: '192.0.2.10',
      host: 'blog.example.com',
      pools: [{ service: web }],
    });
    new F5VirtualServer(f.cluster, 'ShopAgainVs', {
      partition: f.partition,
      virtualServerAddress: '192.0.2.11',
      host: 'shop.example.com',
      pools: [{ service: web }],
    });
    // 3: a virtual server without pools.
    new F5VirtualServer(f.cluster, 'EmptyVs', { partition: f.partition, virtualServerAddress: '192.0.2.12' });
    // 4: a TransportServer behind CIS in nodeportlocal mode.
    new F5TransportServer(f.cluster, 'DbTs', {
      partition: f.partition,
      virtualServerAddress: '192.0.2.20',
      virtualServerPort: 5432,
      service: web,
    });
    // 5 + 6: an NPL workload in a cluster without NodePortLocal and without CIS.
    const plain = new VksCluster(f.stack, 'Plain', { clusterName: 'plain', vsphereNamespace: 'vsphere-ns' });
    nplService(plain, { name: 'legacy' }, 'Legacy');
    // 7: a cluster name used twice.
    new VksCluster(f.stack, 'Copy', { clusterName: 'c1', vsphereNamespace: 'other-ns' });
    // 8: a partition declared twice on one device.
    new BigipPartition(f.stack, 'PartitionAgain', { device: f.device, partitionName: 'k8s' });
    return f.stack;
  }

  it('fails with every mistake listed, each with its construct path, in tree order', () => {
    let error: unknown;
    try {
      synthesizeStack(stackWithMistakes());
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SynthError);
    const problems = (error as SynthError).problems;
    expect(problems.map((p) => p.path)).toEqual([
      'test/Cluster/BlogVs',
      'test/Cluster/ShopAgainVs',
      'test/Cluster/EmptyVs',
      'test/Cluster/DbTs',
      'test/Plain/Legacy',
      'test/Plain/Legacy',
      'test/Copy',
      'test/PartitionAgain',
    ]);
    expect(problems[7]?.message).toMatch(/^'partitionName' "k8s" .*\[test\/Partition\]/);
    expect(problems.slice(0, 7)).toEqual([
      {
        path: 'test/Cluster/BlogVs',
        message: `listens on 192.0.2.10:80, as [test/Cluster/ShopVs] does; virtual servers sharing a VIP must set the same 'hostGroup' (this one has nothing, the other nothing), or CIS lets one overwrite the other [cis:shared-vip-needs-host-group]`,
      },
      {
        path: 'test/Cluster/ShopAgainVs',
        message: `'host' "shop.example.com" is already served on 192.0.2.10 by [test/Cluster/ShopVs]; a host maps to one VIP, got 192.0.2.11`,
      },
      {
        path: 'test/Cluster/EmptyVs',
        message: `needs at least one pool (addPool, 'pools' or 'defaultPool'): CIS renders a pool-less VirtualServer into an AS3 declaration the BIG-IP rejects`,
      },
      {
        path: 'test/Cluster/DbTs',
        message: `cannot be published by [test/Cluster/Cis] in pool member type nodeportlocal: CIS does not support TransportServer with Antrea NodePortLocal on VKS; use a CisController in nodeport mode`,
      },
      {
        path: 'test/Plain/Legacy',
        message: `needs Antrea NodePortLocal, but cluster "plain" has cni "antrea" and nodePortLocalEnabled false; set 'nodePortLocalEnabled: true' on the VksCluster`,
      },
      {
        path: 'test/Plain/Legacy',
        message: `needs a CisController with poolMemberType nodeportlocal in cluster "plain", found no CisController`,
      },
      { path: 'test/Copy', message: `'clusterName' "c1" is already used by [test/Cluster] in this stack` },
    ]);
    // The message shows them all, one per line, and says nothing was written.
    const message = (error as SynthError).message;
    expect(message.split('\n')[0]).toBe('synthesis failed with 8 errors; nothing was written:');
    for (const p of problems) expect(message).toContain(`  [${p.path}] ${p.message}`);
  });
});
