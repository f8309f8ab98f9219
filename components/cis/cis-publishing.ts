import type { IConstruct } from 'constructs';
import { report } from '../../lib/core/checks';
import { matchesCrdPattern } from '../../lib/k8s/cis-patterns';
import { quote } from '../../lib/core/errors';
import { addressKey } from '../../lib/core/net';
import { groupByKey } from '../../lib/core/indexes';
import { Stack } from '../../lib/core/stack';
import type { IBigipPartition } from '../bigip/bigip-partition';
import { PartitionOwner } from '../bigip/bigip-partition';
import { CisController, PoolMemberType } from './cis-controller';
import { Snat } from '../../lib/as3/snat';
import { BigipRef, inventoryProblem } from '../../lib/as3/inventory';
import { ServiceType, type IServiceBackend } from '../workloads/service-backend';
import { type VksCluster } from '../workloads/vks-cluster';
import { Networking } from '../networking/cluster-network';
import { CLUSTER_MODE_NEEDS_POD_ROUTE } from '../networking/network-rules';
import { podRoutesOf } from '../networking/pod-routes';
import { checkVirtualNetwork } from '../networking/virtual-network';
import { L4_UNIQUE_RULE, SHARED_VIP_RULE } from './cis-rules';
import { looksUpServicesAcrossClusters } from '../multicluster/service-lookup';

/**
 * Checks shared by the constructs that publish through CIS custom resources (F5VirtualServer,
 * F5TransportServer). Each returns error messages; an empty list means fine.
 */

/** The CisController of `cluster` that publishes in `partition`, if any. */
export function controllerFor(cluster: VksCluster, partition: IBigipPartition): CisController | undefined {
  return controllersIn(cluster).find((c) => c.manages(partition));
}

const clusterOf = (c: CisController) => c.cluster;

/** The CisControllers running in `cluster`, in declaration order (indexed once per synthesis). */
export function controllersIn(cluster: VksCluster): readonly CisController[] {
  return groupByKey(Stack.of(cluster), CisController, clusterOf).get(cluster) ?? [];
}

export function checkCisPartition(cluster: VksCluster, partition: IBigipPartition): string[] {
  if (partition.owner !== PartitionOwner.CIS) {
    return [
      `'partition' ${quote(partition.partitionName)} is owned by ${partition.owner}, not CIS; CIS custom resources may only use CIS partitions`,
    ];
  }
  if (!controllerFor(cluster, partition)) {
    return [
      `'partition' ${quote(partition.partitionName)} on device ${partition.device.deviceName} is not managed by any CisController in cluster ${quote(cluster.clusterName)}; nothing would publish this resource`,
    ];
  }
  return [];
}

/**
 * Whether CIS in its pool-member mode can turn `backend` into pool members. A pool's `service` and
 * `alternateBackends` (`poolBackend`) may be in another cluster when CIS runs in a MultiCluster in
 * active-active or ratio mode: it looks them up in every cluster of the group (which ones: the group's check).
 */
export function checkBackend(
  cluster: VksCluster,
  controller: CisController | undefined,
  backend: IServiceBackend,
  prop: string,
  poolBackend = false,
): string[] {
  const name = `${backend.namespace}/${backend.serviceName}`;
  const acrossClusters = poolBackend && controller !== undefined && looksUpServicesAcrossClusters(controller);
  if (backend.cluster !== cluster && !acrossClusters) {
    return [
      `'${prop}' Service ${name} is in cluster ${quote(backend.cluster.clusterName)}, but this resource is in ${quote(cluster.clusterName)}; CIS only sees its own cluster`,
    ];
  }
  if (!controller) return [];
  const unwatched = checkWatched(controller, backend.namespace, `'${prop}' Service ${name}`);
  if (unwatched.length) return unwatched;
  switch (controller.poolMemberType) {
    case PoolMemberType.NODE_PORT_LOCAL:
      return backend.nodePortLocal
        ? []
        : [
            `'${prop}' Service ${name} lacks the NodePortLocal annotation, but [${controller.node.path}] uses pool member type nodeportlocal: the pool would stay empty; use an NplService`,
          ];
    case PoolMemberType.NODE_PORT:
      return backend.serviceType === ServiceType.NODE_PORT ||
        backend.serviceType === ServiceType.LOAD_BALANCER
        ? []
        : [
            `'${prop}' Service ${name} is ${backend.serviceType}, but [${controller.node.path}] uses pool member type nodeport, which needs NodePort or LoadBalancer Services`,
          ];
    case PoolMemberType.AUTO:
      // auto sends to the pods of a ClusterIP Service directly (cluster mode), to the nodes otherwise.
      if (backend.serviceType !== ServiceType.CLUSTER_IP || podRoutesOf(cluster).length > 0) return [];
      return [
        CLUSTER_MODE_NEEDS_POD_ROUTE.message(
          `'${prop}' Service ${name} is ClusterIP, which [${controller.node.path}] with pool member type auto reaches by pod IP (cluster mode), but nothing routes the BIG-IP to the pod CIDRs of cluster ${quote(cluster.clusterName)}; allowed: a NodePort or LoadBalancer Service, or a route to the pods (CalicoBgpPeering, staticRoutingMode)`,
        ),
      ];
    default:
      // cluster: pod IPs from the Service's endpoints, whatever its type; the controller's route is checked on the cluster.
      return [];
  }
}

/**
 * Reports when a resource in another namespace could not name `namespace` (`serviceNamespace`,
 * `tlsProfileNamespace`): the CRD wants a letter first and at least two characters, stricter than a DNS
 * label.
 */
export function checkNamespaceReference(
  scope: IConstruct,
  prop: string,
  namespace: string,
  kind: string,
): void {
  if (!matchesCrdPattern('namespaceReference', namespace)) {
    report(
      scope,
      `'${prop}' is in namespace ${quote(namespace)}, which a ${kind} in another namespace cannot name (the CRD wants a namespace that starts with a letter and has at least 2 characters); put the ${kind} in ${quote(namespace)} too`,
    );
  }
}

/**
 * CIS ignores resources outside the namespaces it watches (`--namespace`): a custom resource or a pool's
 * Service there would silently never reach the BIG-IP.
 */
export function checkWatched(
  controller: CisController | undefined,
  namespace: string,
  what: string,
): string[] {
  if (
    !controller ||
    controller.watchNamespaces.length === 0 ||
    controller.watchNamespaces.includes(namespace)
  )
    return [];
  return [
    `${what} is in namespace ${quote(namespace)}, which [${controller.node.path}] does not watch (watchNamespaces: ${controller.watchNamespaces.join(', ')}); CIS would ignore it`,
  ];
}

export function checkIpam(controller: CisController | undefined, ipamLabel: string | undefined): string[] {
  if (ipamLabel !== undefined && controller && !controller.ipam) {
    return [`'ipamLabel' ${quote(ipamLabel)} needs 'ipam: true' on [${controller.node.path}]`];
  }
  return [];
}

export function checkSnat(cluster: VksCluster, snat: Snat): string[] {
  if (cluster.networking === Networking.NSX && !snat.translates) {
    return [
      `'snat' none cannot work on NSX: the BIG-IP is not in line with the cluster, so replies would bypass it; use Snat.AUTO or a SNAT pool`,
    ];
  }
  return [];
}

/** The `snat` value of a CIS custom resource: the mode, or the full path of an existing SNAT pool. */
export function cisSnatValue(snat: Snat): string {
  return snat.mode ?? (snat.value as BigipRef).path;
}

/** What CIS can do with `snat`: a mode, or an existing SNAT pool of the device's inventory. */
export function checkCisSnat(device: IBigipPartition['device'], snat: Snat): string[] {
  if (snat.mode !== undefined) return [];
  if (!(snat.value instanceof BigipRef)) {
    return [
      `'snat' ${snat} is declared in AS3; a CIS resource names an existing BIG-IP SNAT pool: Snat.bigip(BigipRef.snatPool('/Common/…'))`,
    ];
  }
  const problem = inventoryProblem(device, 'snat', snat.value);
  return problem ? [problem] : [];
}

/** A virtual address and port a published resource listens on. */
export interface Listener {
  readonly address: string;
  readonly port: number;
  /** L4 protocol of the listener; TCP and UDP on one address and port are two virtuals. */
  readonly protocol?: 'tcp' | 'udp' | 'sctp';
}

/** Something that takes virtual addresses on a BIG-IP: F5VirtualServer, F5TransportServer. */
export interface IVirtualAddressUser extends IConstruct {
  readonly partition: IBigipPartition;
  readonly bigipRouteDomain: number;
  readonly hostGroup?: string;
  /** The host it serves, if one: CIS merges one host's L7 virtuals on an address without a hostGroup. */
  readonly host?: string;
  /** Whether CIS may merge it with others on one address (L7 virtual servers with a common hostGroup). */
  readonly mergeableByHostGroup: boolean;
  listeners(): Listener[];
}

const VIRTUAL_ADDRESS_USER = Symbol.for('vks-bigip.VirtualAddressUser');

export function registerVirtualAddressUser(user: IVirtualAddressUser): void {
  Object.defineProperty(user, VIRTUAL_ADDRESS_USER, { value: true });
}

function isVirtualAddressUser(x: unknown): x is IVirtualAddressUser {
  return typeof x === 'object' && x !== null && VIRTUAL_ADDRESS_USER in x;
}

/** Every construct that takes virtual addresses in `stack`, in tree order. */
export function virtualAddressUsers(stack: Stack): readonly IVirtualAddressUser[] {
  return stack.memoize(virtualAddressUsers, () => stack.allConstructs().filter(isVirtualAddressUser));
}

/** The users of one device/route-domain/address/port that decide every conflict on it. */
interface ListenerUsers {
  /** The first user (in declaration order). */
  readonly first: IVirtualAddressUser;
  /** The first user whose host group differs from the first user's (none: every user shares it). */
  readonly firstOther?: IVirtualAddressUser;
}

/**
 * What a user merges by on an address, if it can merge at all: its hostGroup, or else its host (CIS keeps
 * one host on one virtual, 1 host ↔ 1 virtual; different hosts need a common hostGroup).
 */
function mergeGroup(user: IVirtualAddressUser): string | undefined {
  if (!user.mergeableByHostGroup) return undefined;
  if (user.hostGroup !== undefined) return `group ${user.hostGroup}`;
  return user.host === undefined ? undefined : `host ${user.host.toLowerCase()}`;
}

function listenerKey(user: IVirtualAddressUser, listener: Listener): string {
  return `${user.partition.device.node.path}|${user.bigipRouteDomain}|${addressKey(listener.address)}|${listener.port}|${listener.protocol ?? 'tcp'}`;
}

/**
 * Per device/route-domain/address/port, the first user and the first one of another host group, plus
 * each user's declaration position: all that a conflict check needs, built once per synthesis (O(n)).
 */
function listenerIndex(stack: Stack): {
  byKey: Map<string, ListenerUsers>;
  position: Map<IVirtualAddressUser, number>;
} {
  return stack.memoize(listenerIndex, () => {
    const byKey = new Map<string, ListenerUsers>();
    const position = new Map<IVirtualAddressUser, number>();
    for (const user of stack.allConstructs().filter(isVirtualAddressUser)) {
      position.set(user, position.size);
      for (const l of user.listeners()) {
        const key = listenerKey(user, l);
        const entry = byKey.get(key);
        if (!entry) byKey.set(key, { first: user });
        else if (!entry.firstOther && entry.first !== user) {
          const group = mergeGroup(entry.first);
          if (group === undefined || mergeGroup(user) !== group)
            byKey.set(key, { ...entry, firstOther: user });
        }
      }
    }
    return { byKey, position };
  });
}

/**
 * The first user declared before `self` on the listener's key that `self` may not share it with: L7
 * virtual servers may share an address and port only with a common hostGroup, or with the same host.
 */
function firstConflict(
  self: IVirtualAddressUser,
  users: ListenerUsers,
  position: Map<IVirtualAddressUser, number>,
): IVirtualAddressUser | undefined {
  const at = position.get(self) ?? 0;
  const earlier = (u: IVirtualAddressUser | undefined) => u !== undefined && (position.get(u) ?? 0) < at;
  if (!earlier(users.first)) return undefined;
  const group = mergeGroup(self);
  // Everyone before self is in the first user's group until firstOther: the first conflicting user is
  // either the first user (another group than self's) or firstOther.
  if (group === undefined || mergeGroup(users.first) !== group) return users.first;
  return earlier(users.firstOther) ? users.firstOther : undefined;
}

/**
 * Virtual-address conflicts of `self` with users declared before it on the same device: L7 virtual
 * servers may share an address and port only with a common hostGroup; L4 virtuals never.
 */
export function checkVirtualAddress(self: IVirtualAddressUser): string[] {
  const { byKey, position } = listenerIndex(Stack.of(self));
  const errors: string[] = [];
  for (const listener of self.listeners()) {
    const users = byKey.get(listenerKey(self, listener));
    const other = users && firstConflict(self, users, position);
    if (!other) continue;
    const why =
      self.mergeableByHostGroup && other.mergeableByHostGroup
        ? `virtual servers sharing a VIP must set the same 'hostGroup' (this one has ${quote(self.hostGroup)}, the other ${quote(other.hostGroup)}), or CIS lets one overwrite the other`
        : `an L4 virtual cannot share an address, port and protocol with another virtual`;
    const at = listener.address.includes(':') ? `[${listener.address}]` : listener.address;
    const message = `listens on ${at}:${listener.port}, as [${other.node.path}] does; ${why}`;
    errors.push(
      self.mergeableByHostGroup && other.mergeableByHostGroup
        ? SHARED_VIP_RULE.message(message)
        : L4_UNIQUE_RULE.message(message),
    );
  }
  // The rules of the network between the BIG-IP and the cluster apply to every virtual too.
  errors.push(...checkVirtualNetwork(self));
  return errors;
}
