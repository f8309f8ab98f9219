import { Construct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { App } from '../../lib/core/app';
import {
  checkDnsLabel,
  checkDnsSubdomain,
  checkEnum,
  checkInteger,
  checkNonEmpty,
  checkPattern,
  checkPort,
  DNS_LABEL,
  DNS_SUBDOMAIN,
  fail,
} from '../../lib/core/checks';
import { Stack } from '../../lib/core/stack';
import { expectValidationError } from '../helpers/expect-errors';

enum Colour {
  RED = 'red',
  BLUE = 'blue',
}

const scope = () => new Construct(new Stack(new App(), 'dev'), 'Thing');

describe('prop checks', () => {
  it('fail() throws a ValidationError on the scope', () => {
    expectValidationError(() => fail(scope(), 'bad'), 'dev/Thing', 'bad');
  });

  it('checkInteger returns good values and names prop, range and value otherwise', () => {
    expect(checkInteger(scope(), 'replicas', 3, 1, 5)).toBe(3);
    expect(checkInteger(scope(), 'replicas', 1, 1, 5)).toBe(1);
    expect(checkInteger(scope(), 'replicas', 5, 1, 5)).toBe(5);
    for (const [value, shown] of [
      [0, '0'],
      [6, '6'],
      [1.5, '1.5'],
      [NaN, 'NaN'],
      ['2' as unknown as number, '"2"'],
    ] as const) {
      expectValidationError(
        () => checkInteger(scope(), 'replicas', value, 1, 5),
        'dev/Thing',
        `'replicas' must be an integer from 1 to 5, got ${shown}`,
      );
    }
  });

  it('checkPort allows 1–65535', () => {
    expect(checkPort(scope(), 'port', 65535)).toBe(65535);
    expectValidationError(
      () => checkPort(scope(), 'port', 65536),
      'dev/Thing',
      `'port' must be an integer from 1 to 65535, got 65536`,
    );
  });

  it('checkPattern names what is allowed', () => {
    expect(checkPattern(scope(), 'p', 'abc', /^a/, 'a word starting with a')).toBe('abc');
    expectValidationError(
      () => checkPattern(scope(), 'p', 'xyz', /^a/, 'a word starting with a'),
      'dev/Thing',
      `'p' must be a word starting with a, got "xyz"`,
    );
    expectValidationError(
      () => checkPattern(scope(), 'p', undefined as unknown as string, /.*/, 'text'),
      'dev/Thing',
      `'p' must be text, got nothing`,
    );
  });

  it('checkNonEmpty rejects empty and blank strings', () => {
    expect(checkNonEmpty(scope(), 'image', 'nginx')).toBe('nginx');
    expectValidationError(
      () => checkNonEmpty(scope(), 'image', '  '),
      'dev/Thing',
      `'image' must be a non-empty string, got "  "`,
    );
  });

  it('checkEnum lists the allowed wire values', () => {
    expect(checkEnum(scope(), 'colour', Colour.RED, Colour)).toBe('red');
    expectValidationError(
      () => checkEnum(scope(), 'colour', 'green' as Colour, Colour),
      'dev/Thing',
      `'colour' must be one of "red", "blue", got "green"`,
    );
  });

  it('checkDnsLabel and checkDnsSubdomain follow DNS-1123', () => {
    expect(checkDnsLabel(scope(), 'ns', 'a'.repeat(63))).toHaveLength(63);
    expectValidationError(
      () => checkDnsLabel(scope(), 'ns', 'a'.repeat(64)),
      'dev/Thing',
      `'ns' must be a DNS-1123 label (lower-case letters, digits and "-", at most 63 characters), got "${'a'.repeat(64)}"`,
    );
    expect(checkDnsSubdomain(scope(), 'name', 'a.b-c.d')).toBe('a.b-c.d');
    expectValidationError(
      () => checkDnsSubdomain(scope(), 'name', 'A.b'),
      'dev/Thing',
      `'name' must be a DNS-1123 subdomain (lower-case letters, digits, "-" and ".", at most 253 characters), got "A.b"`,
    );
  });

  it.each([
    ['a', true],
    ['0abc', true],
    ['a-b', true],
    ['-a', false],
    ['a-', false],
    ['a.b', false],
    ['A', false],
    ['', false],
  ])('DNS_LABEL %j: %s', (value, ok) => {
    expect(DNS_LABEL.test(value)).toBe(ok);
  });

  it.each([
    ['a.b.c', true],
    ['a..b', false],
    ['.a', false],
    [`${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`, true],
    [`${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(62)}`, false],
  ])('DNS_SUBDOMAIN %j: %s', (value, ok) => {
    expect(DNS_SUBDOMAIN.test(value)).toBe(ok);
  });
});
