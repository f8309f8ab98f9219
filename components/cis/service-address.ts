import type { IConstruct } from 'constructs';
import { BigipObjectKind, type BigipRef } from '../../lib/as3/inventory';
import { checkBoolean, checkEnum } from '../../lib/core/checks';
import type { CisServiceAddress } from '../../lib/k8s/cis';
import type { BigipReferences } from './bigip-references';

/** Whether the virtual address answers ICMP echo (`serviceAddress.icmpEcho`). */
export enum IcmpEcho {
  ENABLE = 'enable',
  DISABLE = 'disable',
  SELECTIVE = 'selective',
}

/** When BIG-IP advertises the virtual address to dynamic routing (`serviceAddress.routeAdvertisement`). */
export enum RouteAdvertisement {
  ENABLE = 'enable',
  DISABLE = 'disable',
  SELECTIVE = 'selective',
  ALWAYS = 'always',
  ANY = 'any',
  ALL = 'all',
}

/** Settings of the BIG-IP virtual address object (`serviceAddress`); CIS cannot add or drop it later. */
export interface ServiceAddressOptions {
  /**
   * Whether the address answers ARP.
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/virtualserver.html
   * @default - BIG-IP default (true)
   */
  readonly arpEnabled?: boolean;
  /**
   * ICMP echo handling.
   * @default - BIG-IP default (enable)
   */
  readonly icmpEcho?: IcmpEcho;
  /**
   * Route advertisement.
   * @default - BIG-IP default (disable)
   */
  readonly routeAdvertisement?: RouteAdvertisement;
  /**
   * Whether the address spans several BIG-IPs.
   * @default - BIG-IP default (false)
   */
  readonly spanningEnabled?: boolean;
  /**
   * Traffic group of the address (`BigipRef.trafficGroup('/Common/traffic-group-1')`).
   * @default - BIG-IP default
   */
  readonly trafficGroup?: BigipRef;
}

/** Renders `serviceAddress[0]` (the CRD allows one). */
export function renderServiceAddress(
  scope: IConstruct,
  refs: BigipReferences,
  options: ServiceAddressOptions,
): CisServiceAddress {
  const at = (name: string) => `serviceAddress.${name}`;
  const flag = (name: 'arpEnabled' | 'spanningEnabled') =>
    options[name] === undefined ? undefined : checkBoolean(scope, at(name), options[name]);
  return {
    arpEnabled: flag('arpEnabled'),
    icmpEcho:
      options.icmpEcho === undefined
        ? undefined
        : checkEnum(scope, at('icmpEcho'), options.icmpEcho, IcmpEcho),
    routeAdvertisement:
      options.routeAdvertisement === undefined
        ? undefined
        : checkEnum(scope, at('routeAdvertisement'), options.routeAdvertisement, RouteAdvertisement),
    spanningEnabled: flag('spanningEnabled'),
    trafficGroup: refs.one(at('trafficGroup'), options.trafficGroup, BigipObjectKind.TRAFFIC_GROUP),
  };
}
