import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { Testing } from '../../../lib/testing/testing';
import { Duration } from 'cdk8s';
import { ClusterAdminState, MultiClusterPoolMode } from '../../../components/multicluster/extended-spec';
import { MultiCluster } from '../../../components/multicluster/multi-cluster';
import { CisController, PoolMemberType } from '../../../components/cis/cis-controller';
import { F5VirtualServer } from '../../../components/cis/f5-virtual-server';
import { CisLoadBalancerService } from '../../../components/multicluster/cis-load-balancer-service';
import { NodePortService } from '../../../components/workloads/node-port-service';
import type { VksCluster } from '../../../components/workloads/vks-cluster';
import { expectValidationErrors, synthProblems } from '../../helpers/expect-errors';
import { allObjects, k8sObject, kustomizationResources, type Doc } from '../../helpers/fixture';
import { multiClusterFixture } from '../../helpers/multicluster-fixture';

/**
 * The keys CIS 2.20 accepts in `extendedSpec` (k8s-bigip-ctlr pkg/controller/types.go, parsed with
 * yaml.UnmarshalStrict), written down here independently of the code that renders them: a key that is
 * not listed is what would stop CIS at start.
 */
type Shape = 'string' | 'int' | 'bool' | { readonly [key: string]: Shape } | readonly [Shape];
const CLUSTER: Shape = {
  clusterName: 'string',
  secret: 'string',
  ratio: 'int',
  adminState: 'string',
  serviceTypeLBDiscovery: 'bool',
};
const EXTENDED_SPEC: Shape = {
  mode: 'string',
  localClusterRatio: 'int',
  localClusterAdminState: 'string',
  highAvailabilityCIS: {
    primaryEndPoint: 'string',
    probeInterval: 'int',
    retryInterval: 'int',
    primaryCluster: CLUSTER,
    secondaryCluster: CLUSTER,
  },
  externalClustersConfig: [CLUSTER],
  baseRouteSpec: {},
  extendedRouteSpec: [{}],
};

/** Problems of `value` against `shape`, as a strict unmarshal would see them (unknown keys, wrong types). */
function strictProblems(value: unknown, shape: Shape, at = 'extendedSpec'): string[] {
  if (shape === 'string') return typeof value === 'string' ? [] : [`${at}: not a string`];
  if (shape === 'int') return Number.isInteger(value) ? [] : [`${at}: not an integer`];
  if (shape === 'bool') return typeof value === 'boolean' ? [] : [`${at}: not a boolean`];
  if (Array.isArray(shape)) {
    if (!Array.isArray(value)) return [`${at}: not a list`];
    return value.flatMap((item, i) => strictProblems(item, shape[0] as Shape, `${at}[${i}]`));
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [`${at}: not a mapping`];
  const fields = shape as Record<string, Shape>;
  return Object.entries(value).flatMap(([key, v]) =>
    key in fields ? strictProblems(v, fields[key] as Shape, `${at}.${key}`) : [`${at}: unknown key ${key}`],
  );
}

function parseStrict(text: string): Doc {
  // uniqueKeys: a repeated key is as fatal to CIS as an unknown one.
  const parsed = YAML.parse(text, { uniqueKeys: true, strict: true }) as Doc;
  expect(strictProblems(parsed, EXTENDED_SPEC)).toEqual([]);
  return parsed;
}

const configMap = (tree: Record<string, string>, folder: string) =>
  k8sObject(tree, 'ConfigMap', 'kube-system', 'extended-spec-config', { folder });

describe('MultiCluster, standalone CIS', () => {
  it('renders the extended ConfigMap into the CIS cluster only, labelled f5nr, with exactly the keys CIS accepts', () => {
    const f = multiClusterFixture({ ha: false });
    const tree = Testing.synth(f.stack);
    const cm = configMap(tree, 'east');
    expect(cm.metadata.labels).toEqual({ f5nr: 'true' });
    expect(Object.keys(cm.data)).toEqual(['extendedSpec']);
    expect(parseStrict(cm.data.extendedSpec)).toEqual({
      mode: 'default',
      externalClustersConfig: [
        { clusterName: 'west', secret: 'kube-system/west-kubeconfig' },
        { clusterName: 'north', secret: 'kube-system/north-kubeconfig' },
      ],
    });
    expect(tree['test/k8s/west/configmap-kube-system-extended-spec-config.yaml']).toBeUndefined();
  });

  it('renders ratio mode with localClusterRatio, per-cluster ratio and admin state', () => {
    const f = multiClusterFixture({ ha: false, build: false });
    new MultiCluster(f.stack, 'Shop', {
      mode: MultiClusterPoolMode.RATIO,
      controller: f.cisEast,
      clusters: [
        { cluster: f.east, ratio: 3, adminState: ClusterAdminState.ENABLE },
        { cluster: f.west, apiServer: 'https://192.0.2.12:6443', ratio: 1 },
        {
          cluster: f.north,
          apiServer: 'https://192.0.2.13:6443',
          ratio: 0,
          adminState: ClusterAdminState.NO_POOL,
          kubeconfigSecret: 'default/kubeconfig-north',
        },
      ],
    });
    const spec = parseStrict(configMap(Testing.synth(f.stack), 'east').data.extendedSpec);
    expect(spec).toEqual({
      mode: 'ratio',
      localClusterRatio: 3,
      localClusterAdminState: 'enable',
      externalClustersConfig: [
        { clusterName: 'west', secret: 'kube-system/west-kubeconfig', ratio: 1 },
        { clusterName: 'north', secret: 'default/kubeconfig-north', ratio: 0, adminState: 'no-pool' },
      ],
    });
  });

  it('renders serviceTypeLBDiscovery in default mode', () => {
    const f = multiClusterFixture({ ha: false, build: false });
    new MultiCluster(f.stack, 'Shop', {
      controller: f.cisEast,
      clusters: [{ cluster: f.west, apiServer: 'https://192.0.2.12:6443', serviceTypeLBDiscovery: true }],
    });
    const spec = parseStrict(configMap(Testing.synth(f.stack), 'east').data.extendedSpec);
    expect(spec.externalClustersConfig).toEqual([
      { clusterName: 'west', secret: 'kube-system/west-kubeconfig', serviceTypeLBDiscovery: true },
    ]);
  });

  it('renders a read-only discovery account and a kubeconfig template into each remote cluster', () => {
    const f = multiClusterFixture({ ha: false });
    const tree = Testing.synth(f.stack);
    for (const folder of ['west', 'north']) {
      const opts = { folder };
      const role = k8sObject(tree, 'ClusterRole', undefined, 'k8s-bigip-ctlr-remote', opts);
      expect(role.rules).toEqual([
        {
          apiGroups: [''],
          resources: ['endpoints', 'namespaces', 'nodes', 'pods', 'services'],
          verbs: ['get', 'list', 'watch'],
        },
      ]);
      const secret = k8sObject(tree, 'Secret', 'kube-system', 'k8s-bigip-ctlr-remote-token', opts);
      expect(secret.type).toBe('kubernetes.io/service-account-token');
      expect(secret.data).toBeUndefined();
      const template = tree[`test/k8s/${folder}/k8s-bigip-ctlr-remote.kubeconfig.template`] as string;
      const kubeconfig = YAML.parse(template) as Doc;
      expect(kubeconfig.clusters[0].cluster.server).toMatch(/^https:\/\/192\.0\.2\.1[23]:6443$/);
      expect(kubeconfig.users[0].user.token).toMatch(/^<paste the token/);
      expect(template).toContain(
        `#   kubectl --context east -n kube-system create secret generic ${folder}-kubeconfig --from-file=kubeconfig=<filled file>`,
      );
    }
    // The standalone CIS reads its own cluster in-cluster: no account there.
    expect(Object.keys(tree).filter((p) => p.startsWith('test/k8s/east/') && p.includes('remote'))).toEqual(
      [],
    );
  });

  it('fails when a setting does not apply to the mode', () => {
    const f = multiClusterFixture({ ha: false, build: false });
    expectValidationErrors(
      () =>
        new MultiCluster(f.stack, 'Shop', {
          controller: f.cisEast,
          primaryEndPoint: 'http://10.0.0.1:8080',
          clusters: [
            {
              cluster: f.west,
              apiServer: 'https://192.0.2.12:6443',
              ratio: 2,
              adminState: ClusterAdminState.OFFLINE,
            },
          ],
        }),
      'test/Shop',
      [
        `'primaryEndPoint' applies to an HA pair only; a standalone CIS has no primary`,
        `'clusters[0].ratio' applies in ratio mode only (mode is "default"); CIS ignores it`,
        `'clusters[0].adminState' does not apply in default mode; set the weights of the cluster's multiClusterServices to 0 instead`,
      ],
    );
  });

  it('fails when OpenShift route settings are passed (from JavaScript)', () => {
    const f = multiClusterFixture({ ha: false, build: false });
    const props = {
      controller: f.cisEast,
      clusters: [{ cluster: f.west, apiServer: 'https://192.0.2.12:6443' }],
      extendedRouteSpec: [{ namespace: 'foo', vserverAddr: '10.8.0.4' }],
    };
    expectValidationErrors(() => new MultiCluster(f.stack, 'Shop', props), 'test/Shop', [
      `'extendedRouteSpec' configures OpenShift routes, which VKS clusters do not have; publish with F5VirtualServer or CisLoadBalancerService`,
    ]);
  });

  it(`fails when a kubeconfig Secret reference is not <namespace>/<name> ('multicluster:kubeconfig-secret-ref')`, () => {
    const f = multiClusterFixture({ ha: false, build: false });
    expectValidationErrors(
      () =>
        new MultiCluster(f.stack, 'Shop', {
          controller: f.cisEast,
          clusters: [
            { cluster: f.west, apiServer: 'https://192.0.2.12:6443', kubeconfigSecret: 'kubeconfig-west' },
          ],
        }),
      'test/Shop',
      [
        `'clusters[0].kubeconfigSecret' must be a Secret reference "<namespace>/<name>", got "kubeconfig-west"; CIS silently drops the cluster otherwise [multicluster:kubeconfig-secret-ref]`,
      ],
    );
  });

  it(`fails when a cluster is listed twice ('multicluster:cluster-listed-twice')`, () => {
    const f = multiClusterFixture({ ha: false, build: false });
    expectValidationErrors(
      () =>
        new MultiCluster(f.stack, 'Shop', {
          controller: f.cisEast,
          clusters: [
            { cluster: f.east },
            { cluster: f.west, apiServer: 'https://192.0.2.12:6443' },
            { cluster: f.east },
          ],
        }),
      'test/Shop',
      [
        `'clusters[2].cluster' "east" is already 'clusters[0]'; list each cluster once (CIS discards the repeated entry) [multicluster:cluster-listed-twice]`,
      ],
    );
  });

  it(`fails when a CIS does not run in the role the MultiCluster gives it ('multicluster:controller-role')`, () => {
    const f = multiClusterFixture({
      ha: false,
      build: false,
      cis: { extendedSpecConfigMap: 'kube-system/other' },
    });
    expectValidationErrors(
      () =>
        new MultiCluster(f.stack, 'Shop', {
          controller: f.cisEast,
          clusters: [{ cluster: f.west, apiServer: 'https://192.0.2.12:6443' }],
        }),
      'test/Shop',
      [
        `[test/East/Cis] must run with multiClusterMode "standalone" and extendedSpecConfigMap "kube-system/extended-spec-config", got "standalone" and "kube-system/other"; leave both unset on the CisController and the MultiCluster sets them [multicluster:controller-role]`,
      ],
    );
    const ha = multiClusterFixture({ build: false });
    expectValidationErrors(
      () =>
        new MultiCluster(ha.stack, 'Shop', {
          // Swapped: the CisControllers were declared primary (east) and secondary (west).
          primaryController: ha.cisWest,
          secondaryController: ha.cisEast,
          primaryEndPoint: 'http://10.2.0.50:8080',
          clusters: [
            { cluster: ha.east, apiServer: 'https://192.0.2.11:6443' },
            { cluster: ha.west, apiServer: 'https://192.0.2.12:6443' },
          ],
        }),
      'test/Shop',
      [
        `[test/West/Cis] must run with multiClusterMode "primary" and extendedSpecConfigMap "kube-system/extended-spec-config", got "secondary" and "kube-system/extended-spec-config"; leave both unset on the CisController and the MultiCluster sets them [multicluster:controller-role]`,
        `[test/East/Cis] must run with multiClusterMode "secondary" and extendedSpecConfigMap "kube-system/extended-spec-config", got "primary" and "kube-system/extended-spec-config"; leave both unset on the CisController and the MultiCluster sets them [multicluster:controller-role]`,
      ],
    );
  });

  it(`fails when a CIS of the group uses nodeportlocal ('multicluster:nodeportlocal')`, () => {
    const f = multiClusterFixture({
      ha: false,
      east: { cni: undefined, nodePortLocalEnabled: true },
      cis: {
        poolMemberType: PoolMemberType.NODE_PORT_LOCAL,
        multiClusterMode: undefined,
        extendedSpecConfigMap: undefined,
      },
    });
    const messages = synthProblems(f.stack).map((p) => p.message);
    expect(messages).toContain(
      `[test/East/Cis] uses pool member type nodeportlocal, which CIS does not support with multi-cluster on VKS; use nodeport, or cluster with Calico [multicluster:nodeportlocal]`,
    );
  });

  it(`fails when a CIS of the group has IPAM on ('multicluster:ipam')`, () => {
    const f = multiClusterFixture({ ha: false, cis: { ipam: true } });
    expect(synthProblems(f.stack)).toEqual([
      {
        path: 'test/Shop',
        message: `[test/East/Cis] has 'ipam' true, but CIS hands out no IPAM addresses in multi-cluster mode; give the group's virtuals static addresses ('virtualServerAddress', 'ip') and turn 'ipam' off [multicluster:ipam]`,
      },
    ]);
  });

  it(`fails when two clusters in cluster mode share pod CIDRs, naming both clusters and CIDRs ('multicluster:pod-cidr-overlap')`, () => {
    const f = multiClusterFixture({
      ha: false,
      cis: { poolMemberType: PoolMemberType.CLUSTER, staticRoutingMode: true },
      west: { podCidrs: ['10.1.128.0/17'] },
      north: { podCidrs: ['192.168.0.0/16', '10.0.0.0/12'] },
    });
    expect(synthProblems(f.stack)).toEqual([
      {
        path: 'test/Shop',
        message: `pod CIDR 10.1.0.0/16 of cluster "east" overlaps pod CIDR 10.0.0.0/12 of cluster "north"; in cluster mode CIS sends traffic to pod IPs of both, so their pod CIDRs must be disjoint (set 'podCidrs' on the VksClusters) [multicluster:pod-cidr-overlap]`,
      },
      {
        path: 'test/Shop',
        message: `pod CIDR 10.1.128.0/17 of cluster "west" overlaps pod CIDR 10.0.0.0/12 of cluster "north"; in cluster mode CIS sends traffic to pod IPs of both, so their pod CIDRs must be disjoint (set 'podCidrs' on the VksClusters) [multicluster:pod-cidr-overlap]`,
      },
    ]);
  });

  it('finds an overlap hidden behind a wider block of the same cluster', () => {
    // Sorted: east 10.0.0.0/9, west 10.1.0.0/16, east 10.1.5.0/24: the last overlaps west, not only east.
    const f = multiClusterFixture({
      ha: false,
      cis: { poolMemberType: PoolMemberType.CLUSTER, staticRoutingMode: true },
      east: { podCidrs: ['10.0.0.0/9', '10.1.5.0/24'], serviceCidrs: ['172.30.0.0/16'] },
      west: { podCidrs: ['10.1.0.0/16'], serviceCidrs: ['172.30.0.0/16'] },
      north: { podCidrs: ['192.168.0.0/16'] },
    });
    expect(synthProblems(f.stack).map((p) => p.message.split(';')[0])).toEqual([
      'pod CIDR 10.1.0.0/16 of cluster "west" overlaps pod CIDR 10.0.0.0/9 of cluster "east"',
      'pod CIDR 10.1.5.0/24 of cluster "east" overlaps pod CIDR 10.1.0.0/16 of cluster "west"',
    ]);
  });

  it('lets nodeport clusters share the VKS default pod CIDR', () => {
    const f = multiClusterFixture({
      ha: false,
      east: { podCidrs: ['192.168.0.0/16'] },
      west: { podCidrs: ['192.168.0.0/16'] },
    });
    expect(() => Testing.synth(f.stack)).not.toThrow();
  });
});

describe('MultiCluster, HA pair', () => {
  it('renders highAvailabilityCIS with the endpoint, intervals and both clusters, identical in both CIS clusters', () => {
    const f = multiClusterFixture({
      multiCluster: { probeInterval: Duration.seconds(30), retryInterval: Duration.seconds(3) },
    });
    const tree = Testing.synth(f.stack);
    const east = configMap(tree, 'east');
    expect(configMap(tree, 'west')).toEqual(east);
    expect(parseStrict(east.data.extendedSpec)).toEqual({
      mode: 'default',
      highAvailabilityCIS: {
        primaryEndPoint: 'http://10.1.0.50:8080',
        probeInterval: 30,
        retryInterval: 3,
        primaryCluster: { clusterName: 'east', secret: 'kube-system/east-kubeconfig' },
        secondaryCluster: { clusterName: 'west', secret: 'kube-system/west-kubeconfig' },
      },
      externalClustersConfig: [{ clusterName: 'north', secret: 'kube-system/north-kubeconfig' }],
    });
    // Each HA cluster is read by the other CIS: both get a discovery account, as does north.
    for (const folder of ['east', 'west', 'north']) {
      expect(tree[`test/k8s/${folder}/k8s-bigip-ctlr-remote.kubeconfig.template`]).toBeDefined();
    }
  });

  it(`lets the HA pair write one partition, and still refuses a third CIS on it ('cis:one-controller-per-partition')`, () => {
    const f = multiClusterFixture();
    expect(() => Testing.synth(f.stack)).not.toThrow();
    new CisController(f.north, 'Cis', {
      device: f.device,
      partition: f.partition,
      poolMemberType: PoolMemberType.NODE_PORT,
      trustedCertsConfigMap: 'kube-system/bigip-ca',
    });
    expect(synthProblems(f.stack)).toEqual([
      {
        path: 'test/North/Cis',
        message: `'partition' "shop" on device bigip is already the partition of [test/East/Cis]; one CIS instance per partition, or they overwrite each other [cis:one-controller-per-partition]`,
      },
    ]);
  });

  it('gives both HA clusters identical CIS-watched manifests, wherever they are declared', () => {
    const f = multiClusterFixture();
    const service = (cluster: VksCluster) =>
      new NodePortService(cluster, 'Web', {
        name: 'web',
        namespace: 'shop',
        selector: { app: 'web' },
        port: 80,
      });
    const east = service(f.east);
    const west = service(f.west);
    new F5VirtualServer(f.east, 'Vs', {
      partition: f.partition,
      namespace: 'shop',
      name: 'shop',
      host: 'shop.example.com',
      virtualServerAddress: '192.0.2.50',
      pools: [{ service: east, multiClusterServices: [{ service: east }, { service: west }] }],
    });
    new CisLoadBalancerService(f.west, 'Api', {
      name: 'api',
      namespace: 'api',
      selector: { app: 'api' },
      port: 443,
      ip: '192.0.2.60',
    });
    const tree = Testing.synth(f.stack);
    const watched = (folder: string) =>
      Object.fromEntries(
        allObjects(tree)
          .filter(({ path }) => path.startsWith(`test/k8s/${folder}/`))
          .filter(
            ({ object }) =>
              String(object.apiVersion).startsWith('cis.f5.com/') ||
              object.metadata?.labels?.f5nr === 'true' ||
              Object.keys(object.metadata?.annotations ?? {}).some((k) => k.startsWith('cis.f5.com/')),
          )
          .map(({ path, object }) => [path.slice(`test/k8s/${folder}/`.length), object]),
      );
    const inEast = watched('east');
    expect(Object.keys(inEast).sort()).toEqual([
      'configmap-kube-system-extended-spec-config.yaml',
      'service-api-api.yaml',
      'virtualserver-shop-shop.yaml',
    ]);
    expect(watched('west')).toEqual(inEast);
    // The copies are applied: listed in the folder's kustomization, after their namespace.
    const resources = kustomizationResources(tree, 'test/k8s/west');
    expect(resources.indexOf('virtualserver-shop-shop.yaml')).toBeGreaterThan(
      resources.indexOf('namespace-shop.yaml'),
    );
    expect(resources.indexOf('service-api-api.yaml')).toBeGreaterThan(
      resources.indexOf('namespace-api.yaml'),
    );
    expect(watched('north')).toEqual({});
  });

  it('fails when the HA pair lacks its primaryEndPoint or runs in one cluster', () => {
    const f = multiClusterFixture({ build: false });
    expectValidationErrors(
      () =>
        new MultiCluster(f.stack, 'Shop', {
          primaryController: f.cisEast,
          secondaryController: f.cisEast,
          clusters: [{ cluster: f.east, apiServer: 'https://192.0.2.11:6443' }],
        }),
      'test/Shop',
      [
        `'secondaryController' [test/East/Cis] runs in cluster "east" like the primary; an HA pair runs in two clusters [multicluster:ha-pair]`,
        `'primaryEndPoint' is required for an HA pair (the primary CIS's health endpoint, e.g. "http://10.0.0.10:8080"); without it the secondary exits`,
      ],
    );
  });
});
