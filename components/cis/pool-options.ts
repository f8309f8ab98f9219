import type { Duration } from 'cdk8s';
import type { IConstruct } from 'constructs';
import { checkSeconds, checkString, fail, report } from '../../lib/core/checks';
import { quote } from '../../lib/core/errors';
import type { CisMonitor, CisMonitorType } from '../../lib/k8s/cis';
import { MonitorType } from '../../lib/as3/monitor';

/** One enum for CIS `loadBalancingMethod` and AS3 `loadBalancingMode`. */
export { LoadBalancingMethod } from '../../lib/as3/load-balancing';

/** Monitor types a CIS pool monitor can have (`monitor.type`). */
const CIS_MONITOR_TYPES: readonly MonitorType[] = [
  MonitorType.HTTP,
  MonitorType.HTTPS,
  MonitorType.TCP,
  MonitorType.UDP,
];

/** Health-monitor props shared by pools; flat, prefixed `monitor`. */
export interface HealthMonitorOptions {
  /**
   * Monitor type; when unset the pool has no health monitor.
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
   * is BIG-IP's recommendation.
   * @default Duration.seconds(16)
   */
  readonly monitorTimeout?: Duration;
}

/** Renders a CIS monitor from flat options; undefined when no monitor was asked for. */
export function cisMonitor(
  scope: IConstruct,
  options: HealthMonitorOptions,
  host?: string,
  /** Prefix of the prop names in messages, e.g. `pools[1].`. */
  propPrefix = '',
): CisMonitor | undefined {
  const p = propPrefix;
  if (options.monitorType === undefined) {
    for (const prop of ['monitorSend', 'monitorReceive', 'monitorInterval', 'monitorTimeout'] as const) {
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
  const inRange = (x: number) => Number.isInteger(x) && x >= 1 && x <= 86_400;
  if (inRange(interval) && inRange(timeout) && timeout <= interval) {
    report(
      scope,
      `'${p}monitorTimeout' (${timeout}s) must be longer than '${p}monitorInterval' (${interval}s), or members flap`,
    );
  }
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
  return { type: type as CisMonitorType, interval, timeout, send, recv };
}
