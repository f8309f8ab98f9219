import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { F5IngressLink } from '../../../components/cis/f5-ingress-link';
import { F5VirtualServer } from '../../../components/cis/f5-virtual-server';
import { MultiClusterPoolMode } from '../../../components/multicluster/extended-spec';
import { PoolMemberType } from '../../../components/cis/cis-controller';
import { IpamController } from '../../../components/multicluster/ipam-controller';
import { MultiCluster } from '../../../components/multicluster/multi-cluster';
import { Cni } from '../../../components/networking/cluster-network';
import { NodePortService } from '../../../components/workloads/node-port-service';
import { VksCluster } from '../../../components/workloads/vks-cluster';
import type { Stack } from '../../../lib/core/stack';
import { fixture } from '../../helpers/fixture';
import { multiClusterFixture } from '../../helpers/multicluster-fixture';
import { validationScaling } from '../../helpers/scaling';

/**
 * The multi-cluster and IPAM checks are O(n) or O(n log n) (see test/conventions/scaling.test.ts): the
 * validation time of 4n constructs is about 4 times that of n, never 16.
 */
const LIMIT = 6;

/** A MultiCluster in cluster mode over n external clusters with disjoint pod CIDRs (the overlap sweep). */
function clustersInClusterMode(n: number): MultiCluster {
  const f = multiClusterFixture({
    ha: false,
    build: false,
    cis: { poolMemberType: PoolMemberType.CLUSTER, staticRoutingMode: true },
  });
  const clusters = Array.from({ length: n }, (_, i) => ({
    cluster: new VksCluster(f.stack, `X${i}`, {
      clusterName: `x-${i}`,
      vsphereNamespace: 'platform',
      cni: Cni.CALICO,
      podCidrs: [`172.${16 + Math.floor(i / 256)}.${i % 256}.0/24`],
      serviceCidrs: ['10.96.0.0/12'],
    }),
    apiServer: `https://192.0.2.1:${1000 + i}`,
  }));
  return new MultiCluster(f.stack, 'Shop', { controller: f.cisEast, clusters });
}

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/** Best time of `runs` validations of one construct (each after a full collection), in ms. */
function bestValidateMs(group: MultiCluster, runs: number): number {
  let best = Infinity;
  for (let i = 0; i < runs; i += 1) {
    collectGarbage();
    const start = process.hrtime.bigint();
    const problems = group.node.validate();
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e6);
    if (problems.length > 0) throw new Error(problems[0]);
  }
  return best;
}

/** n VirtualServers whose pools list multiClusterServices in the other clusters (default mode). */
function multiClusterPools(n: number): Stack {
  const f = multiClusterFixture({ ha: false });
  const svc = (cluster: VksCluster) =>
    new NodePortService(cluster, 'Web', { name: 'web', selector: { app: 'web' }, port: 80 });
  const east = svc(f.east);
  const others = [svc(f.west), svc(f.north)];
  for (let i = 0; i < n; i += 1) {
    new F5VirtualServer(f.east, `Vs${i}`, {
      partition: f.partition,
      name: `vs-${i}`,
      virtualServerAddress: `10.50.${Math.floor(i / 250)}.${(i % 250) + 1}`,
      pools: [{ service: east, multiClusterServices: [east, ...others].map((service) => ({ service })) }],
    });
  }
  return f.stack;
}

/** An IPAM Controller with n ranges, n VirtualServers on IPAM labels and n on static VIPs. */
function ipamLabelsAndRanges(n: number): Stack {
  const f = fixture({
    cluster: { nodePortLocalEnabled: false },
    cis: { poolMemberType: PoolMemberType.NODE_PORT, ipam: true },
  });
  const ranges: Record<string, string[]> = {};
  for (let i = 0; i < n; i += 1)
    ranges[`label-${i}`] = [
      `10.60.${Math.floor(i / 25)}.${(i % 25) * 10 + 1}-10.60.${Math.floor(i / 25)}.${(i % 25) * 10 + 5}`,
    ];
  new IpamController(f.cluster, 'Ipam', { ipRanges: ranges });
  const web = new NodePortService(f.cluster, 'Web', { selector: { app: 'web' }, port: 80 });
  for (let i = 0; i < n; i += 1) {
    new F5VirtualServer(f.cluster, `Ipam${i}`, {
      partition: f.partition,
      name: `ipam-${i}`,
      ipamLabel: `label-${i}`,
      pools: [{ service: web }],
    });
    new F5VirtualServer(f.cluster, `Static${i}`, {
      partition: f.partition,
      name: `static-${i}`,
      virtualServerAddress: `10.70.${Math.floor(i / 250)}.${(i % 250) + 1}`,
      pools: [{ service: web }],
    });
  }
  return f.stack;
}

/**
 * Ratio mode: n VirtualServers whose pools take their Service from east and an alternate backend from one
 * of n/20 external clusters (membership of the group, looked up per backend).
 */
function ratioModeBackends(n: number): Stack {
  const f = multiClusterFixture({ ha: false, build: false });
  const clusters = Array.from(
    { length: Math.max(1, Math.floor(n / 20)) },
    (_, i) => new VksCluster(f.stack, `X${i}`, { clusterName: `x-${i}`, vsphereNamespace: 'platform' }),
  );
  new MultiCluster(f.stack, 'Shop', {
    mode: MultiClusterPoolMode.RATIO,
    controller: f.cisEast,
    clusters: clusters.map((cluster, i) => ({ cluster, apiServer: `https://192.0.2.1:${1000 + i}` })),
  });
  const svc = (cluster: VksCluster) =>
    new NodePortService(cluster, 'Web', { name: 'web', selector: { app: 'web' }, port: 80 });
  const east = svc(f.east);
  const remote = clusters.map(svc);
  for (let i = 0; i < n; i += 1) {
    new F5VirtualServer(f.east, `Vs${i}`, {
      partition: f.partition,
      name: `vs-${i}`,
      virtualServerAddress: `10.50.${Math.floor(i / 250)}.${(i % 250) + 1}`,
      pools: [
        { service: east, alternateBackends: [{ service: remote[i % remote.length] as NodePortService }] },
      ],
    });
  }
  return f.stack;
}

/** n IngressLinks whose multiClusterServices name the NGINX Services of the three clusters (default mode). */
function ingressLinks(n: number): Stack {
  const f = multiClusterFixture({ ha: false });
  const nginx = [f.east, f.west, f.north].map(
    (cluster) =>
      new NodePortService(cluster, 'Nginx', {
        name: 'nginx-ingress',
        namespace: 'nginx-ingress',
        selector: { app: 'nginx-ingress' },
        port: 443,
      }),
  );
  for (let i = 0; i < n; i += 1) {
    new F5IngressLink(f.east, `Link${i}`, {
      partition: f.partition,
      name: `link-${i}`,
      namespace: 'nginx-ingress',
      virtualServerAddress: `10.80.${Math.floor(i / 250)}.${(i % 250) + 1}`,
      multiClusterServices: nginx.map((service) => ({ service })),
    });
  }
  return f.stack;
}

const SCENARIOS: Array<[string, (n: number) => Stack, number]> = [
  ['VirtualServer pools with multiClusterServices (mode and cluster checks)', multiClusterPools, 1000],
  ['ratio-mode pools with alternate backends in other clusters (membership checks)', ratioModeBackends, 800],
  ['IngressLinks with multiClusterServices (mode and cluster checks)', ingressLinks, 800],
  ['IPAM labels, ranges and static VIPs (label and overlap checks)', ipamLabelsAndRanges, 800],
];

describe('multi-cluster and IPAM checks scale linearly (validation time of 4n ÷ n constructs)', () => {
  it.each(SCENARIOS)(
    '%s',
    (_, build, n) => {
      // The machine is shared: a busy neighbour can stretch one measurement, never shrink a quadratic
      // check's ratio of about 16, so the best of up to three measurements is compared.
      let result = validationScaling(build, n);
      for (let attempt = 1; attempt < 3 && result.ratio >= LIMIT; attempt += 1) {
        const next = validationScaling(build, n);
        if (next.ratio < result.ratio) result = next;
      }
      const { ratio, smallMs, largeMs } = result;
      expect(ratio, `n = ${n}: ${smallMs.toFixed(1)} ms, 4n: ${largeMs.toFixed(1)} ms`).toBeLessThan(LIMIT);
    },
    120_000,
  );
});

describe('the pod CIDR sweep of one MultiCluster is O(n log n)', () => {
  it('4n clusters take about 4 times as long as n, not 16', () => {
    // One construct does the whole sweep: time its validation alone (best of many runs after a warm-up),
    // since the validation of a stack of thousands of clusters is dominated by garbage collection.
    const small = clustersInClusterMode(500);
    const large = clustersInClusterMode(2000);
    bestValidateMs(small, 5);
    bestValidateMs(large, 5);
    let ratio = Infinity;
    for (let attempt = 0; attempt < 3 && ratio >= LIMIT; attempt += 1) {
      ratio = Math.min(ratio, bestValidateMs(large, 15) / bestValidateMs(small, 15));
    }
    expect(ratio).toBeLessThan(LIMIT);
  }, 120_000);
});
