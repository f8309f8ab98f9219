import { describe, expect, it } from 'vitest';
import { Testing } from '../../../lib/testing/testing';
import { F5IngressLink } from '../../../components/cis/f5-ingress-link';
import { MultiClusterPoolMode } from '../../../components/multicluster/extended-spec';
import { NodePortService } from '../../../components/workloads/node-port-service';
import { VksCluster } from '../../../components/workloads/vks-cluster';
import { checkConformance, cisCrdsAvailable } from '../../helpers/cis-crd';
import { synthProblems } from '../../helpers/expect-errors';
import { k8sObject } from '../../helpers/fixture';
import { multiClusterFixture } from '../../helpers/multicluster-fixture';

/** The NGINX Ingress Controller Service of one cluster (a NodePort Service, as CIS wants in multi-cluster). */
const nginx = (cluster: VksCluster) =>
  new NodePortService(cluster, 'Nginx', {
    name: 'nginx-ingress',
    namespace: 'nginx-ingress',
    selector: { app: 'nginx-ingress' },
    port: 443,
  });

type Fixture = ReturnType<typeof multiClusterFixture>;

const link = (f: Fixture, services: NodePortService[]) =>
  new F5IngressLink(f.east, 'Link', {
    partition: f.partition,
    name: 'nginx-ingress',
    namespace: 'nginx-ingress',
    virtualServerAddress: '192.0.2.80',
    multiClusterServices: services.map((service) => ({ service })),
  });

describe('F5IngressLink in a MultiCluster', () => {
  it('renders multiClusterServices of the clusters of the group (default mode)', () => {
    const f = multiClusterFixture({ ha: false });
    link(f, [nginx(f.east), nginx(f.west)]);
    const resource = k8sObject(Testing.synth(f.stack), 'IngressLink', 'nginx-ingress', 'nginx-ingress', {
      folder: 'east',
    });
    expect(resource.spec.multiClusterServices).toEqual([
      { clusterName: 'east', namespace: 'nginx-ingress', service: 'nginx-ingress' },
      { clusterName: 'west', namespace: 'nginx-ingress', service: 'nginx-ingress' },
    ]);
    if (cisCrdsAvailable()) {
      const result = checkConformance(resource);
      expect([...result.schemaErrors, ...result.celErrors]).toEqual([]);
    }
  });

  it(`fails when an IngressLink's multiClusterServices name a cluster outside the group ('multicluster:undeclared-cluster')`, () => {
    const f = multiClusterFixture({ ha: false });
    const south = new VksCluster(f.stack, 'South', { clusterName: 'south', vsphereNamespace: 'platform' });
    link(f, [nginx(f.east), nginx(south)]);
    expect(synthProblems(f.stack)).toEqual([
      {
        path: 'test/East/Link',
        message: `'multiClusterServices[1].service' Service nginx-ingress/nginx-ingress is in cluster "south", which is not a cluster of [test/Shop]; CIS would drop it (add the cluster to 'clusters') [multicluster:undeclared-cluster]`,
      },
    ]);
  });

  it(`fails when an IngressLink lists multiClusterServices outside default mode or without a MultiCluster ('multicluster:multi-cluster-services-mode')`, () => {
    const ratio = multiClusterFixture({ ha: false, multiCluster: { mode: MultiClusterPoolMode.RATIO } });
    link(ratio, [nginx(ratio.east), nginx(ratio.west)]);
    expect(synthProblems(ratio.stack).map((p) => p.message)).toEqual([
      `'multiClusterServices' applies in default mode only; [test/Shop] is in mode "ratio", where CIS reads only 'service' and 'alternateBackends' and finds them in every cluster of the group [multicluster:multi-cluster-services-mode]`,
    ]);
    const alone = multiClusterFixture({ ha: false, build: false });
    link(alone, [nginx(alone.east)]);
    expect(synthProblems(alone.stack).map((p) => p.message)).toEqual([
      `'multiClusterServices' needs a multi-cluster CIS, but [test/East/Cis] belongs to no MultiCluster; CIS rejects multiClusterServices outside multi-cluster mode [multicluster:multi-cluster-services-mode]`,
    ]);
  });
});
