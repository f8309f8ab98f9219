import type { IConstruct } from 'constructs';
import { report } from '../../lib/core/checks';
import { matchesCrdPattern } from '../../lib/k8s/cis-patterns';
import { quote } from '../../lib/core/errors';
import { addressKey } from '../../lib/core/net';
import { Stack } from '../../lib/core/stack';
import type { IBigipPartition } from '../bigip/bigip-partition';
import { PartitionOwner } from '../bigip/bigip-partition';
import { CisController, PoolMemberType } from './cis-controller';
import { Snat } from '../../lib/as3/snat';
import { BigipRef, inventoryProblem } from '../../lib/as3/inventory';
import { ServiceType, type IServiceBackend } from '../workloads/service-backend';
import { type VksCluster } from '../workloads/vks-cluster';
import { Networking } from '../networking/cluster-network';
import { L4_UNIQUE_RULE } from './cis-rules';

/**
 * Checks shared by the constructs that publish through CIS custom resources (F5VirtualServer,
 * F5TransportServer). Each returns error messages; an empty list means fine.
 */

/** The CisController of `cluster` that publishes in `partition`, if any. */
export function controllerFor(cluster: VksCluster, partition: IBigipPartition): CisController | undefined {
  return Stack.of(cluster)
    .constructsOfType(CisController)
    .find((c) => c.cluster === cluster && c.manages(partition));
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

/** Whether CIS in its pool-member mode can turn `backend` into pool members. */
export function checkBackend(
  cluster: VksCluster,
  controller: CisController | undefined,
  backend: IServiceBackend,
  prop: string,
): string[] {
  const name = `${backend.namespace}/${backend.serviceName}`;
  if (backend.cluster !== cluster) {
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
    default:
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

/** Users of each device/route-domain/address/port, in declaration (tree) order. */
function listenerIndex(stack: Stack): Map<string, IVirtualAddressUser[]> {
  return stack.memoize(listenerIndex, () => {
    const index = new Map<string, IVirtualAddressUser[]>();
    for (const user of stack.allConstructs().filter(isVirtualAddressUser)) {
      for (const l of user.listeners()) {
        const key = `${user.partition.device.node.path}|${user.bigipRouteDomain}|${addressKey(l.address)}|${l.port}|${l.protocol ?? 'tcp'}`;
        const users = index.get(key) ?? [];
        if (!users.includes(user)) users.push(user);
        index.set(key, users);
      }
    }
    return index;
  });
}

/**
 * Virtual-address conflicts of `self` with users declared before it on the same device: L7 virtual
 * servers may share an address and port only with a common hostGroup; L4 virtuals never.
 */
export function checkVirtualAddress(self: IVirtualAddressUser): string[] {
  const index = listenerIndex(Stack.of(self));
  const errors: string[] = [];
  for (const listener of self.listeners()) {
    const key = `${self.partition.device.node.path}|${self.bigipRouteDomain}|${addressKey(listener.address)}|${listener.port}|${listener.protocol ?? 'tcp'}`;
    const users = index.get(key) ?? [];
    const earlier = users.slice(0, users.indexOf(self));
    const other = earlier.find(
      (o) =>
        !(
          self.mergeableByHostGroup &&
          o.mergeableByHostGroup &&
          self.hostGroup !== undefined &&
          self.hostGroup === o.hostGroup
        ),
    );
    if (!other) continue;
    const why =
      self.mergeableByHostGroup && other.mergeableByHostGroup
        ? `virtual servers sharing a VIP must set the same 'hostGroup' (this one has ${quote(self.hostGroup)}, the other ${quote(other.hostGroup)}), or CIS lets one overwrite the other`
        : `an L4 virtual cannot share an address, port and protocol with another virtual`;
    const at = listener.address.includes(':') ? `[${listener.address}]` : listener.address;
    const message = `listens on ${at}:${listener.port}, as [${other.node.path}] does; ${why}`;
    errors.push(
      self.mergeableByHostGroup && other.mergeableByHostGroup ? message : L4_UNIQUE_RULE.message(message),
    );
  }
  return errors;
}
