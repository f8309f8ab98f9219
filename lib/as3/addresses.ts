import { isIpAddress } from '../core/net';

/** The highest route domain id BIG-IP (and AS3's `f5ip` format) accepts. */
export const MAX_ROUTE_DOMAIN = 65535;

/**
 * Whether `value` is an AS3 `f5ip`: an IPv4/IPv6 address with an optional `%<route domain>` and
 * optional `/<prefix length>`. Route domains are 0–65535, as AS3's `f5ip` format checks.
 */
export function isF5Ip(value: string): boolean {
  if (typeof value !== 'string') return false;
  const match = /^([^%/]+)(%\d{1,5})?(\/\d{1,3})?$/.exec(value);
  if (!match?.[1] || !isIpAddress(match[1])) return false;
  if (match[2] && Number(match[2].slice(1)) > MAX_ROUTE_DOMAIN) return false;
  const prefix = match[3] ? Number(match[3].slice(1)) : undefined;
  // A route domain id is 0–65535 on BIG-IP (and in AS3's f5ip format).
  if (match[2] && Number(match[2].slice(1)) > 65535) return false;
  return prefix === undefined || prefix <= (match[1].includes(':') ? 128 : 32);
}
