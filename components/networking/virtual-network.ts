import { isIP } from 'node:net';
import type { IConstruct } from 'constructs';
import { Snat } from '../../lib/as3/snat';
import { quote } from '../../lib/core/errors';
import { cidrContains, parseCidr } from '../../lib/core/net';
import { Stack } from '../../lib/core/stack';
import { As3ConfigMap } from '../bigip/as3-config-map';
import { PartitionOwner, type IBigipPartition } from '../bigip/bigip-partition';
import type { CisController } from '../cis/cis-controller';
import type { IServiceBackend } from '../workloads/service-backend';
import type { IVksCluster } from '../workloads/vks-cluster';
import { BigipNetwork } from './bigip-network';
import { Networking } from './cluster-network';
import {
  IPV6_NEEDS_ENABLE_IPV6,
  NSX_NEEDS_SNAT,
  ROUTE_DOMAIN_MISMATCH,
  VIP_IN_CLUSTER_CIDR,
} from './network-rules';
import { controllersOf } from './pod-routes';

/** What the network rules need of a virtual (F5VirtualServer, F5TransportServer, BigipVirtualServer). */
export interface VirtualOnNetwork extends IConstruct {
  readonly partition: IBigipPartition;
  readonly bigipRouteDomain: number;
  listeners(): ReadonlyArray<{ readonly address: string; readonly port: number }>;
}

/** The parts of the two virtual kinds this module reads; both are public fields of those constructs. */
interface VirtualFields {
  /** CIS virtuals: the cluster whose custom resource publishes it, and its own SNAT. */
  readonly cluster?: IVksCluster;
  readonly snat?: Snat;
  readonly virtualServerAddress?: string;
  /** AS3 virtuals: the Service behind it and the AS3 service holding the SNAT. */
  readonly backend?: IServiceBackend;
  readonly service?: { readonly snat?: Snat };
  readonly virtualAddress?: string;
}

/** The CIS route domain a controller writes addresses without `%rd` to (`--default-route-domain`). */
export function cisDefaultRouteDomain(controller: CisController): number {
  return controller.argOptions.defaultRouteDomain;
}

/** The As3ConfigMap posting each partition. */
function configMapIndex(stack: Stack): Map<IConstruct, As3ConfigMap> {
  return stack.memoize(configMapIndex, () => {
    const index = new Map<IConstruct, As3ConfigMap>();
    for (const c of stack.constructsOfType(As3ConfigMap))
      if (!index.has(c.partition)) index.set(c.partition, c);
    return index;
  });
}

/** The CIS controller that publishes `virtual`: of its custom resource, or posting its AS3 ConfigMap. */
function publishingController(virtual: VirtualOnNetwork, fields: VirtualFields): CisController | undefined {
  if (fields.cluster) return controllersOf(fields.cluster).find((c) => c.manages(virtual.partition));
  if (virtual.partition.owner !== PartitionOwner.CIS_AS3_CONFIGMAP) return undefined;
  return configMapIndex(Stack.of(virtual)).get(virtual.partition)?.controller;
}

/**
 * Network rules of one virtual: SNAT towards NSX, the VIP outside the cluster's pod and service CIDRs,
 * IPv6 through CIS only with `enableIpv6`, and the route domains of VIP, CIS and pool members agreeing.
 */
export function checkVirtualNetwork(virtual: VirtualOnNetwork): string[] {
  const fields = virtual as unknown as VirtualFields;
  const cluster = fields.cluster ?? fields.backend?.cluster;
  const addressProp = fields.cluster ? 'virtualServerAddress' : 'virtualAddress';
  const addresses = [...new Set(virtual.listeners().map((l) => l.address))];
  const errors: string[] = [];

  // CIS custom resources check their own `snat` (checkSnat); this covers the AS3 paths.
  const as3Snat = fields.cluster ? undefined : fields.service?.snat;
  if (cluster?.networking === Networking.NSX && as3Snat instanceof Snat && !as3Snat.translates) {
    errors.push(
      NSX_NEEDS_SNAT.message(
        `'snat' none on a virtual in front of NSX cluster ${quote(cluster.clusterName)}: the BIG-IP is not in line, so the replies would bypass it; allowed: Snat.AUTO, Snat.SELF or a SNAT pool`,
      ),
    );
  }

  if (cluster) {
    for (const address of addresses) {
      for (const [prop, list] of [
        ['podCidrs', cluster.podCidrs],
        ['serviceCidrs', cluster.serviceCidrs],
      ] as const) {
        const inside = list.find((text) => {
          const cidr = parseCidr(text);
          return cidr !== undefined && cidrContains(cidr, address);
        });
        if (inside !== undefined) {
          errors.push(
            VIP_IN_CLUSTER_CIDR.message(
              `'${addressProp}' ${quote(address)} is inside '${prop}' ${quote(inside)} of cluster ${quote(cluster.clusterName)}; allowed: an address outside the cluster's pod and service CIDRs`,
            ),
          );
        }
      }
    }
  }

  const controller = publishingController(virtual, fields);
  if (controller && !controller.argOptions.enableIpv6) {
    for (const address of addresses.filter((a) => isIP(a) === 6)) {
      errors.push(
        IPV6_NEEDS_ENABLE_IPV6.message(
          `'${addressProp}' ${quote(address)} is IPv6, but [${controller.node.path}] runs without 'enableIpv6' (--enable-ipv6), so CIS would ignore it; allowed: an IPv4 address, or enableIpv6: true on the controller`,
        ),
      );
    }
  }
  errors.push(...checkRouteDomains(virtual, fields, cluster, controller));
  return errors;
}

function checkRouteDomains(
  virtual: VirtualOnNetwork,
  fields: VirtualFields,
  cluster: IVksCluster | undefined,
  controller: CisController | undefined,
): string[] {
  const errors: string[] = [];
  const rd = virtual.bigipRouteDomain;
  const network = BigipNetwork.of(virtual.partition.device);
  if (!network || !cluster) return errors;
  // The pool members (nodes or pods) are reached through the data network, in its route domain.
  const memberRd = fields.cluster ? (rd !== 0 ? rd : controller ? cisDefaultRouteDomain(controller) : 0) : rd;
  if (memberRd !== network.routeDomain) {
    const what = fields.cluster
      ? `the virtual and its pool members are in route domain ${memberRd}`
      : `'${'virtualAddress'}' ${quote(fields.virtualAddress)} is in route domain ${memberRd} (its %rd or the partition's defaultRouteDomain)`;
    errors.push(
      ROUTE_DOMAIN_MISMATCH.message(
        `${what}, but the data network [${network.node.path}] of device ${network.device.deviceName} that reaches cluster ${quote(cluster.clusterName)} is route domain ${network.routeDomain}; allowed: route domain ${network.routeDomain}`,
      ),
    );
  }
  return errors;
}
