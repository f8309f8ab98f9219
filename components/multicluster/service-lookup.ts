import type { IConstruct } from 'constructs';

/**
 * The CIS instances of a MultiCluster in active-active or ratio mode: they look a pool's `service` and
 * `alternateBackends` up by name and namespace in every cluster of the group, so a backend may be a Service
 * construct of another cluster. Kept apart from MultiCluster so the backend checks of components/cis can
 * ask without importing it.
 */
const ACROSS_CLUSTERS = new WeakSet<IConstruct>();

/** Declares that `controller` finds pool Services in every cluster of its group. */
export function registerServiceLookupAcrossClusters(controller: IConstruct): void {
  ACROSS_CLUSTERS.add(controller);
}

/** Whether `controller` finds pool Services in every cluster of its group (which clusters: the group's check). */
export function looksUpServicesAcrossClusters(controller: IConstruct): boolean {
  return ACROSS_CLUSTERS.has(controller);
}
