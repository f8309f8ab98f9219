import { describe, expect, it } from 'vitest';
import { Testing } from '../../../lib/testing/testing';
import { ClusterIpService } from '../../../components/workloads/cluster-ip-service';
import { NodePortService } from '../../../components/workloads/node-port-service';
import { NplService } from '../../../components/workloads/npl-service';
import { ServiceType } from '../../../components/workloads/service-backend';
import { PoolMemberType } from '../../../components/cis/cis-controller';
import { Cni } from '../../../components/networking/cluster-network';
import { expectValidationError, expectValidationErrors } from '../../helpers/expect-errors';
import { fixture, k8sObject } from '../../helpers/fixture';

const HELLO = { app: 'f5-hello-world' };

function calico() {
  return fixture({
    cluster: { cni: Cni.CALICO, nodePortLocalEnabled: false },
    cis: { poolMemberType: PoolMemberType.CLUSTER, staticRoutingMode: true },
  });
}

describe('ClusterIpService', () => {
  it('runs its own Deployment with the selector of seed 001 and a named target port', () => {
    const f = calico();
    const svc = new ClusterIpService(f.cluster, 'Hello', {
      name: 'f5-hello-world',
      image: 'f5devcentral/f5-hello-world:1.0.0',
      containerPort: 8080,
      selector: HELLO,
      labels: { team: 'web' },
      replicas: 2,
    });
    expect(svc.serviceType).toBe(ServiceType.CLUSTER_IP);
    expect(svc.nodePortLocal).toBe(false);
    const tree = Testing.synth(f.stack);
    const service = k8sObject(tree, 'Service', 'default', 'f5-hello-world');
    expect(service.metadata.labels).toEqual({ team: 'web', app: 'f5-hello-world' });
    expect(service.spec).toEqual({
      type: 'ClusterIP',
      selector: HELLO,
      ports: [{ name: 'http', port: 8080, protocol: 'TCP', targetPort: 'http' }],
    });
    const deployment = k8sObject(tree, 'Deployment', 'default', 'f5-hello-world');
    expect(deployment.spec.replicas).toBe(2);
    expect(deployment.spec.selector.matchLabels).toEqual(HELLO);
    expect(deployment.spec.template.metadata.labels).toEqual(HELLO);
    expect(deployment.spec.template.spec.containers[0].ports).toEqual([
      { name: 'http', containerPort: 8080, protocol: 'TCP' },
    ]);
  });

  it('fronts existing pods by selector: no Deployment, numeric target port', () => {
    const f = calico();
    const svc = new ClusterIpService(f.cluster, 'Ingress', {
      name: 'contour',
      selector: { 'app.kubernetes.io/name': 'envoy' },
      containerPort: 8443,
      servicePort: 443,
      portName: 'https',
    });
    expect(svc.deployment).toBeUndefined();
    const tree = Testing.synth(f.stack);
    expect(Object.keys(tree).some((p) => p.includes('deployment-default-contour'))).toBe(false);
    expect(k8sObject(tree, 'Service', 'default', 'contour').spec.ports).toEqual([
      { name: 'https', port: 443, protocol: 'TCP', targetPort: 8443 },
    ]);
  });

  it('fails when neither image nor selector is given, or replicas come without image', () => {
    const f = calico();
    expectValidationErrors(
      () => new ClusterIpService(f.cluster, 'X', { containerPort: 80, replicas: 2 } as never),
      'test/Cluster/X',
      [
        `one of 'image' (own Deployment) and 'selector' (existing pods) is required, got neither`,
        `'replicas' needs 'image': without it this construct renders no Deployment`,
      ],
    );
  });
});

describe('selectors, labels and own pods on the other backends', () => {
  it('NplService takes the selector of seed 001 and can front pods someone else deploys', () => {
    const f = fixture();
    const own = new NplService(f.cluster, 'Hello', {
      name: 'f5-hello-world',
      image: 'f5devcentral/f5-hello-world:1.0.0',
      containerPort: 8080,
      selector: HELLO,
    });
    const foreign = new NplService(f.cluster, 'Ingress', {
      name: 'ingress-npl',
      selector: { 'app.kubernetes.io/name': 'ingress-nginx' },
      containerPort: 443,
      portName: 'https',
    });
    expect(own.selector).toEqual(HELLO);
    expect(foreign.deployment).toBeUndefined();
    const tree = Testing.synth(f.stack);
    const svc = k8sObject(tree, 'Service', 'default', 'f5-hello-world');
    expect(svc.spec.selector).toEqual(HELLO);
    expect(svc.metadata.annotations).toEqual({ 'nodeportlocal.antrea.io/enabled': 'true' });
    expect(k8sObject(tree, 'Deployment', 'default', 'f5-hello-world').spec.selector.matchLabels).toEqual(
      HELLO,
    );
    expect(k8sObject(tree, 'Service', 'default', 'ingress-npl').spec.ports[0].targetPort).toBe(443);
  });

  it('NodePortService can run its own Deployment and carry labels', () => {
    const f = fixture({ cis: { poolMemberType: PoolMemberType.NODE_PORT } });
    new NodePortService(f.cluster, 'Web', {
      name: 'web',
      image: 'nginx:1.27.0',
      port: 80,
      targetPort: 8080,
      labels: { tier: 'front' },
    });
    const tree = Testing.synth(f.stack);
    const deployment = k8sObject(tree, 'Deployment', 'default', 'web');
    expect(deployment.spec.template.spec.containers[0].ports).toEqual([
      { name: 'http', containerPort: 8080, protocol: 'TCP' },
    ]);
    expect(k8sObject(tree, 'Service', 'default', 'web').metadata.labels).toEqual({
      tier: 'front',
      'app.kubernetes.io/name': 'web',
      'app.kubernetes.io/instance': 'c1',
    });
  });

  it('fails when a selector is empty', () => {
    const f = fixture();
    expectValidationError(
      () => new NodePortService(f.cluster, 'Ingress', { selector: {}, port: 80 }),
      'test/Cluster/Ingress',
      `'selector' must not be empty: a Service without a selector has no endpoints`,
    );
  });
});
