import type { Duration } from 'cdk8s';
import type { IConstruct } from 'constructs';
import { checkEnum, checkInteger, fail } from '../../lib/core/checks';
import { quote } from '../../lib/core/errors';
import type { CisMonitor } from '../../lib/k8s/cis';

/** Health monitor types CIS custom resources can create. */
export enum MonitorType {
  HTTP = 'http',
  HTTPS = 'https',
  TCP = 'tcp',
  UDP = 'udp',
}

/** One enum for CIS `loadBalancingMethod` and AS3 `loadBalancingMode`. */
export { LoadBalancingMethod } from '../../lib/as3/load-balancing';

/**
 * Source address translation of a virtual server: an open set (`auto`, `none`, `self`, or a SNAT pool).
 * @see https://clouddocs.f5.com/containers/latest/userguide/crd/virtualserver.html (`snat`)
 */
export class Snat {
  /** SNAT automap to the BIG-IP's self IPs (CIS default). */
  public static readonly AUTO = new Snat('auto');
  /** No address translation: the pods must route their replies through the BIG-IP. */
  public static readonly NONE = new Snat('none');
  /** Use the virtual address itself as the source. */
  public static readonly SELF = new Snat('self');

  /** An existing SNAT pool, by its full BIG-IP path (`/Common/snatpool`). */
  public static pool(path: string): Snat {
    if (!/^\/[A-Za-z][\w.-]*(\/[\w.-]+)+$/.test(path)) {
      throw new Error(
        `Snat.pool() needs a full BIG-IP path such as "/Common/my-snatpool", got ${quote(path)}`,
      );
    }
    return new Snat(path);
  }

  private constructor(public readonly value: string) {}

  /** Whether traffic leaves with a translated source address. */
  public get translates(): boolean {
    return this.value !== 'none';
  }
}

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
  const type = checkEnum(scope, `${p}monitorType`, options.monitorType, MonitorType);
  // Not integral: a fractional duration reaches checkInteger, which names the prop and the construct.
  const interval = checkInteger(
    scope,
    `${p}monitorInterval`,
    options.monitorInterval?.toSeconds({ integral: false }) ?? 5,
    1,
    86_400,
  );
  const timeout = checkInteger(
    scope,
    `${p}monitorTimeout`,
    options.monitorTimeout?.toSeconds({ integral: false }) ?? 16,
    1,
    86_400,
  );
  if (timeout <= interval) {
    fail(
      scope,
      `'${p}monitorTimeout' (${timeout}s) must be longer than '${p}monitorInterval' (${interval}s), or members flap`,
    );
  }
  const httpLike = type === MonitorType.HTTP || type === MonitorType.HTTPS;
  const send =
    options.monitorSend ??
    (httpLike ? `GET / HTTP/1.1\r\nHost: ${host ?? 'localhost'}\r\nConnection: close\r\n\r\n` : undefined);
  return { type, interval, timeout, send, recv: options.monitorReceive };
}
