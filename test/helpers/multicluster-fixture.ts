import { App } from '../../lib/core/app';
import { Stack } from '../../lib/core/stack';
import { BigipDevice } from '../../components/bigip/bigip-device';
import { BigipPartition } from '../../components/bigip/bigip-partition';
import {
  CisController,
  MultiClusterMode,
  PoolMemberType,
  type CisControllerProps,
} from '../../components/cis/cis-controller';
import { MultiCluster, type MultiClusterProps } from '../../components/multicluster/multi-cluster';
import { Cni } from '../../components/networking/cluster-network';
import { VksCluster, type VksClusterProps } from '../../components/workloads/vks-cluster';

export interface MultiClusterFixtureOptions {
  /** HA pair in east (primary) and west (secondary), or a standalone CIS in east. @default true */
  readonly ha?: boolean;
  /** Props of both CIS instances. */
  readonly cis?: Partial<CisControllerProps>;
  /** Props of the MultiCluster (clusters and controllers are filled in unless given). */
  readonly multiCluster?: Partial<MultiClusterProps>;
  /** Overrides per cluster. */
  readonly east?: Partial<VksClusterProps>;
  readonly west?: Partial<VksClusterProps>;
  readonly north?: Partial<VksClusterProps>;
  /** Whether to build the MultiCluster. @default true */
  readonly build?: boolean;
}

/**
 * Three Calico clusters `east`, `west` and `north` (pod CIDRs 10.1/16, 10.2/16, 10.3/16), one BIG-IP with
 * partition `shop`, CIS in nodeport mode in east (and west for an HA pair), and a MultiCluster `test/Shop`
 * with north as an external cluster.
 */
export function multiClusterFixture(options: MultiClusterFixtureOptions = {}) {
  const ha = options.ha ?? true;
  const app = new App();
  const stack = new Stack(app, 'test');
  const device = new BigipDevice(stack, 'Bigip', { url: 'https://192.0.2.1' });
  const partition = new BigipPartition(stack, 'Partition', { device, partitionName: 'shop' });
  const cluster = (id: string, name: string, cidr: string, more?: Partial<VksClusterProps>) =>
    new VksCluster(stack, id, {
      clusterName: name,
      vsphereNamespace: 'platform',
      cni: Cni.CALICO,
      podCidrs: [cidr],
      serviceCidrs: ['10.96.0.0/12'],
      ...more,
    });
  const east = cluster('East', 'east', '10.1.0.0/16', options.east);
  const west = cluster('West', 'west', '10.2.0.0/16', options.west);
  const north = cluster('North', 'north', '10.3.0.0/16', options.north);
  const cis = (c: VksCluster, mode: MultiClusterMode) =>
    new CisController(c, 'Cis', {
      device,
      partition,
      poolMemberType: PoolMemberType.NODE_PORT,
      trustedCertsConfigMap: 'kube-system/bigip-ca',
      multiClusterMode: mode,
      extendedSpecConfigMap: 'kube-system/extended-spec-config',
      ...options.cis,
    });
  const cisEast = cis(east, ha ? MultiClusterMode.PRIMARY : MultiClusterMode.STANDALONE);
  const cisWest = ha ? cis(west, MultiClusterMode.SECONDARY) : undefined;
  const controllers: Partial<MultiClusterProps> = ha
    ? { primaryController: cisEast, secondaryController: cisWest, primaryEndPoint: 'http://10.1.0.50:8080' }
    : { controller: cisEast };
  const clusters = ha
    ? [
        { cluster: east, apiServer: 'https://192.0.2.11:6443' },
        { cluster: west, apiServer: 'https://192.0.2.12:6443' },
        { cluster: north, apiServer: 'https://192.0.2.13:6443' },
      ]
    : [
        { cluster: west, apiServer: 'https://192.0.2.12:6443' },
        { cluster: north, apiServer: 'https://192.0.2.13:6443' },
      ];
  const multiCluster =
    options.build === false
      ? undefined
      : new MultiCluster(stack, 'Shop', { ...controllers, clusters, ...options.multiCluster });
  return { app, stack, device, partition, east, west, north, cisEast, cisWest, multiCluster };
}
