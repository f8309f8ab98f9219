import { describe, expect, it } from 'vitest';
import { As3IRule } from '../../lib/as3/irule';
import { As3RawObject } from '../../lib/as3/raw';
import { As3SnatPool } from '../../lib/as3/snat-pool';
import { expectValidationError } from '../helpers/expect-errors';
import { model, rendered } from './model';

describe('As3IRule', () => {
  it('renders the source, expand left to AS3 (true) by default', () => {
    const m = model();
    const rule = new As3IRule(m.application, 'xff', {
      iRule: 'when HTTP_REQUEST { HTTP::header insert X-Test 1 }',
    });
    expect(rule.as3Class).toBe('iRule');
    expect(rule.expand).toBeUndefined();
    expect(rendered(rule)).toEqual({
      class: 'iRule',
      iRule: 'when HTTP_REQUEST { HTTP::header insert X-Test 1 }',
    });
  });

  it('renders expand when set', () => {
    const m = model();
    const rule = new As3IRule(m.application, 'xff', {
      iRule: 'when HTTP_REQUEST { pool `*pool` }',
      expand: false,
    });
    expect(rendered(rule)).toEqual({
      class: 'iRule',
      expand: false,
      iRule: 'when HTTP_REQUEST { pool `*pool` }',
    });
  });

  it.each(['', '   '])('fails when the source is %j', (iRule) => {
    const m = model();
    expectValidationError(
      () => new As3IRule(m.application, 'xff', { iRule }),
      'test/A/xff',
      `'iRule' must be a non-empty string, got ${JSON.stringify(iRule)}`,
    );
  });
});

describe('As3SnatPool', () => {
  it('renders its addresses in order', () => {
    const m = model();
    const pool = new As3SnatPool(m.application, 'snat', {
      snatAddresses: ['192.0.2.101', '192.0.2.100', '2001:db8::64'],
    });
    expect(pool.as3Class).toBe('SNAT_Pool');
    expect(rendered(pool)).toEqual({
      class: 'SNAT_Pool',
      snatAddresses: ['192.0.2.101', '192.0.2.100', '2001:db8::64'],
    });
  });

  describe('fails when', () => {
    it.each([[[]], [undefined]])('snatAddresses is %j', (snatAddresses) => {
      const m = model();
      expectValidationError(
        () => new As3SnatPool(m.application, 'snat', { snatAddresses: snatAddresses as unknown as string[] }),
        'test/A/snat',
        `'snatAddresses' must list at least one address, got ${snatAddresses === undefined ? 'nothing' : '[]'}`,
      );
    });

    it('an address is not an IP address', () => {
      const m = model();
      expectValidationError(
        () => new As3SnatPool(m.application, 'snat', { snatAddresses: ['192.0.2.1', 'snat.example.com'] }),
        'test/A/snat',
        `'snatAddresses[1]' must be an IP address, got "snat.example.com"`,
      );
    });

    it('an address is listed twice', () => {
      const m = model();
      expectValidationError(
        () => new As3SnatPool(m.application, 'snat', { snatAddresses: ['192.0.2.1', '192.0.2.1'] }),
        'test/A/snat',
        "'snatAddresses' lists an address twice",
      );
    });
  });
});

describe('As3RawObject (escape hatch)', () => {
  it('renders any AS3 class with its properties as given, class first', () => {
    const m = model();
    const raw = new As3RawObject(m.application, 'http', {
      as3Class: 'HTTP_Profile',
      properties: { xForwardedFor: true, hstsInsert: true, hstsPeriod: 7862400 },
      remark: 'HSTS on',
    });
    expect(raw.as3Class).toBe('HTTP_Profile');
    expect(rendered(raw)).toEqual({
      class: 'HTTP_Profile',
      remark: 'HSTS on',
      hstsInsert: true,
      hstsPeriod: 7862400,
      xForwardedFor: true,
    });
    expect(Object.keys(rendered(raw))[0]).toBe('class');
  });

  it('copies its properties: later changes to the caller object do not leak in', () => {
    const m = model();
    const properties: Record<string, unknown> = { nested: { a: 1 } };
    const raw = new As3RawObject(m.application, 'x', { as3Class: 'Data_Group', properties });
    properties.added = true;
    const first = raw.render();
    (first.nested as { a: number }).a = 2;
    expect(rendered(raw)).toEqual({ class: 'Data_Group', nested: { a: 1 } });
  });

  it('defaults to no properties', () => {
    const m = model();
    expect(rendered(new As3RawObject(m.application, 'x', { as3Class: 'Endpoint_Policy' }))).toEqual({
      class: 'Endpoint_Policy',
    });
  });

  it.each(['', 'HTTP Profile', '1Class', 'HTTP-Profile'])('fails when as3Class is %j', (as3Class) => {
    const m = model();
    expectValidationError(
      () => new As3RawObject(m.application, 'x', { as3Class }),
      'test/A/x',
      `'as3Class' must be an AS3 class name such as "HTTP_Profile", got ${JSON.stringify(as3Class)}`,
    );
  });
});
