/**
 * lib/as3/schema-validator.ts: AS3's way of validating (draft-07, f5 formats and keyword, ajv-6 wording),
 * defaults on a copy only, compile once per file. The official-schema part reads ../shared and is skipped
 * with a message when that folder is absent; the rest uses small in-memory schemas.
 */
import { describe, expect, it } from 'vitest';
import { createAs3SchemaValidator, loadAs3Schema } from '../../lib/as3/schema-validator';
import { AS3_SCHEMA_FILE, HAVE_AS3_SCHEMA, NO_SCHEMA_REASON } from './helpers';

const tiny = {
  $id: 'urn:test:tiny',
  definitions: {
    AS3: { type: 'object', properties: { class: { const: 'AS3' } }, required: ['class'] },
    ADC: {
      type: 'object',
      required: ['class', 'schemaVersion'],
      properties: {
        class: { const: 'ADC' },
        schemaVersion: { type: 'string', anyOf: [{ pattern: '^3\\.' }, { const: '3.56.0' }] },
        vip: { type: 'string', format: 'f5ip' },
        path: { type: 'string', format: 'f5bigip' },
        mode: { type: 'string', enum: ['a', 'b'], default: 'a' },
        ptr: {
          type: 'string',
          f5PostProcess: { tag: 'pointer', data: { properties: { class: { const: 'Pool' } } } },
        },
      },
    },
  },
};

describe('AS3 schema validator (in-memory schema)', () => {
  const validator = createAs3SchemaValidator(tiny, 'tiny');

  it('knows the newest schemaVersion the schema accepts', () => {
    expect(validator.schemaVersion).toBe('3.56.0');
  });

  it('words errors like AS3 (ajv 6: "should …") with the instance path', () => {
    const result = validator.validateDeclaration({ class: 'ADC' });
    expect(result.valid).toBe(false);
    expect(result.errors[0]).toMatchObject({
      instancePath: '',
      keyword: 'required',
      message: "should have required property 'schemaVersion'",
      text: "/: should have required property 'schemaVersion'",
    });
    const enumError = validator.validateDeclaration({ class: 'ADC', schemaVersion: '3.1', mode: 'c' })
      .errors[0];
    expect(enumError?.text).toBe('/mode: should be equal to one of the allowed values ["a","b"]');
  });

  it('implements the f5ip and f5bigip formats', () => {
    const ok = (extra: object) =>
      validator.validateDeclaration({ class: 'ADC', schemaVersion: '3.1', ...extra }).valid;
    for (const vip of ['192.0.2.1', '192.0.2.0/24', '10.0.0.1%2', '2001:db8::1', '2001:db8::/64', ''])
      expect(ok({ vip })).toBe(true);
    for (const vip of ['192.0.2.300', 'host.example', '192.0.2.1/33']) expect(ok({ vip })).toBe(false);
    expect(ok({ path: '/Common/http' })).toBe(true);
    expect(ok({ path: 'Common/http' })).toBe(false);
  });

  it('fills defaults only on a copy, and records f5PostProcess hits', () => {
    const input = { class: 'ADC', schemaVersion: '3.1', ptr: 'web_pool' };
    const result = validator.validateDeclaration(input, { useDefaults: true });
    expect(result.valid).toBe(true);
    expect(result.document).toEqual({ ...input, mode: 'a' });
    expect(input).not.toHaveProperty('mode');
    expect(result.postProcess).toEqual([
      {
        instancePath: '/ptr',
        parentDataProperty: 'ptr',
        tag: 'pointer',
        data: { properties: { class: { const: 'Pool' } } },
      },
    ]);
  });

  it('refuses a document that is not an AS3 schema', () => {
    expect(() => createAs3SchemaValidator({ definitions: {} }, 'empty')).toThrow(/no definitions.ADC/);
    expect(() => loadAs3Schema('/nonexistent/as3-schema.json')).toThrow(/cannot read AS3 schema file/);
  });
});

describe.skipIf(!HAVE_AS3_SCHEMA)(
  HAVE_AS3_SCHEMA ? 'AS3 schema validator (official 3.56 schema)' : NO_SCHEMA_REASON,
  () => {
    it('loads once per file, validates ADC and AS3, and builds the property vocabulary', () => {
      const validator = loadAs3Schema(AS3_SCHEMA_FILE);
      expect(loadAs3Schema(AS3_SCHEMA_FILE)).toBe(validator);
      expect(validator.schemaVersion).toBe('3.56.0');
      const adc = {
        class: 'ADC',
        schemaVersion: '3.56.0',
        id: 'x',
        T: {
          class: 'Tenant',
          A: { class: 'Application', vs: { class: 'Service_HTTP', virtualAddresses: ['192.0.2.1'] } },
        },
      };
      expect(validator.validateDeclaration(adc).valid).toBe(true);
      const filled = validator.validateDeclaration(adc, { useDefaults: true }).document as typeof adc;
      expect(filled.T.A.vs).toMatchObject({ virtualPort: 80, profileHTTP: 'basic' });
      expect(adc.T.A.vs).not.toHaveProperty('virtualPort');
      const missing = validator.validateDeclaration({
        ...adc,
        T: { class: 'Tenant', A: { class: 'Application', vs: { class: 'Service_HTTP' } } },
      });
      expect(missing.errors[0]?.text).toBe("/T/A/vs: should have required property 'virtualAddresses'");
      const serverTls = {
        ...adc,
        T: { class: 'Tenant', A: { class: 'Application', vs: { ...adc.T.A.vs, serverTLS: 'tls' } } },
      };
      expect(validator.validateDeclaration(serverTls).errors[0]?.text).toBe(
        '/T/A/vs: serverTLS is NOT valid',
      );
      expect(validator.validateRequest({ class: 'AS3', action: 'deploy', declaration: adc }).valid).toBe(
        true,
      );
      const vocabulary = validator.propertyVocabulary();
      expect(vocabulary.names.has('virtualPort')).toBe(true);
      expect(vocabulary.names.has('virtualPrt')).toBe(false);
    });

    it('validates as AS3 (ajv 6): route domains over 65535 fail the f5ip format, in ajv 6 words', () => {
      const validator = loadAs3Schema(AS3_SCHEMA_FILE);
      const adc = (address: string) => ({
        class: 'ADC',
        schemaVersion: '3.56.0',
        id: 'x',
        T: {
          class: 'Tenant',
          A: { class: 'Application', vs: { class: 'Service_HTTP', virtualAddresses: [address] } },
        },
      });
      expect(validator.validateDeclaration(adc('192.0.2.1%65535')).valid).toBe(true);
      const over = validator.validateDeclaration(adc('192.0.2.1%70000'));
      expect(over.valid).toBe(false);
      expect(over.errors[0]?.text).toMatch(/^\/T\/A\/vs\/virtualAddresses\/0: should match format "f5ip"$/);
    });
  },
);
