import type { Duration } from 'cdk8s';
import {
  checkArray,
  checkBoolean,
  checkEnum,
  checkInteger,
  checkSeconds,
  PropChecks,
  report,
} from '../core/checks';
import { quote } from '../core/errors';
import { isF5Ip } from './addresses';
import { BigipObjectKind, BigipRef } from './inventory';
import { LoadBalancingMethod } from './load-balancing';
import { As3Monitor, MonitorType } from './monitor';
import { As3Object, type As3ObjectProps, type IAs3Application } from './object';

/** Pool member admin state. */
export enum MemberAdminState {
  ENABLE = 'enable',
  DISABLE = 'disable',
  OFFLINE = 'offline',
}

/** What a pool does with connections when every member is down (`serviceDownAction`). */
export enum ServiceDownAction {
  NONE = 'none',
  RESET = 'reset',
  DROP = 'drop',
  RESELECT = 'reselect',
}

/** One AS3 pool member entry: a port on one or more addresses. */
export interface As3PoolMemberOptions {
  /** Port on the members. */
  readonly servicePort: number;
  /**
   * Static member addresses. An empty list is only meaningful when CIS fills the members (AS3 ConfigMaps).
   * @default []
   */
  readonly serverAddresses?: string[];
  /**
   * Create the nodes in /Common so several partitions can share them.
   * @default false
   */
  readonly shareNodes?: boolean;
  /**
   * Admin state of these members.
   * @default MemberAdminState.ENABLE
   */
  readonly adminState?: MemberAdminState;
  /**
   * Ratio weight (ratio load-balancing methods).
   * @default 1
   */
  readonly ratio?: number;
  /**
   * Priority group (higher first).
   * @default 0
   */
  readonly priorityGroup?: number;
}

/** A member entry with its defaults applied. */
interface ResolvedMember {
  readonly servicePort: number;
  readonly serverAddresses: string[];
  readonly shareNodes: boolean;
  readonly adminState: MemberAdminState;
  readonly ratio?: number;
  readonly priorityGroup?: number;
}

export type As3PoolMonitor = As3Monitor | BigipRef | MonitorType;

export interface As3PoolProps extends As3ObjectProps {
  /**
   * Members; more can be added with `addMember()`.
   * @default - none
   */
  readonly members?: As3PoolMemberOptions[];
  /**
   * Health monitors: built-in names, declared monitors or existing BIG-IP monitors.
   * @default - none
   */
  readonly monitors?: As3PoolMonitor[];
  /**
   * Load-balancing method.
   * @default LoadBalancingMethod.ROUND_ROBIN
   */
  readonly loadBalancingMode?: LoadBalancingMethod;
  /**
   * How many monitors must pass for a member to be up (1–63).
   * @default - all of them (AS3 default)
   */
  readonly minimumMonitors?: number;
  /**
   * What to do with connections when all members are down.
   * @default ServiceDownAction.NONE
   */
  readonly serviceDownAction?: ServiceDownAction;
  /**
   * Time over which a new member ramps up to full load.
   * @default Duration.seconds(10)
   */
  readonly slowRampTime?: Duration;
}

/** An AS3 `Pool`. */
export class As3Pool extends As3Object {
  public readonly as3Class = 'Pool';
  public readonly loadBalancingMode: LoadBalancingMethod;
  public readonly monitors: readonly As3PoolMonitor[];
  public readonly minimumMonitors?: number;
  public readonly serviceDownAction?: ServiceDownAction;
  public readonly slowRampTime?: number;
  private readonly members: ResolvedMember[] = [];

  constructor(scope: IAs3Application, id: string, props: As3PoolProps = {}) {
    super(scope, id, props);
    try {
      this.loadBalancingMode = checkEnum(
        this,
        'loadBalancingMode',
        props.loadBalancingMode ?? LoadBalancingMethod.ROUND_ROBIN,
        LoadBalancingMethod,
      );
      this.monitors = checkArray(this, 'monitors', props.monitors ?? [], 'a list of monitors').map((m, i) =>
        this.checkMonitor(m, i),
      );
      const unique = new Set(
        this.monitors.map((m) => (m instanceof As3Object ? m : String(m instanceof BigipRef ? m.path : m))),
      );
      if (unique.size !== this.monitors.length)
        report(
          this,
          `'monitors' lists a monitor twice (AS3: "declaration has duplicate values in monitors")`,
        );
      this.minimumMonitors =
        props.minimumMonitors === undefined
          ? undefined
          : checkInteger(this, 'minimumMonitors', props.minimumMonitors, 1, 63);
      const minimum = this.minimumMonitors;
      if (
        minimum !== undefined &&
        Number.isInteger(minimum) &&
        minimum >= 1 &&
        minimum <= 63 &&
        minimum > this.monitors.length
      ) {
        report(
          this,
          `'minimumMonitors' ${this.minimumMonitors} exceeds the ${this.monitors.length} monitor(s) of the pool`,
        );
      }
      this.serviceDownAction =
        props.serviceDownAction === undefined
          ? undefined
          : checkEnum(this, 'serviceDownAction', props.serviceDownAction, ServiceDownAction);
      this.slowRampTime =
        props.slowRampTime === undefined
          ? undefined
          : checkSeconds(this, 'slowRampTime', props.slowRampTime, 0, 0, 900);
      for (const member of checkArray(this, 'members', props.members ?? [], 'a list of members'))
        this.addMember(member);
    } catch (error) {
      this.checks.abort(error);
    }
    this.endChecks(new.target, As3Pool);
  }

  /** Adds a member entry. */
  public addMember(options: As3PoolMemberOptions): void {
    const prop = `members[${this.members.length}]`;
    const checks: PropChecks = PropChecks.begin(this, options);
    try {
      checkInteger(this, `${prop}.servicePort`, options.servicePort, 0, 65535);
      const addresses = checkArray(
        this,
        `${prop}.serverAddresses`,
        options.serverAddresses ?? [],
        'a list of IP addresses',
      );
      addresses.forEach((a, i) => {
        if (!isF5Ip(a))
          report(
            this,
            `'${prop}.serverAddresses[${i}]' must be an IP address (optionally %route-domain), got ${quote(a)}`,
          );
      });
      if (new Set(addresses).size !== addresses.length)
        report(this, `'${prop}.serverAddresses' lists an address twice`);
      const member: ResolvedMember = {
        servicePort: options.servicePort,
        serverAddresses: [...addresses],
        shareNodes: checkBoolean(this, `${prop}.shareNodes`, options.shareNodes ?? false),
        adminState: checkEnum(
          this,
          `${prop}.adminState`,
          options.adminState ?? MemberAdminState.ENABLE,
          MemberAdminState,
        ),
        ratio:
          options.ratio === undefined
            ? undefined
            : checkInteger(this, `${prop}.ratio`, options.ratio, 0, 100),
        priorityGroup:
          options.priorityGroup === undefined
            ? undefined
            : checkInteger(this, `${prop}.priorityGroup`, options.priorityGroup, 0, 65535),
      };
      const overlap = this.members.find(
        (m) =>
          m.servicePort === member.servicePort &&
          m.serverAddresses.some((a) => member.serverAddresses.includes(a)),
      );
      if (overlap)
        report(
          this,
          `'${prop}' repeats an address and port of another member (AS3: "declaration has duplicate values in members")`,
        );
      checks.end();
      this.members.push(member);
    } catch (error) {
      checks.abort(error);
    }
  }

  private checkMonitor(monitor: As3PoolMonitor, index: number): As3PoolMonitor {
    const prop = `monitors[${index}]`;
    if (monitor instanceof BigipRef) {
      if (monitor.kind !== BigipObjectKind.MONITOR) {
        report(this, `'${prop}' must reference a monitor, got ${monitor}`);
        return monitor;
      }
      return this.refer(prop, monitor, []);
    }
    if (monitor instanceof As3Monitor) return this.refer(prop, monitor, ['Monitor']);
    return checkEnum(this, prop, monitor, MonitorType);
  }

  protected renderProperties(): Record<string, unknown> {
    return {
      loadBalancingMode: this.loadBalancingMode,
      monitors: this.monitors.length
        ? this.monitors.map((m) => (typeof m === 'string' ? m : this.pointer(m)))
        : undefined,
      minimumMonitors: this.minimumMonitors,
      serviceDownAction: this.serviceDownAction,
      slowRampTime: this.slowRampTime,
      members: this.members.map((m) => ({ ...m, serverAddresses: [...m.serverAddresses] })),
    };
  }
}
