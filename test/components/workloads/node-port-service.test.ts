import { describe, expect, it } from 'vitest';
import { NodePortService, type NodePortServiceProps } from '../../../components/workloads/node-port-service';
import { Protocol, ServiceType } from '../../../components/workloads/service-backend';
import { VksCluster } from '../../../components/workloads/vks-cluster';
import { shortHash } from '../../../lib/core/names';
import { synthesizeStack } from '../../../lib/core/synth';
import { expectValidationError, synthProblems } from '../../helpers/expect-errors';
import { k8sObject } from '../../helpers/fixture';
import { as3Fixture, Testing } from '../../helpers/as3-fixture';

const SELECTOR = { 'app.kubernetes.io/name': 'ingress-nginx' };

function setup() {
  return as3Fixture({ stackPartition: false });
}

function k8sFiles(tree: Record<string, string>) {
  return Object.fromEntries(Object.entries(tree).filter(([path]) => path.startsWith('test/k8s/c1/')));
}

describe('NodePortService', () => {
  it('snapshot of the default case', () => {
    const f = setup();
    new NodePortService(f.cluster, 'Ingress', { selector: SELECTOR, port: 80 });
    expect(k8sFiles(Testing.synth(f.stack))).toMatchSnapshot();
  });

  it('defaults: NodePort in namespace default, port name http, TCP, targetPort = port, name from the path', () => {
    const f = setup();
    const svc = new NodePortService(f.cluster, 'Ingress', { selector: SELECTOR, port: 80 });
    expect(svc.serviceName).toBe(`ingress-${shortHash('Cluster/Ingress')}`);
    expect(svc.namespace).toBe('default');
    expect(svc.serviceType).toBe(ServiceType.NODE_PORT);
    expect(svc.nodePortLocal).toBe(false);
    expect(svc.cluster).toBe(f.cluster);
    expect(svc.ports).toEqual([{ name: 'http', port: 80, protocol: Protocol.TCP, nodePort: undefined }]);
    expect(k8sObject(Testing.synth(f.stack), 'Service', 'default', svc.serviceName)).toEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: svc.serviceName, namespace: 'default' },
      spec: {
        ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 80 }],
        selector: SELECTOR,
        type: 'NodePort',
      },
    });
  });

  it('renders a fixed node port, a LoadBalancer type, its own namespace and more ports', () => {
    const f = setup();
    const svc = new NodePortService(f.cluster, 'Ingress', {
      name: 'ingress-nginx',
      namespace: 'ingress-nginx',
      selector: SELECTOR,
      port: 443,
      portName: 'https',
      targetPort: 8443,
      nodePort: 30443,
      serviceType: ServiceType.LOAD_BALANCER,
    });
    const added = svc.addPort({ name: 'dns', port: 53, nodePort: 30053, protocol: Protocol.UDP });
    expect(added).toEqual({ name: 'dns', port: 53, protocol: Protocol.UDP, nodePort: 30053 });
    const tree = Testing.synth(f.stack);
    expect(k8sObject(tree, 'Service', 'ingress-nginx', 'ingress-nginx').spec).toEqual({
      ports: [
        { name: 'https', nodePort: 30443, port: 443, protocol: 'TCP', targetPort: 8443 },
        { name: 'dns', nodePort: 30053, port: 53, protocol: 'UDP', targetPort: 53 },
      ],
      selector: SELECTOR,
      type: 'LoadBalancer',
    });
    expect(k8sObject(tree, 'Namespace', undefined, 'ingress-nginx')).toMatchObject({ kind: 'Namespace' });
  });

  it('accepts the ends of the node port range and the same node port in two clusters', () => {
    const f = setup();
    new NodePortService(f.cluster, 'Low', { selector: SELECTOR, port: 80, nodePort: 30000 });
    new NodePortService(f.cluster, 'High', { selector: SELECTOR, port: 80, nodePort: 32767 });
    const other = new VksCluster(f.stack, 'Other', { clusterName: 'c2', vsphereNamespace: 'vsphere-ns' });
    new NodePortService(other, 'Low', { selector: SELECTOR, port: 80, nodePort: 30000 });
    expect(() => synthesizeStack(f.stack)).not.toThrow();
  });

  describe('fails when', () => {
    function expectServiceError(props: Partial<NodePortServiceProps>, detail: string) {
      const f = setup();
      expectValidationError(
        () => new NodePortService(f.cluster, 'Ingress', { selector: SELECTOR, port: 80, ...props }),
        'test/Cluster/Ingress',
        detail,
      );
    }

    it.each([29999, 32768, 30000.5])('nodePort is %j', (nodePort) => {
      expectServiceError({ nodePort }, `'nodePort' must be an integer from 30000 to 32767, got ${nodePort}`);
    });

    it('a node port is taken by another Service of the cluster', () => {
      const f = setup();
      new NodePortService(f.cluster, 'First', { selector: SELECTOR, port: 80, nodePort: 30080 });
      new NodePortService(f.cluster, 'Second', { selector: SELECTOR, port: 8080, nodePort: 30080 });
      expect(synthProblems(f.stack)).toEqual([
        {
          path: 'test/Cluster/Second',
          message: `'nodePort' 30080 is already taken by [test/Cluster/First] in cluster "c1"`,
        },
      ]);
    });

    it('a node port is used twice in one Service', () => {
      const f = setup();
      const svc = new NodePortService(f.cluster, 'Ingress', {
        selector: SELECTOR,
        port: 80,
        nodePort: 30080,
      });
      expectValidationError(
        () => svc.addPort({ name: 'https', port: 443, nodePort: 30080 }),
        'test/Cluster/Ingress',
        'node port 30080 is used twice',
      );
    });

    it('the selector is empty', () => {
      expectServiceError(
        { selector: {} },
        "'selector' must not be empty: a Service without a selector has no endpoints",
      );
    });

    it('a selector key is not a label key', () => {
      expectServiceError(
        { selector: { 'bad key': 'x' } },
        `'selector key' must be a Kubernetes label key, got "bad key"`,
      );
    });

    it('a selector value is not a label value', () => {
      expectServiceError(
        { selector: { app: 'a'.repeat(64) } },
        `'selector[app]' must be a Kubernetes label value (at most 63 characters), got "${'a'.repeat(64)}"`,
      );
    });

    it.each([0, 65536])('port is %j', (port) => {
      expectServiceError({ port }, `'port' must be an integer from 1 to 65535, got ${port}`);
    });

    it('targetPort is out of range', () => {
      expectServiceError({ targetPort: 70000 }, "'targetPort' must be an integer from 1 to 65535, got 70000");
    });

    it.each(['HTTP', 'a-very-long-port-name', '80', 'web_port'])('portName is %j', (portName) => {
      expectServiceError(
        { portName },
        `'portName' must be an IANA service name (1–15 lower-case letters, digits and "-", with at least one letter), got ${JSON.stringify(portName)}`,
      );
    });

    it('a port name is used twice', () => {
      const f = setup();
      const svc = new NodePortService(f.cluster, 'Ingress', { selector: SELECTOR, port: 80 });
      expectValidationError(
        () => svc.addPort({ name: 'http', port: 8080 }),
        'test/Cluster/Ingress',
        'port name "http" is used twice; port names must be unique',
      );
    });

    it('an added port names its index', () => {
      const f = setup();
      const svc = new NodePortService(f.cluster, 'Ingress', { selector: SELECTOR, port: 80 });
      expectValidationError(
        () => svc.addPort({ name: 'https', port: 443, nodePort: 80 }),
        'test/Cluster/Ingress',
        "'ports[1].nodePort' must be an integer from 30000 to 32767, got 80",
      );
    });

    it('the protocol is unknown', () => {
      expectServiceError(
        { protocol: 'QUIC' as Protocol },
        `'protocol' must be one of "TCP", "UDP", "SCTP", got "QUIC"`,
      );
    });

    it('serviceType is ClusterIP', () => {
      expectServiceError(
        { serviceType: 'ClusterIP' as ServiceType },
        `'serviceType' must be NodePort or LoadBalancer, got "ClusterIP": a ClusterIP Service has no node port`,
      );
    });

    it('namespace is not a DNS label', () => {
      expectServiceError(
        { namespace: 'Ingress_NS' },
        `'namespace' must be a DNS-1123 label (lower-case letters, digits and "-", at most 63 characters), got "Ingress_NS"`,
      );
    });

    it('it is created outside a cluster', () => {
      const f = setup();
      expectValidationError(
        () => new NodePortService(f.stack, 'Ingress', { selector: SELECTOR, port: 80 }),
        'test/Ingress',
        "must be created inside a VksCluster (new X(cluster, 'Id', …)), but its scopes are test/Ingress",
      );
    });
  });
});
