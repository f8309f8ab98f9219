import type { IConstruct } from 'constructs';
import { quote } from '../../lib/core/errors';
import type { IBigipPartition } from '../bigip/bigip-partition';
import { controllerFor } from '../cis/cis-publishing';
import type { IServiceBackend } from '../workloads/service-backend';
import type { VksCluster } from '../workloads/vks-cluster';
import { MultiClusterPoolMode } from './extended-spec';
import { MultiCluster } from './multi-cluster';
import { MULTI_CLUSTER_SERVICES_MODE, UNDECLARED_CLUSTER } from './multicluster-rules';

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
}

/**
 * Registers the multi-cluster rules of one pool of `owner` (VirtualServer pool, TransportServer pool):
 * the mode of its CIS's MultiCluster decides which props CIS reads, and every Service must be in a
 * cluster of the group. Checked at synth, when the MultiCluster is known.
 */
export function checkMultiClusterPool(owner: PoolOwner, use: () => MultiClusterPoolUse): void {
  owner.node.addValidation({ validate: () => multiClusterPoolProblems(owner, use()) });
}

function multiClusterPoolProblems(owner: PoolOwner, use: MultiClusterPoolUse): string[] {
  const { prefix, service, multiClusterServices } = use;
  const controller = controllerFor(owner.cluster, owner.partition);
  if (!controller) return [];
  const group = MultiCluster.of(controller);
  if (!group) {
    return multiClusterServices === undefined
      ? []
      : [
          MULTI_CLUSTER_SERVICES_MODE.message(
            `'${prefix}multiClusterServices' needs a multi-cluster CIS, but [${controller.node.path}] belongs to no MultiCluster; CIS rejects multiClusterServices outside multi-cluster mode`,
          ),
        ];
  }
  const errors: string[] = [];
  const at = `[${group.node.path}]`;
  if (group.mode === MultiClusterPoolMode.DEFAULT) {
    if (multiClusterServices === undefined) {
      errors.push(
        MULTI_CLUSTER_SERVICES_MODE.message(
          `'${prefix}multiClusterServices' is required in default mode (${at}): CIS builds default-mode pools only from it`,
        ),
      );
    } else if (service && !multiClusterServices.includes(service)) {
      errors.push(
        MULTI_CLUSTER_SERVICES_MODE.message(
          `'${prefix}service' ${service.namespace}/${service.serviceName} is not among '${prefix}multiClusterServices'; in default mode (${at}) CIS takes members only from there, so list it too`,
        ),
      );
    }
    if (use.alternateBackends.length > 0 || use.weight !== undefined) {
      errors.push(
        MULTI_CLUSTER_SERVICES_MODE.message(
          `'${prefix}${use.alternateBackends.length > 0 ? 'alternateBackends' : 'weight'}' is ignored in default mode (${at}); give each entry of 'multiClusterServices' its weight`,
        ),
      );
    }
  } else if (multiClusterServices !== undefined) {
    errors.push(
      MULTI_CLUSTER_SERVICES_MODE.message(
        `'${prefix}multiClusterServices' applies in default mode only; ${at} is in mode ${quote(group.mode)}, where CIS finds 'service' and 'alternateBackends' in every cluster`,
      ),
    );
  }
  const named: Array<[string, IServiceBackend]> = [
    ...(service ? [[`${prefix}service`, service] as [string, IServiceBackend]] : []),
    ...(multiClusterServices ?? []).map((b, i): [string, IServiceBackend] => [
      `${prefix}multiClusterServices[${i}].service`,
      b,
    ]),
    ...use.alternateBackends.map((b, i): [string, IServiceBackend] => [
      `${prefix}alternateBackends[${i}].service`,
      b,
    ]),
  ];
  for (const [prop, backend] of named) {
    if (backend.cluster !== controller.cluster && group.memberOf(backend.cluster) === undefined) {
      errors.push(
        UNDECLARED_CLUSTER.message(
          `'${prop}' Service ${backend.namespace}/${backend.serviceName} is in cluster ${quote(backend.cluster.clusterName)}, which is not a cluster of ${at}; CIS would drop it (add the cluster to 'clusters')`,
        ),
      );
    }
  }
  return errors;
}
