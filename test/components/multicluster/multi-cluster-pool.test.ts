import { describe, expect, it } from 'vitest';
import { synthesizeStack } from '../../../lib/core/synth';
import { Testing } from '../../../lib/testing/testing';
import { F5TransportServer } from '../../../components/cis/f5-transport-server';
import { F5VirtualServer } from '../../../components/cis/f5-virtual-server';
import { MultiClusterPoolMode } from '../../../components/multicluster/extended-spec';
import { CisLoadBalancerService } from '../../../components/multicluster/cis-load-balancer-service';
import { MultiCluster } from '../../../components/multicluster/multi-cluster';
import { NodePortService } from '../../../components/workloads/node-port-service';
import { VksCluster } from '../../../components/workloads/vks-cluster';
import { checkConformance, cisCrdsAvailable } from '../../helpers/cis-crd';
import { expectValidationErrors, synthProblems } from '../../helpers/expect-errors';
import { fixture, k8sObject, type Doc } from '../../helpers/fixture';
import { multiClusterFixture } from '../../helpers/multicluster-fixture';

const web = (cluster: VksCluster, name = 'web') =>
  new NodePortService(cluster, name === 'web' ? 'Web' : name, {
    name,
    namespace: 'shop',
    selector: { app: name },
    port: 80,
  });

/** The messages of the default-mode warnings of a stack that synthesizes. */
const ignoredWarnings = (stack: Parameters<typeof synthesizeStack>[0]) =>
  synthesizeStack(stack)
    .warnings.filter((w) => w.id === 'multicluster:ignored-in-default-mode')
    .map((w) => `${w.message} [${w.id}]`);

function expectConformant(object: Doc) {
  if (!cisCrdsAvailable()) return;
  const result = checkConformance(object);
  expect({ schemaErrors: result.schemaErrors, celErrors: result.celErrors }).toEqual({
    schemaErrors: [],
    celErrors: [],
  });
}

describe('multi-cluster pools', () => {
  it('renders multiClusterServices with per-cluster weights in default mode', () => {
    const f = multiClusterFixture({ ha: false });
    const east = web(f.east);
    const west = web(f.west);
    const north = web(f.north);
    new F5VirtualServer(f.east, 'Vs', {
      partition: f.partition,
      namespace: 'shop',
      name: 'shop',
      virtualServerAddress: '192.0.2.50',
      pools: [
        {
          service: east,
          multiClusterServices: [
            { service: east, weight: 70 },
            { service: west, weight: 30 },
            { service: north, weight: 0 },
          ],
        },
      ],
    });
    const vs = k8sObject(Testing.synth(f.stack), 'VirtualServer', 'shop', 'shop', { folder: 'east' });
    expect(vs.spec.pools).toEqual([
      {
        path: '/',
        service: 'web',
        servicePort: 80,
        loadBalancingMethod: 'round-robin',
        multiClusterServices: [
          { clusterName: 'east', namespace: 'shop', service: 'web', servicePort: 80, weight: 70 },
          { clusterName: 'west', namespace: 'shop', service: 'web', servicePort: 80, weight: 30 },
          { clusterName: 'north', namespace: 'shop', service: 'web', servicePort: 80, weight: 0 },
        ],
      },
    ]);
    expectConformant(vs);
  });

  it('renders a TransportServer pool with multiClusterServices', () => {
    const f = multiClusterFixture({ ha: false });
    new F5TransportServer(f.east, 'Ts', {
      partition: f.partition,
      namespace: 'shop',
      name: 'db',
      virtualServerAddress: '192.0.2.51',
      virtualServerPort: 5432,
      service: web(f.east),
      multiClusterServices: [
        { service: f.east.node.findChild('Web') as NodePortService },
        { service: web(f.west), weight: 50 },
      ],
    });
    const ts = k8sObject(Testing.synth(f.stack), 'TransportServer', 'shop', 'db', { folder: 'east' });
    expect(ts.spec.pool.multiClusterServices).toEqual([
      { clusterName: 'east', namespace: 'shop', service: 'web', servicePort: 80 },
      { clusterName: 'west', namespace: 'shop', service: 'web', servicePort: 80, weight: 50 },
    ]);
    expectConformant(ts);
  });

  it('renders the service weight and alternateBackends in ratio mode', () => {
    const f = multiClusterFixture({
      ha: false,
      multiCluster: { mode: MultiClusterPoolMode.RATIO },
    });
    new F5VirtualServer(f.east, 'Vs', {
      partition: f.partition,
      namespace: 'shop',
      name: 'shop',
      virtualServerAddress: '192.0.2.50',
      pools: [
        {
          service: web(f.east),
          weight: 80,
          alternateBackends: [{ service: web(f.east, 'web-canary'), weight: 20 }],
        },
      ],
    });
    const vs = k8sObject(Testing.synth(f.stack), 'VirtualServer', 'shop', 'shop', { folder: 'east' });
    expect(vs.spec.pools[0]).toEqual({
      path: '/',
      service: 'web',
      servicePort: 80,
      loadBalancingMethod: 'round-robin',
      weight: 80,
      alternateBackends: [{ service: 'web-canary', serviceNamespace: 'shop', weight: 20 }],
    });
    expectConformant(vs);
  });

  it('fails when a weight is outside the CRD range (TransportServer 0–100)', () => {
    const f = multiClusterFixture({ ha: false });
    expectValidationErrors(
      () =>
        new F5TransportServer(f.east, 'Ts', {
          partition: f.partition,
          virtualServerAddress: '192.0.2.51',
          virtualServerPort: 5432,
          service: web(f.east),
          weight: 101,
          multiClusterServices: [{ service: web(f.west), weight: -1 }],
        }),
      'test/East/Ts',
      [
        `'weight' must be an integer from 0 to 100, got 101`,
        `'multiClusterServices[0].weight' must be an integer from 0 to 100, got -1`,
      ],
    );
  });

  it(`fails when multiClusterServices is used outside default mode, missing in default mode, or without a MultiCluster ('multicluster:multi-cluster-services-mode')`, () => {
    const ratio = multiClusterFixture({ ha: false, multiCluster: { mode: MultiClusterPoolMode.RATIO } });
    new F5VirtualServer(ratio.east, 'Vs', {
      partition: ratio.partition,
      virtualServerAddress: '192.0.2.50',
      pools: [{ service: web(ratio.east), multiClusterServices: [{ service: web(ratio.west) }] }],
    });
    expect(synthProblems(ratio.stack)).toEqual([
      {
        path: 'test/East/Vs',
        message: `'pools[0].multiClusterServices' applies in default mode only; [test/Shop] is in mode "ratio", where CIS reads only 'service' and 'alternateBackends' and finds them in every cluster of the group [multicluster:multi-cluster-services-mode]`,
      },
    ]);

    const byDefault = multiClusterFixture({ ha: false });
    new F5TransportServer(byDefault.east, 'Ts', {
      partition: byDefault.partition,
      virtualServerAddress: '192.0.2.51',
      virtualServerPort: 5432,
      service: web(byDefault.east),
    });
    expect(synthProblems(byDefault.stack)).toEqual([
      {
        path: 'test/East/Ts',
        message: `'multiClusterServices' is required in default mode ([test/Shop]): CIS rejects a pool without it, as it builds default-mode pools only from there [multicluster:multi-cluster-services-mode]`,
      },
    ]);

    const single = fixture({ cis: { poolMemberType: undefined }, cluster: { nodePortLocalEnabled: false } });
    new F5VirtualServer(single.cluster, 'Vs', {
      partition: single.partition,
      virtualServerAddress: '192.0.2.50',
      pools: [{ service: web(single.cluster), multiClusterServices: [] }],
    });
    expect(synthProblems(single.stack)).toEqual([
      {
        path: 'test/Cluster/Vs',
        message: `'pools[0].multiClusterServices' needs a multi-cluster CIS, but [test/Cluster/Cis] belongs to no MultiCluster; CIS rejects multiClusterServices outside multi-cluster mode [multicluster:multi-cluster-services-mode]`,
      },
    ]);
  });

  it(`warns when a pool sets what CIS ignores in default mode ('multicluster:ignored-in-default-mode')`, () => {
    const f = multiClusterFixture({ ha: false });
    const own = web(f.east);
    const west = web(f.west);
    new F5VirtualServer(f.east, 'Vs', {
      partition: f.partition,
      virtualServerAddress: '192.0.2.50',
      pools: [
        {
          service: own,
          alternateBackends: [{ service: web(f.east, 'web-b') }],
          multiClusterServices: [{ service: own }, { service: west }],
        },
        { path: '/b', service: own, weight: 10, multiClusterServices: [{ service: west }] },
      ],
    });
    expect(ignoredWarnings(f.stack)).toEqual([
      `'pools[0].alternateBackends' is ignored in default mode ([test/Shop]); give each entry of 'multiClusterServices' its weight [multicluster:ignored-in-default-mode]`,
      `'pools[1].service' shop/web is not among 'pools[1].multiClusterServices'; in default mode ([test/Shop]) CIS takes members only from there, so list it too [multicluster:ignored-in-default-mode]`,
      `'pools[1].weight' is ignored in default mode ([test/Shop]); give each entry of 'multiClusterServices' its weight [multicluster:ignored-in-default-mode]`,
    ]);
  });

  it(`accepts pool Services of other clusters of the group in ratio and active-active mode, and refuses one outside it ('multicluster:undeclared-cluster')`, () => {
    for (const mode of [MultiClusterPoolMode.RATIO, MultiClusterPoolMode.ACTIVE_ACTIVE]) {
      const f = multiClusterFixture({ ha: false, multiCluster: { mode } });
      new F5VirtualServer(f.east, 'Vs', {
        partition: f.partition,
        namespace: 'shop',
        name: 'shop',
        virtualServerAddress: '192.0.2.50',
        pools: [
          {
            service: web(f.east),
            alternateBackends: [{ service: web(f.west, 'web-canary'), weight: 20 }],
          },
          { path: '/north', service: web(f.north, 'web-north') },
        ],
      });
      new F5TransportServer(f.east, 'Ts', {
        partition: f.partition,
        namespace: 'shop',
        name: 'db',
        virtualServerAddress: '192.0.2.51',
        virtualServerPort: 5432,
        service: web(f.west, 'db'),
      });
      const tree = Testing.synth(f.stack);
      const vs = k8sObject(tree, 'VirtualServer', 'shop', 'shop', { folder: 'east' });
      expect(vs.spec.pools.map((p: Doc) => [p.service, p.alternateBackends])).toEqual([
        ['web', [{ service: 'web-canary', serviceNamespace: 'shop', weight: 20 }]],
        ['web-north', undefined],
      ]);
      expectConformant(vs);
      expect(k8sObject(tree, 'TransportServer', 'shop', 'db', { folder: 'east' }).spec.pool.service).toBe(
        'db',
      );
    }

    const f = multiClusterFixture({ ha: false, multiCluster: { mode: MultiClusterPoolMode.RATIO } });
    const south = new VksCluster(f.stack, 'South', { clusterName: 'south', vsphereNamespace: 'platform' });
    new F5VirtualServer(f.east, 'Vs', {
      partition: f.partition,
      virtualServerAddress: '192.0.2.50',
      pools: [{ service: web(f.east), alternateBackends: [{ service: web(south, 'web-south') }] }],
    });
    new F5TransportServer(f.east, 'Ts', {
      partition: f.partition,
      virtualServerAddress: '192.0.2.51',
      virtualServerPort: 5432,
      service: web(south, 'db'),
    });
    expect(synthProblems(f.stack)).toEqual([
      {
        path: 'test/East/Vs',
        message: `'pools[0].alternateBackends[0].service' Service shop/web-south is in cluster "south", which is not a cluster of [test/Shop]; CIS would drop it (add the cluster to 'clusters') [multicluster:undeclared-cluster]`,
      },
      {
        path: 'test/East/Ts',
        message: `'service' Service shop/db is in cluster "south", which is not a cluster of [test/Shop]; CIS would drop it (add the cluster to 'clusters') [multicluster:undeclared-cluster]`,
      },
    ]);
  });

  it('still refuses a Service of another cluster as a pool backend in default mode (CIS reads only multiClusterServices there)', () => {
    const f = multiClusterFixture({ ha: false });
    const west = web(f.west);
    new F5VirtualServer(f.east, 'Vs', {
      partition: f.partition,
      virtualServerAddress: '192.0.2.50',
      pools: [{ service: west, multiClusterServices: [{ service: west }] }],
    });
    expect(synthProblems(f.stack).map((p) => p.message)).toEqual([
      `'pools[0].service' Service shop/web is in cluster "west", but this resource is in "east"; CIS only sees its own cluster`,
    ]);
  });

  it(`fails when a pool names a Service of a cluster outside the MultiCluster ('multicluster:undeclared-cluster')`, () => {
    const f = multiClusterFixture({ ha: false });
    const outside = new VksCluster(f.stack, 'South', {
      clusterName: 'south',
      vsphereNamespace: 'platform',
    });
    new F5VirtualServer(f.east, 'Vs', {
      partition: f.partition,
      virtualServerAddress: '192.0.2.50',
      pools: [
        {
          service: web(f.east),
          multiClusterServices: [
            { service: f.east.node.findChild('Web') as NodePortService },
            { service: web(outside) },
          ],
        },
      ],
    });
    expect(synthProblems(f.stack)).toEqual([
      {
        path: 'test/East/Vs',
        message: `'pools[0].multiClusterServices[1].service' Service shop/web is in cluster "south", which is not a cluster of [test/Shop]; CIS would drop it (add the cluster to 'clusters') [multicluster:undeclared-cluster]`,
      },
    ]);
  });

  it(`fails when a TransportServer's multiClusterServices name a cluster outside the MultiCluster ('multicluster:undeclared-cluster')`, () => {
    const f = multiClusterFixture({ ha: false });
    const south = new VksCluster(f.stack, 'South', { clusterName: 'south', vsphereNamespace: 'platform' });
    const east = web(f.east);
    new F5TransportServer(f.east, 'Ts', {
      partition: f.partition,
      virtualServerAddress: '192.0.2.51',
      virtualServerPort: 5432,
      service: east,
      multiClusterServices: [{ service: east }, { service: web(f.west) }, { service: web(south) }],
    });
    expect(synthProblems(f.stack)).toEqual([
      {
        path: 'test/East/Ts',
        message: `'multiClusterServices[2].service' Service shop/web is in cluster "south", which is not a cluster of [test/Shop]; CIS would drop it (add the cluster to 'clusters') [multicluster:undeclared-cluster]`,
      },
    ]);
  });

  it(`fails when a LoadBalancer Service names clusters CIS does not search for it ('multicluster:undeclared-cluster')`, () => {
    const f = multiClusterFixture({ ha: false, build: false });
    new MultiCluster(f.stack, 'Shop', {
      controller: f.cisEast,
      clusters: [
        { cluster: f.west, apiServer: 'https://192.0.2.12:6443', serviceTypeLBDiscovery: true },
        { cluster: f.north, apiServer: 'https://192.0.2.13:6443' },
      ],
    });
    const south = new VksCluster(f.stack, 'South', { clusterName: 'south', vsphereNamespace: 'platform' });
    new CisLoadBalancerService(f.east, 'Lb', {
      name: 'lb',
      selector: { app: 'lb' },
      port: 1344,
      ip: '10.8.3.1',
      multiClusterServices: [
        { cluster: f.west, weight: 50 },
        { cluster: f.north, weight: 30 },
        { cluster: south, weight: 20 },
      ],
    });
    expect(synthProblems(f.stack).map((p) => p.message)).toEqual([
      `'multiClusterServices[1].cluster' "north" needs 'serviceTypeLBDiscovery: true' in [test/Shop]; CIS does not look for LoadBalancer Services there otherwise [multicluster:undeclared-cluster]`,
      `'multiClusterServices[2].cluster' "south" is not a cluster of [test/Shop]; CIS would drop it [multicluster:undeclared-cluster]`,
    ]);
  });

  it(`fails when a LoadBalancer Service lists an HA cluster without serviceTypeLBDiscovery: the other CIS of the pair reads it ('multicluster:undeclared-cluster')`, () => {
    const lb = (f: ReturnType<typeof multiClusterFixture>) =>
      new CisLoadBalancerService(f.east, 'Lb', {
        name: 'lb',
        selector: { app: 'lb' },
        port: 1344,
        ip: '10.8.3.1',
        multiClusterServices: [{ cluster: f.east }, { cluster: f.west }],
      });
    const plain = multiClusterFixture();
    lb(plain);
    expect(synthProblems(plain.stack).map((p) => p.message)).toEqual([
      `'multiClusterServices[0].cluster' "east" needs 'serviceTypeLBDiscovery: true' in [test/Shop]; CIS does not look for LoadBalancer Services there otherwise [multicluster:undeclared-cluster]`,
      `'multiClusterServices[1].cluster' "west" needs 'serviceTypeLBDiscovery: true' in [test/Shop]; CIS does not look for LoadBalancer Services there otherwise [multicluster:undeclared-cluster]`,
    ]);
    const flagged = multiClusterFixture({ build: false });
    new MultiCluster(flagged.stack, 'Shop', {
      primaryController: flagged.cisEast,
      secondaryController: flagged.cisWest,
      primaryEndPoint: 'http://10.1.0.50:8080',
      clusters: [
        { cluster: flagged.east, apiServer: 'https://192.0.2.11:6443', serviceTypeLBDiscovery: true },
        { cluster: flagged.west, apiServer: 'https://192.0.2.12:6443', serviceTypeLBDiscovery: true },
      ],
    });
    lb(flagged);
    expect(() => Testing.synth(flagged.stack)).not.toThrow();
  });

  it(`fails when a LoadBalancer Service lists clusters outside default mode or outside a MultiCluster ('multicluster:multi-cluster-services-mode')`, () => {
    const f = multiClusterFixture({ ha: false, multiCluster: { mode: MultiClusterPoolMode.ACTIVE_ACTIVE } });
    new CisLoadBalancerService(f.east, 'Lb', {
      name: 'lb',
      selector: { app: 'lb' },
      port: 1344,
      ip: '10.8.3.1',
      multiClusterServices: [{ cluster: f.west }],
    });
    expect(synthProblems(f.stack)).toEqual([
      {
        path: 'test/East/Lb',
        message: `'multiClusterServices' needs [test/East/Cis] in a MultiCluster in default mode; [test/Shop] is in mode "active-active", where CIS skips LoadBalancer Services that list clusters [multicluster:multi-cluster-services-mode]`,
      },
    ]);
    const alone = multiClusterFixture({ ha: false, build: false });
    new CisLoadBalancerService(alone.east, 'Lb', {
      name: 'lb',
      selector: { app: 'lb' },
      port: 1344,
      ip: '10.8.3.1',
      multiClusterServices: [{ cluster: alone.west }],
    });
    expect(synthProblems(alone.stack).map((p) => p.message)).toContain(
      `'multiClusterServices' needs [test/East/Cis] in a MultiCluster in default mode, but it belongs to no MultiCluster [multicluster:multi-cluster-services-mode]`,
    );
  });
});
