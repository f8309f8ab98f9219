import { describe, expect, it } from 'vitest';
import { AS3_DISCOVERY_LABELS, BigipVirtualServer } from '../../../components/bigip/bigip-virtual-server';
import { NodePortService } from '../../../components/workloads/node-port-service';
import { VksCluster } from '../../../components/workloads/vks-cluster';
import { synthesizeStack } from '../../../lib/core/synth';
import { as3Fixture, configMapSetup, NODE_ADDRESSES } from '../../helpers/as3-fixture';
import { expectSynthProblems } from '../../helpers/expect-errors';

/** An AS3 ConfigMap tenant `cm_tenant` with one virtual, app `shop`, in front of Service ingress/shop. */
function setup() {
  const f = as3Fixture({ stackPartition: false });
  const { tenant } = configMapSetup(f);
  const shop = new NodePortService(f.cluster, 'Shop', {
    name: 'shop',
    namespace: 'ingress',
    selector: { app: 'shop' },
    port: 80,
  });
  new BigipVirtualServer(f.stack, 'ShopVs', {
    partition: tenant,
    applicationName: 'shop',
    virtualAddress: '192.0.2.30',
    service: shop,
  });
  const labels = (app: string) => ({
    [AS3_DISCOVERY_LABELS.tenant]: 'cm_tenant',
    [AS3_DISCOVERY_LABELS.application]: app,
    [AS3_DISCOVERY_LABELS.pool]: 'pool',
  });
  const service = (cluster: VksCluster, id: string, app: string) =>
    new NodePortService(cluster, id, {
      name: id.toLowerCase(),
      namespace: 'legacy',
      selector: { app: id.toLowerCase() },
      port: 80,
      labels: labels(app),
    });
  return { ...f, service };
}

describe('AS3 discovery labels across Services', () => {
  it("fails when two Services of one cluster carry the same tenant, app and pool labels ('cis:as3-pool-labels-unique')", () => {
    const { stack, cluster, service } = setup();
    service(cluster, 'Copy', 'shop');
    expectSynthProblems(stack, [
      {
        path: 'test/Cluster/Copy',
        message:
          'carries the AS3 discovery labels tenant "cm_tenant", app "shop", pool "pool", as Service ingress/shop of [test/Cluster/Shop] does in cluster "c1"; CIS fills the pool from one of them only: one Service per AS3 pool [cis:as3-pool-labels-unique]',
      },
    ]);
  });

  it('allows the same labels in another cluster (another CIS) and other apps in the same cluster', () => {
    const { stack, cluster, service } = setup();
    const other = new VksCluster(stack, 'Other', {
      clusterName: 'c2',
      vsphereNamespace: 'vsphere-ns',
      nodeAddresses: [...NODE_ADDRESSES],
    });
    service(other, 'Elsewhere', 'shop');
    service(cluster, 'Blog', 'blog');
    expect(() => synthesizeStack(stack)).not.toThrow();
  });
});
