import { describe, expect, it } from 'vitest';
import { Annotations } from '../../../lib/core/annotations';
import { synthesizeStack } from '../../../lib/core/synth';
import { Testing } from '../../../lib/testing/testing';
import { PoolMemberType } from '../../../components/cis/cis-controller';
import { NPL_ANNOTATION, NplService } from '../../../components/workloads/npl-service';
import { Protocol, ServiceType } from '../../../components/workloads/service-backend';
import { Cni } from '../../../components/networking/cluster-network';
import { expectSynthProblems, expectValidationError } from '../../helpers/expect-errors';
import { fixture, k8sObject, kustomizationResources, nplService } from '../../helpers/fixture';

const APP = 'test/Cluster/App';
const DNS_LABEL_RULE = 'a DNS-1123 label (lower-case letters, digits and "-", at most 63 characters)';
const IANA_RULE = 'an IANA service name (1–15 lower-case letters, digits and "-", with at least one letter)';

describe('NplService', () => {
  it('default snapshot', () => {
    const { stack, cluster } = fixture();
    nplService(cluster);
    expect(Testing.synth(stack)).toMatchSnapshot();
  });

  it('applies its defaults once, on public fields', () => {
    const { cluster } = fixture();
    const svc = nplService(cluster);
    expect(svc.serviceName).toBe('app-2e44fcaf');
    expect(svc.namespace).toBe('default');
    expect(svc.serviceType).toBe(ServiceType.CLUSTER_IP);
    expect(svc.nodePortLocal).toBe(true);
    expect(svc.replicas).toBe(1);
    expect(svc.image).toBe('nginx:1.27.0');
    expect(svc.ports).toEqual([{ name: 'http', port: 8080, protocol: Protocol.TCP }]);
    expect(svc.selector).toEqual({
      'app.kubernetes.io/name': 'app-2e44fcaf',
      'app.kubernetes.io/instance': 'c1',
    });
    expect(svc.cluster).toBe(cluster);
  });

  it('renders a ClusterIP Service with the NPL annotation, a non-empty selector and a named targetPort', () => {
    const { stack, cluster } = fixture();
    nplService(cluster, { name: 'web', namespace: 'shop', servicePort: 80, portName: 'web' });
    const tree = Testing.synth(stack);
    const service = k8sObject(tree, 'Service', 'shop', 'web');
    expect(service.metadata.annotations).toEqual({ [NPL_ANNOTATION]: 'true' });
    expect(NPL_ANNOTATION).toBe('nodeportlocal.antrea.io/enabled');
    expect(service.spec).toEqual({
      type: 'ClusterIP',
      selector: { 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/instance': 'c1' },
      ports: [{ name: 'web', port: 80, protocol: 'TCP', targetPort: 'web' }],
    });
  });

  it('renders a Deployment whose pods match the selector and declare the named container port', () => {
    const { stack, cluster } = fixture();
    nplService(cluster, {
      name: 'web',
      namespace: 'shop',
      portName: 'web',
      replicas: 3,
      env: { B: '2', A: '1' },
    });
    const tree = Testing.synth(stack);
    const service = k8sObject(tree, 'Service', 'shop', 'web');
    const deployment = k8sObject(tree, 'Deployment', 'shop', 'web');
    expect(deployment.spec.replicas).toBe(3);
    expect(deployment.spec.selector.matchLabels).toEqual(service.spec.selector);
    expect(deployment.spec.template.metadata.labels).toEqual(service.spec.selector);
    expect(deployment.spec.template.spec.containers).toEqual([
      {
        name: 'web',
        image: 'nginx:1.27.0',
        ports: [{ name: 'web', containerPort: 8080, protocol: 'TCP' }],
        env: [
          { name: 'B', value: '2' },
          { name: 'A', value: '1' },
        ],
      },
    ]);
    // Every Service targetPort resolves to a named container port.
    const containerPortNames = deployment.spec.template.spec.containers[0].ports.map(
      (p: { name: string }) => p.name,
    );
    for (const port of service.spec.ports) expect(containerPortNames).toContain(port.targetPort);
  });

  it('creates its namespace and applies Namespace, then Deployment and Service', () => {
    const { stack, cluster } = fixture();
    nplService(cluster, { name: 'web', namespace: 'shop' });
    const order = kustomizationResources(Testing.synth(stack), 'test/k8s/c1');
    expect(order.indexOf('namespace-shop.yaml')).toBe(0);
    expect(order.indexOf('deployment-shop-web.yaml')).toBeGreaterThan(0);
    expect(order.indexOf('service-shop-web.yaml')).toBeGreaterThan(0);
  });

  it('may be a LoadBalancer Service and keeps the annotation', () => {
    const { stack, cluster } = fixture();
    const svc = nplService(cluster, { name: 'web', serviceType: ServiceType.LOAD_BALANCER });
    expect(svc.serviceType).toBe(ServiceType.LOAD_BALANCER);
    const service = k8sObject(Testing.synth(stack), 'Service', 'default', 'web');
    expect(service.spec.type).toBe('LoadBalancer');
    expect(service.metadata.annotations[NPL_ANNOTATION]).toBe('true');
  });

  it('addPort adds a named port to the container and the Service, after construction too', () => {
    const { stack, cluster } = fixture();
    const svc = nplService(cluster, { name: 'dns', portName: 'dns-tcp', containerPort: 53 });
    const added = svc.addPort({ name: 'dns-udp', containerPort: 53, protocol: Protocol.UDP });
    const metrics = svc.addPort({ name: 'metrics', containerPort: 9153, servicePort: 9100 });
    expect(added).toEqual({ name: 'dns-udp', port: 53, protocol: Protocol.UDP });
    expect(metrics).toEqual({ name: 'metrics', port: 9100, protocol: Protocol.TCP });
    expect(svc.ports.map((p) => p.name)).toEqual(['dns-tcp', 'dns-udp', 'metrics']);
    const tree = Testing.synth(stack);
    expect(k8sObject(tree, 'Service', 'default', 'dns').spec.ports).toEqual([
      { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 'dns-tcp' },
      { name: 'dns-udp', port: 53, protocol: 'UDP', targetPort: 'dns-udp' },
      { name: 'metrics', port: 9100, protocol: 'TCP', targetPort: 'metrics' },
    ]);
    expect(k8sObject(tree, 'Deployment', 'default', 'dns').spec.template.spec.containers[0].ports).toEqual([
      { name: 'dns-tcp', containerPort: 53, protocol: 'TCP' },
      { name: 'dns-udp', containerPort: 53, protocol: 'UDP' },
      { name: 'metrics', containerPort: 9153, protocol: 'TCP' },
    ]);
  });

  describe('warning workload:unpinned-image', () => {
    it.each([
      'nginx',
      'nginx:latest',
      'registry.example.com:5000/team/app',
      'registry.example.com:5000/app:latest',
    ])('is raised for %j', (image) => {
      const { stack, cluster } = fixture();
      nplService(cluster, { image });
      expect(synthesizeStack(stack).warnings).toEqual([
        {
          id: 'workload:unpinned-image',
          path: APP,
          message: `image ${JSON.stringify(image)} is not pinned to a tag or digest; rollouts are not reproducible`,
        },
      ]);
    });

    it.each(['nginx:1.27.0', 'registry.example.com:5000/app:1.0', `nginx@sha256:${'a'.repeat(64)}`])(
      'is not raised for %j',
      (image) => {
        const { stack, cluster } = fixture();
        nplService(cluster, { image });
        expect(synthesizeStack(stack).warnings).toEqual([]);
      },
    );

    it('can be acknowledged with a reason', () => {
      const { stack, cluster } = fixture();
      const svc = nplService(cluster, { image: 'nginx' });
      Annotations.of(svc).acknowledgeWarning('workload:unpinned-image', 'demo');
      expect(synthesizeStack(stack).warnings).toEqual([]);
    });
  });

  describe('fails when', () => {
    it('image is empty', () => {
      const { cluster } = fixture();
      expectValidationError(
        () => nplService(cluster, { image: '' }),
        APP,
        `'image' must be a container image such as "registry.example.com/team/app:1.2.3" (no white space), got ""`,
      );
    });

    it.each([-1, 1.5, 10_001])('replicas is %j', (replicas) => {
      const { cluster } = fixture();
      expectValidationError(
        () => nplService(cluster, { replicas }),
        APP,
        `'replicas' must be an integer from 0 to 10000, got ${replicas}`,
      );
    });

    it('namespace is not a DNS label', () => {
      const { cluster } = fixture();
      expectValidationError(
        () => nplService(cluster, { namespace: 'Shop' }),
        APP,
        `'namespace' must be ${DNS_LABEL_RULE}, got "Shop"`,
      );
    });

    it('name is not a DNS label', () => {
      const { cluster } = fixture();
      expectValidationError(
        () => nplService(cluster, { name: 'web.app' }),
        APP,
        `'name' must be a DNS-1035 label (a lower-case letter, then lower-case letters, digits and "-", at most 63 characters), as Kubernetes requires of Service names, got "web.app"`,
      );
    });

    it('serviceType is NodePort', () => {
      const { cluster } = fixture();
      expectValidationError(
        () => nplService(cluster, { serviceType: 'NodePort' as ServiceType }),
        APP,
        `'serviceType' must be ClusterIP or LoadBalancer, got "NodePort": Antrea NodePortLocal ignores NodePort Services`,
      );
    });

    it('serviceType is ExternalName', () => {
      const { cluster } = fixture();
      expectValidationError(
        () => nplService(cluster, { serviceType: 'ExternalName' as ServiceType }),
        APP,
        `'serviceType' must be one of "ClusterIP", "NodePort", "LoadBalancer", got "ExternalName"`,
      );
    });

    it.each(['HTTP', 'http_alt', '8080', 'a-very-long-port-name', '-http'])('portName is %j', (portName) => {
      const { cluster } = fixture();
      expectValidationError(
        () => nplService(cluster, { portName }),
        APP,
        `'portName' must be ${IANA_RULE}, got ${JSON.stringify(portName)}`,
      );
    });

    it.each([0, 65536, 80.5])('containerPort is %j', (containerPort) => {
      const { cluster } = fixture();
      expectValidationError(
        () => nplService(cluster, { containerPort }),
        APP,
        `'containerPort' must be an integer from 1 to 65535, got ${containerPort}`,
      );
    });

    it('servicePort is out of range', () => {
      const { cluster } = fixture();
      expectValidationError(
        () => nplService(cluster, { servicePort: 70000 }),
        APP,
        `'servicePort' must be an integer from 1 to 65535, got 70000`,
      );
    });

    it('protocol is not a Protocol', () => {
      const { cluster } = fixture();
      expectValidationError(
        () => nplService(cluster, { protocol: 'tcp' as Protocol }),
        APP,
        `'protocol' must be one of "TCP", "UDP", "SCTP", got "tcp"`,
      );
    });

    it('protocol is SCTP', () => {
      const { cluster } = fixture();
      expectValidationError(
        () => nplService(cluster, { protocol: Protocol.SCTP }),
        APP,
        `'protocol' must be TCP or UDP, got "SCTP": NodePortLocal maps TCP and UDP ports only`,
      );
    });

    it('an added port reuses a port name', () => {
      const { cluster } = fixture();
      const svc = nplService(cluster);
      expectValidationError(
        () => svc.addPort({ name: 'http', containerPort: 9090 }),
        APP,
        `'ports[1].name' "http" is used twice; port names must be unique`,
      );
    });

    it('an added port reuses a Service port and protocol', () => {
      const { cluster } = fixture();
      const svc = nplService(cluster);
      expectValidationError(
        () => svc.addPort({ name: 'alt', containerPort: 9090, servicePort: 8080 }),
        APP,
        `'ports[1].servicePort' 8080/TCP is used twice; a Service port and protocol are unique`,
      );
    });

    it('an added port is invalid: the message names its index', () => {
      const { cluster } = fixture();
      const svc = nplService(cluster);
      expectValidationError(
        () => svc.addPort({ name: 'Metrics', containerPort: 9090 }),
        APP,
        `'ports[1].name' must be ${IANA_RULE}, got "Metrics"`,
      );
      expectValidationError(
        () => svc.addPort({ name: 'metrics', containerPort: 0 }),
        APP,
        `'ports[1].containerPort' must be an integer from 1 to 65535, got 0`,
      );
      expectValidationError(
        () => svc.addPort({ name: 'metrics', containerPort: 9090, servicePort: -1 }),
        APP,
        `'ports[1].servicePort' must be an integer from 1 to 65535, got -1`,
      );
      expectValidationError(
        () => svc.addPort({ name: 'metrics', containerPort: 9090, protocol: 'ICMP' as Protocol }),
        APP,
        `'ports[1].protocol' must be one of "TCP", "UDP", "SCTP", got "ICMP"`,
      );
      expectValidationError(
        () => svc.addPort({ name: 'metrics', containerPort: 9090, protocol: Protocol.SCTP }),
        APP,
        `'ports[1].protocol' must be TCP or UDP, got "SCTP": NodePortLocal maps TCP and UDP ports only`,
      );
    });

    it('it is created outside a VksCluster', () => {
      const { stack } = fixture();
      expectValidationError(
        () => new NplService(stack, 'App', { image: 'nginx:1', containerPort: 80 }),
        'test/App',
        `must be created inside a VksCluster (new X(cluster, 'Id', …)), but its scopes are test/App`,
      );
    });

    it('the cluster has no NodePortLocal and no CIS in nodeportlocal mode', () => {
      const { stack, cluster } = fixture({ cluster: { nodePortLocalEnabled: false }, cis: false });
      nplService(cluster);
      expectSynthProblems(stack, [
        {
          path: APP,
          message: `needs Antrea NodePortLocal, but cluster "c1" has cni "antrea" and nodePortLocalEnabled false; set 'nodePortLocalEnabled: true' on the VksCluster`,
        },
        {
          path: APP,
          message: `needs a CisController with poolMemberType nodeportlocal in cluster "c1", found no CisController`,
        },
      ]);
    });

    it('the cluster runs Calico', () => {
      const { stack, cluster } = fixture({
        cluster: { cni: Cni.CALICO, nodePortLocalEnabled: false },
        cis: { poolMemberType: PoolMemberType.CLUSTER, staticRoutingMode: true },
      });
      nplService(cluster);
      expectSynthProblems(stack, [
        {
          path: APP,
          message: `needs Antrea NodePortLocal, but cluster "c1" has cni "calico" and nodePortLocalEnabled false; set 'nodePortLocalEnabled: true' on the VksCluster`,
        },
        {
          path: APP,
          message: `needs a CisController with poolMemberType nodeportlocal in cluster "c1", found cluster`,
        },
      ]);
    });

    it('CIS of the cluster is in nodeport mode', () => {
      const { stack, cluster } = fixture({ cis: { poolMemberType: PoolMemberType.NODE_PORT } });
      nplService(cluster);
      expectSynthProblems(stack, [
        {
          path: APP,
          message: `needs a CisController with poolMemberType nodeportlocal in cluster "c1", found nodeport`,
        },
      ]);
    });
  });
});
