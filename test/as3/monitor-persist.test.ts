import { Duration } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { As3Monitor, MonitorType, type As3MonitorProps } from '../../lib/as3/monitor';
import { As3Persist, PersistenceMethod, type As3PersistProps } from '../../lib/as3/persist';
import { expectValidationError } from '../helpers/expect-errors';
import { model, rendered } from './model';

describe('As3Monitor', () => {
  it('defaults: interval 5 s, timeout 16 s, send/receive and port left to AS3', () => {
    const m = model();
    const monitor = new As3Monitor(m.application, 'health', { monitorType: MonitorType.HTTP });
    expect(monitor.as3Class).toBe('Monitor');
    expect(monitor.interval).toBe(5);
    expect(monitor.timeout).toBe(16);
    expect(rendered(monitor)).toEqual({ class: 'Monitor', interval: 5, monitorType: 'http', timeout: 16 });
  });

  it('renders every prop', () => {
    const m = model();
    const monitor = new As3Monitor(m.application, 'health', {
      monitorType: MonitorType.HTTPS,
      send: 'GET /healthz HTTP/1.1\r\nHost: a.example.com\r\n\r\n',
      receive: '200 OK',
      interval: Duration.seconds(10),
      timeout: Duration.seconds(31),
      targetPort: 8443,
      remark: 'readiness of the ingress',
    });
    expect(rendered(monitor)).toEqual({
      class: 'Monitor',
      remark: 'readiness of the ingress',
      interval: 10,
      monitorType: 'https',
      receive: '200 OK',
      send: 'GET /healthz HTTP/1.1\r\nHost: a.example.com\r\n\r\n',
      targetPort: 8443,
      timeout: 31,
    });
  });

  it('pins the monitor types: one enum for declared and built-in monitors', () => {
    expect(Object.values(MonitorType)).toEqual([
      'http',
      'https',
      'http2',
      'icmp',
      'tcp',
      'tcp-half-open',
      'udp',
    ]);
  });

  it('accepts the AS3 limits: interval up to 1 hour, timeout up to 15 minutes', () => {
    const m = model();
    const monitor = new As3Monitor(m.application, 'health', {
      monitorType: MonitorType.TCP,
      interval: Duration.seconds(600),
      timeout: Duration.minutes(15),
    });
    expect([monitor.interval, monitor.timeout]).toEqual([600, 900]);
  });

  describe('fails when', () => {
    function expectMonitorError(props: Partial<As3MonitorProps>, detail: string) {
      const m = model();
      expectValidationError(
        () => new As3Monitor(m.application, 'health', { monitorType: MonitorType.TCP, ...props }),
        'test/A/health',
        detail,
      );
    }

    it('monitorType is not a monitor type', () => {
      expectMonitorError(
        { monitorType: 'ldap' as MonitorType },
        `'monitorType' must be one of "http", "https", "http2", "icmp", "tcp", "tcp-half-open", "udp", got "ldap"`,
      );
    });

    it('monitorType is a built-in monitor As3Monitor does not declare', () => {
      expectMonitorError(
        { monitorType: MonitorType.HTTP2 },
        `'monitorType' "http2" is a built-in BIG-IP monitor: name it in the pool's 'monitors'; As3Monitor declares http, https, tcp, udp, icmp`,
      );
    });

    it.each([{ send: 'x' }, { receive: 'y' }])('an icmp monitor has send or receive (%j)', (props) => {
      expectMonitorError(
        { monitorType: MonitorType.ICMP, ...props },
        "'send' and 'receive' do not apply to an icmp monitor",
      );
    });

    it.each([0, 3601])('interval is %j seconds', (seconds) => {
      expectMonitorError(
        { interval: Duration.seconds(seconds), timeout: Duration.seconds(900) },
        `'interval' must be an integer from 1 to 3600, got ${seconds}`,
      );
    });

    it.each([0, 901])('timeout is %j seconds', (seconds) => {
      expectMonitorError(
        { interval: Duration.seconds(1), timeout: Duration.seconds(seconds) },
        `'timeout' must be an integer from 1 to 900, got ${seconds}`,
      );
    });

    it('the interval is not a whole number of seconds', () => {
      expectMonitorError(
        { interval: Duration.millis(1500) },
        "'interval' must be an integer from 1 to 3600, got 1.5",
      );
    });

    it('timeout does not exceed interval', () => {
      expectMonitorError(
        { interval: Duration.seconds(10), timeout: Duration.seconds(10) },
        "'timeout' (10s) must be longer than 'interval' (10s), or members flap",
      );
    });

    it.each([0, 65536])('targetPort is %j', (targetPort) => {
      expectMonitorError(
        { targetPort },
        `'targetPort' must be an integer from 1 to 65535, got ${targetPort}`,
      );
    });
  });
});

describe('As3Persist', () => {
  it('renders a cookie profile with ttl', () => {
    const m = model();
    const persist = new As3Persist(m.application, 'sticky', {
      persistenceMethod: PersistenceMethod.COOKIE,
      cookieName: 'BIGipServer_app',
      duration: Duration.hours(1),
    });
    expect(persist.as3Class).toBe('Persist');
    expect(persist.duration).toBe(3600);
    expect(rendered(persist)).toEqual({
      class: 'Persist',
      cookieName: 'BIGipServer_app',
      persistenceMethod: 'cookie',
      ttl: 3600,
    });
  });

  it.each([
    PersistenceMethod.SOURCE_ADDRESS,
    PersistenceMethod.DESTINATION_ADDRESS,
    PersistenceMethod.HASH,
    PersistenceMethod.MSRDP,
    PersistenceMethod.TLS_SESSION_ID,
  ])('renders a %s profile with duration', (persistenceMethod) => {
    const m = model();
    const persist = new As3Persist(m.application, 'sticky', {
      persistenceMethod,
      duration: Duration.days(7),
    });
    expect(rendered(persist)).toEqual({ class: 'Persist', duration: 604800, persistenceMethod });
  });

  it('defaults: nothing but the method (AS3 defaults per method)', () => {
    const m = model();
    const persist = new As3Persist(m.application, 'sticky', {
      persistenceMethod: PersistenceMethod.COOKIE,
    });
    expect(rendered(persist)).toEqual({ class: 'Persist', persistenceMethod: 'cookie' });
  });

  describe('fails when', () => {
    function expectPersistError(props: As3PersistProps, detail: string) {
      const m = model();
      expectValidationError(() => new As3Persist(m.application, 'sticky', props), 'test/A/sticky', detail);
    }

    it('persistenceMethod is unknown', () => {
      expectPersistError(
        { persistenceMethod: 'ssl' as PersistenceMethod },
        `'persistenceMethod' must be one of "cookie", "destination-address", "hash", "msrdp", "sip-info", "source-address", "tls-session-id", "universal", got "ssl"`,
      );
    });

    it('the method is universal, whose required iRule the class does not declare', () => {
      expectPersistError(
        { persistenceMethod: PersistenceMethod.UNIVERSAL },
        `'persistenceMethod' "universal" needs an 'iRule', which As3Persist does not declare; use As3RawObject for it`,
      );
    });

    it('the method is sip-info, whose required header the class does not declare', () => {
      expectPersistError(
        { persistenceMethod: PersistenceMethod.SIP_INFO },
        `'persistenceMethod' "sip-info" needs a SIP 'header', which As3Persist does not declare; use As3RawObject for it`,
      );
    });

    it('duration exceeds 7 days', () => {
      expectPersistError(
        { persistenceMethod: PersistenceMethod.SOURCE_ADDRESS, duration: Duration.seconds(604801) },
        "'duration' must be an integer from 0 to 604800, got 604801",
      );
    });

    it('cookieName is given for another method', () => {
      expectPersistError(
        { persistenceMethod: PersistenceMethod.SOURCE_ADDRESS, cookieName: 'x' },
        "'cookieName' applies only to persistenceMethod cookie",
      );
    });

    it.each(['a+b', "it's", 'a b', 'a|b', '', 'c'.repeat(65)])('cookieName is %j', (cookieName) => {
      expectPersistError(
        { persistenceMethod: PersistenceMethod.COOKIE, cookieName },
        `'cookieName' must be a cookie name of at most 64 letters, digits and ".~#$%^&*_-", got ${JSON.stringify(cookieName)}`,
      );
    });
  });
});
