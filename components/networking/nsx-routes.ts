import { isIP } from 'node:net';
import type { ICollector, SynthContext } from '../../lib/core/artifacts';
import { As3SnatPool } from '../../lib/as3/snat-pool';
import { toCanonicalJson } from '../../lib/core/canonical';
import { addressKey } from '../../lib/core/net';
import type { StaticRouteRecord } from '../../lib/core/records';
import { Stack } from '../../lib/core/stack';
import { virtualAddressUsers } from '../cis/cis-publishing';
import type { BigipNetwork } from './bigip-network';

/** The file that lists the routes of a stack's NSX VPC gateways. */
export const NSX_ROUTES_FILE = 'nsx/vpc-static-routes.json';

/** One route the VPC gateway needs: a host prefix of a VIP or SNAT address, towards the BIG-IP. */
export interface NsxStaticRoute {
  readonly prefix: string;
  readonly nextHop: string;
  readonly usedBy: readonly string[];
}

function hostPrefix(address: string): string {
  return `${address}/${isIP(address) === 6 ? 128 : 32}`;
}

/**
 * The VIP and SNAT addresses of `network`'s device outside its data segment, as host routes via the
 * BIG-IP (seed 000: only the self IPs need to be in the data segment; other prefixes are static routes
 * on the VPC gateway, with route redistribution enabled for them). Addresses inside the segment need none.
 */
export function nsxStaticRoutes(network: BigipNetwork): NsxStaticRoute[] {
  const stack = Stack.of(network);
  const routes = new Map<string, { prefix: string; usedBy: string[] }>();
  const add = (rawAddress: string, what: string) => {
    const address = rawAddress.replace(/[%/].*$/, '');
    if (isIP(address) === 0 || network.inDataSegment(address)) return;
    const key = addressKey(address);
    const route = routes.get(key) ?? { prefix: hostPrefix(address), usedBy: [] };
    if (!route.usedBy.includes(what)) route.usedBy.push(what);
    routes.set(key, route);
  };
  for (const user of virtualAddressUsers(stack)) {
    if (user.partition.device !== network.device) continue;
    for (const listener of user.listeners()) add(listener.address, `VIP of [${user.node.path}]`);
  }
  for (const pool of stack.constructsOfType(As3SnatPool)) {
    if (pool.application.tenant.device !== network.device) continue;
    for (const address of pool.snatAddresses) add(address, `SNAT pool [${pool.node.path}]`);
  }
  return [...routes.values()]
    .sort((a, b) => (a.prefix < b.prefix ? -1 : a.prefix > b.prefix ? 1 : 0))
    .map((r) => ({ prefix: r.prefix, nextHop: network.nextHop, usedBy: r.usedBy }));
}

/** Gathers the routes of every NSX BigipNetwork of a stack into one file and the `staticRoutes` records. */
export class NsxRoutesCollector implements ICollector {
  private readonly networks: Array<{ network: BigipNetwork; routes: NsxStaticRoute[] }> = [];

  public static of(context: SynthContext): NsxRoutesCollector {
    return context.collector('nsx-static-routes', () => new NsxRoutesCollector());
  }

  public add(network: BigipNetwork, routes: NsxStaticRoute[]): void {
    this.networks.push({ network, routes });
  }

  public finish(context: SynthContext): void {
    const withRoutes = this.networks.filter((n) => n.routes.length > 0);
    if (withRoutes.length === 0) return;
    const file = {
      description:
        'Static routes the NSX VPC gateway needs towards the BIG-IP: VIP and SNAT prefixes outside the BIG-IP data segment (seed 000). Add them to the VPC gateway and enable route redistribution for them.',
      routeRedistribution: 'required: enable redistribution of these static routes on the VPC gateway',
      devices: withRoutes.map(({ network, routes }) => ({
        device: network.device.deviceName,
        dataSegment: network.dataSegment,
        nextHop: network.nextHop,
        routes,
      })),
    };
    context.addFile(NSX_ROUTES_FILE, toCanonicalJson(file), withRoutes[0]?.network ?? context.stack);
    for (const { network, routes } of withRoutes) {
      for (const route of routes) {
        const record: StaticRouteRecord = {
          name: `${network.device.deviceName}/${route.prefix}`,
          device: network.device.deviceName,
          prefix: route.prefix,
          nextHop: route.nextHop,
          usedBy: route.usedBy,
          file: NSX_ROUTES_FILE,
        };
        context.addRecord('staticRoutes', record);
      }
    }
  }
}
