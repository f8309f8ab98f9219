import { Duration } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { BigipRef } from '../../lib/as3/inventory';
import { LoadBalancingMethod } from '../../lib/as3/load-balancing';
import {
  As3Pool,
  MemberAdminState,
  ServiceDownAction,
  type As3PoolMemberOptions,
  type As3PoolProps,
} from '../../lib/as3/pool';
import { MonitorType, As3Monitor } from '../../lib/as3/monitor';
import { synthesizeStack } from '../../lib/core/synth';
import { expectValidationError } from '../helpers/expect-errors';
import { model, rendered } from './model';

const oneOf = (values: string[]) => values.map((v) => JSON.stringify(v)).join(', ');

describe('As3Pool', () => {
  it('defaults: round-robin, no monitors, no members', () => {
    const m = model();
    const pool = new As3Pool(m.application, 'pool');
    expect(pool.as3Class).toBe('Pool');
    expect(pool.loadBalancingMode).toBe(LoadBalancingMethod.ROUND_ROBIN);
    expect(pool.monitors).toEqual([]);
    expect(pool.minimumMonitors).toBeUndefined();
    expect(pool.serviceDownAction).toBeUndefined();
    expect(pool.slowRampTime).toBeUndefined();
    expect(rendered(pool)).toEqual({ class: 'Pool', loadBalancingMode: 'round-robin', members: [] });
  });

  it('renders members with their defaults applied, in the order they were added', () => {
    const m = model();
    const pool = new As3Pool(m.application, 'pool', {
      members: [{ servicePort: 30080, serverAddresses: ['10.0.0.11', '10.0.0.12'] }],
    });
    pool.addMember({
      servicePort: 8443,
      serverAddresses: ['10.0.0.13%2'],
      shareNodes: true,
      adminState: MemberAdminState.DISABLE,
      ratio: 3,
      priorityGroup: 10,
    });
    pool.addMember({ servicePort: 80 });
    expect(rendered(pool).members).toEqual([
      {
        adminState: 'enable',
        serverAddresses: ['10.0.0.11', '10.0.0.12'],
        servicePort: 30080,
        shareNodes: false,
      },
      {
        adminState: 'disable',
        priorityGroup: 10,
        ratio: 3,
        serverAddresses: ['10.0.0.13%2'],
        servicePort: 8443,
        shareNodes: true,
      },
      { adminState: 'enable', serverAddresses: [], servicePort: 80, shareNodes: false },
    ]);
  });

  it('renders built-in, declared and existing monitors and the pool options', () => {
    const m = model();
    const monitor = new As3Monitor(m.application, 'Health', {
      name: 'health',
      monitorType: MonitorType.HTTP,
    });
    const pool = new As3Pool(m.application, 'pool', {
      monitors: [MonitorType.TCP, monitor, BigipRef.monitor('/Common/gateway_icmp')],
      minimumMonitors: 2,
      loadBalancingMode: LoadBalancingMethod.LEAST_CONNECTIONS_MEMBER,
      serviceDownAction: ServiceDownAction.RESELECT,
      slowRampTime: Duration.minutes(2),
    });
    expect(rendered(pool)).toEqual({
      class: 'Pool',
      loadBalancingMode: 'least-connections-member',
      members: [],
      minimumMonitors: 2,
      monitors: ['tcp', { use: 'health' }, { bigip: '/Common/gateway_icmp' }],
      serviceDownAction: 'reselect',
      slowRampTime: 120,
    });
    expect(() => synthesizeStack(m.stack)).not.toThrow();
  });

  it('pins the closed sets to the AS3 schema enums', () => {
    expect(Object.values(MonitorType)).toEqual([
      'http',
      'https',
      'http2',
      'icmp',
      'tcp',
      'tcp-half-open',
      'udp',
    ]);
    expect(Object.values(MemberAdminState)).toEqual(['enable', 'disable', 'offline']);
    expect(Object.values(ServiceDownAction).sort()).toEqual(['drop', 'none', 'reselect', 'reset']);
    expect(Object.values(LoadBalancingMethod)).toHaveLength(19);
  });

  describe('fails when', () => {
    function expectPoolError(props: As3PoolProps, detail: string) {
      const m = model();
      expectValidationError(() => new As3Pool(m.application, 'pool', props), 'test/A/pool', detail);
    }
    function expectMemberError(members: As3PoolMemberOptions[], detail: string) {
      expectPoolError({ members }, detail);
    }

    it('loadBalancingMode is not an AS3 mode', () => {
      expectPoolError(
        { loadBalancingMode: 'least-conn' as LoadBalancingMethod },
        `'loadBalancingMode' must be one of ${oneOf(Object.values(LoadBalancingMethod))}, got "least-conn"`,
      );
    });

    it('a monitor reference is not a monitor', () => {
      expectPoolError(
        { monitors: [BigipRef.iRule('/Common/x')] },
        "'monitors[0]' must reference a monitor, got irule /Common/x",
      );
    });

    it('a built-in monitor name is unknown', () => {
      expectPoolError(
        { monitors: [MonitorType.HTTP, 'gateway_icmp' as MonitorType] },
        `'monitors[1]' must be one of ${oneOf(Object.values(MonitorType))}, got "gateway_icmp"`,
      );
    });

    it.each([
      ['built-in', () => [MonitorType.HTTP, MonitorType.HTTP]],
      ['BIG-IP', () => [BigipRef.monitor('/Common/http'), BigipRef.monitor('/Common/http')]],
    ])('a %s monitor is listed twice', (_kind, monitors) => {
      expectPoolError(
        { monitors: monitors() },
        `'monitors' lists a monitor twice (AS3: "declaration has duplicate values in monitors")`,
      );
    });

    it('a declared monitor is listed twice', () => {
      const m = model();
      const monitor = new As3Monitor(m.application, 'Health', { monitorType: MonitorType.TCP });
      expectValidationError(
        () => new As3Pool(m.application, 'pool', { monitors: [monitor, monitor] }),
        'test/A/pool',
        `'monitors' lists a monitor twice (AS3: "declaration has duplicate values in monitors")`,
      );
    });

    it.each([0, 64, 1.5])('minimumMonitors is %j', (minimumMonitors) => {
      expectPoolError(
        { minimumMonitors, monitors: [MonitorType.TCP] },
        `'minimumMonitors' must be an integer from 1 to 63, got ${minimumMonitors}`,
      );
    });

    it('minimumMonitors exceeds the number of monitors', () => {
      expectPoolError(
        { minimumMonitors: 2, monitors: [MonitorType.TCP] },
        "'minimumMonitors' 2 exceeds the 1 monitor(s) of the pool",
      );
    });

    it('serviceDownAction is unknown', () => {
      expectPoolError(
        { serviceDownAction: 'restart' as ServiceDownAction },
        `'serviceDownAction' must be one of "none", "reset", "drop", "reselect", got "restart"`,
      );
    });

    it('slowRampTime exceeds 900 seconds', () => {
      expectPoolError(
        { slowRampTime: Duration.seconds(901) },
        "'slowRampTime' must be an integer from 0 to 900, got 901",
      );
    });

    it.each([-1, 65536, 80.5])('a member servicePort is %j', (servicePort) => {
      expectMemberError(
        [{ servicePort }],
        `'members[0].servicePort' must be an integer from 0 to 65535, got ${servicePort}`,
      );
    });

    it('a member address is not an IP address', () => {
      expectMemberError(
        [{ servicePort: 80, serverAddresses: ['10.0.0.1', 'node1.example.com'] }],
        `'members[0].serverAddresses[1]' must be an IP address (optionally %route-domain), got "node1.example.com"`,
      );
    });

    it('a member lists an address twice', () => {
      expectMemberError(
        [{ servicePort: 80, serverAddresses: ['10.0.0.1', '10.0.0.1'] }],
        "'members[0].serverAddresses' lists an address twice",
      );
    });

    it('a member adminState is unknown', () => {
      expectMemberError(
        [{ servicePort: 80, adminState: 'up' as MemberAdminState }],
        `'members[0].adminState' must be one of "enable", "disable", "offline", got "up"`,
      );
    });

    it('a member ratio exceeds 100', () => {
      expectMemberError(
        [{ servicePort: 80, ratio: 101 }],
        "'members[0].ratio' must be an integer from 0 to 100, got 101",
      );
    });

    it('a member priorityGroup exceeds 65535', () => {
      expectMemberError(
        [{ servicePort: 80, priorityGroup: 65536 }],
        "'members[0].priorityGroup' must be an integer from 0 to 65535, got 65536",
      );
    });

    it('two members repeat an address and port', () => {
      expectMemberError(
        [
          { servicePort: 80, serverAddresses: ['10.0.0.1', '10.0.0.2'] },
          { servicePort: 80, serverAddresses: ['10.0.0.2'] },
        ],
        `'members[1]' repeats an address and port of another member (AS3: "declaration has duplicate values in members")`,
      );
    });

    it('addMember() names the index of the member being added', () => {
      const m = model();
      const pool = new As3Pool(m.application, 'pool', { members: [{ servicePort: 80 }] });
      expectValidationError(
        () => pool.addMember({ servicePort: 70000 }),
        'test/A/pool',
        "'members[1].servicePort' must be an integer from 0 to 65535, got 70000",
      );
    });
  });
});
