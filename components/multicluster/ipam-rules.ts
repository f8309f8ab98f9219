import type { IConstruct } from 'constructs';
import { quote } from '../../lib/core/errors';
import { addressToBigInt, isIpAddress } from '../../lib/core/net';
import { Rule, RuleSeverity } from '../../lib/core/rules';
import { Stack } from '../../lib/core/stack';
import type { IBigipDevice } from '../bigip/bigip-device';
import type { IBigipPartition } from '../bigip/bigip-partition';
import { CisController } from '../cis/cis-controller';
import type { VksCluster } from '../workloads/vks-cluster';
import type { CisLoadBalancerService } from './cis-load-balancer-service';
import { MultiClusterPoolMode } from './extended-spec';
import { IpamController } from './ipam-controller';
import { MultiCluster } from './multi-cluster';
import { MULTI_CLUSTER_SERVICES_MODE, UNDECLARED_CLUSTER } from './multicluster-rules';

/** The IPAM rules of seed 004 (F5 IPAM Controller), checked once per synthesis with indexes. */

export const IPAM_ONE_PER_CLUSTER = Rule.define({
  id: 'ipam:one-controller-per-cluster',
  severity: RuleSeverity.ERROR,
  summary: 'One F5 IPAM Controller per cluster',
  why: 'Two IPAM Controllers answer the same IPAM resources of CIS and hand out addresses from separate databases: one VIP can be given twice.',
  source: 'seed 004; F5Networks/k8s-bigip-ctlr#3345',
});

export const IPAM_UNKNOWN_LABEL = Rule.define({
  id: 'ipam:unknown-label',
  severity: RuleSeverity.ERROR,
  summary: 'Every ipamLabel used in a cluster is a label of its IPAM Controller',
  why: 'The IPAM Controller silently allocates nothing for an unknown label: the virtual never gets an address, and a wrong label sticks until the resource is renamed.',
  source: 'F5Networks/k8s-bigip-ctlr#2587; F5Networks/f5-ipam-controller#104',
});

export const IPAM_RANGE_OVERLAP = Rule.define({
  id: 'ipam:range-overlap',
  severity: RuleSeverity.ERROR,
  summary:
    'IPAM ranges do not overlap each other, static VIPs, or the ranges of other clusters on the same BIG-IP',
  why: 'The IPAM Controller hands out an address another label, another cluster or a static VIP already uses; CIS then writes two virtuals on one address and port, and one overwrites the other.',
  source: 'seed 004',
});

export const IPAM_CIS_IPAM_OFF = Rule.define({
  id: 'ipam:cis-ipam-off',
  severity: RuleSeverity.ERROR,
  summary:
    'An IPAM Controller, or an IPAM label on a LoadBalancer Service, needs a CIS with ipam on in its cluster',
  why: 'Only CIS with --ipam creates the IPAM resources the IPAM Controller answers; without it no address is ever allocated.',
  source: 'seed 004; cis-facts §5.3',
});

export const IPAM_NAMESPACE_NOT_WATCHED = Rule.define({
  id: 'ipam:namespace-not-watched',
  severity: RuleSeverity.ERROR,
  summary: 'The IPAM Controller watches the namespace CIS creates its IPAM resource in (--ipam-namespace)',
  why: 'The IPAM Controller watches only kube-system unless told otherwise; CIS then waits for an allocation that never comes ("IPAM CR not found").',
  source: 'F5Networks/k8s-bigip-ctlr#3345; F5Networks/f5-ipam-controller#77, #92',
});

export const IPAM_IP_WINS = Rule.define({
  id: 'ipam:ip-overrides-label',
  severity: RuleSeverity.WARNING,
  summary: 'A LoadBalancer Service with both cis.f5.com/ip and cis.f5.com/ipamLabel uses the static ip',
  why: 'CIS takes cis.f5.com/ip and ignores the label, so the label only misleads readers; drop one of them.',
  source: 'cis-facts §5.3 (pkg/controller/controller.go)',
});

export const LB_SERVICE_NEEDS_CRD_MODE = Rule.define({
  id: 'ipam:lb-service-needs-custom-resource-mode',
  severity: RuleSeverity.ERROR,
  summary: 'A LoadBalancer Service for CIS needs a CIS in custom-resource mode in its cluster',
  why: 'Only the custom-resource controller of CIS watches Services of type LoadBalancer; in the legacy controller the Service gets no virtual.',
  source: 'cis-facts §5.3',
});

/** Something in a cluster that names an IPAM label (CIS virtuals, IngressLinks, LoadBalancer Services). */
interface LabelUser extends IConstruct {
  readonly cluster: VksCluster;
  readonly ipamLabel: string;
}

/** Something on a BIG-IP with a static address (CIS virtuals). */
interface StaticVip extends IConstruct {
  readonly virtualServerAddress: string;
  readonly partition: IBigipPartition;
}

function isLabelUser(x: IConstruct): x is LabelUser {
  const c = x as Partial<LabelUser>;
  return typeof c.ipamLabel === 'string' && typeof c.cluster === 'object' && c.cluster !== null;
}

function isStaticVip(x: IConstruct): x is StaticVip {
  const c = x as Partial<StaticVip>;
  return typeof c.virtualServerAddress === 'string' && typeof c.partition?.device === 'object';
}

/** The CIS instances of each cluster. */
function controllersByCluster(stack: Stack): Map<VksCluster, CisController[]> {
  return stack.memoize(controllersByCluster, () => {
    const index = new Map<VksCluster, CisController[]>();
    for (const c of stack.constructsOfType(CisController)) pushTo(index, c.cluster, c);
    return index;
  });
}

/** The namespace CIS creates its IPAM resource in (`--ipam-namespace`). */
function ipamNamespaceOf(controller: CisController): string {
  return controller.argOptions.ipamNamespace;
}

interface Interval {
  readonly family: 4 | 6;
  readonly first: bigint;
  readonly last: bigint;
  readonly what: string;
  /** The IPAM Controller a range belongs to (VIPs have none). */
  readonly owner?: IpamController;
}

/**
 * Every problem of every IPAM Controller of the stack, computed once: labels, namespaces, and overlaps
 * per BIG-IP (ranges and static VIPs sorted by first address, then one sweep: O(n log n)).
 */
function ipamProblems(stack: Stack): Map<IpamController, string[]> {
  return stack.memoize(ipamProblems, () => {
    const problems = new Map<IpamController, string[]>();
    const add = (fic: IpamController, message: string) => pushTo(problems, fic, message);
    const byCluster = controllersByCluster(stack);
    const fics = stack.constructsOfType(IpamController);
    const firstInCluster = new Map<VksCluster, IpamController>();
    const intervalsByDevice = new Map<IBigipDevice, Interval[]>();
    const push = (device: IBigipDevice, interval: Interval) => pushTo(intervalsByDevice, device, interval);

    for (const fic of fics) {
      const first = firstInCluster.get(fic.cluster);
      if (first) {
        add(
          fic,
          IPAM_ONE_PER_CLUSTER.message(
            `cluster ${quote(fic.cluster.clusterName)} already has the IPAM Controller [${first.node.path}]; run one per cluster`,
          ),
        );
        continue;
      }
      firstInCluster.set(fic.cluster, fic);
      const withIpam = (byCluster.get(fic.cluster) ?? []).filter((c) => c.ipam);
      if (withIpam.length === 0) {
        add(
          fic,
          IPAM_CIS_IPAM_OFF.message(
            `no CisController in cluster ${quote(fic.cluster.clusterName)} has 'ipam' true; without it CIS asks for no address and this IPAM Controller does nothing`,
          ),
        );
      }
      for (const cis of withIpam) {
        const ns = ipamNamespaceOf(cis);
        if (!fic.watchNamespaces.includes(ns)) {
          add(
            fic,
            IPAM_NAMESPACE_NOT_WATCHED.message(
              `[${cis.node.path}] creates its IPAM resource in namespace ${quote(ns)}, which 'watchNamespaces' (${fic.watchNamespaces.join(', ')}) does not include; CIS would wait for addresses forever`,
            ),
          );
        }
      }
      const devices = new Set(withIpam.map((c) => c.device));
      for (const range of fic.ranges) {
        for (const device of devices) {
          push(device, {
            ...range,
            what: `range ${range.text} (label ${quote(range.label)}) of [${fic.node.path}]`,
            owner: fic,
          });
        }
      }
    }

    for (const construct of stack.allConstructs()) {
      if (isLabelUser(construct)) {
        const fic = firstInCluster.get(construct.cluster);
        if (fic && !fic.hasLabel(construct.ipamLabel)) {
          add(
            fic,
            IPAM_UNKNOWN_LABEL.message(
              `[${construct.node.path}] uses 'ipamLabel' ${quote(construct.ipamLabel)}, which is not a label of this IPAM Controller (labels: ${fic.labels.join(', ') || 'none'}); it would never get an address`,
            ),
          );
        }
      }
      const vip = isStaticVip(construct)
        ? { address: construct.virtualServerAddress, device: construct.partition.device }
        : staticLbVip(construct, byCluster);
      if (vip && isIpAddress(vip.address)) {
        const { family, value } = addressToBigInt(vip.address);
        push(vip.device, {
          family,
          first: value,
          last: value,
          what: `static VIP ${vip.address} of [${construct.node.path}]`,
        });
      }
    }

    for (const intervals of intervalsByDevice.values()) {
      // Ranges sort before a VIP at the same first address, so the VIP is compared with them.
      intervals.sort((a, b) =>
        a.family !== b.family
          ? a.family - b.family
          : a.first !== b.first
            ? a.first < b.first
              ? -1
              : 1
            : (a.owner ? 0 : 1) - (b.owner ? 0 : 1),
      );
      let reach: Interval | undefined;
      for (const item of intervals) {
        if (reach && reach.family !== item.family) reach = undefined;
        if (reach && item.first <= reach.last) {
          const fic = item.owner ?? (reach.owner as IpamController);
          add(fic, IPAM_RANGE_OVERLAP.message(`${item.what} overlaps ${reach.what} on the same BIG-IP`));
        }
        if (item.owner && (!reach || item.last > reach.last)) reach = item;
      }
    }
    return problems;
  });
}

/** A LoadBalancer Service's static VIP and the BIG-IP of the CIS that publishes it. */
function staticLbVip(
  construct: IConstruct,
  byCluster: Map<VksCluster, CisController[]>,
): { address: string; device: IBigipDevice } | undefined {
  const service = construct as Partial<CisLoadBalancerService>;
  if (typeof service.ip !== 'string' || !service.cisAnnotations || !service.cluster) return undefined;
  const cis = (byCluster.get(service.cluster) ?? []).find((c) =>
    service.partition ? c.manages(service.partition) : c.customResourceMode,
  );
  return cis ? { address: service.ip, device: cis.device } : undefined;
}

/** The IPAM rules as they concern one IPAM Controller. */
export function checkIpamAgainstStack(fic: IpamController): string[] {
  return ipamProblems(Stack.of(fic)).get(fic) ?? [];
}

/** A LoadBalancer Service needs a CIS in custom-resource mode, and one with ipam for a label. */
export function checkLoadBalancerService(service: CisLoadBalancerService): string[] {
  const controllers = (controllersByCluster(Stack.of(service)).get(service.cluster) ?? []).filter((c) =>
    service.partition ? c.manages(service.partition) : true,
  );
  const errors: string[] = [];
  const crd = controllers.filter((c) => c.customResourceMode);
  if (crd.length === 0) {
    errors.push(
      LB_SERVICE_NEEDS_CRD_MODE.message(
        `no CisController in custom-resource mode in cluster ${quote(service.cluster.clusterName)}${service.partition ? ` manages partition ${quote(service.partition.partitionName)}` : ''}; CIS would not publish this LoadBalancer Service`,
      ),
    );
  } else if (service.ip === undefined && service.ipamLabel !== undefined && !crd.some((c) => c.ipam)) {
    errors.push(
      IPAM_CIS_IPAM_OFF.message(
        `'ipamLabel' ${quote(service.ipamLabel)} needs 'ipam: true' on [${crd[0]?.node.path}]; without it the Service never gets an address`,
      ),
    );
  }
  errors.push(...checkLoadBalancerClusters(service, crd[0]));
  return errors;
}

/**
 * `cis.f5.com/multiClusterServices` on a LoadBalancer Service: multi-cluster default mode only, each
 * cluster one of the MultiCluster's with `serviceTypeLBDiscovery` (else CIS does not look for the Service there).
 */
function checkLoadBalancerClusters(
  service: CisLoadBalancerService,
  controller: CisController | undefined,
): string[] {
  if (service.multiClusterServices.length === 0 || !controller) return [];
  const group = MultiCluster.of(controller);
  if (!group || group.mode !== MultiClusterPoolMode.DEFAULT) {
    return [
      MULTI_CLUSTER_SERVICES_MODE.message(
        `'multiClusterServices' needs [${controller.node.path}] in a MultiCluster in default mode${group ? `; [${group.node.path}] is in mode ${quote(group.mode)}, where CIS skips LoadBalancer Services that list clusters` : ', but it belongs to no MultiCluster'}`,
      ),
    ];
  }
  return service.multiClusterServices.flatMap((entry, i) => {
    const member = group.memberOf(entry.cluster);
    if (!member) {
      return [
        UNDECLARED_CLUSTER.message(
          `'multiClusterServices[${i}].cluster' ${quote(entry.cluster.clusterName)} is not a cluster of [${group.node.path}]; CIS would drop it`,
        ),
      ];
    }
    // Each CIS of the group (both of an HA pair: the Service is mirrored) looks for LoadBalancer Services
    // outside its own cluster only where serviceTypeLBDiscovery is on.
    const readElsewhere = group.controllers.some((c) => c.cluster !== entry.cluster);
    if (readElsewhere && !member.serviceTypeLBDiscovery) {
      return [
        UNDECLARED_CLUSTER.message(
          `'multiClusterServices[${i}].cluster' ${quote(entry.cluster.clusterName)} needs 'serviceTypeLBDiscovery: true' in [${group.node.path}]; CIS does not look for LoadBalancer Services there otherwise`,
        ),
      ];
    }
    return [];
  });
}

/** Appends to the list of `key` in place (copying the list per item would be quadratic). */
function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
