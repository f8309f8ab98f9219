import { describe, expect, it } from 'vitest';
import { Testing } from '../../../lib/testing/testing';
import { CisLoadBalancerService } from '../../../components/multicluster/cis-load-balancer-service';
import { DiscoveryAccount } from '../../../components/multicluster/discovery-account';
import { ClusterAdminState, MultiClusterPoolMode } from '../../../components/multicluster/extended-spec';
import { IpamController, IpamProvider } from '../../../components/multicluster/ipam-controller';
import { MultiCluster } from '../../../components/multicluster/multi-cluster';
import { CisController, PoolMemberType } from '../../../components/cis/cis-controller';
import { BigipPartition } from '../../../components/bigip/bigip-partition';
import { expectValidationErrors, synthProblems } from '../../helpers/expect-errors';
import { fixture } from '../../helpers/fixture';
import { multiClusterFixture } from '../../helpers/multicluster-fixture';

describe('MultiCluster prop errors', () => {
  it('fails when neither a standalone CIS nor a full HA pair is given, or both', () => {
    const f = multiClusterFixture({ ha: false, build: false });
    expectValidationErrors(
      () =>
        new MultiCluster(f.stack, 'Shop', {
          clusters: [{ cluster: f.west, apiServer: 'https://192.0.2.12:6443' }],
        }),
      'test/Shop',
      [
        `needs 'controller' (a standalone CIS) or both 'primaryController' and 'secondaryController' (an HA pair)`,
      ],
    );
    expectValidationErrors(
      () =>
        new MultiCluster(f.stack, 'Shop2', {
          controller: f.cisEast,
          primaryController: f.cisEast,
          clusters: [{ cluster: f.west, apiServer: 'https://192.0.2.12:6443' }],
        }),
      'test/Shop2',
      [
        `'controller' (standalone) and 'primaryController'/'secondaryController' (HA pair) exclude each other; set one`,
        `'primaryEndPoint' is required for an HA pair (the primary CIS's health endpoint, e.g. "http://10.0.0.10:8080"); without it the secondary exits`,
      ],
    );
  });

  it('fails when a remote cluster lacks its apiServer, an HA cluster is not listed, or only the local cluster is', () => {
    const ha = multiClusterFixture({ build: false });
    expectValidationErrors(
      () =>
        new MultiCluster(ha.stack, 'Shop', {
          primaryController: ha.cisEast,
          secondaryController: ha.cisWest,
          primaryEndPoint: 'tcp://10.1.0.50:8000',
          clusters: [{ cluster: ha.east, apiServer: 'https://192.0.2.11:6443' }, { cluster: ha.north }],
        }),
      'test/Shop',
      [
        `'clusters[1].apiServer' is required: CIS of another cluster reads "north", and its discovery account's kubeconfig template needs the API server URL`,
        `'clusters' must list cluster "west" of [test/West/Cis] with its 'apiServer': the other CIS of the HA pair reads it`,
      ],
    );
    const alone = multiClusterFixture({ ha: false, build: false });
    expectValidationErrors(
      () =>
        new MultiCluster(alone.stack, 'Shop', {
          controller: alone.cisEast,
          clusters: [{ cluster: alone.east }],
        }),
      'test/Shop',
      [`'clusters' must name at least one cluster besides the standalone CIS's own`],
    );
  });

  it('fails when the local cluster gets remote-only settings or the endpoint is malformed', () => {
    const f = multiClusterFixture({ ha: false, build: false });
    expectValidationErrors(
      () =>
        new MultiCluster(f.stack, 'Shop', {
          mode: MultiClusterPoolMode.ACTIVE_ACTIVE,
          controller: f.cisEast,
          clusters: [
            { cluster: f.east, kubeconfigSecret: 'kube-system/east', serviceTypeLBDiscovery: true },
            { cluster: f.west, apiServer: 'https://192.0.2.12:6443', adminState: ClusterAdminState.DISABLE },
          ],
        }),
      'test/Shop',
      [
        `'clusters[0].kubeconfigSecret' is not used: a standalone CIS reads its own cluster in-cluster`,
        `'clusters[0].serviceTypeLBDiscovery' applies in default mode only (mode is "active-active")`,
        `'clusters[0].serviceTypeLBDiscovery' is for remote clusters; CIS always watches its own`,
      ],
    );
    const ha = multiClusterFixture({ build: false });
    expectValidationErrors(
      () =>
        new MultiCluster(ha.stack, 'Shop', {
          primaryController: ha.cisEast,
          secondaryController: ha.cisWest,
          primaryEndPoint: '10.1.0.50:8080',
          clusters: [
            { cluster: ha.east, apiServer: 'https://192.0.2.11:6443' },
            { cluster: ha.west, apiServer: 'https://192.0.2.12:6443' },
          ],
        }),
      'test/Shop',
      [
        `'primaryEndPoint' must be a health endpoint "http://<ip>:<port>", "https://<ip>:<port>" or "tcp://<ip>:<port>", got "10.1.0.50:8080"`,
      ],
    );
  });

  it(`fails when a CIS of the group sets another localClusterName ('multicluster:controller-role')`, () => {
    const f = multiClusterFixture({ ha: false, cis: { localClusterName: 'cluster1' } });
    expect(synthProblems(f.stack).map((p) => p.message)).toContain(
      `[test/East/Cis] sets localClusterName "cluster1"; in a MultiCluster it must be its cluster's name "east", which the extended ConfigMap and the pools use [multicluster:controller-role]`,
    );
  });

  it(`fails when the HA pair writes two partitions ('multicluster:ha-pair')`, () => {
    const f = multiClusterFixture({ build: false });
    const partition2 = new BigipPartition(f.stack, 'Other', { device: f.device, partitionName: 'shop_b' });
    const secondary = new CisController(f.north, 'Cis', {
      device: f.device,
      partition: partition2,
      poolMemberType: PoolMemberType.NODE_PORT,
      trustedCertsConfigMap: 'kube-system/bigip-ca',
    });
    expectValidationErrors(
      () =>
        new MultiCluster(f.stack, 'Shop', {
          primaryController: f.cisEast,
          secondaryController: secondary,
          primaryEndPoint: 'http://10.1.0.50:8080',
          clusters: [
            { cluster: f.east, apiServer: 'https://192.0.2.11:6443' },
            { cluster: f.north, apiServer: 'https://192.0.2.13:6443' },
          ],
        }),
      'test/Shop',
      [
        `'secondaryController' writes bigip/shop_b, the primary bigip/shop; an HA pair writes one partition of one BIG-IP [multicluster:ha-pair]`,
      ],
    );
  });
});

describe('IpamController prop errors', () => {
  it('fails when Infoblox props are missing or wrong, or the volume, image or namespaces are', () => {
    const f = fixture({ cis: false });
    expectValidationErrors(
      () =>
        new IpamController(f.cluster, 'Ipam', {
          provider: IpamProvider.INFOBLOX,
          ipRanges: { Dev: ['10.0.0.1-10.0.0.9'] },
          infobloxLabels: { Dev: { cidr: '10.8.128.0' } },
          watchNamespaces: [],
          storageSize: '1 GB',
          image: 'f5networks/f5-ipam-controller:latest',
        }),
      'test/Cluster/Ipam',
      [
        `'infobloxLabels[Dev].cidr' must be a CIDR block, got "10.8.128.0"`,
        `'ipRanges' applies to provider f5-ip-provider only; Infoblox uses 'infobloxLabels'`,
        `'infobloxGridHost' is required with provider infoblox`,
        `'infobloxWapiVersion' is required with provider infoblox`,
        `'watchNamespaces' must name at least the namespace of the IPAM resources CIS creates`,
        `'storageSize' must be a size such as "1Gi", got "1 GB"`,
        `'image' must pin a release such as "f5networks/f5-ipam-controller:0.1.11", got "f5networks/f5-ipam-controller:latest"`,
      ],
    );
    expectValidationErrors(() => new IpamController(f.cluster, 'Ipam2', {}), 'test/Cluster/Ipam2', [
      `'ipRanges' is required with provider f5-ip-provider`,
    ]);
  });
});

describe('CisLoadBalancerService prop errors', () => {
  it('fails when the ip, the partition or a health monitor is wrong', () => {
    const f = fixture({
      cluster: { nodePortLocalEnabled: false },
      cis: { poolMemberType: PoolMemberType.NODE_PORT },
    });
    expectValidationErrors(
      () =>
        new CisLoadBalancerService(f.cluster, 'Lb', {
          selector: { app: 'x' },
          port: 80,
          ip: '10.0.0',
          health: [{ bigipMonitor: 'tcp' }, { bigipMonitor: '/Common/http', targetPort: 8080 }],
        }),
      'test/Cluster/Lb',
      [
        `'ip' must be an IPv4 or IPv6 address, got "10.0.0"`,
        `'health[0].bigipMonitor' must be a full BIG-IP monitor path such as "/Common/tcp", got "tcp"`,
        `'health[1].targetPort' does not apply to an existing BIG-IP monitor ('bigipMonitor')`,
      ],
    );
  });
});

describe('snapshots of the default cases', () => {
  it('MultiCluster (standalone, default mode) with its ConfigMap and discovery accounts', () => {
    const f = multiClusterFixture({ ha: false });
    const tree = Testing.synth(f.stack);
    const mine = Object.fromEntries(
      Object.entries(tree).filter(([p]) => /extended-spec|remote|kubeconfig/.test(p)),
    );
    expect(mine).toMatchSnapshot();
  });

  it('IpamController and DiscoveryAccount', () => {
    const f = fixture({ cis: { ipam: true } });
    new IpamController(f.cluster, 'Ipam', { ipRanges: { Dev: ['10.8.0.10-10.8.0.20'] } });
    new DiscoveryAccount(f.cluster, 'Xc', { apiServer: 'https://192.0.2.20:6443' });
    const tree = Testing.synth(f.stack);
    expect(
      Object.fromEntries(Object.entries(tree).filter(([p]) => /ipam-controller|service-discovery/.test(p))),
    ).toMatchSnapshot();
  });
});
