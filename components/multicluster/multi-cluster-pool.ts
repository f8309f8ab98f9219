import type { IConstruct } from 'constructs';
import { checkArray, checkInteger, checkReference, fail, PropChecks, report } from '../../lib/core/checks';
import { quote } from '../../lib/core/errors';
import type { CisAlternateBackend, CisMultiClusterService } from '../../lib/k8s/cis-types';
import type { IBigipPartition } from '../bigip/bigip-partition';
import { controllerFor } from '../cis/cis-publishing';
import { backendPort, isServiceBackend, type IServiceBackend } from '../workloads/service-backend';
import type { VksCluster } from '../workloads/vks-cluster';
import { MultiClusterPoolMode } from './extended-spec';
import { MultiCluster } from './multi-cluster';
import { MULTI_CLUSTER_SERVICES_MODE, UNDECLARED_CLUSTER } from './multicluster-rules';

/** The same app in another cluster of a multi-cluster group (default mode). */
export interface MultiClusterServiceOptions {
  /**
   * The Service, in any cluster of the MultiCluster (its cluster name is rendered as `clusterName`).
   * @see https://clouddocs.f5.com/containers/latest/userguide/multicluster/
   */
  readonly service: IServiceBackend;
  /**
   * The Service port.
   * @see https://clouddocs.f5.com/containers/latest/userguide/multicluster/
   * @default - the Service's first port
   */
  readonly servicePort?: number;
  /**
   * Share of the pool's traffic (0 takes the cluster out, e.g. for maintenance).
   * @see https://clouddocs.f5.com/containers/latest/userguide/multicluster/
   * @default - CIS default (equal shares)
   */
  readonly weight?: number;
}

/** Another Service sharing a pool (A/B or canary; active-active and ratio modes look it up in every cluster). */
export interface AlternateBackendOptions {
  /**
   * The Service.
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/virtualserver.html
   */
  readonly service: IServiceBackend;
  /**
   * Its weight against the pool's `weight`.
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/virtualserver.html
   * @default - CIS default
   */
  readonly weight?: number;
}

/** Pool props for several Services and clusters, shared by VirtualServer pools and TransportServer. */
export interface MultiClusterPoolOptions {
  /**
   * Weight of the pool's own `service`: against `alternateBackends`, or, with `multiClusterServices`,
   * the weight of its cluster's entry (VirtualServer 0–256, TransportServer 0–100).
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/virtualserver.html
   * @default - CIS default
   */
  readonly weight?: number;
  /**
   * Multi-cluster default mode: the same app in other clusters. The pool's `service` becomes the first
   * entry (with its cluster's name); an empty list publishes it alone. Every pool needs it in default
   * mode; the other modes reject it.
   * @see https://clouddocs.f5.com/containers/latest/userguide/multicluster/
   * @default - none
   */
  readonly multiClusterServices?: MultiClusterServiceOptions[];
  /**
   * Other Services sharing the pool by weight. Not in multi-cluster default mode.
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/virtualserver.html
   * @default - none
   */
  readonly alternateBackends?: AlternateBackendOptions[];
}

/** Pool fields the helper renders (VirtualServer pool and TransportServer pool alike). */
export interface MultiClusterPoolFields {
  readonly service?: string;
  readonly servicePort?: number;
  readonly serviceNamespace?: string;
  readonly weight?: number;
  readonly multiClusterServices?: CisMultiClusterService[];
  readonly alternateBackends?: CisAlternateBackend[];
}

/** What publishes the pool: a CIS virtual in a cluster, on a partition. */
interface PoolOwner extends IConstruct {
  readonly cluster: VksCluster;
  readonly partition: IBigipPartition;
}

/**
 * Checks the multi-cluster pool props of `owner` and returns the fields to spread over its rendered pool
 * (after `service`, `servicePort` and `serviceNamespace`, which multiClusterServices replaces). The rules
 * that need the MultiCluster run at synth.
 */
export function multiClusterPool(
  owner: PoolOwner,
  /** Prefix of the prop names in messages, e.g. `pools[0].`. */
  prefix: string,
  service: IServiceBackend,
  servicePort: number,
  options: MultiClusterPoolOptions,
  maxWeight: number,
): MultiClusterPoolFields {
  const weight = (prop: string, value: number | undefined) =>
    value === undefined ? undefined : checkInteger(owner, prop, value, 0, maxWeight);
  const poolWeight = weight(`${prefix}weight`, options.weight);
  const others = (
    options.multiClusterServices === undefined
      ? undefined
      : checkArray(
          owner,
          `${prefix}multiClusterServices`,
          options.multiClusterServices,
          'a list of { service, … }',
        )
  )?.map((o, i): CisMultiClusterService & { backend: IServiceBackend } => {
    const prop = `${prefix}multiClusterServices[${i}]`;
    PropChecks.begin(owner, o).end();
    const backend = checkReference(
      owner,
      `${prop}.service`,
      o.service,
      isServiceBackend,
      'a Service construct',
    );
    const port = backendPort(backend, o.servicePort);
    if (!port)
      fail(
        owner,
        `'${prop}.servicePort' ${quote(o.servicePort)} is not a port of Service ${backend.serviceName}`,
      );
    if (backend === service)
      report(owner, `'${prop}.service' is the pool's own service, which is listed already`);
    return {
      backend,
      clusterName: backend.cluster.clusterName,
      namespace: backend.namespace,
      service: backend.serviceName,
      servicePort: port.port,
      weight: weight(`${prop}.weight`, o.weight),
    };
  });
  const alternates = checkArray(
    owner,
    `${prefix}alternateBackends`,
    options.alternateBackends ?? [],
    'a list of { service, weight }',
  ).map((o, i) => {
    const prop = `${prefix}alternateBackends[${i}]`;
    PropChecks.begin(owner, o).end();
    const backend = checkReference(
      owner,
      `${prop}.service`,
      o.service,
      isServiceBackend,
      'a Service construct',
    );
    return { backend, weight: weight(`${prop}.weight`, o.weight) };
  });
  owner.node.addValidation({
    validate: () =>
      checkPool(
        owner,
        prefix,
        service,
        others?.map((o) => o.backend),
        alternates.map((a) => a.backend),
      ),
  });
  if (others !== undefined) {
    const local: CisMultiClusterService = {
      clusterName: service.cluster.clusterName,
      namespace: service.namespace,
      service: service.serviceName,
      servicePort,
      weight: poolWeight,
    };
    return {
      service: undefined,
      servicePort: undefined,
      serviceNamespace: undefined,
      multiClusterServices: [local, ...others.map(({ backend: _backend, ...entry }) => entry)],
    };
  }
  return {
    weight: poolWeight,
    alternateBackends: alternates.length
      ? alternates.map((a) => ({
          service: a.backend.serviceName,
          serviceNamespace: a.backend.namespace === service.namespace ? undefined : a.backend.namespace,
          weight: a.weight,
        }))
      : undefined,
  };
}

/** The rules that need the CIS and its MultiCluster: the mode decides which props CIS reads. */
function checkPool(
  owner: PoolOwner,
  prefix: string,
  service: IServiceBackend,
  multiClusterServices: IServiceBackend[] | undefined,
  alternateBackends: IServiceBackend[],
): string[] {
  const controller = controllerFor(owner.cluster, owner.partition);
  if (!controller) return [];
  const group = MultiCluster.of(controller);
  const errors: string[] = [];
  if (!group) {
    if (multiClusterServices !== undefined) {
      errors.push(
        MULTI_CLUSTER_SERVICES_MODE.message(
          `'${prefix}multiClusterServices' needs a multi-cluster CIS, but [${controller.node.path}] belongs to no MultiCluster; CIS rejects multiClusterServices outside multi-cluster mode`,
        ),
      );
    }
    return errors;
  }
  const isDefault = group.mode === MultiClusterPoolMode.DEFAULT;
  if (isDefault && multiClusterServices === undefined) {
    errors.push(
      MULTI_CLUSTER_SERVICES_MODE.message(
        `'${prefix}multiClusterServices' is required in default mode ([${group.node.path}]): CIS builds default-mode pools only from it (use [] to publish the pool's own service alone)`,
      ),
    );
  }
  if (!isDefault && multiClusterServices !== undefined) {
    errors.push(
      MULTI_CLUSTER_SERVICES_MODE.message(
        `'${prefix}multiClusterServices' applies in default mode only; [${group.node.path}] is in mode ${quote(group.mode)}, where CIS finds 'service' and 'alternateBackends' in every cluster`,
      ),
    );
  }
  if (isDefault && alternateBackends.length > 0) {
    errors.push(
      MULTI_CLUSTER_SERVICES_MODE.message(
        `'${prefix}alternateBackends' is ignored in default mode ([${group.node.path}]); list the Services in 'multiClusterServices'`,
      ),
    );
  }
  const declared = (backend: IServiceBackend) =>
    backend.cluster === controller.cluster || group.memberOf(backend.cluster) !== undefined;
  const named: Array<[string, IServiceBackend]> = [
    [`${prefix}service`, service],
    ...(multiClusterServices ?? []).map((b, i): [string, IServiceBackend] => [
      `${prefix}multiClusterServices[${i}].service`,
      b,
    ]),
    ...alternateBackends.map((b, i): [string, IServiceBackend] => [
      `${prefix}alternateBackends[${i}].service`,
      b,
    ]),
  ];
  for (const [prop, backend] of named) {
    if (!declared(backend)) {
      errors.push(
        UNDECLARED_CLUSTER.message(
          `'${prop}' Service ${backend.namespace}/${backend.serviceName} is in cluster ${quote(backend.cluster.clusterName)}, which is not a cluster of [${group.node.path}]; CIS would drop it (add the cluster to 'clusters')`,
        ),
      );
    }
  }
  return errors;
}
