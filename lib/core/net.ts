import { isIP } from 'node:net';
import { boundedMemo } from './bounded-memo';

/** IPv4/IPv6 addresses and CIDR blocks as numbers, for overlap and membership checks. */
export interface Cidr {
  readonly text: string;
  readonly family: 4 | 6;
  readonly first: bigint;
  readonly last: bigint;
}

/**
 * Whether `value` is an IPv4 or IPv6 address. IPv6 zone ids (`fe80::1%eth0`) are refused: they name an
 * interface of one host, which neither Kubernetes nor BIG-IP (where `%` starts a route domain) accept.
 */
export function isIpAddress(value: string): boolean {
  return typeof value === 'string' && !value.includes('%') && isIP(value) !== 0;
}

function ipv4ToBigInt(address: string): bigint {
  return address.split('.').reduce((acc, part) => (acc << 8n) + BigInt(Number(part)), 0n);
}

function ipv6ToBigInt(address: string): bigint {
  let text = address;
  // An embedded IPv4 tail (::ffff:10.0.0.1) becomes two hextets.
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4?.[1]) {
    const n = ipv4ToBigInt(v4[1]);
    text = `${text.slice(0, -v4[1].length)}${(n >> 16n).toString(16)}:${(n & 0xffffn).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const headParts = head ? head.split(':') : [];
  const tailParts = tail ? tail.split(':') : [];
  const missing = tail === undefined ? 0 : 8 - headParts.length - tailParts.length;
  const parts = [...headParts, ...Array<string>(missing).fill('0'), ...tailParts];
  return parts.reduce((acc, part) => (acc << 16n) + BigInt(parseInt(part, 16)), 0n);
}

export function addressToBigInt(address: string): { family: 4 | 6; value: bigint } {
  const family = isIpAddress(address) ? isIP(address) : 0;
  if (family === 4) return { family: 4, value: ipv4ToBigInt(address) };
  if (family === 6) return { family: 6, value: ipv6ToBigInt(address) };
  throw new Error(`not an IP address: ${JSON.stringify(address)}`);
}

/**
 * One key per address whatever its spelling (`2001:DB8:0::A` and `2001:db8::a` are one address), for
 * comparing addresses; messages keep the text the user wrote.
 */
export function addressKey(address: string): string {
  return addressKeyOf(address);
}

// Bounded: every check of a large stack asks for the same few addresses again and again.
const addressKeyOf = boundedMemo(65536, (address) => {
  const parsed = addressValue(address);
  if (parsed === undefined) throw new Error(`not an IP address: ${JSON.stringify(address)}`);
  return `${parsed.family}:${parsed.value.toString(16)}`;
});

/** `addressToBigInt` of an address, undefined for anything else. */
const addressValue = boundedMemo(65536, (address) =>
  isIpAddress(address) ? addressToBigInt(address) : undefined,
);

// Every virtual of a cluster is checked against the same few CIDRs: each is parsed once.
const parsedCidr = boundedMemo(4096, parseCidrText);

/** Parses `a.b.c.d/n` or `x::/n`; returns undefined when the text is not a CIDR block. */
export function parseCidr(text: string): Cidr | undefined {
  return typeof text === 'string' ? parsedCidr(text) : undefined;
}

function parseCidrText(text: string): Cidr | undefined {
  const match = /^([^/]+)\/(\d{1,3})$/.exec(text);
  if (!match?.[1] || !match[2]) return undefined;
  if (!isIpAddress(match[1])) return undefined;
  const family = isIP(match[1]);
  const bits = family === 4 ? 32 : 128;
  const prefix = Number(match[2]);
  if (prefix > bits) return undefined;
  const { value } = addressToBigInt(match[1]);
  const hostBits = BigInt(bits - prefix);
  const first = (value >> hostBits) << hostBits;
  const last = first + (1n << hostBits) - 1n;
  return Object.freeze({ text, family: family as 4 | 6, first, last });
}

export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  return a.family === b.family && a.first <= b.last && b.first <= a.last;
}

export function cidrContains(cidr: Cidr, address: string): boolean {
  const parsed = addressValue(address);
  return (
    parsed !== undefined &&
    parsed.family === cidr.family &&
    parsed.value >= cidr.first &&
    parsed.value <= cidr.last
  );
}
