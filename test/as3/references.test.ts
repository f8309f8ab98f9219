import { describe, expect, it } from 'vitest';
import { ApplicationTemplate, As3Application } from '../../lib/as3/application';
import { BUILT_IN_OBJECTS, BigipInventory, BigipObjectKind, BigipRef } from '../../lib/as3/inventory';
import { As3Monitor, MonitorType } from '../../lib/as3/monitor';
import { As3Pool } from '../../lib/as3/pool';
import { As3ServiceHttp, As3ServiceTcp } from '../../lib/as3/service';
import { synthesizeStack } from '../../lib/core/synth';
import { synthProblems } from '../helpers/expect-errors';
import { FakeDevice, FakeTenant, application, model, rendered } from './model';

const SCOPE_RULE = 'AS3 resolves pointers only into the same application, /T/Shared or /Common/Shared';

describe('BigipRef', () => {
  it.each([
    ['clientSslProfile', BigipObjectKind.CLIENT_SSL_PROFILE],
    ['serverSslProfile', BigipObjectKind.SERVER_SSL_PROFILE],
    ['httpProfile', BigipObjectKind.HTTP_PROFILE],
    ['tcpProfile', BigipObjectKind.TCP_PROFILE],
    ['persistenceProfile', BigipObjectKind.PERSISTENCE_PROFILE],
    ['monitor', BigipObjectKind.MONITOR],
    ['iRule', BigipObjectKind.IRULE],
    ['wafPolicy', BigipObjectKind.WAF_POLICY],
    ['snatPool', BigipObjectKind.SNAT_POOL],
    ['vlan', BigipObjectKind.VLAN],
    ['pool', BigipObjectKind.POOL],
    ['sslCertificate', BigipObjectKind.SSL_CERTIFICATE],
    ['sslKey', BigipObjectKind.SSL_KEY],
  ] as const)('BigipRef.%s() has kind %s and renders { bigip }', (factory, kind) => {
    const ref = BigipRef[factory]('/Common/some_object.v1');
    expect(ref.kind).toBe(kind);
    expect(ref.path).toBe('/Common/some_object.v1');
    expect(ref.toJson()).toEqual({ bigip: '/Common/some_object.v1' });
    expect(String(ref)).toBe(`${kind} /Common/some_object.v1`);
  });

  it('accepts nested folders such as /Common/Shared/x and /Common/appsvcs/x', () => {
    expect(BigipRef.iRule('/Common/Shared/x').path).toBe('/Common/Shared/x');
    expect(BigipRef.sslCertificate('/Common/ca-bundle.crt').path).toBe('/Common/ca-bundle.crt');
  });

  it.each(['', 'Common/x', '/Common', '/Common/', '/1abc/x', '/Common/a b', '//x', '/Common/x/', '/T/A/x'])(
    'reports a problem (its user says where) when the path is %j',
    (path) => {
      expect(BigipRef.iRule(path).problem).toBe(
        `a BIG-IP irule reference needs a full path such as "/Common/name", got ${JSON.stringify(path)}`,
      );
    },
  );

  it('has no problem with a full path', () => {
    expect(BigipRef.iRule('/Common/x').problem).toBeUndefined();
    expect(BigipRef.iRule('/k8s/app/rule-2').problem).toBeUndefined();
  });
});

describe('BigipInventory', () => {
  it('pins the built-in objects every BIG-IP has', () => {
    expect(BUILT_IN_OBJECTS.map((i) => `${i.kind} ${i.path}`)).toEqual([
      'client-ssl-profile /Common/clientssl',
      'server-ssl-profile /Common/serverssl',
      'http-profile /Common/http',
      'tcp-profile /Common/tcp',
      'tcp-profile /Common/f5-tcp-progressive',
      'tcp-profile /Common/f5-tcp-lan',
      'tcp-profile /Common/f5-tcp-wan',
      'persistence-profile /Common/cookie',
      'persistence-profile /Common/source_addr',
      'monitor /Common/http',
      'monitor /Common/https',
      'monitor /Common/tcp',
      'monitor /Common/udp',
      'monitor /Common/gateway_icmp',
      'ssl-certificate /Common/default.crt',
      'ssl-key /Common/default.key',
      'cipher-group /Common/f5-default',
      'cipher-group /Common/f5-secure',
      'udp-profile /Common/udp',
      'l4-profile /Common/fastL4',
      'http2-profile /Common/http2',
      'multiplex-profile /Common/oneconnect',
      'websocket-profile /Common/websocket',
      'http-compression-profile /Common/httpcompression',
      'ftp-profile /Common/ftp',
      'traffic-group /Common/traffic-group-1',
      'traffic-group /Common/traffic-group-local-only',
    ]);
  });

  it('holds the built-ins plus the declared items, matched by kind and path', () => {
    const inventory = new BigipInventory([{ kind: BigipObjectKind.IRULE, path: '/Common/insert_xff' }]);
    expect(inventory.has(BigipRef.iRule('/Common/insert_xff'))).toBe(true);
    expect(inventory.has(BigipRef.clientSslProfile('/Common/clientssl'))).toBe(true);
    // Same path, other kind: /Common/http is an HTTP profile and a monitor, not an iRule.
    expect(inventory.has(BigipRef.iRule('/Common/http'))).toBe(false);
    expect(inventory.pathsOf(BigipObjectKind.IRULE)).toEqual(['/Common/insert_xff']);
    expect(inventory.pathsOf(BigipObjectKind.MONITOR)).toEqual([
      '/Common/http',
      '/Common/https',
      '/Common/tcp',
      '/Common/udp',
      '/Common/gateway_icmp',
    ]);
  });

  it('can leave the built-ins out', () => {
    const inventory = new BigipInventory([], false);
    expect(inventory.has(BigipRef.clientSslProfile('/Common/clientssl'))).toBe(false);
    expect(inventory.pathsOf(BigipObjectKind.CLIENT_SSL_PROFILE)).toEqual([]);
  });

  it('fails when an item has an unknown kind', () => {
    expect(() => new BigipInventory([{ kind: 'profile' as BigipObjectKind, path: '/Common/x' }])).toThrow(
      new Error('inventory item kind must be a BigipObjectKind, got "profile"'),
    );
  });

  it('fails when an item has no full path', () => {
    expect(() => new BigipInventory([{ kind: BigipObjectKind.VLAN, path: 'external' }])).toThrow(
      new Error('inventory item vlan needs a full path such as "/Common/name", got "external"'),
    );
  });
});

describe('references to existing BIG-IP objects ({ bigip })', () => {
  it('renders { bigip } for a declared or built-in object and synthesizes', () => {
    const m = model([{ kind: BigipObjectKind.IRULE, path: '/Common/insert_xff' }]);
    const service = new As3ServiceHttp(m.application, 'svc', {
      virtualAddresses: ['192.0.2.10'],
      pool: BigipRef.pool('/Common/legacy_pool'),
      iRules: [BigipRef.iRule('/Common/insert_xff')],
    });
    expect(rendered(service).iRules).toEqual([{ bigip: '/Common/insert_xff' }]);
    // The pool is not in the inventory: the only problem of the stack.
    expect(synthProblems(m.stack)).toEqual([
      {
        path: 'test/A/svc',
        message:
          "'pool' references pool /Common/legacy_pool, which is not in the inventory of device bigip (declared: none); AS3 would reject the whole declaration",
      },
    ]);
  });

  it('fails when a reference is not in the inventory, listing what is declared of that kind', () => {
    const m = model([
      { kind: BigipObjectKind.IRULE, path: '/Common/insert_xff' },
      { kind: BigipObjectKind.IRULE, path: '/Common/redirect' },
    ]);
    new As3ServiceHttp(m.application, 'svc', {
      virtualAddresses: ['192.0.2.10'],
      iRules: [BigipRef.iRule('/Common/insert_xf')],
    });
    expect(synthProblems(m.stack)).toEqual([
      {
        path: 'test/A/svc',
        message:
          "'iRules[0]' references irule /Common/insert_xf, which is not in the inventory of device bigip (declared: /Common/insert_xff, /Common/redirect); AS3 would reject the whole declaration",
      },
    ]);
  });

  it('fails when a built-in path is referenced as another kind', () => {
    const m = model();
    new As3Pool(m.application, 'pool', { monitors: [BigipRef.monitor('/Common/clientssl')] });
    expect(synthProblems(m.stack)).toEqual([
      {
        path: 'test/A/pool',
        message:
          "'monitors[0]' references monitor /Common/clientssl, which is not in the inventory of device bigip (declared: /Common/http, /Common/https, /Common/tcp, /Common/udp, /Common/gateway_icmp); AS3 would reject the whole declaration",
      },
    ]);
  });
});

describe('pointer scope ({ use }, as3-facts §2.3)', () => {
  function monitorIn(app: As3Application, name = 'health') {
    return new As3Monitor(app, 'Health', { name, monitorType: MonitorType.TCP });
  }

  it('points into the same application with the bare name', () => {
    const m = model();
    const monitor = monitorIn(m.application);
    const pool = new As3Pool(m.application, 'pool', { monitors: [monitor] });
    new As3ServiceTcp(m.application, 'svc', { virtualAddresses: ['192.0.2.10'], virtualPort: 443, pool });
    expect(rendered(pool).monitors).toEqual([{ use: 'health' }]);
    expect(() => synthesizeStack(m.stack)).not.toThrow();
  });

  it('points into /<tenant>/Shared with the absolute path', () => {
    const m = model();
    const shared = application(m, 'Shared');
    expect(shared.template).toBe(ApplicationTemplate.SHARED);
    const pool = new As3Pool(m.application, 'pool', { monitors: [monitorIn(shared)] });
    expect(rendered(pool).monitors).toEqual([{ use: '/T/Shared/health' }]);
    expect(() => synthesizeStack(m.stack)).not.toThrow();
  });

  it('points into /Common/Shared with the absolute path', () => {
    const m = model();
    const common = new FakeTenant(m.stack, 'CommonTenant', 'Common', m.device);
    const commonShared = new As3Application(m.stack, 'CommonShared', { tenant: common, name: 'Shared' });
    const pool = new As3Pool(m.application, 'pool', { monitors: [monitorIn(commonShared)] });
    expect(rendered(pool).monitors).toEqual([{ use: '/Common/Shared/health' }]);
    expect(() => synthesizeStack(m.stack)).not.toThrow();
  });

  it('fails when the target has a one-character name, which AS3 cannot resolve as a pointer', () => {
    const m = model();
    new As3Pool(m.application, 'pool', { monitors: [monitorIn(m.application, 'h')] });
    expect(synthProblems(m.stack)).toEqual([
      {
        path: 'test/A/pool',
        message: `'monitors[0]' points to /T/A/h; AS3 does not resolve pointers to one-character names, so name the target with at least two characters`,
      },
    ]);
  });

  it('fails when the target is in another application of the tenant', () => {
    const m = model();
    const other = application(m, 'Other');
    new As3Pool(m.application, 'pool', { monitors: [monitorIn(other)] });
    expect(synthProblems(m.stack)).toEqual([
      {
        path: 'test/A/pool',
        message: `'monitors[0]' points to /T/Other/health, outside /T/A; ${SCOPE_RULE}`,
      },
    ]);
  });

  it("fails when the target is in another tenant's Shared application", () => {
    const m = model();
    const otherTenant = new FakeTenant(m.stack, 'T2', 'T2', m.device);
    const otherShared = new As3Application(m.stack, 'T2Shared', { tenant: otherTenant, name: 'Shared' });
    new As3Pool(m.application, 'pool', { monitors: [monitorIn(otherShared)] });
    expect(synthProblems(m.stack)).toEqual([
      {
        path: 'test/A/pool',
        message: `'monitors[0]' points to /T2/Shared/health, outside /T/A; ${SCOPE_RULE}`,
      },
    ]);
  });

  it('fails when the target is on another device', () => {
    const m = model();
    const otherDevice = new FakeDevice(m.stack, 'Other', 'other');
    const common = new FakeTenant(m.stack, 'OtherCommon', 'Common', otherDevice);
    const commonShared = new As3Application(m.stack, 'OtherShared', { tenant: common, name: 'Shared' });
    new As3Pool(m.application, 'pool', { monitors: [monitorIn(commonShared)] });
    expect(synthProblems(m.stack)).toEqual([
      {
        path: 'test/A/pool',
        message: "'monitors[0]' points to /Common/Shared/health on device other, another BIG-IP",
      },
    ]);
  });

  it('fails when the target has the wrong class', () => {
    const m = model();
    const monitor = monitorIn(m.application);
    new As3ServiceTcp(m.application, 'svc', {
      virtualAddresses: ['192.0.2.10'],
      virtualPort: 443,
      pool: monitor as unknown as As3Pool,
    });
    expect(synthProblems(m.stack)).toEqual([
      { path: 'test/A/svc', message: "'pool' points to /T/A/health, a Monitor; it must be a Pool" },
    ]);
  });

  it('fails when the pointer is neither a construct nor a BigipRef (JavaScript callers)', () => {
    const m = model();
    expect(
      () =>
        new As3ServiceTcp(m.application, 'svc', {
          virtualAddresses: ['192.0.2.10'],
          virtualPort: 443,
          pool: { use: 'pool' } as unknown as As3Pool,
        }),
    ).toThrow(`[test/A/svc] 'pool' must be an AS3 object construct or a BigipRef, got {"use":"pool"}`);
  });

  it('reports every bad pointer of a stack at once, each with its construct path', () => {
    const m = model();
    const other = application(m, 'Other');
    const pool = new As3Pool(m.application, 'pool', { monitors: [monitorIn(other)] });
    new As3ServiceTcp(other, 'svc', { virtualAddresses: ['192.0.2.10'], virtualPort: 443, pool });
    expect(synthProblems(m.stack).map((p) => p.path)).toEqual(['test/A/pool', 'test/Other/svc']);
  });
});
