import { describe, expect, it } from 'vitest';
import { BigipDevice } from '../../components/bigip/bigip-device';
import { BigipPartition, PartitionOwner } from '../../components/bigip/bigip-partition';
import { AS3_DISCOVERY_LABELS, BigipVirtualServer } from '../../components/bigip/bigip-virtual-server';
import { CisController, PoolMemberType } from '../../components/cis/cis-controller';
import { F5TransportServer } from '../../components/cis/f5-transport-server';
import { F5VirtualServer } from '../../components/cis/f5-virtual-server';
import { NodePortService } from '../../components/workloads/node-port-service';
import { ServiceType } from '../../components/workloads/service-backend';
import { VksCluster } from '../../components/workloads/vks-cluster';
import { App } from '../../lib/core/app';
import { Stack } from '../../lib/core/stack';
import { as3Fixture, configMapSetup, NODE_ADDRESSES } from '../helpers/as3-fixture';
import { FakeBackend, fixture, nplService } from '../helpers/fixture';
import { validationScaling } from '../helpers/scaling';

/**
 * Every cross-construct check is O(n) or O(n log n): each scenario piles n, then 4n, constructs onto the
 * key a check indexes by (one VIP, one host, one partition, one device, …) and compares the validation
 * times in one process. Linear work gives a ratio of about 4; a check that scans the app per construct
 * gives about 16. Sizes start at a few thousand constructs: below that the small stack fits the CPU
 * caches and looks faster per construct than any large one.
 */
const LIMIT = 6;

/** n address octets: 10.<a>.<b>.<c> for i = 0… */
const address = (base: number, i: number) => `10.${base}.${Math.floor(i / 250)}.${(i % 250) + 1}`;

/** n VirtualServers in one cluster; `shape` says what they share. */
function virtualServers(shape: 'vip' | 'host' | 'separate') {
  return (n: number): Stack => {
    const f = fixture();
    const service = nplService(f.cluster);
    for (let i = 0; i < n; i += 1) {
      new F5VirtualServer(f.cluster, `Vs${i}`, {
        partition: f.partition,
        name: `vs-${i}`,
        virtualServerAddress: shape === 'separate' ? address(1, i) : '192.0.2.10',
        hostGroup: shape === 'separate' ? undefined : 'shared',
        host: shape === 'host' ? 'www.example.com' : `app-${i}.example.com`,
        pools: [{ service, path: shape === 'host' ? `/app-${i}` : undefined }],
      });
    }
    return f.stack;
  };
}

/** n TransportServers on their own VIPs, one Service behind them all. */
function transportServers(n: number): Stack {
  const f = fixture({
    cluster: { nodePortLocalEnabled: false },
    cis: { poolMemberType: PoolMemberType.NODE_PORT },
  });
  const db = new FakeBackend(f.cluster, 'Db', ServiceType.NODE_PORT);
  for (let i = 0; i < n; i += 1) {
    new F5TransportServer(f.cluster, `Ts${i}`, {
      partition: f.partition,
      name: `ts-${i}`,
      virtualServerAddress: address(2, i),
      virtualServerPort: 5432,
      service: db,
      // One Service behind many TransportServers: distinct pool names (cis:pool-name-unique).
      poolName: `db_pool_${i}`,
    });
  }
  return f.stack;
}

/** n BIG-IP virtuals with static members in one stack-owned partition. */
function virtualsInOnePartition(n: number): Stack {
  const f = as3Fixture();
  for (let i = 0; i < n; i += 1) {
    new BigipVirtualServer(f.stack, `Vs${i}`, {
      partition: f.apps,
      applicationName: `app_${i}`,
      virtualAddress: address(3, i),
      serverAddresses: [...NODE_ADDRESSES],
      memberPort: 8080,
    });
  }
  return f.stack;
}

/** n stack-owned partitions on one device, one virtual each, next to n CIS partitions. */
function partitionsOnOneDevice(n: number): Stack {
  const f = as3Fixture({ stackPartition: false });
  for (let i = 0; i < n; i += 1) {
    const partition = new BigipPartition(f.stack, `Tenant${i}`, {
      device: f.device,
      partitionName: `tenant_${i}`,
      owner: PartitionOwner.STACK,
    });
    new BigipVirtualServer(f.stack, `Vs${i}`, {
      partition,
      applicationName: 'app',
      virtualAddress: address(4, i),
      serverAddresses: [...NODE_ADDRESSES],
      memberPort: 8080,
    });
    const cisPartition = new BigipPartition(f.stack, `Cis${i}`, {
      device: f.device,
      partitionName: `cis_${i}`,
    });
    const cluster = new VksCluster(f.stack, `Cluster${i}`, {
      clusterName: `c-${i}`,
      vsphereNamespace: 'vsphere-ns',
      nodeAddresses: [...NODE_ADDRESSES],
    });
    new CisController(cluster, 'Cis', {
      device: f.device,
      partition: cisPartition,
      poolMemberType: PoolMemberType.NODE_PORT,
      trustedCertsConfigMap: 'kube-system/bigip-ca',
    });
  }
  return f.stack;
}

/** n BIG-IP virtuals in the one tenant an AS3 ConfigMap posts, each in front of its own Service. */
function virtualsInOneConfigMap(n: number): Stack {
  const f = as3Fixture({ stackPartition: false });
  const { tenant } = configMapSetup(f);
  for (let i = 0; i < n; i += 1) {
    const service = new NodePortService(f.cluster, `Ingress${i}`, {
      name: `ingress-${i}`,
      namespace: 'ingress',
      selector: { 'app.kubernetes.io/name': `ingress-${i}` },
      port: 80,
    });
    new BigipVirtualServer(f.stack, `Vs${i}`, {
      partition: tenant,
      applicationName: `app_${i}`,
      virtualAddress: address(5, i),
      service,
    });
  }
  return f.stack;
}

/** n Services in one cluster labelled for pools of one AS3 tenant (AS3 discovery labels unique). */
function as3LabelledServices(n: number): Stack {
  const f = as3Fixture({ stackPartition: false });
  for (let i = 0; i < n; i += 1) {
    new NodePortService(f.cluster, `Svc${i}`, {
      name: `svc-${i}`,
      namespace: 'apps',
      selector: { app: `svc-${i}` },
      port: 80,
      labels: {
        [AS3_DISCOVERY_LABELS.tenant]: 'cm_tenant',
        [AS3_DISCOVERY_LABELS.application]: `app_${i}`,
        [AS3_DISCOVERY_LABELS.pool]: 'pool',
      },
    });
  }
  return f.stack;
}

/** n NodePort Services with fixed node ports, 2,000 per cluster (the node-port range holds 2,768). */
function nodePorts(n: number): Stack {
  const f = as3Fixture({ stackPartition: false });
  let cluster = f.cluster;
  for (let i = 0; i < n; i += 1) {
    if (i > 0 && i % 2000 === 0) {
      cluster = new VksCluster(f.stack, `Cluster${i}`, {
        clusterName: `c-${i}`,
        vsphereNamespace: 'vsphere-ns',
      });
    }
    new NodePortService(cluster, `Svc${i}`, {
      name: `svc-${i}`,
      namespace: 'apps',
      selector: { app: `svc-${i}` },
      port: 80,
      nodePort: 30000 + (i % 2000),
    });
  }
  return f.stack;
}

/** n devices in one stack, each with a CIS partition, and n clusters with a CisController each. */
function devicesAndClusters(n: number): Stack {
  const app = new App();
  const stack = new Stack(app, 'test');
  for (let i = 0; i < n; i += 1) {
    const device = new BigipDevice(stack, `Bigip${i}`, { url: `https://${address(6, i)}` });
    const partition = new BigipPartition(stack, `Cis${i}`, { device, partitionName: 'k8s' });
    const cluster = new VksCluster(stack, `Cluster${i}`, {
      clusterName: `c-${i}`,
      vsphereNamespace: 'vsphere-ns',
      nodePortLocalEnabled: true,
    });
    new CisController(cluster, 'Cis', {
      device,
      partition,
      poolMemberType: PoolMemberType.NODE_PORT_LOCAL,
      trustedCertsConfigMap: 'kube-system/bigip-ca',
    });
    nplService(cluster);
  }
  return stack;
}

const SCENARIOS: Array<[string, (n: number) => Stack, number]> = [
  ['VirtualServers sharing one VIP through hostGroup (VIP conflict check)', virtualServers('vip'), 1000],
  ['VirtualServers serving one host on one VIP (host-to-one-VIP check)', virtualServers('host'), 1000],
  ['VirtualServers on their own VIPs', virtualServers('separate'), 1000],
  ['TransportServers on their own VIPs', transportServers, 1500],
  ['BIG-IP virtuals in one stack-owned partition', virtualsInOnePartition, 1000],
  ['partitions on one device (one writer per partition, CIS-managed names)', partitionsOnOneDevice, 400],
  ['BIG-IP virtuals in one AS3 ConfigMap tenant (backend discovery check)', virtualsInOneConfigMap, 600],
  ['NodePort Services with fixed node ports (node port owners)', nodePorts, 2000],
  ['Services labelled for one AS3 tenant (AS3 discovery labels unique)', as3LabelledServices, 2000],
  [
    'devices and clusters with a CisController each (unique names, one CIS per partition)',
    devicesAndClusters,
    400,
  ],
];

describe('cross-construct checks scale linearly (validation time of 4n ÷ n constructs)', () => {
  it.each(SCENARIOS)(
    '%s',
    (_, build, n) => {
      const { ratio, smallMs, largeMs } = validationScaling(build, n);
      expect(ratio, `n = ${n}: ${smallMs.toFixed(1)} ms, 4n: ${largeMs.toFixed(1)} ms`).toBeLessThan(LIMIT);
    },
    120_000,
  );
});
