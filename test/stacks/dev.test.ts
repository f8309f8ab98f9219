import { homedir, tmpdir } from 'node:os';
import { ApiObject } from 'cdk8s';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { App } from '../../lib/core/app';
import { sha256 } from '../../lib/core/artifacts';
import { toCanonicalJson } from '../../lib/core/canonical';
import { synthesizeStack } from '../../lib/core/synth';
import { Testing } from '../../lib/testing/testing';
import { ManifestChart } from '../../lib/k8s/manifest-chart';
import { manifestFileName, renderManifest } from '../../lib/k8s/manifest-collector';
import { NPL_ANNOTATION } from '../../components/workloads/npl-service';
import { defineDev } from '../../stacks/dev';
import { kustomizationResources, type Doc } from '../helpers/fixture';

const CLUSTER = 'dev/k8s/vks-dev';
const SUPERVISOR = 'dev/k8s/supervisor/platform-dev';

function synthDev() {
  const app = new App();
  const stack = defineDev(app);
  return { app, stack, tree: Testing.synth(stack) };
}

const parse = (tree: Record<string, string>, path: string) => Testing.parse(tree, path) as Doc;

describe('the dev stack', () => {
  it('renders exactly the documented layout: one object per file, a kustomization per folder, index.json', () => {
    const { tree } = synthDev();
    expect(Object.keys(tree)).toEqual([
      'dev/.gitattributes',
      'dev/REVIEW.md',
      'dev/gitops/argocd/application-dev-supervisor-platform-dev.yaml',
      'dev/gitops/argocd/application-dev-vks-dev.yaml',
      'dev/gitops/argocd/kustomization.yaml',
      'dev/gitops/flux/gitrepository-dev-source.yaml',
      'dev/gitops/flux/kustomization-dev-supervisor-platform-dev.yaml',
      'dev/gitops/flux/kustomization-dev-vks-dev.yaml',
      'dev/gitops/flux/kustomization.yaml',
      `${SUPERVISOR}/antreaconfig-platform-dev-vks-dev-antrea-package.yaml`,
      `${SUPERVISOR}/kustomization.yaml`,
      `${CLUSTER}/clusterrole-k8s-bigip-ctlr.yaml`,
      `${CLUSTER}/clusterrolebinding-k8s-bigip-ctlr.yaml`,
      `${CLUSTER}/deployment-hello-world-f5-hello-world.yaml`,
      `${CLUSTER}/deployment-kube-system-k8s-bigip-ctlr.yaml`,
      `${CLUSTER}/ingressclass-f5.yaml`,
      `${CLUSTER}/kustomization.yaml`,
      `${CLUSTER}/namespace-hello-world.yaml`,
      `${CLUSTER}/service-hello-world-f5-hello-world.yaml`,
      `${CLUSTER}/serviceaccount-kube-system-k8s-bigip-ctlr.yaml`,
      `${CLUSTER}/virtualserver-hello-world-f5-hello-world.yaml`,
      'dev/index.json',
    ]);
    // Every object file holds one document whose kind, namespace and name give its file name.
    for (const [path, content] of Object.entries(tree)) {
      if (!path.startsWith('dev/k8s/') || !path.endsWith('.yaml') || path.endsWith('/kustomization.yaml'))
        continue;
      expect(content.includes('\n---'), path).toBe(false);
      expect(path.endsWith(`/${manifestFileName(parse(tree, path))}`), path).toBe(true);
    }
  });

  it('has the ClusterIP Service with the NPL annotation, selecting the pods of the Deployment', () => {
    const { tree } = synthDev();
    const service = parse(tree, `${CLUSTER}/service-hello-world-f5-hello-world.yaml`);
    expect(service.metadata.annotations).toEqual({ [NPL_ANNOTATION]: 'true' });
    expect(service.spec.type).toBe('ClusterIP');
    expect(Object.keys(service.spec.selector).length).toBeGreaterThan(0);
    expect(service.spec.ports).toEqual([
      { name: 'f5-hello-world', port: 8080, protocol: 'TCP', targetPort: 'f5-hello-world' },
    ]);
    const deployment = parse(tree, `${CLUSTER}/deployment-hello-world-f5-hello-world.yaml`);
    expect(deployment.spec.template.metadata.labels).toEqual(service.spec.selector);
  });

  it('has the application Deployment with a named container port matching the Service targetPort', () => {
    const { tree } = synthDev();
    const deployment = parse(tree, `${CLUSTER}/deployment-hello-world-f5-hello-world.yaml`);
    expect(deployment.spec.replicas).toBe(2);
    expect(deployment.spec.template.spec.containers).toEqual([
      {
        name: 'f5-hello-world',
        image: 'f5devcentral/f5-hello-world:latest',
        env: [{ name: 'service_name', value: 'f5-hello-world' }],
        ports: [{ name: 'f5-hello-world', containerPort: 8080, protocol: 'TCP' }],
      },
    ]);
  });

  it('has the CIS Deployment with --pool-member-type=nodeportlocal in custom-resource mode', () => {
    const { tree } = synthDev();
    const cis = parse(tree, `${CLUSTER}/deployment-kube-system-k8s-bigip-ctlr.yaml`);
    const args = cis.spec.template.spec.containers[0].args as string[];
    expect(args).toContain('--pool-member-type=nodeportlocal');
    expect(args).toContain('--custom-resource-mode=true');
    expect(args).toContain('--bigip-partition=vks_dev');
    expect(args).toContain('--bigip-url=https://192.0.2.245');
    expect(args).toContain('--trusted-certs-cfgmap=kube-system/bigip-ca');
    expect(args).toContain('--insecure=false');
  });

  it('has the VirtualServer labelled f5cr: "true" pointing at the Service', () => {
    const { tree } = synthDev();
    expect(parse(tree, `${CLUSTER}/virtualserver-hello-world-f5-hello-world.yaml`)).toEqual({
      apiVersion: 'cis.f5.com/v1',
      kind: 'VirtualServer',
      metadata: { name: 'f5-hello-world', namespace: 'hello-world', labels: { f5cr: 'true' } },
      spec: {
        partition: 'vks_dev',
        virtualServerAddress: '192.0.2.10',
        host: 'hello.dev.example.com',
        snat: 'auto',
        pools: [
          {
            path: '/',
            service: 'f5-hello-world',
            servicePort: 8080,
            loadBalancingMethod: 'round-robin',
            monitor: {
              type: 'http',
              interval: 5,
              timeout: 16,
              send: 'GET / HTTP/1.1\r\nHost: hello.dev.example.com\r\nConnection: close\r\n\r\n',
            },
          },
        ],
      },
    });
  });

  it('has the AntreaConfig <cluster>-antrea-package with nodePortLocal.enabled in the Supervisor folder', () => {
    const { tree } = synthDev();
    const antrea = parse(tree, `${SUPERVISOR}/antreaconfig-platform-dev-vks-dev-antrea-package.yaml`);
    expect(antrea.apiVersion).toBe('cni.tanzu.vmware.com/v1alpha1');
    expect(antrea.metadata).toEqual({ name: 'vks-dev-antrea-package', namespace: 'platform-dev' });
    expect(antrea.spec.antrea.config.nodePortLocal).toEqual({ enabled: true, portRange: '61000-62000' });
    expect(kustomizationResources(tree, SUPERVISOR)).toEqual([
      'antreaconfig-platform-dev-vks-dev-antrea-package.yaml',
    ]);
  });

  describe('kustomization.yaml', () => {
    it('lists every object file of its folder once, in apply order', () => {
      const { tree } = synthDev();
      // Namespaces first, then each object after what it depends on; ties by file name.
      expect(kustomizationResources(tree, CLUSTER)).toEqual([
        'namespace-hello-world.yaml',
        'clusterrole-k8s-bigip-ctlr.yaml',
        'serviceaccount-kube-system-k8s-bigip-ctlr.yaml',
        'clusterrolebinding-k8s-bigip-ctlr.yaml',
        'deployment-hello-world-f5-hello-world.yaml',
        'deployment-kube-system-k8s-bigip-ctlr.yaml',
        'ingressclass-f5.yaml',
        'service-hello-world-f5-hello-world.yaml',
        'virtualserver-hello-world-f5-hello-world.yaml',
      ]);
      const files = Object.keys(tree)
        .filter((p) => p.startsWith(`${CLUSTER}/`) && !p.endsWith('/kustomization.yaml'))
        .map((p) => p.slice(CLUSTER.length + 1));
      expect([...kustomizationResources(tree, CLUSTER)].sort()).toEqual(files.sort());
      expect(parse(tree, `${CLUSTER}/kustomization.yaml`).sortOptions).toEqual({ order: 'fifo' });
    });

    it('puts Namespaces first and every object after its Namespace', () => {
      const { tree } = synthDev();
      const order = kustomizationResources(tree, CLUSTER);
      const kinds = order.map((file) => parse(tree, `${CLUSTER}/${file}`).kind as string);
      const lastNamespace = kinds.lastIndexOf('Namespace');
      expect(kinds.slice(0, lastNamespace + 1).every((k) => k === 'Namespace')).toBe(true);
      order.forEach((file, index) => {
        const namespace = parse(tree, `${CLUSTER}/${file}`).metadata.namespace as string | undefined;
        const nsIndex = order.indexOf(`namespace-${namespace}.yaml`);
        if (nsIndex !== -1) expect(nsIndex, file).toBeLessThan(index);
      });
    });

    it('puts every object after what it depends on (node.addDependency)', () => {
      const { stack, tree } = synthDev();
      const fileOf = (o: ApiObject) => manifestFileName(renderManifest(o));
      const objectsUnder = (c: IConstruct) =>
        c.node.findAll().filter((x): x is ApiObject => x instanceof ApiObject);
      const charts = stack.node.findAll().filter((c): c is ManifestChart => c instanceof ManifestChart);
      let edges = 0;
      for (const chart of charts) {
        const folder = `dev/${chart.outputDir}`;
        const order = kustomizationResources(tree, folder);
        for (const construct of chart.node.findAll()) {
          for (const target of construct.node.dependencies) {
            for (const before of objectsUnder(target)) {
              for (const after of objectsUnder(construct)) {
                if (before === after || !order.includes(fileOf(before)) || !order.includes(fileOf(after)))
                  continue;
                edges++;
                expect(
                  order.indexOf(fileOf(before)),
                  `${fileOf(after)} after ${fileOf(before)}`,
                ).toBeLessThan(order.indexOf(fileOf(after)));
              }
            }
          }
        }
      }
      // Deployment -> ServiceAccount/Binding, Binding -> Role/ServiceAccount, VS -> Service, … (an object's
      // Namespace is an implicit edge of the collector, tested above).
      expect(edges).toBeGreaterThanOrEqual(5);
    });
  });

  describe('index.json', () => {
    it('lists every other file with its sha256 and an output hash over them', () => {
      const { tree } = synthDev();
      const index = parse(tree, 'dev/index.json');
      const expected = Object.fromEntries(
        Object.entries(tree)
          .filter(([path]) => path !== 'dev/index.json')
          .map(([path, content]) => [path.slice('dev/'.length), sha256(content)]),
      );
      expect(index.files).toEqual(expected);
      expect(index.outputHash).toBe(sha256(toCanonicalJson(expected)));
    });

    it('records the stack, its clusters, devices and partitions', () => {
      const { tree } = synthDev();
      const index = parse(tree, 'dev/index.json');
      expect(index.stack).toBe('dev');
      expect(index.description).toBe(
        'One VKS cluster on VDS, Antrea NodePortLocal, CIS in nodeportlocal mode',
      );
      expect(index.clusters).toEqual([
        {
          name: 'vks-dev',
          path: 'dev/Cluster',
          vsphereNamespace: 'platform-dev',
          cni: 'antrea',
          networking: 'vds',
          podCidrs: ['192.168.0.0/16'],
          serviceCidrs: ['10.96.0.0/12'],
          nodeAddresses: [],
          nodePortLocalEnabled: true,
          folder: 'k8s/vks-dev',
        },
      ]);
      expect(index.devices).toEqual([
        { name: expect.any(String), url: 'https://192.0.2.245', path: 'dev/Bigip' },
      ]);
      expect(index.partitions).toEqual([
        {
          name: `${index.devices[0].name}/vks_dev`,
          device: index.devices[0].name,
          partition: 'vks_dev',
          owner: 'cis',
          path: 'dev/VksDevPartition',
        },
      ]);
    });
  });

  it('is byte-for-byte deterministic: two syntheses in two apps give identical files', () => {
    const first = synthDev().tree;
    const second = synthDev().tree;
    expect(Object.keys(second)).toEqual(Object.keys(first));
    for (const path of Object.keys(first)) expect(second[path], path).toBe(first[path]);
    expect(synthesizeStack(defineDev(new App())).outputHash).toBe(
      synthesizeStack(defineDev(new App())).outputHash,
    );
  });

  it('contains no absolute paths, environment values or timestamps', () => {
    const { tree } = synthDev();
    // (`/tmp/creds` is where the CIS container mounts its login Secret: a path inside the pod, not of this host.)
    const forbidden = [process.cwd(), homedir(), __dirname, `${tmpdir()}/vks`].filter((p) => p.length > 1);
    for (const [path, content] of Object.entries(tree)) {
      for (const text of forbidden) expect(content.includes(text), `${path} contains ${text}`).toBe(false);
      expect(content, path).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
      expect(content, path).not.toContain(String(new Date().getFullYear()));
      expect(content.endsWith('\n'), path).toBe(true);
      expect(content.includes('\r\n'), path).toBe(false);
    }
  });

  it('raises no unacknowledged warning (the latest-only demo image is acknowledged)', () => {
    expect(synthesizeStack(defineDev(new App())).warnings).toEqual([]);
  });
});
