import { synthesizeStack } from '../../../lib/core/synth';
import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { App } from '../../../lib/core/app';
import { Stack } from '../../../lib/core/stack';
import { cisMonitor } from '../../../components/cis/pool-options';
import { MonitorType } from '../../../lib/as3/monitor';
import { backendPort } from '../../../components/workloads/service-backend';
import { expectValidationError } from '../../helpers/expect-errors';
import { fixture, nplService } from '../../helpers/fixture';

const scope = () => new Construct(new Stack(new App(), 'test'), 'Pool');

describe('cisMonitor', () => {
  it('renders nothing without monitorType', () => {
    expect(cisMonitor(scope(), {})).toBeUndefined();
  });

  it('defaults to a 5 s interval, a 16 s timeout and an HTTP GET with the host', () => {
    expect(cisMonitor(scope(), { monitorType: MonitorType.HTTP }, 'shop.example.com')).toEqual({
      type: 'http',
      interval: 5,
      timeout: 16,
      send: 'GET / HTTP/1.1\r\nHost: shop.example.com\r\nConnection: close\r\n\r\n',
      recv: undefined,
    });
  });

  it('sends nothing by default for tcp and udp', () => {
    expect(cisMonitor(scope(), { monitorType: MonitorType.TCP })).toEqual({
      type: 'tcp',
      interval: 5,
      timeout: 16,
      send: undefined,
      recv: undefined,
    });
  });

  it('takes send, receive and durations in any unit', () => {
    expect(
      cisMonitor(scope(), {
        monitorType: MonitorType.HTTPS,
        monitorSend: 'GET /healthz HTTP/1.0\r\n\r\n',
        monitorReceive: 'ok',
        monitorInterval: Duration.millis(10_000),
        monitorTimeout: Duration.minutes(1),
      }),
    ).toEqual({
      type: 'https',
      interval: 10,
      timeout: 60,
      send: 'GET /healthz HTTP/1.0\r\n\r\n',
      recv: 'ok',
    });
  });

  describe('fails when', () => {
    it.each(['monitorSend', 'monitorReceive', 'monitorInterval', 'monitorTimeout'] as const)(
      '%s is given without monitorType',
      (prop) => {
        const value = prop.endsWith('Interval') || prop.endsWith('Timeout') ? Duration.seconds(5) : 'x';
        expectValidationError(
          () => cisMonitor(scope(), { [prop]: value }),
          'test/Pool',
          `'${prop}' needs 'monitorType' to be set`,
        );
      },
    );

    it('monitorType is not a MonitorType', () => {
      expectValidationError(
        () => cisMonitor(scope(), { monitorType: 'icmp' as MonitorType }),
        'test/Pool',
        `'monitorType' must be one of "http", "https", "tcp", "udp", got "icmp"`,
      );
    });

    it('monitorInterval is not a whole number of seconds', () => {
      expectValidationError(
        () => cisMonitor(scope(), { monitorType: MonitorType.TCP, monitorInterval: Duration.millis(1500) }),
        'test/Pool',
        `'monitorInterval' must be an integer from 1 to 86400, got 1.5`,
      );
    });

    it('monitorInterval is zero', () => {
      expectValidationError(
        () => cisMonitor(scope(), { monitorType: MonitorType.TCP, monitorInterval: Duration.seconds(0) }),
        'test/Pool',
        `'monitorInterval' must be an integer from 1 to 86400, got 0`,
      );
    });

    it('monitorTimeout is longer than a day', () => {
      expectValidationError(
        () => cisMonitor(scope(), { monitorType: MonitorType.TCP, monitorTimeout: Duration.days(2) }),
        'test/Pool',
        `'monitorTimeout' must be an integer from 1 to 86400, got 172800`,
      );
    });

    it('names the props with a prefix when given one', () => {
      expectValidationError(
        () => cisMonitor(scope(), { monitorType: 'x' as MonitorType }, undefined, 'pools[2].'),
        'test/Pool',
        `'pools[2].monitorType' must be one of "http", "https", "tcp", "udp", got "x"`,
      );
    });
  });
});

describe('backendPort', () => {
  it('returns the first port, or the port with the given number', () => {
    const { cluster } = fixture();
    const svc = nplService(cluster);
    svc.addPort({ name: 'admin', containerPort: 9000 });
    expect(backendPort(svc)?.name).toBe('http');
    expect(backendPort(svc, 9000)?.name).toBe('admin');
    expect(backendPort(svc, 1234)).toBeUndefined();
  });
});

describe('monitor timeout rule', () => {
  it("warns 'cis:monitor-timeout-not-longer-than-interval' when the timeout equals the interval, as F5's examples do", () => {
    const app = new App();
    const stack = new Stack(app, 'test');
    const pool = new Construct(stack, 'Pool');
    const monitor = cisMonitor(pool, {
      monitorType: MonitorType.TCP,
      monitorInterval: Duration.seconds(10),
      monitorTimeout: Duration.seconds(10),
    });
    expect(monitor).toMatchObject({ interval: 10, timeout: 10 });
    expect(synthesizeStack(stack).warnings.map((w) => w.id)).toEqual([
      'cis:monitor-timeout-not-longer-than-interval',
    ]);
  });
});
