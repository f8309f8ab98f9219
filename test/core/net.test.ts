import { describe, expect, it } from 'vitest';
import {
  addressKey,
  addressToBigInt,
  cidrContains,
  cidrsOverlap,
  isIpAddress,
  parseCidr,
  type Cidr,
} from '../../lib/core/net';

const cidr = (text: string): Cidr => {
  const parsed = parseCidr(text);
  if (!parsed) throw new Error(`test setup: ${text} is not a CIDR`);
  return parsed;
};

describe('isIpAddress', () => {
  it.each(['10.0.0.1', '0.0.0.0', '2001:db8::1', '::', '::ffff:10.0.0.1'])('accepts %s', (address) => {
    expect(isIpAddress(address)).toBe(true);
  });

  it.each(['10.0.0', '10.0.0.256', 'example.com', '10.0.0.0/8', '', '2001:db8:::1'])(
    'rejects %j',
    (address) => {
      expect(isIpAddress(address)).toBe(false);
    },
  );
});

describe('addressToBigInt', () => {
  it('converts IPv4 and IPv6 addresses', () => {
    expect(addressToBigInt('1.2.3.4')).toEqual({ family: 4, value: 0x01020304n });
    expect(addressToBigInt('255.255.255.255')).toEqual({ family: 4, value: 0xffffffffn });
    expect(addressToBigInt('::1')).toEqual({ family: 6, value: 1n });
    expect(addressToBigInt('::')).toEqual({ family: 6, value: 0n });
    expect(addressToBigInt('2001:db8::')).toEqual({ family: 6, value: 0x20010db8n << 96n });
    expect(addressToBigInt('fe80::1:2')).toEqual({ family: 6, value: (0xfe80n << 112n) + (1n << 16n) + 2n });
    expect(addressToBigInt('1:2:3:4:5:6:7:8').value).toBe(0x00010002000300040005000600070008n);
  });

  it('reads an embedded IPv4 tail as the last 32 bits', () => {
    expect(addressToBigInt('::ffff:10.0.0.1')).toEqual({ family: 6, value: (0xffffn << 32n) + 0x0a000001n });
  });

  it('throws on text that is not an address', () => {
    expect(() => addressToBigInt('10.0.0.0/8')).toThrow('not an IP address: "10.0.0.0/8"');
  });
});

describe('parseCidr', () => {
  it('parses IPv4 blocks to their first and last address', () => {
    expect(parseCidr('10.0.0.0/8')).toEqual({
      text: '10.0.0.0/8',
      family: 4,
      first: 0x0a000000n,
      last: 0x0affffffn,
    });
    expect(parseCidr('192.168.1.7/32')).toMatchObject({ first: 0xc0a80107n, last: 0xc0a80107n });
    expect(parseCidr('0.0.0.0/0')).toMatchObject({ first: 0n, last: 0xffffffffn });
  });

  it('masks host bits', () => {
    expect(parseCidr('10.1.2.3/16')).toMatchObject({ first: 0x0a010000n, last: 0x0a01ffffn });
  });

  it('parses IPv6 blocks', () => {
    expect(parseCidr('2001:db8::/32')).toMatchObject({
      family: 6,
      first: 0x20010db8n << 96n,
      last: (0x20010db8n << 96n) + (1n << 96n) - 1n,
    });
    expect(parseCidr('::/0')).toMatchObject({ first: 0n, last: (1n << 128n) - 1n });
    expect(parseCidr('fd00::1/128')).toMatchObject({
      first: (0xfd00n << 112n) + 1n,
      last: (0xfd00n << 112n) + 1n,
    });
  });

  it.each(['10.0.0.0', '10.0.0.0/33', '::/129', 'ten/8', '10.0.0.0/', '/8', '10.0.0.0/8/8', '10.0.0.0/1234'])(
    'returns undefined for %j',
    (text) => {
      expect(parseCidr(text)).toBeUndefined();
    },
  );

  it('returns undefined for non-strings', () => {
    expect(parseCidr(42 as unknown as string)).toBeUndefined();
  });
});

describe('cidrsOverlap', () => {
  it.each([
    ['10.0.0.0/8', '10.1.0.0/16', true],
    ['10.1.0.0/16', '10.0.0.0/8', true],
    ['192.168.0.0/16', '192.168.255.0/24', true],
    ['10.0.0.0/24', '10.0.1.0/24', false],
    ['10.0.0.0/25', '10.0.0.128/25', false],
    ['192.168.0.0/16', '10.96.0.0/12', false],
    ['2001:db8::/32', '2001:db8:1::/48', true],
    ['2001:db8::/32', '2001:db9::/32', false],
    ['0.0.0.0/0', '::/0', false],
  ])('%s and %s: %s', (a, b, expected) => {
    expect(cidrsOverlap(cidr(a), cidr(b))).toBe(expected);
  });
});

describe('cidrContains', () => {
  it.each([
    ['10.0.0.0/8', '10.255.255.255', true],
    ['10.0.0.0/8', '11.0.0.0', false],
    ['192.168.1.0/24', '192.168.1.0', true],
    ['2001:db8::/32', '2001:db8:ffff::1', true],
    ['2001:db8::/32', '2001:db9::1', false],
    ['10.0.0.0/8', '::ffff:10.0.0.1', false],
    ['::/0', '10.0.0.1', false],
    ['10.0.0.0/8', 'not-an-address', false],
  ])('%s contains %s: %s', (block, address, expected) => {
    expect(cidrContains(cidr(block), address)).toBe(expected);
  });
});

describe('addressKey', () => {
  it('is the same for every spelling of one address and differs between addresses and families', () => {
    expect(addressKey('2001:db8::a')).toBe(addressKey('2001:DB8:0:0::000A'));
    expect(addressKey('2001:db8::a')).not.toBe(addressKey('2001:db8::b'));
    expect(addressKey('192.0.2.10')).toBe('4:c000020a');
    expect(addressKey('::c000:20a')).toBe('6:c000020a');
  });
});
