import type { IConstruct, IValidation } from 'constructs';
import { quote } from '../../lib/core/errors';
import type { IBigipPartition } from '../bigip/bigip-partition';
import { controllerFor } from '../cis/cis-publishing';
import type { IServiceBackend } from '../workloads/service-backend';
import type { VksCluster } from '../workloads/vks-cluster';
import { MultiClusterPoolMode } from './extended-spec';
import { MultiCluster } from './multi-cluster';
import {
  IGNORED_IN_DEFAULT_MODE,
  MULTI_CLUSTER_SERVICES_MODE,
  UNDECLARED_CLUSTER,
} from './multicluster-rules';

/** What publishes the pool: a CIS virtual in a cluster, on a partition. */
interface PoolOwner extends IConstruct {
  readonly cluster: VksCluster;
  readonly partition: IBigipPartition;
}

/** The multi-cluster props of a pool as given (`CisPoolOptions`) and the Services they name. */
export interface MultiClusterPoolUse {
  /** Prefix of the prop names in messages, e.g. `pools[0].`. */
  readonly prefix: string;
  /** The pool's own Service, if any. */
  readonly service?: IServiceBackend;
  readonly weight?: number;
  /** Undefined when the prop is not set (an empty list is set). */
  readonly multiClusterServices?: readonly IServiceBackend[];
  readonly alternateBackends: readonly IServiceBackend[];
  /**
   * Whether CIS refuses the resource in default mode when `multiClusterServices` is missing (VirtualServer
   * and TransportServer pools); an IngressLink may select its local NGINX Service instead.
   */
  readonly requiredInDefaultMode: boolean;
}

/**
 * Registers the multi-cluster rules of one pool of `owner` (VirtualServer pool, TransportServer pool,
 * IngressLink): the mode of its CIS's MultiCluster decides which props CIS reads, and every Service must be
 * in a cluster of the group. Checked at synth, when the MultiCluster is known.
 */
export function checkMultiClusterPool(owner: PoolOwner, use: MultiClusterPoolUse): void {
  owner.node.addValidation(new MultiClusterPoolValidation(owner, use));
}

/** An object rather than an arrow: an arrow would keep the caller's whole scope alive with the tree. */
class MultiClusterPoolValidation implements IValidation {
  public constructor(
    private readonly owner: PoolOwner,
    private readonly use: MultiClusterPoolUse,
  ) {}

  public validate(): string[] {
    const { errors, warnings } = multiClusterPoolProblems(this.owner, this.use);
    for (const warning of warnings) warnOnce(this.owner, warning);
    return errors;
  }
}

const WARNED = new WeakMap<IConstruct, Set<string>>();

/** Props CIS ignores in default mode are a warning; validation may run more than once. */
function warnOnce(owner: IConstruct, message: string): void {
  const seen = WARNED.get(owner) ?? new Set<string>();
  WARNED.set(owner, seen);
  if (seen.has(message)) return;
  seen.add(message);
  IGNORED_IN_DEFAULT_MODE.warn(owner, message);
}

function multiClusterPoolProblems(
  owner: PoolOwner,
  use: MultiClusterPoolUse,
): { errors: string[]; warnings: string[] } {
  const { prefix, service, multiClusterServices } = use;
  const controller = controllerFor(owner.cluster, owner.partition);
  if (!controller) return { errors: [], warnings: [] };
  const group = MultiCluster.of(controller);
  if (!group) {
    return {
      errors:
        multiClusterServices === undefined
          ? []
          : [
              MULTI_CLUSTER_SERVICES_MODE.message(
                `'${prefix}multiClusterServices' needs a multi-cluster CIS, but [${controller.node.path}] belongs to no MultiCluster; CIS rejects multiClusterServices outside multi-cluster mode`,
              ),
            ],
      warnings: [],
    };
  }
  const errors: string[] = [];
  const warnings: string[] = [];
  const at = `[${group.node.path}]`;
  const isDefault = group.mode === MultiClusterPoolMode.DEFAULT;
  if (isDefault) {
    if (multiClusterServices === undefined) {
      if (use.requiredInDefaultMode)
        errors.push(
          MULTI_CLUSTER_SERVICES_MODE.message(
            `'${prefix}multiClusterServices' is required in default mode (${at}): CIS rejects a pool without it, as it builds default-mode pools only from there`,
          ),
        );
    } else if (service && !multiClusterServices.includes(service)) {
      warnings.push(
        `'${prefix}service' ${service.namespace}/${service.serviceName} is not among '${prefix}multiClusterServices'; in default mode (${at}) CIS takes members only from there, so list it too`,
      );
    }
    if (use.alternateBackends.length > 0)
      warnings.push(
        `'${prefix}alternateBackends' is ignored in default mode (${at}); give each entry of 'multiClusterServices' its weight`,
      );
    if (use.weight !== undefined)
      warnings.push(
        `'${prefix}weight' is ignored in default mode (${at}); give each entry of 'multiClusterServices' its weight`,
      );
  } else if (multiClusterServices !== undefined) {
    errors.push(
      MULTI_CLUSTER_SERVICES_MODE.message(
        `'${prefix}multiClusterServices' applies in default mode only; ${at} is in mode ${quote(group.mode)}, where CIS reads only 'service' and 'alternateBackends' and finds them in every cluster of the group`,
      ),
    );
  }
  // In default mode CIS reads only multiClusterServices; elsewhere it looks service and alternateBackends
  // up in every cluster, so those must be clusters of the group too.
  const named: Array<[string, IServiceBackend]> = [
    ...(multiClusterServices ?? []).map((b, i): [string, IServiceBackend] => [
      `${prefix}multiClusterServices[${i}].service`,
      b,
    ]),
  ];
  if (!isDefault) {
    if (service) named.unshift([`${prefix}service`, service]);
    use.alternateBackends.forEach((b, i) => named.push([`${prefix}alternateBackends[${i}].service`, b]));
  }
  for (const [prop, backend] of named) {
    if (backend.cluster !== controller.cluster && group.memberOf(backend.cluster) === undefined) {
      errors.push(
        UNDECLARED_CLUSTER.message(
          `'${prop}' Service ${backend.namespace}/${backend.serviceName} is in cluster ${quote(backend.cluster.clusterName)}, which is not a cluster of ${at}; CIS would drop it (add the cluster to 'clusters')`,
        ),
      );
    }
  }
  return { errors, warnings };
}
