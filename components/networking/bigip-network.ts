import { Construct, type IConstruct } from 'constructs';
import { registerArtifactSource, type IArtifactSource, type SynthContext } from '../../lib/core/artifacts';
import { brand } from '../../lib/core/brand';
import {
  checkArray,
  checkDnsLabel,
  checkEnum,
  checkId,
  checkInteger,
  checkReference,
  PropChecks,
  report,
} from '../../lib/core/checks';
import { quote } from '../../lib/core/errors';
import { addressKey, cidrContains, isIpAddress, parseCidr, type Cidr } from '../../lib/core/net';
import { Stack } from '../../lib/core/stack';
import { isBigipDevice, type IBigipDevice } from '../bigip/bigip-device';
import { VksCluster } from '../workloads/vks-cluster';
import { Networking } from './cluster-network';
import { NsxRoutesCollector, nsxStaticRoutes } from './nsx-routes';
import { SELF_IP_IN_CLUSTER_SEGMENT, VIRTUAL_EDITION_RECOMMENDED } from './network-rules';

/** What the BIG-IP is built as (seed 000 recommends Virtual Edition on NSX). */
export enum BigipFormFactor {
  VIRTUAL_EDITION = 'virtual-edition',
  APPLIANCE = 'appliance',
  CHASSIS = 'chassis',
}

/** A non-floating self IP of one BIG-IP unit (an HA pair has one per unit). */
export interface BigipSelfIpOptions {
  /** Name of the unit (`bigip1`); names its BGP file `bigip/<device>/bgp/<unit>.imish`. */
  readonly unit: string;
  /** The self IP address (without prefix length), inside `dataSegment`. */
  readonly address: string;
  /**
   * Name of the self IP object on the BIG-IP (`tmsh list net self`), used in the commands it needs.
   * @default - `self-<unit>`
   */
  readonly name?: string;
}

/** A checked self IP. */
export interface BigipSelfIp {
  readonly unit: string;
  readonly address: string;
  readonly name: string;
}

/** The data-plane network of a BIG-IP, as BGP peerings, routes and network checks see it. */
export interface IBigipNetwork extends IConstruct {
  readonly device: IBigipDevice;
  readonly dataSegment: string;
  readonly selfIps: readonly BigipSelfIp[];
  readonly floatingSelfIp?: string;
  readonly routeDomain: number;
  readonly networking: Networking;
  readonly formFactor: BigipFormFactor;
  /** Whether `address` is inside the data segment. */
  inDataSegment(address: string): boolean;
}

export interface BigipNetworkProps {
  /** The BIG-IP (or HA pair behind one management address) this network belongs to. */
  readonly device: IBigipDevice;

  /**
   * The subnet of the BIG-IP's data interface (CIDR): on NSX the BIG-IP's own VPC segment, on VDS the
   * port group it shares with the nodes. The self IPs are inside it.
   * @see https://techdocs.f5.com/en-us/bigip-17-1-0/big-ip-tmos-routing-administration/self-ip-addresses.html
   */
  readonly dataSegment: string;

  /**
   * The non-floating self IPs, one per unit: the BGP peers of the cluster nodes.
   * @see https://techdocs.f5.com/en-us/bigip-17-1-0/big-ip-tmos-routing-administration/self-ip-addresses.html
   */
  readonly selfIps: BigipSelfIpOptions[];

  /**
   * Floating self IP of an HA pair: the next hop of the routes other routers need to reach VIPs and SNAT
   * addresses.
   * @default - the first self IP
   */
  readonly floatingSelfIp?: string;

  /**
   * Route domain of the data network (BGP runs per route domain).
   * @see https://techdocs.f5.com/en-us/bigip-17-1-0/big-ip-tmos-routing-administration/route-domains.html
   * @default 0
   */
  readonly routeDomain?: number;

  /**
   * What the data segment is part of. On NSX, VIP and SNAT prefixes outside the data segment need static
   * routes on the VPC gateway (`nsx/vpc-static-routes.json`).
   * @default Networking.VDS
   */
  readonly networking?: Networking;

  /**
   * Form factor of the BIG-IP; on NSX anything but Virtual Edition raises `network:virtual-edition-recommended`.
   * @default BigipFormFactor.VIRTUAL_EDITION
   */
  readonly formFactor?: BigipFormFactor;
}

/**
 * The data network of a BIG-IP: its segment, self IPs (one per HA unit), floating self IP and route
 * domain. BGP peerings (CalicoBgpPeering) peer with its self IPs and it renders the BIG-IP side of them;
 * on NSX it renders the static routes the VPC gateway needs.
 */
export class BigipNetwork extends Construct implements IBigipNetwork, IArtifactSource {
  public readonly device: IBigipDevice;
  public readonly dataSegment: string;
  public readonly selfIps: readonly BigipSelfIp[];
  public readonly floatingSelfIp?: string;
  public readonly routeDomain: number;
  public readonly networking: Networking;
  public readonly formFactor: BigipFormFactor;
  private readonly segment?: Cidr;

  constructor(scope: Construct, id: string, props: BigipNetworkProps) {
    super(scope, checkId(scope, id));
    const checks: PropChecks = PropChecks.begin(this, props);
    try {
      this.device = checkReference(this, 'device', props.device, isBigipDevice, 'a BigipDevice');
      this.segment = parseCidr(props.dataSegment);
      if (!this.segment)
        report(
          this,
          `'dataSegment' must be a CIDR block such as "10.1.20.0/24", got ${quote(props.dataSegment)}`,
        );
      this.dataSegment = props.dataSegment;
      const units = new Set<string>();
      const addresses = new Set<string>();
      this.selfIps = checkArray(this, 'selfIps', props.selfIps, 'a list of { unit, address }').map((s, i) => {
        const unit = checkDnsLabel(this, `selfIps[${i}].unit`, s.unit);
        if (units.has(unit)) report(this, `'selfIps[${i}].unit' ${quote(unit)} is used twice`);
        units.add(unit);
        this.checkInSegment(`selfIps[${i}].address`, s.address);
        if (isIpAddress(s.address)) {
          if (addresses.has(addressKey(s.address)))
            report(this, `'selfIps[${i}].address' ${quote(s.address)} is used twice`);
          addresses.add(addressKey(s.address));
        }
        return { unit, address: s.address, name: s.name ?? `self-${unit}` };
      });
      if (this.selfIps.length === 0) report(this, `'selfIps' must list at least one self IP`);
      if (props.floatingSelfIp !== undefined) this.checkInSegment('floatingSelfIp', props.floatingSelfIp);
      this.floatingSelfIp = props.floatingSelfIp;
      this.routeDomain = checkInteger(this, 'routeDomain', props.routeDomain ?? 0, 0, 65535);
      this.networking = checkEnum(this, 'networking', props.networking ?? Networking.VDS, Networking);
      this.formFactor = checkEnum(
        this,
        'formFactor',
        props.formFactor ?? BigipFormFactor.VIRTUAL_EDITION,
        BigipFormFactor,
      );
    } catch (error) {
      checks.abort(error);
    }
    checks.end();
    if (this.networking === Networking.NSX && this.formFactor !== BigipFormFactor.VIRTUAL_EDITION) {
      VIRTUAL_EDITION_RECOMMENDED.warn(
        this,
        `'formFactor' ${quote(this.formFactor)} on NSX: the recommended form factor is BigipFormFactor.VIRTUAL_EDITION, which connects to NSX segments directly`,
      );
    }
    this.node.addValidation({ validate: () => [...this.checkUnique(), ...this.checkClusterSegments()] });
    registerArtifactSource(this);
  }

  /** The BigipNetwork of `device` in its stack, if one is declared. */
  public static of(device: IBigipDevice): BigipNetwork | undefined {
    const stack = Stack.of(device);
    return stack.memoize(BigipNetwork.byDevice, () => BigipNetwork.byDevice(stack)).get(device);
  }

  private static byDevice(stack: Stack): Map<IConstruct, BigipNetwork> {
    const index = new Map<IConstruct, BigipNetwork>();
    for (const n of stack.constructsOfType(BigipNetwork)) if (!index.has(n.device)) index.set(n.device, n);
    return index;
  }

  /** The next hop other routers use for this BIG-IP's addresses: the floating self IP, else the first self IP. */
  public get nextHop(): string {
    return this.floatingSelfIp ?? this.selfIps[0]?.address ?? '';
  }

  public inDataSegment(address: string): boolean {
    return this.segment !== undefined && cidrContains(this.segment, address);
  }

  private checkInSegment(prop: string, address: string): void {
    if (!isIpAddress(address)) {
      report(this, `'${prop}' must be an IPv4 or IPv6 address, got ${quote(address)}`);
    } else if (this.segment && !cidrContains(this.segment, address)) {
      report(this, `'${prop}' ${quote(address)} must be inside 'dataSegment' ${quote(this.dataSegment)}`);
    }
  }

  /** On NSX: the routes the VPC gateway needs (`nsx/vpc-static-routes.json`, `staticRoutes` in index.json). */
  public renderArtifacts(context: SynthContext): void {
    if (this.networking === Networking.NSX) NsxRoutesCollector.of(context).add(this, nsxStaticRoutes(this));
  }

  private checkUnique(): string[] {
    const first = BigipNetwork.of(this.device);
    return first && first !== this
      ? [
          `'device' ${this.device.deviceName} already has the BigipNetwork [${first.node.path}]; declare one per device`,
        ]
      : [];
  }

  /** On NSX the BIG-IP may not sit in a cluster's VPC segment (seed 000). */
  private checkClusterSegments(): string[] {
    const errors: string[] = [];
    for (const segment of nsxClusterSegments(Stack.of(this))) {
      this.selfIps.forEach((selfIp, i) => {
        if (!cidrContains(segment.cidr, selfIp.address)) return;
        errors.push(
          SELF_IP_IN_CLUSTER_SEGMENT.message(
            `'selfIps[${i}].address' ${quote(selfIp.address)} is inside 'nodeSegment' ${quote(segment.cidr.text)} of NSX cluster [${segment.path}]; allowed: an address in another segment of the same VPC gateway`,
          ),
        );
      });
    }
    return errors;
  }
}
brand(BigipNetwork, 'BigipNetwork');

/** The node segments of the NSX clusters of a stack. */
function nsxClusterSegments(stack: Stack): Array<{ readonly cidr: Cidr; readonly path: string }> {
  return stack.memoize(nsxClusterSegments, () =>
    stack
      .constructsOfType(VksCluster)
      .filter((c) => c.networking === Networking.NSX && c.nodeSegment !== undefined)
      .flatMap((c) => {
        const cidr = parseCidr(c.nodeSegment ?? '');
        return cidr ? [{ cidr, path: c.node.path }] : [];
      }),
  );
}
