import { Construct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { App } from '../../../lib/core/app';
import { Stack } from '../../../lib/core/stack';
import { Testing } from '../../../lib/testing/testing';
import { AntreaConfig } from '../../../lib/k8s/antrea';
import { VksCluster, type VksClusterProps } from '../../../components/workloads/vks-cluster';
import { Cni, Networking } from '../../../components/networking/cluster-network';
import { expectSynthProblems, expectValidationError } from '../../helpers/expect-errors';

const stack = () => new Stack(new App(), 'test');
const cluster = (props: Partial<VksClusterProps> = {}, s: Stack = stack()) =>
  new VksCluster(s, 'Cluster', { clusterName: 'c1', vsphereNamespace: 'vsphere-ns', ...props });

const ANTREA_PATH = 'test/k8s/supervisor/vsphere-ns/antreaconfig-vsphere-ns-c1-antrea-package.yaml';

describe('VksCluster', () => {
  it('default snapshot (NodePortLocal enabled)', () => {
    const s = stack();
    cluster({ nodePortLocalEnabled: true }, s);
    expect(Testing.synth(s)).toMatchSnapshot();
  });

  it('applies its defaults once, on public fields', () => {
    const c = cluster();
    expect(c.clusterName).toBe('c1');
    expect(c.vsphereNamespace).toBe('vsphere-ns');
    expect(c.cni).toBe(Cni.ANTREA);
    expect(c.networking).toBe(Networking.VDS);
    expect(c.podCidrs).toEqual(['192.168.0.0/16']);
    expect(c.serviceCidrs).toEqual(['10.96.0.0/12']);
    expect(c.nodeAddresses).toEqual([]);
    expect(c.nodePortLocalEnabled).toBe(false);
    expect(c.nodePortLocalPortRange).toBe('61000-62000');
    expect(c.outputDir).toBe('k8s/c1');
    expect(c.supervisor.outputDir).toBe('k8s/supervisor/vsphere-ns');
    expect(c.antreaConfig).toBeUndefined();
  });

  it('renders the AntreaConfig <cluster>-antrea-package into the Supervisor folder when NodePortLocal is on', () => {
    const s = stack();
    const c = cluster({ nodePortLocalEnabled: true, nodePortLocalPortRange: '40000-41000' }, s);
    const tree = Testing.synth(s);
    expect(c.antreaConfig).toBeInstanceOf(AntreaConfig);
    expect(Testing.parse(tree, ANTREA_PATH)).toEqual({
      apiVersion: 'cni.tanzu.vmware.com/v1alpha1',
      kind: 'AntreaConfig',
      metadata: { name: 'c1-antrea-package', namespace: 'vsphere-ns' },
      spec: {
        antrea: {
          config: {
            featureGates: { NodePortLocal: true },
            nodePortLocal: { enabled: true, portRange: '40000-41000' },
          },
        },
      },
    });
    expect(Testing.parse(tree, 'test/k8s/supervisor/vsphere-ns/kustomization.yaml')).toEqual({
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      resources: ['antreaconfig-vsphere-ns-c1-antrea-package.yaml'],
      sortOptions: { order: 'fifo' },
    });
    // The Supervisor object is not applied to the workload cluster.
    expect(Object.keys(tree).filter((p) => p.startsWith('test/k8s/c1/'))).toEqual([]);
  });

  it('renders no AntreaConfig without NodePortLocal, or when the Supervisor admin manages it', () => {
    const off = stack();
    cluster({}, off);
    expect(Object.keys(Testing.synth(off))).toEqual([
      'test/.gitattributes',
      'test/REVIEW.md',
      'test/index.json',
    ]);

    const unmanaged = stack();
    const c = cluster({ nodePortLocalEnabled: true, manageAntreaConfig: false }, unmanaged);
    expect(c.antreaConfig).toBeUndefined();
    expect(c.nodePortLocalEnabled).toBe(true);
    expect(Object.keys(Testing.synth(unmanaged))).toEqual([
      'test/.gitattributes',
      'test/REVIEW.md',
      'test/index.json',
    ]);
  });

  it('shares the Supervisor folder with other clusters of the same vSphere namespace', () => {
    const s = stack();
    cluster({ nodePortLocalEnabled: true }, s);
    new VksCluster(s, 'Second', {
      clusterName: 'c2',
      vsphereNamespace: 'vsphere-ns',
      nodePortLocalEnabled: true,
    });
    const tree = Testing.synth(s);
    expect(Testing.parse(tree, 'test/k8s/supervisor/vsphere-ns/kustomization.yaml')).toMatchObject({
      resources: [
        'antreaconfig-vsphere-ns-c1-antrea-package.yaml',
        'antreaconfig-vsphere-ns-c2-antrea-package.yaml',
      ],
    });
  });

  it('records itself in the clusters section of index.json', () => {
    const s = stack();
    cluster(
      {
        cni: Cni.CALICO,
        networking: Networking.NSX,
        podCidrs: ['100.96.0.0/11'],
        serviceCidrs: ['100.64.0.0/13', 'fd00:10:96::/112'],
        nodeAddresses: ['10.0.0.11', '10.0.0.12'],
      },
      s,
    );
    expect((Testing.parse(Testing.synth(s), 'test/index.json') as { clusters: unknown }).clusters).toEqual([
      {
        name: 'c1',
        path: 'test/Cluster',
        vsphereNamespace: 'vsphere-ns',
        cni: 'calico',
        networking: 'nsx',
        podCidrs: ['100.96.0.0/11'],
        serviceCidrs: ['100.64.0.0/13', 'fd00:10:96::/112'],
        nodeAddresses: ['10.0.0.11', '10.0.0.12'],
        nodePortLocalEnabled: false,
        folder: 'k8s/c1',
      },
    ]);
  });

  it('ensureNamespace creates one Namespace per name and none for built-in namespaces', () => {
    const s = stack();
    const c = cluster({}, s);
    for (const builtIn of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) {
      expect(c.ensureNamespace(builtIn)).toBeUndefined();
    }
    const first = c.ensureNamespace('apps');
    expect(first).toBeDefined();
    expect(c.ensureNamespace('apps')).toBe(first);
    expect(first?.node.path).toBe('test/Cluster/Namespace-apps');
    expect(Testing.parse(Testing.synth(s), 'test/k8s/c1/namespace-apps.yaml')).toEqual({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'apps' },
    });
  });

  it('VksCluster.enclosing finds the cluster of a construct', () => {
    const c = cluster();
    const deep = new Construct(new Construct(c, 'Group'), 'Thing');
    expect(VksCluster.enclosing(deep)).toBe(c);
  });

  it('is not confused with other charts by instanceof', () => {
    const c = cluster();
    expect(c instanceof VksCluster).toBe(true);
    expect(c.supervisor instanceof VksCluster).toBe(false);
  });

  describe('fails when', () => {
    it.each(['C1', 'c_1', '-c1', 'a'.repeat(64)])('clusterName is %j', (clusterName) => {
      expectValidationError(
        () => cluster({ clusterName }),
        'test/Cluster',
        `'clusterName' must be a DNS-1123 label (lower-case letters, digits and "-", at most 63 characters), got ${JSON.stringify(clusterName)}`,
      );
    });

    it('clusterName is "supervisor"', () => {
      expectValidationError(
        () => cluster({ clusterName: 'supervisor' }),
        'test/Cluster',
        `'clusterName' must not be "supervisor": dist/<stack>/k8s/supervisor/ holds Supervisor objects`,
      );
    });

    it('vsphereNamespace is not a DNS label', () => {
      expectValidationError(
        () => cluster({ vsphereNamespace: 'Platform' }),
        'test/Cluster',
        `'vsphereNamespace' must be a DNS-1123 label (lower-case letters, digits and "-", at most 63 characters), got "Platform"`,
      );
    });

    it('cni is not a Cni', () => {
      expectValidationError(
        () => cluster({ cni: 'flannel' as Cni }),
        'test/Cluster',
        `'cni' must be one of "antrea", "calico", "cilium", got "flannel"`,
      );
    });

    it('networking is not a Networking', () => {
      expectValidationError(
        () => cluster({ networking: 'ovs' as Networking }),
        'test/Cluster',
        `'networking' must be one of "vds", "nsx", got "ovs"`,
      );
    });

    it('podCidrs is empty', () => {
      expectValidationError(
        () => cluster({ podCidrs: [] }),
        'test/Cluster',
        `'podCidrs' must list at least one CIDR block, got []`,
      );
    });

    it('serviceCidrs is empty', () => {
      expectValidationError(
        () => cluster({ serviceCidrs: [] }),
        'test/Cluster',
        `'serviceCidrs' must list at least one CIDR block, got []`,
      );
    });

    it('a podCidrs entry is not a CIDR block', () => {
      expectValidationError(
        () => cluster({ podCidrs: ['192.168.0.0/16', '10.0.0.0/33'] }),
        'test/Cluster',
        `'podCidrs[1]' must be a CIDR block such as "192.168.0.0/16", got "10.0.0.0/33"`,
      );
    });

    it('a serviceCidrs entry is not a CIDR block', () => {
      expectValidationError(
        () => cluster({ serviceCidrs: ['10.96.0.1'] }),
        'test/Cluster',
        `'serviceCidrs[0]' must be a CIDR block such as "192.168.0.0/16", got "10.96.0.1"`,
      );
    });

    it('podCidrs overlap serviceCidrs', () => {
      expectValidationError(
        () => cluster({ podCidrs: ['10.0.0.0/8'], serviceCidrs: ['10.96.0.0/12'] }),
        'test/Cluster',
        `'podCidrs' "10.0.0.0/8" overlaps 'serviceCidrs' "10.96.0.0/12"; pods and Services need disjoint ranges`,
      );
    });

    it('a nodeAddresses entry is not an IP address', () => {
      expectValidationError(
        () => cluster({ nodeAddresses: ['10.0.0.1', 'node-2'] }),
        'test/Cluster',
        `'nodeAddresses[1]' must be an IPv4 or IPv6 address, got "node-2"`,
      );
    });

    it('nodePortLocalEnabled is set on a Calico cluster', () => {
      expectValidationError(
        () => cluster({ cni: Cni.CALICO, nodePortLocalEnabled: true }),
        'test/Cluster',
        `'nodePortLocalEnabled' needs cni Cni.ANTREA (NodePortLocal is an Antrea feature), got cni "calico"`,
      );
    });

    it.each(['61000', '61000:62000', 'a-b'])('nodePortLocalPortRange is not "first-last" (%j)', (range) => {
      expectValidationError(
        () => cluster({ nodePortLocalEnabled: true, nodePortLocalPortRange: range }),
        'test/Cluster',
        `'nodePortLocalPortRange' must be a port range "first-last" such as "61000-62000", got ${JSON.stringify(range)}`,
      );
    });

    it.each(['62000-61000', '0-100', '60000-70000'])(
      'nodePortLocalPortRange is out of bounds (%j)',
      (range) => {
        expectValidationError(
          () => cluster({ nodePortLocalEnabled: true, nodePortLocalPortRange: range }),
          'test/Cluster',
          `'nodePortLocalPortRange' must be "first-last" with 1 <= first <= last <= 65535, got ${JSON.stringify(range)}`,
        );
      },
    );

    it('two clusters of one stack share a clusterName', () => {
      const s = stack();
      new VksCluster(s, 'First', { clusterName: 'c1', vsphereNamespace: 'ns-a' });
      new VksCluster(s, 'Second', { clusterName: 'c1', vsphereNamespace: 'ns-b' });
      expectSynthProblems(s, [
        { path: 'test/Second', message: `'clusterName' "c1" is already used by [test/First] in this stack` },
      ]);
    });

    it('ensureNamespace gets a name that is not a DNS label', () => {
      const c = cluster();
      expectValidationError(
        () => c.ensureNamespace('Apps'),
        'test/Cluster',
        `'namespace' must be a DNS-1123 label (lower-case letters, digits and "-", at most 63 characters), got "Apps"`,
      );
    });

    it('a construct that needs a cluster is created outside one', () => {
      const s = stack();
      const outside = new Construct(s, 'Loose');
      expectValidationError(
        () => VksCluster.enclosing(outside),
        'test/Loose',
        `must be created inside a VksCluster (new X(cluster, 'Id', …)), but its scopes are test/Loose`,
      );
    });
  });
});
