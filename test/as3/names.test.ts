import { describe, expect, it } from 'vitest';
import { isF5Ip } from '../../lib/as3/addresses';
import {
  APPLICATION_RESERVED,
  AS3_CONTAINER_NAME,
  AS3_NAME_MAX,
  AS3_OBJECT_NAME,
  AS3_PATH_MAX,
  TENANT_RESERVED,
  as3NameProblem,
} from '../../lib/as3/names';

const CONTAINER_RULE = 'must be a letter, then letters, digits, "_", "." or "-"';
const OBJECT_RULE = 'must be a letter, then letters, digits, "_", "." or "-", not ending in "-"';

describe('AS3 names (as3-facts §2.4)', () => {
  it('pins the limits: 190 characters per name, 195 per /T/A/object path', () => {
    expect(AS3_NAME_MAX).toBe(190);
    expect(AS3_PATH_MAX).toBe(195);
    expect(AS3_CONTAINER_NAME.source).toBe('^[A-Za-z][0-9A-Za-z_.-]*$');
    expect(AS3_OBJECT_NAME.source).toBe('^[A-Za-z]([0-9A-Za-z_.-]{0,188}[0-9A-Za-z_.])?$');
  });

  describe.each(['tenant', 'application', 'object'] as const)('%s level', (level) => {
    it.each(['a', 'A1', 'web_pool', 'my.app', 'x-y_z.1', 'a'.repeat(190)])('accepts %j', (name) => {
      expect(as3NameProblem(level, name)).toBeUndefined();
    });

    it.each(['', '1abc', '_abc', '-abc', '.abc', 'a b', 'a/b', 'a:b', 'ä', 'a@b'])('rejects %j', (name) => {
      expect(as3NameProblem(level, name)).toBe(
        `${level === 'object' ? OBJECT_RULE : CONTAINER_RULE}, got ${JSON.stringify(name)}`,
      );
    });

    it('rejects 191 characters with the length limit', () => {
      expect(as3NameProblem(level, 'a'.repeat(191))).toBe('must be at most 190 characters, got 191');
    });
  });

  it('allows a trailing "-" on tenants and applications only (AS3 appends -<n>- to object names)', () => {
    expect(as3NameProblem('tenant', 'web-')).toBeUndefined();
    expect(as3NameProblem('application', 'web-')).toBeUndefined();
    expect(as3NameProblem('object', 'web-')).toBe(`${OBJECT_RULE}, got "web-"`);
  });

  it('reserves the tenant Common', () => {
    expect(as3NameProblem('tenant', 'Common')).toBe('must not be "Common" (BIG-IP\'s shared partition)');
    expect(as3NameProblem('application', 'Common')).toBeUndefined();
  });

  it.each([...TENANT_RESERVED])('reserves the Tenant property %j as an application name', (name) => {
    expect(as3NameProblem('application', name)).toBe(
      `must not be ${JSON.stringify(name)}, a Tenant property`,
    );
  });

  it.each([...APPLICATION_RESERVED])('reserves the Application property %j as an object name', (name) => {
    expect(as3NameProblem('object', name)).toBe(
      `must not be ${JSON.stringify(name)}, an Application property`,
    );
  });

  it('lists the reserved property names of the schema', () => {
    expect([...TENANT_RESERVED].sort()).toEqual(
      [
        'class',
        'constants',
        'controls',
        'defaultRouteDomain',
        'enable',
        'label',
        'optimisticLockKey',
        'remark',
        'useCommonRouteDomainTenant',
        'verifiers',
      ].sort(),
    );
    expect([...APPLICATION_RESERVED].sort()).toEqual(
      ['class', 'constants', 'enable', 'label', 'remark', 'schemaOverlay', 'template'].sort(),
    );
    expect(as3NameProblem('object', 'serviceMain')).toBeUndefined();
    expect(as3NameProblem('application', 'Shared')).toBeUndefined();
  });

  it('rejects a non-string name', () => {
    expect(as3NameProblem('object', 42 as unknown as string)).toBe(`${OBJECT_RULE}, got 42`);
  });
});

describe('isF5Ip', () => {
  it.each([
    '10.0.0.1',
    '0.0.0.0',
    '255.255.255.255',
    '10.0.0.1%0',
    '10.0.0.1%65535',
    '10.0.0.0/24',
    '10.0.0.0%2/8',
    '2001:db8::1',
    '::',
    '2001:db8::1%3',
    '2001:db8::/64',
    '2001:db8::/128',
  ])('accepts %j', (value) => {
    expect(isF5Ip(value)).toBe(true);
  });

  it.each([
    '',
    'localhost',
    '10.0.0',
    '10.0.0.256',
    '10.0.0.1/33',
    '2001:db8::/129',
    '10.0.0.1%',
    '10.0.0.1%rd',
    '10.0.0.1 ',
    ' 10.0.0.1',
    '10.0.0.1/',
    'fe80::1%eth0',
    '10.0.0.1:80',
  ])('rejects %j', (value) => {
    expect(isF5Ip(value)).toBe(false);
  });

  it('rejects non-strings', () => {
    expect(isF5Ip(undefined as unknown as string)).toBe(false);
    expect(isF5Ip(10 as unknown as string)).toBe(false);
  });
});
