import type { Duration } from 'cdk8s';
import { checkEnum, checkPort, checkSeconds, checkString, report } from '../core/checks';
import { quote } from '../core/errors';
import { As3Object, type As3ObjectProps, type IAs3Application } from './object';

/**
 * BIG-IP health monitor types. Each is also a monitor built into BIG-IP that AS3 pools may name
 * directly; As3Monitor declares http, https, tcp, udp and icmp ones; CIS pools use http, https, tcp, udp.
 */
export enum MonitorType {
  HTTP = 'http',
  HTTPS = 'https',
  HTTP2 = 'http2',
  ICMP = 'icmp',
  TCP = 'tcp',
  TCP_HALF_OPEN = 'tcp-half-open',
  UDP = 'udp',
}

/** Types an As3Monitor declares. */
const DECLARABLE: readonly MonitorType[] = [
  MonitorType.HTTP,
  MonitorType.HTTPS,
  MonitorType.TCP,
  MonitorType.UDP,
  MonitorType.ICMP,
];

export interface As3MonitorProps extends As3ObjectProps {
  /**
   * What the monitor probes.
   * @see https://clouddocs.f5.com/products/extensions/f5-appsvcs-extension/latest/refguide/schema-reference.html#monitor
   */
  readonly monitorType: MonitorType;
  /**
   * Request sent (http/https/tcp/udp).
   * @default - AS3 default (`HEAD / HTTP/1.0\r\n\r\n` for http/https, none otherwise)
   */
  readonly send?: string;
  /**
   * Text the response must contain.
   * @default - AS3 default (`HTTP/1.` for http/https)
   */
  readonly receive?: string;
  /**
   * Probe interval (1 second to 1 hour).
   * @default Duration.seconds(5)
   */
  readonly interval?: Duration;
  /**
   * Time without a good answer before a member is down (at most 15 minutes); must exceed the interval.
   * @default Duration.seconds(16)
   */
  readonly timeout?: Duration;
  /**
   * Port probed instead of the member's port.
   * @default - the member's port
   */
  readonly targetPort?: number;
}

/** An AS3 `Monitor` (health monitor) pools can point to. */
export class As3Monitor extends As3Object {
  public readonly as3Class = 'Monitor';
  public readonly monitorType: MonitorType;
  public readonly send?: string;
  public readonly receive?: string;
  public readonly interval: number;
  public readonly timeout: number;
  public readonly targetPort?: number;

  constructor(scope: IAs3Application, id: string, props: As3MonitorProps) {
    super(scope, id, props);
    try {
      this.monitorType = checkEnum(this, 'monitorType', props.monitorType, MonitorType);
      if (
        Object.values<string>(MonitorType).includes(this.monitorType) &&
        !DECLARABLE.includes(this.monitorType)
      ) {
        report(
          this,
          `'monitorType' ${quote(this.monitorType)} is a built-in BIG-IP monitor: name it in the pool's 'monitors'; As3Monitor declares ${DECLARABLE.join(', ')}`,
        );
      }
      if (
        this.monitorType === MonitorType.ICMP &&
        (props.send !== undefined || props.receive !== undefined)
      ) {
        report(this, `'send' and 'receive' do not apply to an icmp monitor`);
      }
      this.send = props.send === undefined ? undefined : checkString(this, 'send', props.send);
      this.receive = props.receive === undefined ? undefined : checkString(this, 'receive', props.receive);
      // AS3 Monitor_*: interval 0–3600 s, timeout 0–900 s (0 would disable the probe).
      this.interval = checkSeconds(this, 'interval', props.interval, 5, 1, 3600);
      this.timeout = checkSeconds(this, 'timeout', props.timeout, 16, 1, 900);
      const inRange = (x: number, max: number) => Number.isInteger(x) && x >= 1 && x <= max;
      if (inRange(this.interval, 3600) && inRange(this.timeout, 900) && this.timeout <= this.interval) {
        report(
          this,
          `'timeout' (${this.timeout}s) must be longer than 'interval' (${this.interval}s), or members flap`,
        );
      }
      this.targetPort =
        props.targetPort === undefined ? undefined : checkPort(this, 'targetPort', props.targetPort);
    } catch (error) {
      this.checks.abort(error);
    }
    this.endChecks(new.target, As3Monitor);
  }

  protected renderProperties(): Record<string, unknown> {
    return {
      monitorType: this.monitorType,
      send: this.send,
      receive: this.receive,
      interval: this.interval,
      timeout: this.timeout,
      targetPort: this.targetPort,
    };
  }
}
