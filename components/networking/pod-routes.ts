import type { IConstruct } from 'constructs';
import { Stack } from '../../lib/core/stack';
import { CisController } from '../cis/cis-controller';
import type { IVksCluster } from '../workloads/vks-cluster';

/** Something that gives the BIG-IP a route to a cluster's pod CIDRs (a BGP peering construct). */
export interface IPodRouteProvider extends IConstruct {
  readonly cluster: IVksCluster;
  /** How it routes, for messages and the review: `Calico BGP`, `Cilium BGP`, … */
  readonly routeKind: string;
}

const POD_ROUTE_PROVIDER = Symbol.for('vks-bigip.PodRouteProvider');

/** Marks a construct as a route to its cluster's pods; cluster-mode checks look for one. */
export function registerPodRouteProvider(provider: IPodRouteProvider): void {
  Object.defineProperty(provider, POD_ROUTE_PROVIDER, { value: true });
}

function isPodRouteProvider(x: unknown): x is IPodRouteProvider {
  return typeof x === 'object' && x !== null && POD_ROUTE_PROVIDER in x;
}

/** One way the BIG-IP reaches a cluster's pods. */
export interface PodRoute {
  readonly kind: string;
  readonly by: IConstruct;
}

/** Routes to the pods of each cluster: BGP peerings and CIS controllers in static-routing mode. */
function podRouteIndex(stack: Stack): Map<IConstruct, PodRoute[]> {
  return stack.memoize(podRouteIndex, () => {
    const index = new Map<IConstruct, PodRoute[]>();
    const add = (cluster: IConstruct, route: PodRoute) =>
      index.set(cluster, [...(index.get(cluster) ?? []), route]);
    for (const c of stack.allConstructs()) {
      if (isPodRouteProvider(c)) add(c.cluster, { kind: c.routeKind, by: c });
      else if (c instanceof CisController && c.staticRoutingMode)
        add(c.cluster, { kind: 'CIS static routing', by: c });
    }
    return index;
  });
}

/** The routes from the BIG-IP to the pods of `cluster` declared in its stack. */
export function podRoutesOf(cluster: IVksCluster): readonly PodRoute[] {
  return podRouteIndex(Stack.of(cluster)).get(cluster) ?? [];
}

/** The CIS controllers of each cluster, in tree order. */
function controllerIndex(stack: Stack): Map<IConstruct, CisController[]> {
  return stack.memoize(controllerIndex, () => {
    const index = new Map<IConstruct, CisController[]>();
    for (const c of stack.constructsOfType(CisController)) {
      const list = index.get(c.cluster);
      if (list) list.push(c);
      else index.set(c.cluster, [c]);
    }
    return index;
  });
}

/** The CisControllers running in `cluster`. */
export function controllersOf(cluster: IVksCluster): readonly CisController[] {
  return controllerIndex(Stack.of(cluster)).get(cluster) ?? [];
}
