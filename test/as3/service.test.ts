import { describe, expect, it } from 'vitest';
import { BigipObjectKind, BigipRef } from '../../lib/as3/inventory';
import { As3IRule } from '../../lib/as3/irule';
import { As3Pool } from '../../lib/as3/pool';
import {
  As3ServiceHttp,
  As3ServiceHttps,
  As3ServiceL4,
  As3ServiceTcp,
  As3ServiceUdp,
  type As3ServiceHttpsProps,
} from '../../lib/as3/service';
import { Snat } from '../../lib/as3/snat';
import { PersistenceMethod, As3Persist } from '../../lib/as3/persist';
import { As3SnatPool } from '../../lib/as3/snat-pool';
import { As3Certificate, As3TlsClient, As3TlsServer } from '../../lib/as3/tls';
import { synthesizeStack } from '../../lib/core/synth';
import { expectValidationError, synthProblems } from '../helpers/expect-errors';
import { model, rendered } from './model';

const VIP = ['192.0.2.10'];
const PERSISTENCE = '"cookie", "destination-address", "msrdp", "source-address", "tls-session-id"';

describe('Snat', () => {
  it('has the three AS3 keywords plus SNAT pools', () => {
    expect([Snat.AUTO.value, Snat.NONE.value, Snat.SELF.value]).toEqual(['auto', 'none', 'self']);
    const ref = BigipRef.snatPool('/Common/snat_ext');
    expect(Snat.bigip(ref).value).toBe(ref);
  });

  it('fails when Snat.bigip() gets another kind of reference', () => {
    expect(() => Snat.bigip(BigipRef.iRule('/Common/x'))).toThrow(
      new Error('Snat.bigip() needs a BigipRef.snatPool(...) reference, got "irule /Common/x"'),
    );
  });
});

describe('As3ServiceHttp', () => {
  it('defaults: snat auto; port, persistence and pool left to AS3 (80, cookie, none)', () => {
    const m = model();
    const svc = new As3ServiceHttp(m.application, 'svc', { virtualAddresses: VIP });
    expect(svc.as3Class).toBe('Service_HTTP');
    expect(svc.snat).toBe(Snat.AUTO);
    expect(svc.virtualPort).toBeUndefined();
    expect(svc.persistenceMethods).toBeUndefined();
    expect(svc.iRules).toEqual([]);
    expect(svc.allowVlans).toEqual([]);
    expect(rendered(svc)).toEqual({ class: 'Service_HTTP', snat: 'auto', virtualAddresses: ['192.0.2.10'] });
  });

  it('renders every prop, pointers relative to its application', () => {
    const m = model([
      { kind: BigipObjectKind.WAF_POLICY, path: '/Common/waf_base' },
      { kind: BigipObjectKind.VLAN, path: '/Common/external' },
    ]);
    const pool = new As3Pool(m.application, 'pool');
    const rule = new As3IRule(m.application, 'xff', { iRule: 'when HTTP_REQUEST {}' });
    const persist = new As3Persist(m.application, 'sticky', {
      persistenceMethod: PersistenceMethod.COOKIE,
    });
    const tls = new As3TlsClient(m.application, 'to_members', { serverName: 'app.example.com' });
    const snat = new As3SnatPool(m.application, 'snat', { snatAddresses: ['192.0.2.100'] });
    const svc = new As3ServiceHttp(m.application, 'svc', {
      virtualAddresses: ['192.0.2.10', '2001:db8::10'],
      virtualPort: 8080,
      pool,
      snat: Snat.pool(snat),
      iRules: [rule, BigipRef.iRule('/Common/_sys_https_redirect')],
      persistenceMethods: [persist, PersistenceMethod.SOURCE_ADDRESS],
      allowVlans: [BigipRef.vlan('/Common/external')],
      clientTLS: tls,
      policyWAF: BigipRef.wafPolicy('/Common/waf_base'),
      label: 'web',
    });
    expect(rendered(svc)).toEqual({
      class: 'Service_HTTP',
      label: 'web',
      allowVlans: [{ bigip: '/Common/external' }],
      clientTLS: { use: 'to_members' },
      iRules: [{ use: 'xff' }, { bigip: '/Common/_sys_https_redirect' }],
      persistenceMethods: [{ use: 'sticky' }, 'source-address'],
      policyWAF: { bigip: '/Common/waf_base' },
      pool: { use: 'pool' },
      snat: { use: 'snat' },
      virtualAddresses: ['192.0.2.10', '2001:db8::10'],
      virtualPort: 8080,
    });
    // /Common/_sys_https_redirect is not declared: the one problem of the stack.
    expect(synthProblems(m.stack)).toEqual([
      {
        path: 'test/A/svc',
        message:
          "'iRules[1]' references irule /Common/_sys_https_redirect, which is not in the inventory of device bigip (declared: none); AS3 would reject the whole declaration",
      },
    ]);
  });

  it('renders snat none/self and an empty persistence list (persistence off)', () => {
    const m = model();
    const none = new As3ServiceHttp(m.application, 'a', {
      virtualAddresses: VIP,
      snat: Snat.NONE,
      persistenceMethods: [],
    });
    const self = new As3ServiceHttp(m.application, 'b', {
      virtualAddresses: ['192.0.2.11'],
      snat: Snat.SELF,
    });
    expect(rendered(none)).toMatchObject({ snat: 'none', persistenceMethods: [] });
    expect(rendered(self).snat).toBe('self');
  });

  describe('fails when', () => {
    function expectHttpError(props: Partial<As3ServiceHttpsProps>, detail: string | RegExp) {
      const m = model();
      expectValidationError(
        () => new As3ServiceHttp(m.application, 'svc', { virtualAddresses: VIP, ...props }),
        'test/A/svc',
        detail,
      );
    }

    it('virtualAddresses is empty', () => {
      expectHttpError({ virtualAddresses: [] }, "'virtualAddresses' must list at least one address, got []");
    });

    it('a virtual address is not an IP address', () => {
      expectHttpError(
        { virtualAddresses: ['192.0.2.10', 'vip.example.com'] },
        `'virtualAddresses[1]' must be an IP address (optionally %route-domain), got "vip.example.com"`,
      );
    });

    it('a virtual address is listed twice', () => {
      expectHttpError(
        { virtualAddresses: ['192.0.2.10', '192.0.2.10'] },
        "'virtualAddresses' lists an address twice",
      );
    });

    it.each([0, 65536])('virtualPort is %j', (virtualPort) => {
      expectHttpError(
        { virtualPort },
        `'virtualPort' must be an integer from 1 to 65535, got ${virtualPort}`,
      );
    });

    it('pool references something other than a pool', () => {
      expectHttpError(
        { pool: BigipRef.monitor('/Common/http') },
        "'pool' must reference a pool, got monitor /Common/http",
      );
    });

    it('an iRule reference is not an iRule', () => {
      expectHttpError(
        { iRules: [BigipRef.monitor('/Common/http')] },
        "'iRules[0]' must reference an iRule, got monitor /Common/http",
      );
    });

    it('an existing iRule is listed twice', () => {
      expectHttpError(
        { iRules: [BigipRef.iRule('/Common/x'), BigipRef.iRule('/Common/x')] },
        `'iRules' lists an iRule twice (AS3: "declaration has duplicate values in iRules")`,
      );
    });

    it('a declared iRule is listed twice', () => {
      const m = model();
      const rule = new As3IRule(m.application, 'rule', { iRule: 'x' });
      expectValidationError(
        () => new As3ServiceHttp(m.application, 'svc', { virtualAddresses: VIP, iRules: [rule, rule] }),
        'test/A/svc',
        `'iRules' lists an iRule twice (AS3: "declaration has duplicate values in iRules")`,
      );
    });

    it('a persistence method is unknown', () => {
      expectHttpError(
        { persistenceMethods: ['sticky' as PersistenceMethod] },
        /^'persistenceMethods\[0\]' must be one of "cookie", .*, got "sticky"$/,
      );
    });

    it('a persistence method needs a profile of its own', () => {
      expectHttpError(
        { persistenceMethods: [PersistenceMethod.HASH] },
        `'persistenceMethods[0]' "hash" needs an As3Persist profile; a service names only ${PERSISTENCE.replace(/"/g, '')} directly`,
      );
    });

    it('a persistence reference is not a persistence profile', () => {
      expectHttpError(
        { persistenceMethods: [BigipRef.iRule('/Common/x')] },
        "'persistenceMethods[0]' must reference a persistence profile, got irule /Common/x",
      );
    });

    it('a persistence method is listed twice', () => {
      expectHttpError(
        { persistenceMethods: [PersistenceMethod.COOKIE, PersistenceMethod.COOKIE] },
        `'persistenceMethods' lists a method twice (AS3: "declaration has duplicate values in persistenceMethods")`,
      );
    });

    it('an allowed VLAN is not a VLAN reference', () => {
      expectHttpError(
        { allowVlans: [BigipRef.iRule('/Common/x')] },
        `'allowVlans[0]' must be a BigipRef.vlan(...), got "irule /Common/x"`,
      );
    });

    it('clientTLS references something other than a server-ssl profile', () => {
      expectHttpError(
        { clientTLS: BigipRef.clientSslProfile('/Common/clientssl') },
        "'clientTLS' must reference a server-ssl profile, got client-ssl-profile /Common/clientssl",
      );
    });

    it('policyWAF references something other than a WAF policy', () => {
      expectHttpError(
        { policyWAF: BigipRef.iRule('/Common/x') },
        "'policyWAF' must reference a WAF policy, got irule /Common/x",
      );
    });

    it('the SNAT pool pointer targets another class (synth)', () => {
      const m = model();
      const rule = new As3IRule(m.application, 'rule', { iRule: 'x' });
      new As3ServiceHttp(m.application, 'svc', {
        virtualAddresses: VIP,
        snat: Snat.pool(rule as unknown as As3SnatPool),
      });
      expect(synthProblems(m.stack)).toEqual([
        { path: 'test/A/svc', message: "'snat' points to /T/A/rule, a iRule; it must be a SNAT_Pool" },
      ]);
    });
  });
});

describe('As3ServiceHttps', () => {
  function tlsServer(m: ReturnType<typeof model>) {
    const certificate = new As3Certificate(m.application, 'cert', {
      certificate: BigipRef.sslCertificate('/Common/default.crt'),
      privateKey: BigipRef.sslKey('/Common/default.key'),
    });
    return new As3TlsServer(m.application, 'tls', { certificates: [{ certificate }] });
  }

  it('renders serverTLS and redirect80 on top of the HTTP props', () => {
    const m = model();
    const svc = new As3ServiceHttps(m.application, 'svc', {
      virtualAddresses: VIP,
      serverTLS: tlsServer(m),
      clientTLS: BigipRef.serverSslProfile('/Common/serverssl'),
      redirect80: false,
    });
    expect(svc.as3Class).toBe('Service_HTTPS');
    expect(rendered(svc)).toEqual({
      class: 'Service_HTTPS',
      clientTLS: { bigip: '/Common/serverssl' },
      redirect80: false,
      serverTLS: { use: 'tls' },
      snat: 'auto',
      virtualAddresses: ['192.0.2.10'],
    });
    expect(() => synthesizeStack(m.stack)).not.toThrow();
  });

  it('leaves redirect80 to AS3 (true) by default and accepts an existing client-ssl profile', () => {
    const m = model();
    const svc = new As3ServiceHttps(m.application, 'svc', {
      virtualAddresses: VIP,
      serverTLS: BigipRef.clientSslProfile('/Common/clientssl'),
    });
    expect(svc.redirect80).toBeUndefined();
    expect(rendered(svc).serverTLS).toEqual({ bigip: '/Common/clientssl' });
  });

  describe('fails when', () => {
    it('serverTLS is missing', () => {
      const m = model();
      expectValidationError(
        () => new As3ServiceHttps(m.application, 'svc', { virtualAddresses: VIP } as As3ServiceHttpsProps),
        'test/A/svc',
        "'serverTLS' is required: the TLS_Server (client-ssl profile) that terminates TLS",
      );
    });

    it('serverTLS references something other than a client-ssl profile', () => {
      const m = model();
      expectValidationError(
        () =>
          new As3ServiceHttps(m.application, 'svc', {
            virtualAddresses: VIP,
            serverTLS: BigipRef.serverSslProfile('/Common/serverssl'),
          }),
        'test/A/svc',
        "'serverTLS' must reference a client-ssl profile, got server-ssl-profile /Common/serverssl",
      );
    });

    it('serverTLS points to a declared object of another class (synth)', () => {
      const m = model();
      const tls = new As3TlsClient(m.application, 'client');
      new As3ServiceHttps(m.application, 'svc', {
        virtualAddresses: VIP,
        serverTLS: tls as unknown as As3TlsServer,
      });
      expect(synthProblems(m.stack)).toEqual([
        {
          path: 'test/A/svc',
          message: "'serverTLS' points to /T/A/client, a TLS_Client; it must be a TLS_Server",
        },
      ]);
    });
  });
});

describe.each([
  ['As3ServiceTcp', As3ServiceTcp, 'Service_TCP'],
  ['As3ServiceUdp', As3ServiceUdp, 'Service_UDP'],
  ['As3ServiceL4', As3ServiceL4, 'Service_L4'],
] as const)('%s', (_name, Service, as3Class) => {
  it('renders its class, the required port and the pool', () => {
    const m = model();
    const pool = new As3Pool(m.application, 'pool');
    const svc = new Service(m.application, 'svc', {
      virtualAddresses: ['192.0.2.10%1'],
      virtualPort: 5000,
      pool,
      persistenceMethods: [PersistenceMethod.SOURCE_ADDRESS],
    });
    expect(svc.as3Class).toBe(as3Class);
    expect(svc.virtualPort).toBe(5000);
    expect(rendered(svc)).toEqual({
      class: as3Class,
      persistenceMethods: ['source-address'],
      pool: { use: 'pool' },
      snat: 'auto',
      virtualAddresses: ['192.0.2.10%1'],
      virtualPort: 5000,
    });
  });

  it('fails when a virtual address names a route domain above 65535 (AS3 f5ip)', () => {
    const m = model();
    expectValidationError(
      () => new Service(m.application, 'svc', { virtualAddresses: ['192.0.2.31%70000'], virtualPort: 80 }),
      'test/A/svc',
      `'virtualAddresses[0]' must be an IP address (optionally %route-domain), got "192.0.2.31%70000"`,
    );
  });

  it.each([undefined, 0, 70000])('fails when virtualPort is %j', (virtualPort) => {
    const m = model();
    expectValidationError(
      () => new Service(m.application, 'svc', { virtualAddresses: VIP, virtualPort: virtualPort as number }),
      'test/A/svc',
      `'virtualPort' must be an integer from 1 to 65535, got ${virtualPort === undefined ? 'nothing' : virtualPort}`,
    );
  });
});
