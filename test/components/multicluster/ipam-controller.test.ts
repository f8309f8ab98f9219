import { Duration } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { synthesizeStack } from '../../../lib/core/synth';
import { Testing } from '../../../lib/testing/testing';
import { PoolMemberType } from '../../../components/cis/cis-controller';
import { F5VirtualServer } from '../../../components/cis/f5-virtual-server';
import { F5IngressLink } from '../../../components/cis/f5-ingress-link';
import {
  CisHealthMonitorType,
  CisLoadBalancerService,
} from '../../../components/multicluster/cis-load-balancer-service';
import {
  IpamController,
  IpamOrchestration,
  IpamProvider,
} from '../../../components/multicluster/ipam-controller';
import { NodePortService } from '../../../components/workloads/node-port-service';
import { VksCluster } from '../../../components/workloads/vks-cluster';
import { CisController } from '../../../components/cis/cis-controller';
import { BigipPartition } from '../../../components/bigip/bigip-partition';
import { expectValidationErrors, synthProblems } from '../../helpers/expect-errors';
import { fixture, k8sObject } from '../../helpers/fixture';
import { multiClusterFixture } from '../../helpers/multicluster-fixture';
import { MultiCluster } from '../../../components/multicluster/multi-cluster';

const RANGES = {
  Dev: ['2001:db8:3::7-2001:db8:3::9'],
  Test: ['2001:db8:4::7-2001:db8:4::9', '10.8.0.10-10.8.0.20'],
};

/** One cluster with CIS in nodeport mode and ipam on. */
const ipamFixture = (cis: Record<string, unknown> = {}) =>
  fixture({
    cluster: { nodePortLocalEnabled: false },
    cis: { poolMemberType: PoolMemberType.NODE_PORT, ipam: true, enableIpv6: true, ...cis },
  });

const lb = (
  cluster: VksCluster,
  props: Partial<ConstructorParameters<typeof CisLoadBalancerService>[2]> = {},
) =>
  new CisLoadBalancerService(cluster, 'Lb', {
    name: 'svc-lb1',
    selector: { app: 'f5-demo' },
    port: 80,
    portName: 'svc-lb1-80',
    ...props,
  });

describe('IpamController', () => {
  it('renders the F5 IPAM Controller: typed --ip-range with IPv4 and IPv6 ranges, namespaces, log level, database volume, RBAC', () => {
    const f = ipamFixture();
    new IpamController(f.cluster, 'Ipam', { ipRanges: RANGES, storageClassName: 'vsan-default' });
    const tree = Testing.synth(f.stack);
    const deployment = k8sObject(tree, 'Deployment', 'kube-system', 'f5-ipam-controller');
    const container = deployment.spec.template.spec.containers[0];
    expect(container.args).toEqual([
      '--orchestration=kubernetes',
      '--ipam-provider=f5-ip-provider',
      '--ip-range={"Dev":"2001:db8:3::7-2001:db8:3::9","Test":"2001:db8:4::7-2001:db8:4::9,10.8.0.10-10.8.0.20"}',
      '--namespace=kube-system',
      '--log-level=INFO',
    ]);
    expect(container.image).toBe('f5networks/f5-ipam-controller:0.1.11');
    expect(container.volumeMounts).toEqual([{ name: 'ipamdb', mountPath: '/app/ipamdb' }]);
    expect(deployment.spec.template.spec.securityContext).toMatchObject({ runAsUser: 1200, fsGroup: 1200 });
    expect(deployment.spec.template.spec.volumes).toEqual([
      { name: 'ipamdb', persistentVolumeClaim: { claimName: 'f5-ipam-controller-db' } },
    ]);
    const pvc = k8sObject(tree, 'PersistentVolumeClaim', 'kube-system', 'f5-ipam-controller-db');
    expect(pvc.spec).toEqual({
      accessModes: ['ReadWriteOnce'],
      storageClassName: 'vsan-default',
      resources: { requests: { storage: '1Gi' } },
    });
    expect(k8sObject(tree, 'ClusterRole', undefined, 'f5-ipam-controller').rules).toEqual([
      {
        apiGroups: ['fic.f5.com'],
        resources: ['ipams', 'ipams/status'],
        verbs: ['get', 'list', 'watch', 'update', 'patch'],
      },
    ]);
  });

  it('renders the Infoblox provider with its credentials referenced, never rendered', () => {
    const f = ipamFixture();
    new IpamController(f.cluster, 'Ipam', {
      provider: IpamProvider.INFOBLOX,
      infobloxGridHost: '192.0.2.80',
      infobloxWapiVersion: '2.11.2',
      infobloxLabels: { Dev: { cidr: '10.8.128.0/17' } },
    });
    const tree = Testing.synth(f.stack);
    const spec = k8sObject(tree, 'Deployment', 'kube-system', 'f5-ipam-controller').spec.template.spec;
    expect(spec.containers[0].args).toEqual([
      '--orchestration=kubernetes',
      '--ipam-provider=infoblox',
      '--infoblox-grid-host=192.0.2.80',
      '--infoblox-wapi-version=2.11.2',
      '--infoblox-wapi-port=443',
      '--infoblox-netview=default',
      '--infoblox-labels={"Dev":{"cidr":"10.8.128.0/17"}}',
      '--credentials-directory=/tmp/creds',
      '--namespace=kube-system',
      '--log-level=INFO',
    ]);
    expect(spec.volumes).toEqual([
      { name: 'infoblox-creds', secret: { secretName: 'f5-ipam-infoblox-login' } },
    ]);
    expect(Object.keys(tree).some((p) => p.includes('persistentvolumeclaim'))).toBe(false);
  });

  it('fails when ranges are malformed, the provider props mismatch, or OpenShift is asked for', () => {
    const f = ipamFixture();
    expectValidationErrors(
      () =>
        new IpamController(f.cluster, 'Ipam', {
          orchestration: IpamOrchestration.OPENSHIFT,
          ipRanges: { Dev: ['10.0.0.9-10.0.0.1', '10.0.0.1-2001:db8::1'], x: [] },
          infobloxGridHost: 'grid.example.com',
        }),
      'test/Cluster/Ipam',
      [
        `'orchestration' "openshift" is not available: VKS clusters are Kubernetes, and the OpenShift route handling it would need is not rendered`,
        `'ipRanges[Dev][0]' must be a range "first-last" of two IPv4 or two IPv6 addresses with first <= last, got "10.0.0.9-10.0.0.1"`,
        `'ipRanges[Dev][1]' must be a range "first-last" of two IPv4 or two IPv6 addresses with first <= last, got "10.0.0.1-2001:db8::1"`,
        `'ipRanges key' must be an IPAM label of at least 3 characters starting with a letter (as the CRDs accept in ipamLabel), got "x"`,
        `'ipRanges[x]' must list at least one range "first-last"`,
        `'infobloxGridHost' applies to provider infoblox only`,
      ],
    );
  });

  it(`fails when a label in use is not one of the controller's ('ipam:unknown-label')`, () => {
    const f = ipamFixture();
    new IpamController(f.cluster, 'Ipam', { ipRanges: RANGES });
    const web = new NodePortService(f.cluster, 'Web', { selector: { app: 'web' }, port: 80 });
    new F5VirtualServer(f.cluster, 'Vs', {
      partition: f.partition,
      ipamLabel: 'Prod',
      pools: [{ service: web }],
    });
    lb(f.cluster, { ipamLabel: 'Dev' });
    expect(synthProblems(f.stack)).toEqual([
      {
        path: 'test/Cluster/Ipam',
        message: `[test/Cluster/Vs] uses 'ipamLabel' "Prod", which is not a label of this IPAM Controller (labels: Dev, Test); it would never get an address [ipam:unknown-label]`,
      },
    ]);
  });

  it(`fails when an IngressLink uses a label the controller lacks ('ipam:unknown-label')`, () => {
    const f = ipamFixture();
    new IpamController(f.cluster, 'Ipam', { ipRanges: RANGES });
    new F5IngressLink(f.cluster, 'Link', {
      partition: f.partition,
      namespace: 'nginx-ingress',
      ipamLabel: 'Staging',
      selector: { app: 'nginx-ingress' },
    });
    expect(synthProblems(f.stack).map((p) => p.message)).toContain(
      `[test/Cluster/Link] uses 'ipamLabel' "Staging", which is not a label of this IPAM Controller (labels: Dev, Test); it would never get an address [ipam:unknown-label]`,
    );
  });

  it(`fails when ranges overlap each other, a static VIP, or another cluster's range on the same BIG-IP ('ipam:range-overlap')`, () => {
    const f = ipamFixture();
    new IpamController(f.cluster, 'Ipam', {
      ipRanges: { Dev: ['10.8.0.10-10.8.0.20'], Test: ['10.8.0.20-10.8.0.30'] },
    });
    const web = new NodePortService(f.cluster, 'Web', { selector: { app: 'web' }, port: 80 });
    new F5VirtualServer(f.cluster, 'Vs', {
      partition: f.partition,
      virtualServerAddress: '10.8.0.25',
      pools: [{ service: web }],
    });
    const other = new VksCluster(f.stack, 'Other', { clusterName: 'c2', vsphereNamespace: 'vsphere-ns' });
    // Same BIG-IP; the second CIS writes its own partition.
    new CisController(other, 'Cis', {
      device: f.device,
      partition: new BigipPartition(f.stack, 'P2', { device: f.device, partitionName: 'k8s_c2' }),
      poolMemberType: PoolMemberType.NODE_PORT,
      trustedCertsConfigMap: 'kube-system/bigip-ca',
      ipam: true,
    });
    new IpamController(other, 'Ipam', { ipRanges: { Dev: ['10.8.0.5-10.8.0.11'] } });
    expect(synthProblems(f.stack).map((p) => `${p.path}: ${p.message}`)).toEqual([
      `test/Cluster/Ipam: range 10.8.0.10-10.8.0.20 (label "Dev") of [test/Cluster/Ipam] overlaps range 10.8.0.5-10.8.0.11 (label "Dev") of [test/Other/Ipam] on the same BIG-IP [ipam:range-overlap]`,
      `test/Cluster/Ipam: range 10.8.0.20-10.8.0.30 (label "Test") of [test/Cluster/Ipam] overlaps range 10.8.0.10-10.8.0.20 (label "Dev") of [test/Cluster/Ipam] on the same BIG-IP [ipam:range-overlap]`,
      `test/Cluster/Ipam: static VIP 10.8.0.25 of [test/Cluster/Vs] overlaps range 10.8.0.20-10.8.0.30 (label "Test") of [test/Cluster/Ipam] on the same BIG-IP [ipam:range-overlap]`,
    ]);
  });

  it(`fails when a cluster has two IPAM Controllers ('ipam:one-controller-per-cluster')`, () => {
    const f = ipamFixture();
    new IpamController(f.cluster, 'Ipam', { ipRanges: RANGES });
    new IpamController(f.cluster, 'Ipam2', { ipRanges: { Other: ['10.9.0.1-10.9.0.9'] }, name: 'fic-2' });
    expect(synthProblems(f.stack)).toEqual([
      {
        path: 'test/Cluster/Ipam2',
        message: `cluster "c1" already has the IPAM Controller [test/Cluster/Ipam]; run one per cluster [ipam:one-controller-per-cluster]`,
      },
    ]);
  });

  it(`fails when no CIS of the cluster has ipam on ('ipam:cis-ipam-off')`, () => {
    const f = ipamFixture({ ipam: false, enableIpv6: false });
    new IpamController(f.cluster, 'Ipam', { ipRanges: RANGES });
    lb(f.cluster, { ipamLabel: 'Dev' });
    expect(synthProblems(f.stack).map((p) => `${p.path}: ${p.message}`)).toEqual([
      `test/Cluster/Ipam: no CisController in cluster "c1" has 'ipam' true; without it CIS asks for no address and this IPAM Controller does nothing [ipam:cis-ipam-off]`,
      `test/Cluster/Lb: 'ipamLabel' "Dev" needs 'ipam: true' on [test/Cluster/Cis]; without it the Service never gets an address [ipam:cis-ipam-off]`,
    ]);
  });

  it(`fails when the IPAM Controller does not watch the CIS IPAM namespace ('ipam:namespace-not-watched')`, () => {
    const f = ipamFixture({ ipamNamespace: 'f5-ipam' });
    new IpamController(f.cluster, 'Ipam', { ipRanges: RANGES });
    expect(synthProblems(f.stack)).toEqual([
      {
        path: 'test/Cluster/Ipam',
        message: `[test/Cluster/Cis] creates its IPAM resource in namespace "f5-ipam", which 'watchNamespaces' (kube-system) does not include; CIS would wait for addresses forever [ipam:namespace-not-watched]`,
      },
    ]);
  });
});

describe('CisLoadBalancerService', () => {
  it('renders a LoadBalancer Service with every typed cis.f5.com annotation (seed 004)', () => {
    const f = ipamFixture();
    new IpamController(f.cluster, 'Ipam', { ipRanges: RANGES });
    lb(f.cluster, {
      ipamLabel: 'Test',
      health: [
        { interval: Duration.seconds(5), timeout: Duration.seconds(10) },
        { bigipMonitor: '/Common/tcp' },
        { type: CisHealthMonitorType.HTTP, targetPort: 8080 },
      ],
      policyName: 'test-policy',
      host: 'foo.example.com',
      partition: f.partition,
    });
    const service = k8sObject(Testing.synth(f.stack), 'Service', 'default', 'svc-lb1');
    expect(service.spec.type).toBe('LoadBalancer');
    expect(service.metadata.annotations).toEqual({
      'cis.f5.com/ipamLabel': 'Test',
      'cis.f5.com/health':
        '[{"interval":5,"timeout":10},{"name":"/Common/tcp","reference":"bigip"},{"type":"http","targetPort":8080}]',
      'cis.f5.com/policyName': 'test-policy',
      'cis.f5.com/host': 'foo.example.com',
      'cis.f5.com/partition': 'k8s',
    });
  });

  it('renders multiClusterServices weights and a static ip (multi-cluster default mode)', () => {
    const f = multiClusterFixture({ ha: false, build: false });
    new MultiCluster(f.stack, 'Shop', {
      controller: f.cisEast,
      clusters: [{ cluster: f.west, apiServer: 'https://192.0.2.12:6443', serviceTypeLBDiscovery: true }],
    });
    lb(f.east, { ip: '10.8.3.1', multiClusterServices: [{ cluster: f.west, weight: 50 }] });
    const service = k8sObject(Testing.synth(f.stack), 'Service', 'default', 'svc-lb1', { folder: 'east' });
    expect(service.metadata.annotations).toEqual({
      'cis.f5.com/ip': '10.8.3.1',
      'cis.f5.com/multiClusterServices': '[{"clusterName":"west","weight":50}]',
    });
  });

  it(`warns when both ip and ipamLabel are set: the ip wins ('ipam:ip-overrides-label')`, () => {
    const f = ipamFixture();
    lb(f.cluster, { ip: '10.8.3.1', ipamLabel: 'Test' });
    const warnings = synthesizeStack(f.stack).warnings.filter((w) => w.id === 'ipam:ip-overrides-label');
    expect(warnings).toEqual([
      {
        id: 'ipam:ip-overrides-label',
        path: 'test/Cluster/Lb',
        message: `sets both 'ip' "10.8.3.1" and 'ipamLabel' "Test"; CIS uses the ip and ignores the label`,
      },
    ]);
  });

  it(`fails when no CIS in custom-resource mode publishes it ('ipam:lb-service-needs-custom-resource-mode')`, () => {
    const f = ipamFixture({ customResourceMode: false, ipam: false, enableIpv6: false });
    lb(f.cluster, { ip: '10.8.3.1' });
    expect(synthProblems(f.stack)).toEqual([
      {
        path: 'test/Cluster/Lb',
        message: `no CisController in custom-resource mode in cluster "c1"; CIS would not publish this LoadBalancer Service [ipam:lb-service-needs-custom-resource-mode]`,
      },
    ]);
  });

  it('fails when it has neither ip nor ipamLabel', () => {
    const f = ipamFixture();
    expectValidationErrors(() => lb(f.cluster), 'test/Cluster/Lb', [
      `one of 'ip' and 'ipamLabel' is required: CIS gives a LoadBalancer Service without either no VIP`,
    ]);
  });
});
