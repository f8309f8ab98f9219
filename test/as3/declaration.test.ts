import { JsonPatch } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import {
  AS3_SCHEMA_VERSION,
  applicationsByTenant,
  configMapMarker,
  declarationId,
  findSecretMaterial,
  ownershipMarker,
  renderAs3Request,
  renderTenant,
} from '../../lib/as3/declaration';
import { As3IRule } from '../../lib/as3/irule';
import { toCanonicalJson } from '../../lib/core/canonical';
import { FakeTenant, application, model, type Json } from './model';

function smallTenant() {
  const m = model();
  new As3IRule(m.application, 'rule', { iRule: 'when HTTP_REQUEST {}' });
  return m;
}

describe('renderAs3Request', () => {
  it('renders the full request body, canonical with class first at every level', () => {
    const m = smallTenant();
    const body = renderAs3Request({
      tenant: m.tenant,
      applications: [m.application],
      label: ownershipMarker('prod'),
      remark: 'managed by vks-bigip',
      stackName: 'prod',
    });
    const text = toCanonicalJson(body);
    expect(text).toBe(
      `${JSON.stringify(
        {
          class: 'AS3',
          action: 'deploy',
          persist: true,
          declaration: {
            class: 'ADC',
            schemaVersion: '3.56.0',
            id: 'urn:vks-bigip:prod:bigip:T',
            label: 'vks-bigip:prod',
            remark: 'managed by vks-bigip',
            T: {
              class: 'Tenant',
              label: 'vks-bigip:prod',
              remark: 'managed by vks-bigip',
              A: {
                class: 'Application',
                template: 'generic',
                rule: { class: 'iRule', iRule: 'when HTTP_REQUEST {}' },
              },
            },
          },
        },
        null,
        2,
      )}\n`,
    );
  });

  it('lists applications by name, sorted, and renders defaultRouteDomain only when not 0', () => {
    const m = smallTenant();
    const other = application(m, 'Zulu', { name: 'alpha_app' });
    new As3IRule(other, 'rule', { iRule: 'x' });
    const options = {
      tenant: m.tenant,
      applications: [m.application, other],
      label: 'l',
      remark: 'r',
      stackName: 's',
    };
    const withoutRd = JSON.parse(toCanonicalJson(renderAs3Request(options))) as Json;
    expect(Object.keys(withoutRd.declaration.T)).toEqual(['class', 'label', 'remark', 'A', 'alpha_app']);
    const withRd = JSON.parse(
      toCanonicalJson(renderAs3Request({ ...options, defaultRouteDomain: 7 })),
    ) as Json;
    expect(withRd.declaration.T.defaultRouteDomain).toBe(7);
    expect(renderTenant({ ...options, defaultRouteDomain: 0 }).defaultRouteDomain).toBeUndefined();
  });

  it('applies JSON patches to the whole body (escape hatch)', () => {
    const m = smallTenant();
    const body = renderAs3Request({
      tenant: m.tenant,
      applications: [m.application],
      label: 'l',
      remark: 'r',
      stackName: 's',
      patches: [JsonPatch.add('/declaration/T/A/rule/expand', false), JsonPatch.replace('/persist', false)],
    }) as Json;
    expect(body.persist).toBe(false);
    expect(body.declaration.T.A.rule).toEqual({
      class: 'iRule',
      iRule: 'when HTTP_REQUEST {}',
      expand: false,
    });
  });

  it('targets AS3 schema 3.56.0 (what CIS 2.20.4 supports)', () => {
    expect(AS3_SCHEMA_VERSION).toBe('3.56.0');
  });
});

describe('markers and ids', () => {
  it('marks stack-owned tenants and ConfigMap tenants differently', () => {
    expect(ownershipMarker('prod')).toBe('vks-bigip:prod');
    expect(configMapMarker('prod')).toBe('vks-bigip-cis:prod');
  });

  it('derives the declaration id from stack, device and tenant, never at random', () => {
    expect(declarationId('prod', 'bigip-prod', 'vks_prod_apps')).toBe(
      'urn:vks-bigip:prod:bigip-prod:vks_prod_apps',
    );
    expect(declarationId('prod', 'bigip-prod', 'vks_prod_apps')).toBe(
      declarationId('prod', 'bigip-prod', 'vks_prod_apps'),
    );
  });

  it("keeps ids of the longest legal names within AS3's 255 characters, stable and distinct", () => {
    const stack = 's'.repeat(40);
    const device = 'd'.repeat(63);
    const a = declarationId(stack, device, `${'T'.repeat(184)}a`);
    const b = declarationId(stack, device, `${'T'.repeat(184)}b`);
    expect(a).toHaveLength(255);
    expect(b).toHaveLength(255);
    expect(a).not.toBe(b);
    expect(a).toBe(declarationId(stack, device, `${'T'.repeat(184)}a`));
    expect(a.startsWith(`urn:vks-bigip:${stack}:${device}:TTT`)).toBe(true);
    expect(a).toMatch(/^[^\x00-\x20"'<>\\^`|\x7f]*$/); // eslint-disable-line no-control-regex
  });
});

describe('findSecretMaterial', () => {
  it('finds nothing in a declaration that references keys on the BIG-IP', () => {
    expect(
      findSecretMaterial({
        T: {
          A: {
            cert: {
              class: 'Certificate',
              certificate: { bigip: '/Common/web.crt' },
              privateKey: { bigip: '/Common/web.key' },
            },
            mon: { class: 'Monitor', monitorType: 'http', send: 'GET / HTTP/1.0\r\n\r\n' },
          },
        },
      }),
    ).toEqual([]);
  });

  it.each(['privateKey', 'passphrase', 'ciphertext', 'pkcs12', 'password', 'secret'])(
    'reports a %s value with its JSON pointer',
    (key) => {
      expect(findSecretMaterial({ T: { A: { obj: { [key]: 'value' } } } })).toEqual([`/T/A/obj/${key}`]);
    },
  );

  it('reports secret objects (JWE, base64, url) but not { bigip } references', () => {
    expect(
      findSecretMaterial({
        a: { passphrase: { ciphertext: 'abc', protected: 'eyJ' } },
        b: { privateKey: { base64: 'LS0t' } },
        c: { privateKey: { bigip: '/Common/k.key' } },
        d: { privateKey: { bigip: '/Common/k.key', url: 'https://x' } },
      }),
    ).toEqual(['/a/passphrase', '/b/privateKey', '/d/privateKey']);
  });

  it('reports a PEM private key in any string, e.g. pasted after a certificate', () => {
    expect(
      findSecretMaterial({
        cert: {
          certificate:
            '-----BEGIN CERTIFICATE-----\nA\n-----END CERTIFICATE-----\n-----BEGIN EC PRIVATE KEY-----\nB',
        },
        list: ['ok', '-----BEGIN PRIVATE KEY-----'],
      }),
    ).toEqual(['/cert/certificate', '/list/1']);
  });

  it('escapes "/" and "~" in the pointers it reports', () => {
    expect(findSecretMaterial({ 'a/b': { 'c~d': { password: 'x' } } })).toEqual(['/a~1b/c~0d/password']);
  });

  it('ignores scalars, null and undefined members', () => {
    expect(findSecretMaterial(null)).toEqual([]);
    expect(findSecretMaterial(42)).toEqual([]);
    expect(findSecretMaterial({ password: undefined })).toEqual([]);
  });
});

describe('applicationsByTenant', () => {
  it('groups applications by tenant, keeping declaration order', () => {
    const m = model();
    const t2 = new FakeTenant(m.stack, 'T2', 'T2', m.device);
    const b = application(m, 'B');
    const c = application(m, 'C', { tenant: t2 });
    const byTenant = applicationsByTenant([m.application, c, b]);
    expect(byTenant.get(m.tenant)).toEqual([m.application, b]);
    expect(byTenant.get(t2)).toEqual([c]);
  });
});
