import type { Duration } from 'cdk8s';
import type { IConstruct } from 'constructs';
import { BigipObjectKind, BigipRef } from '../../lib/as3/inventory';
import { LoadBalancingMethod } from '../../lib/as3/load-balancing';
import { MonitorType } from '../../lib/as3/monitor';
import { ServiceDownAction } from '../../lib/as3/pool';
import {
  checkArray,
  checkEnum,
  checkInteger,
  checkPort,
  checkSeconds,
  checkString,
  fail,
  report,
} from '../../lib/core/checks';
import { quote } from '../../lib/core/errors';
import { isIpAddress } from '../../lib/core/net';
import { Rule, RuleSeverity } from '../../lib/core/rules';
import type { CisMonitor, CisMonitorType, CisStaticPoolMember } from '../../lib/k8s/cis';
import { checkCrdPattern } from '../../lib/k8s/cis-patterns';
import {
  isServiceBackend,
  type IServiceBackend,
  type ServiceBackendPort,
} from '../workloads/service-backend';
import type { BigipReferences } from './bigip-references';

/** One enum for CIS `loadBalancingMethod` and AS3 `loadBalancingMode`. */
export { LoadBalancingMethod } from '../../lib/as3/load-balancing';

/** Monitor types a CIS pool monitor can have (`monitor.type`). */
const CIS_MONITOR_TYPES: readonly MonitorType[] = [
  MonitorType.HTTP,
  MonitorType.HTTPS,
  MonitorType.TCP,
  MonitorType.UDP,
];

/** One enum for CIS and AS3 `serviceDownAction`. */
export { ServiceDownAction } from '../../lib/as3/pool';

export const MONITOR_TIMEOUT_RULE = Rule.define({
  id: 'cis:monitor-timeout-not-longer-than-interval',
  severity: RuleSeverity.WARNING,
  summary: 'A pool monitor whose timeout is not longer than its interval',
  why: 'BIG-IP marks a member down when no probe succeeded within the timeout; with a timeout of one interval or less, one lost probe takes the member out and members flap. F5 recommends three intervals plus one second, yet its own examples use equal values, so this is a warning.',
  source: 'F5 CIS examples (customResource/*/monitors-*.yaml); BIG-IP monitor guidance',
});

/** Health-monitor props shared by pools; flat, prefixed `monitor`. */
export interface HealthMonitorOptions {
  /**
   * Monitor type; when unset the pool has no health monitor of its own.
   * @default - no monitor
   */
  readonly monitorType?: MonitorType;
  /**
   * Request the monitor sends (http/https/tcp/udp).
   * @default - `GET / HTTP/1.1\r\nHost: <host>\r\nConnection: close\r\n\r\n` for http(s), none otherwise
   */
  readonly monitorSend?: string;
  /**
   * Text the response must contain.
   * @default - any response
   */
  readonly monitorReceive?: string;
  /**
   * Interval between probes.
   * @default Duration.seconds(5)
   */
  readonly monitorInterval?: Duration;
  /**
   * Time without a good answer before a member is marked down; at least three intervals plus one second
   * is BIG-IP's recommendation (a shorter one warns `cis:monitor-timeout-not-longer-than-interval`).
   * @default Duration.seconds(16)
   */
  readonly monitorTimeout?: Duration;
  /**
   * Time a member must answer before it is marked up (0–1800 s).
   * @default - marked up at once
   */
  readonly monitorTimeUntilUp?: Duration;
  /**
   * Port probed instead of the member's.
   * @default - the member port
   */
  readonly monitorTargetPort?: number;
  /**
   * Server-side TLS profile of an https monitor (`BigipRef.serverSslProfile(…)`; VirtualServer only).
   * @default - BIG-IP default
   */
  readonly monitorSslProfile?: BigipRef;
  /**
   * An existing BIG-IP monitor used as the pool's monitor (`monitor.name` with `reference: bigip`);
   * excludes `monitorType`.
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/virtualserver.html
   * @default - no monitor by reference
   */
  readonly monitorReference?: BigipRef;
}

/** A monitor CIS creates for a pool (`monitors[]`). */
export interface CisMonitorOptions {
  /**
   * Monitor type.
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/virtualserver.html
   */
  readonly type: MonitorType;
  /**
   * Request the monitor sends.
   * @default - CIS default of the type
   */
  readonly send?: string;
  /**
   * Text the response must contain.
   * @default - any response
   */
  readonly recv?: string;
  /**
   * Interval between probes.
   * @default - CIS default (5 s)
   */
  readonly interval?: Duration;
  /**
   * Time without a good answer before a member is marked down.
   * @default - CIS default (16 s)
   */
  readonly timeout?: Duration;
  /**
   * Time a member must answer before it is marked up (0–1800 s).
   * @default - marked up at once
   */
  readonly timeUntilUp?: Duration;
  /**
   * Port probed instead of the member's.
   * @default - the member port
   */
  readonly targetPort?: number;
  /**
   * Server-side TLS profile an https monitor uses (`BigipRef.serverSslProfile(…)`).
   * @default - BIG-IP default
   */
  readonly sslProfile?: BigipRef;
}

/** A pool monitor: one CIS creates, or an existing BIG-IP monitor (`BigipRef.monitor('/Common/…')`). */
export type CisPoolMonitor = CisMonitorOptions | BigipRef;

/** A pool member CIS adds by address, not from a Service (`staticPoolMembers[]`). */
export interface StaticPoolMemberOptions {
  /**
   * Member address.
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/virtualserver.html
   */
  readonly address: string;
  /**
   * Member port.
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/virtualserver.html
   */
  readonly port: number;
}

/** A second Service that takes a share of a pool's traffic (`alternateBackends[]`, A/B deployment). */
export interface AlternateBackendOptions {
  /**
   * The Service.
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/virtualserver.html
   */
  readonly service: IServiceBackend;
  /**
   * Share of the traffic relative to the pool's `weight`.
   * @default - CIS default
   */
  readonly weight?: number;
  /**
   * Members by address (VirtualServer only).
   * @default - none
   */
  readonly staticPoolMembers?: StaticPoolMemberOptions[];
}

/** A Service of another cluster that feeds the pool in multi-cluster mode (`multiClusterServices[]`). */
export interface MultiClusterServiceOptions {
  /**
   * The Service (its cluster gives `clusterName`); `ServiceRef.fromName` names one another team runs.
   * @see https://clouddocs.f5.com/containers/latest/userguide/multicluster/
   */
  readonly service: IServiceBackend;
  /**
   * The Service port.
   * @default - the Service's first port
   */
  readonly servicePort?: number;
  /**
   * Share of the traffic.
   * @default - CIS default
   */
  readonly weight?: number;
}

/** Props of a CIS pool that VirtualServer pools, the default pool and the TransportServer pool share. */
export interface CisPoolOptions extends HealthMonitorOptions {
  /**
   * The Service port, by number.
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/virtualserver.html
   * @default - the Service's first port
   */
  readonly servicePort?: number;
  /**
   * The Service port, by name (CIS accepts a port name); excludes `servicePort`.
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/virtualserver.html
   * @default - by number
   */
  readonly servicePortName?: string;
  /**
   * Name of the BIG-IP pool, instead of the `<service>_<port>_<namespace>` CIS derives (two resources
   * on one Service otherwise collide, CIS#2367).
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/virtualserver.html
   * @default - CIS derives it
   */
  readonly poolName?: string;
  /**
   * Load-balancing method (CIS `loadBalancingMethod`).
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/virtualserver.html
   * @default LoadBalancingMethod.ROUND_ROBIN
   */
  readonly loadBalancingMethod?: LoadBalancingMethod;
  /**
   * Only nodes with this `key=value` label become NodePort members.
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/virtualserver.html
   * @default - every node
   */
  readonly nodeMemberLabel?: string;
  /**
   * Several monitors; CIS prefers them to the single `monitor*` one.
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/virtualserver.html
   * @default - none
   */
  readonly monitors?: CisPoolMonitor[];
  /**
   * How often BIG-IP picks another member when one fails (0–65535).
   * @default - BIG-IP default (0)
   */
  readonly reselectTries?: number;
  /**
   * What BIG-IP does with connections of a member that went down.
   * @default - BIG-IP default (none)
   */
  readonly serviceDownAction?: ServiceDownAction;
  /**
   * Members by address, beside (or instead of) those of the Service.
   * @default - none
   */
  readonly staticPoolMembers?: StaticPoolMemberOptions[];
  /**
   * Share of the traffic when `alternateBackends` are set.
   * @default - CIS default
   */
  readonly weight?: number;
  /**
   * Further Services that take a share of the traffic (A/B).
   * @default - none
   */
  readonly alternateBackends?: AlternateBackendOptions[];
  /**
   * Services of other clusters (CIS multi-cluster mode).
   * @default - none
   */
  readonly multiClusterServices?: MultiClusterServiceOptions[];
}

/** The port of `backend` chosen by number or name (its first port when neither is given). */
export function choosePort(
  scope: IConstruct,
  prop: string,
  backend: IServiceBackend,
  port: number | undefined,
  portName: string | undefined,
): { port: ServiceBackendPort | undefined; wire: number | string } {
  if (port !== undefined && portName !== undefined) {
    report(scope, `'${prop}servicePort' and '${prop}servicePortName' are mutually exclusive, got both`);
  }
  if (portName !== undefined) {
    const found = backend.ports.find((p) => p.name === portName);
    if (!found) {
      const known = backend.ports.map((p) => quote(p.name)).join(', ');
      fail(
        scope,
        `'${prop}servicePortName' ${quote(portName)} is not a port of Service ${backend.serviceName} (ports: ${known})`,
      );
    }
    return { port: found, wire: portName };
  }
  const found = port === undefined ? backend.ports[0] : backend.ports.find((p) => p.port === port);
  if (!found) {
    const known = backend.ports.map((p) => p.port).join(', ');
    fail(
      scope,
      `'${prop}servicePort' ${quote(port)} is not a port of Service ${backend.serviceName} (ports: ${known || 'none'})`,
    );
  }
  return { port: found, wire: found.port };
}

/** Renders a CIS monitor from flat options; undefined when no monitor was asked for. */
export function cisMonitor(
  scope: IConstruct,
  options: HealthMonitorOptions,
  host?: string,
  /** Prefix of the prop names in messages, e.g. `pools[1].`. */
  propPrefix = '',
  refs?: BigipReferences,
): CisMonitor | undefined {
  const p = propPrefix;
  if (options.monitorReference !== undefined) {
    if (options.monitorType !== undefined)
      report(scope, `'${p}monitorReference' and '${p}monitorType' are mutually exclusive, got both`);
    const name = refs?.one(`${p}monitorReference`, options.monitorReference, BigipObjectKind.MONITOR);
    return { name: name ?? options.monitorReference.path, reference: 'bigip' };
  }
  if (options.monitorType === undefined) {
    for (const prop of [
      'monitorSend',
      'monitorReceive',
      'monitorInterval',
      'monitorTimeout',
      'monitorTimeUntilUp',
      'monitorTargetPort',
      'monitorSslProfile',
    ] as const) {
      if (options[prop] !== undefined) fail(scope, `'${p}${prop}' needs '${p}monitorType' to be set`);
    }
    return undefined;
  }
  const type = options.monitorType;
  if (!CIS_MONITOR_TYPES.includes(type)) {
    report(
      scope,
      `'${p}monitorType' must be one of ${CIS_MONITOR_TYPES.map((t) => quote(t)).join(', ')}, got ${quote(type)}`,
    );
  }
  const interval = checkSeconds(scope, `${p}monitorInterval`, options.monitorInterval, 5, 1, 86_400);
  const timeout = checkSeconds(scope, `${p}monitorTimeout`, options.monitorTimeout, 16, 1, 86_400);
  warnShortTimeout(scope, `${p}monitor`, interval, timeout);
  const httpLike = type === MonitorType.HTTP || type === MonitorType.HTTPS;
  const send =
    options.monitorSend === undefined
      ? httpLike
        ? `GET / HTTP/1.1\r\nHost: ${host ?? 'localhost'}\r\nConnection: close\r\n\r\n`
        : undefined
      : checkString(scope, `${p}monitorSend`, options.monitorSend);
  const recv =
    options.monitorReceive === undefined
      ? undefined
      : checkString(scope, `${p}monitorReceive`, options.monitorReceive);
  return {
    type: type as CisMonitorType,
    interval,
    timeout,
    send,
    recv,
    timeUntilUp:
      options.monitorTimeUntilUp === undefined
        ? undefined
        : checkSeconds(scope, `${p}monitorTimeUntilUp`, options.monitorTimeUntilUp, 0, 0, 1800),
    targetPort:
      options.monitorTargetPort === undefined
        ? undefined
        : checkPort(scope, `${p}monitorTargetPort`, options.monitorTargetPort),
    sslProfile:
      options.monitorSslProfile === undefined
        ? undefined
        : refs?.one(`${p}monitorSslProfile`, options.monitorSslProfile, BigipObjectKind.SERVER_SSL_PROFILE),
  };
}

function warnShortTimeout(scope: IConstruct, what: string, interval: number, timeout: number): void {
  const inRange = (x: number) => Number.isInteger(x) && x >= 1 && x <= 86_400;
  if (inRange(interval) && inRange(timeout) && timeout <= interval) {
    MONITOR_TIMEOUT_RULE.warn(
      scope,
      `'${what}' timeout (${timeout}s) is not longer than its interval (${interval}s): one lost probe marks a member down; BIG-IP recommends 3 × interval + 1 s`,
    );
  }
}

/** Renders `monitors[]`; `types` are the monitor types the resource's CRD allows there. */
export function cisMonitors(
  scope: IConstruct,
  prop: string,
  monitors: readonly CisPoolMonitor[] | undefined,
  refs: BigipReferences,
  types: readonly MonitorType[] = CIS_MONITOR_TYPES,
): CisMonitor[] | undefined {
  if (monitors === undefined) return undefined;
  return checkArray(scope, prop, monitors, 'a list of monitors').map((m, i): CisMonitor => {
    const at = `${prop}[${i}]`;
    if (m instanceof BigipRef) return { name: refs.one(at, m, BigipObjectKind.MONITOR), reference: 'bigip' };
    const type = checkEnum(scope, `${at}.type`, m.type, MonitorType);
    if (!types.includes(type))
      report(
        scope,
        `'${at}.type' must be one of ${types.map((t) => quote(t)).join(', ')}, got ${quote(type)}`,
      );
    const seconds = (name: 'interval' | 'timeout' | 'timeUntilUp', max: number) =>
      m[name] === undefined ? undefined : checkSeconds(scope, `${at}.${name}`, m[name], 0, 0, max);
    const interval = seconds('interval', 86_400);
    const timeout = seconds('timeout', 86_400);
    if (interval !== undefined && timeout !== undefined) warnShortTimeout(scope, at, interval, timeout);
    return {
      type: type as CisMonitorType,
      send: m.send === undefined ? undefined : checkString(scope, `${at}.send`, m.send),
      recv: m.recv === undefined ? undefined : checkString(scope, `${at}.recv`, m.recv),
      interval,
      timeout,
      timeUntilUp: seconds('timeUntilUp', 1800),
      targetPort: m.targetPort === undefined ? undefined : checkPort(scope, `${at}.targetPort`, m.targetPort),
      sslProfile: refs.one(`${at}.sslProfile`, m.sslProfile, BigipObjectKind.SERVER_SSL_PROFILE),
    };
  });
}

/** Renders `staticPoolMembers[]`. */
export function cisStaticMembers(
  scope: IConstruct,
  prop: string,
  members: readonly StaticPoolMemberOptions[] | undefined,
): CisStaticPoolMember[] | undefined {
  if (members === undefined) return undefined;
  return checkArray(scope, prop, members, 'a list of { address, port }').map((m, i) => {
    if (!isIpAddress(m.address))
      report(scope, `'${prop}[${i}].address' must be an IPv4 or IPv6 address, got ${quote(m.address)}`);
    return { address: m.address, port: checkPort(scope, `${prop}[${i}].port`, m.port) };
  });
}

/** The Services a pool sends to besides its main one (for dependencies and backend checks). */
export interface PoolBackends {
  readonly alternate: IServiceBackend[];
  readonly multiCluster: IServiceBackend[];
}

/** The fields every CIS pool renders from `CisPoolOptions`, except service, port and monitor. */
export function cisPoolFields(
  scope: IConstruct,
  prop: string,
  options: CisPoolOptions,
  refs: BigipReferences,
  namespace: string,
  maxWeight: number,
  backends: PoolBackends,
) {
  const weight = (at: string, w: number | undefined) =>
    w === undefined ? undefined : checkInteger(scope, at, w, 0, maxWeight);
  const service = (at: string, s: IServiceBackend) => {
    if (!isServiceBackend(s))
      fail(scope, `'${at}' must be a Service construct or ServiceRef, got ${quote(s)}`);
    return s;
  };
  return {
    name:
      options.poolName === undefined
        ? undefined
        : checkCrdPattern(
            scope,
            `${prop}poolName`,
            options.poolName,
            'virtualServerName',
            'a BIG-IP pool name starting with a letter',
          ),
    loadBalancingMethod: checkEnum(
      scope,
      `${prop}loadBalancingMethod`,
      options.loadBalancingMethod ?? LoadBalancingMethod.ROUND_ROBIN,
      LoadBalancingMethod,
    ),
    nodeMemberLabel:
      options.nodeMemberLabel === undefined
        ? undefined
        : checkNodeMemberLabel(scope, `${prop}nodeMemberLabel`, options.nodeMemberLabel),
    monitors: cisMonitors(scope, `${prop}monitors`, options.monitors, refs),
    reselectTries:
      options.reselectTries === undefined
        ? undefined
        : checkInteger(scope, `${prop}reselectTries`, options.reselectTries, 0, 65535),
    serviceDownAction:
      options.serviceDownAction === undefined
        ? undefined
        : checkEnum(scope, `${prop}serviceDownAction`, options.serviceDownAction, ServiceDownAction),
    weight: weight(`${prop}weight`, options.weight),
    alternateBackends:
      options.alternateBackends === undefined
        ? undefined
        : checkArray(scope, `${prop}alternateBackends`, options.alternateBackends, 'a list of backends').map(
            (b, i) => {
              const at = `${prop}alternateBackends[${i}]`;
              const s = service(`${at}.service`, b.service);
              backends.alternate.push(s);
              return {
                service: s.serviceName,
                serviceNamespace: s.namespace,
                weight: weight(`${at}.weight`, b.weight),
                staticPoolMembers: cisStaticMembers(scope, `${at}.staticPoolMembers`, b.staticPoolMembers),
              };
            },
          ),
    multiClusterServices:
      options.multiClusterServices === undefined
        ? undefined
        : checkArray(scope, `${prop}multiClusterServices`, options.multiClusterServices, 'a list').map(
            (m, i) => {
              const at = `${prop}multiClusterServices[${i}]`;
              const s = service(`${at}.service`, m.service);
              backends.multiCluster.push(s);
              return {
                clusterName: s.cluster.clusterName,
                service: s.serviceName,
                namespace: s.namespace,
                servicePort: choosePort(scope, `${at}.`, s, m.servicePort, undefined).wire,
                weight: weight(`${at}.weight`, m.weight),
              };
            },
          ),
  };
}

function checkNodeMemberLabel(scope: IConstruct, prop: string, value: string): string {
  if (typeof value !== 'string' || !/^[A-Za-z0-9./_-]+=.*$/.test(value))
    report(scope, `'${prop}' must be a node label selector "key=value", got ${quote(value)}`);
  return value;
}
