import { describe, expect, it } from 'vitest';
import { PoolMemberType } from '../../../components/cis/cis-controller';
import { F5TransportServer } from '../../../components/cis/f5-transport-server';
import { F5VirtualServer } from '../../../components/cis/f5-virtual-server';
import { Protocol, ServiceType } from '../../../components/workloads/service-backend';
import { ServiceRef } from '../../../components/workloads/service-ref';
import { synthesizeStack } from '../../../lib/core/synth';
import { Cni } from '../../../components/networking/cluster-network';
import { expectSynthProblems, expectValidationError } from '../../helpers/expect-errors';
import { fixture, k8sObject, Testing } from '../../helpers/fixture';

/** Cluster mode needs a CNI that routes pod IPs and a route to them: Calico with CIS static routing. */
function setup(poolMemberType = PoolMemberType.CLUSTER) {
  const routed = poolMemberType === PoolMemberType.CLUSTER;
  return fixture({
    cluster: routed ? { cni: Cni.CALICO, nodePortLocalEnabled: false } : {},
    cis: { poolMemberType, staticRoutingMode: routed },
  });
}

describe('ServiceRef.fromName', () => {
  it('is a pool backend for a Service another team deploys; nothing is rendered for it', () => {
    const f = setup();
    const api = ServiceRef.fromName(f.cluster, 'team-a', 'api', 8080, { portName: 'http' });
    new F5VirtualServer(f.cluster, 'Front', {
      partition: f.partition,
      namespace: 'team-a',
      name: 'front',
      virtualServerAddress: '192.0.2.10',
      pools: [{ service: api, servicePortName: 'http' }],
    });
    const tree = Testing.synth(f.stack);
    const vs = k8sObject(tree, 'VirtualServer', 'team-a', 'front');
    expect(vs.spec.pools).toEqual([
      { path: '/', service: 'api', servicePort: 'http', loadBalancingMethod: 'round-robin' },
    ]);
    expect(Object.values(tree).some((content) => /kind: Service\n/.test(content))).toBe(false);
  });

  it('returns the same reference for the same Service and adds further ports', () => {
    const f = setup();
    const first = ServiceRef.fromName(f.cluster, 'team-a', 'db', 5432);
    const again = ServiceRef.fromName(f.cluster, 'team-a', 'db', 5433, { protocol: Protocol.TCP });
    expect(again).toBe(first);
    expect(first.ports.map((p) => `${p.name}:${p.port}`)).toEqual(['port-5432:5432', 'port-5433:5433']);
    new F5TransportServer(f.cluster, 'Db', {
      partition: f.partition,
      namespace: 'team-a',
      name: 'db',
      virtualServerAddress: '192.0.2.20',
      virtualServerPort: 5433,
      service: first,
      servicePort: 5433,
    });
    expect(k8sObject(Testing.synth(f.stack), 'TransportServer', 'team-a', 'db').spec.pool).toMatchObject({
      service: 'db',
      servicePort: 5433,
    });
  });

  it('is checked against the pool member type like any Service', () => {
    const f = setup(PoolMemberType.NODE_PORT);
    const api = ServiceRef.fromName(f.cluster, 'default', 'api', 80);
    new F5VirtualServer(f.cluster, 'Front', {
      partition: f.partition,
      virtualServerAddress: '192.0.2.10',
      pools: [{ service: api }],
    });
    expectSynthProblems(f.stack, [
      {
        path: 'test/Cluster/Front',
        message:
          "'pools[0].service' Service default/api is ClusterIP, but [test/Cluster/Cis] uses pool member type nodeport, which needs NodePort or LoadBalancer Services",
      },
    ]);
    const g = setup(PoolMemberType.NODE_PORT);
    const known = ServiceRef.fromName(g.cluster, 'default', 'api', 80, {
      serviceType: ServiceType.NODE_PORT,
    });
    new F5VirtualServer(g.cluster, 'Front', {
      partition: g.partition,
      virtualServerAddress: '192.0.2.10',
      pools: [{ service: known }],
    });
    expect(synthesizeStack(g.stack).files.size).toBeGreaterThan(0);
  });

  describe('fails when', () => {
    it('the name is not a Service name', () => {
      const f = setup();
      expectValidationError(
        () => ServiceRef.fromName(f.cluster, 'default', 'Api_1', 80),
        'test/Cluster/ServiceRef.default.Api_1',
        /'name' must be/,
      );
    });

    it('the port is out of range', () => {
      const f = setup();
      expectValidationError(
        () => ServiceRef.fromName(f.cluster, 'default', 'api', 0),
        'test/Cluster/ServiceRef.default.api',
        `'port' must be an integer from 1 to 65535, got 0`,
      );
    });

    it('a construct asks it for labels (it is not deployed here)', () => {
      const f = setup();
      const api = ServiceRef.fromName(f.cluster, 'default', 'api', 80);
      api.addServiceLabels({ 'cis.f5.com/as3-tenant': 'k8s' }, f.partition);
      expectSynthProblems(f.stack, [
        {
          path: 'test/Cluster/ServiceRef.default.api',
          message:
            'Service default/api is not deployed by this stack, so it cannot carry the labels [test/Partition] (cis.f5.com/as3-tenant=k8s) asks for; label it where it is deployed, or deploy it with a Service construct',
        },
      ]);
    });
  });
});
