import type { IConstruct } from 'constructs';
import { quote, ValidationError } from './errors';

/**
 * Prop checks used in constructors. Each throws a ValidationError phrased for the user:
 * `'replicas' must be at least 1, got 0`.
 */

export function fail(scope: IConstruct, message: string): never {
  throw new ValidationError(scope, message);
}

export function checkInteger(
  scope: IConstruct,
  prop: string,
  value: number,
  min: number,
  max: number,
): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    fail(scope, `'${prop}' must be an integer from ${min} to ${max}, got ${quote(value)}`);
  }
  return value;
}

export function checkPort(scope: IConstruct, prop: string, value: number): number {
  return checkInteger(scope, prop, value, 1, 65535);
}

export function checkPattern(
  scope: IConstruct,
  prop: string,
  value: string,
  pattern: RegExp,
  allowed: string,
): string {
  if (typeof value !== 'string' || !pattern.test(value)) {
    fail(scope, `'${prop}' must be ${allowed}, got ${quote(value)}`);
  }
  return value;
}

export function checkNonEmpty(scope: IConstruct, prop: string, value: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    fail(scope, `'${prop}' must be a non-empty string, got ${quote(value)}`);
  }
  return value;
}

/** Runtime check of an enum prop (TypeScript users cannot get it wrong; JavaScript and JSON users can). */
export function checkEnum<T extends string>(
  scope: IConstruct,
  prop: string,
  value: T,
  enumObject: Record<string, T>,
): T {
  const allowed = Object.values(enumObject);
  if (!allowed.includes(value)) {
    fail(scope, `'${prop}' must be one of ${allowed.map((v) => quote(v)).join(', ')}, got ${quote(value)}`);
  }
  return value;
}

/** DNS-1123 label: what Kubernetes requires of namespaces, Service names and most object names. */
export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
/** DNS-1123 subdomain: Deployment, ConfigMap and Secret names. */
export const DNS_SUBDOMAIN = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export function checkDnsLabel(scope: IConstruct, prop: string, value: string): string {
  return checkPattern(
    scope,
    prop,
    value,
    DNS_LABEL,
    'a DNS-1123 label (lower-case letters, digits and "-", at most 63 characters)',
  );
}

export function checkDnsSubdomain(scope: IConstruct, prop: string, value: string): string {
  return checkPattern(
    scope,
    prop,
    value,
    DNS_SUBDOMAIN,
    'a DNS-1123 subdomain (lower-case letters, digits, "-" and ".", at most 253 characters)',
  );
}
