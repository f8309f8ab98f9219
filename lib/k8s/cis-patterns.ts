import type { IConstruct } from 'constructs';
import { RE2JS } from 're2js';
import { report } from '../core/checks';
import { quote } from '../core/errors';

/**
 * The `pattern`s of the CIS 2.20.4 custom resource fields the constructs render, exactly as the CRD file
 * writes them (test/k8s/cis-crd-patterns.test.ts reads the CRD and compares). The API server matches
 * them with Go's RE2 engine, as JSON Schema does: a search, not a full match. They are matched here with
 * re2js, a port of RE2, so that matching is linear in the input whatever the pattern (several of these,
 * run by a backtracking engine, take exponential time on a near miss).
 */
export const CIS_CRD_PATTERNS = {
  partition: '^[a-zA-Z]+[-A-z0-9_.]+$',
  host: '^(([a-zA-Z0-9\\*]|[a-zA-Z0-9][a-zA-Z0-9\\-]*[a-zA-Z0-9])\\.)*([A-Za-z0-9]|[A-Za-z0-9][A-Za-z0-9\\-]*[A-Za-z0-9])$',
  hostGroup: '^[a-zA-Z]+[-A-z0-9_.:]*[A-z0-9]*$',
  ipamLabel: '^[a-zA-Z]+[-A-z0-9_.:]+[A-z0-9]+$',
  virtualServerName: '^[a-zA-Z]+([A-z0-9-._+])*([A-z0-9])$',
  snat: '^$|^\\/?[a-zA-Z]+([-A-z0-9_+]+\\/)*([-A-z0-9_.:]+\\/?)+$',
  tlsProfileName: '^[a-zA-Z]+[-A-z0-9_.:]+[A-z0-9]+$',
  namespaceReference: '^[a-zA-Z]+([-A-z0-9_.+:])*([A-z0-9])+$',
  virtualServerIRule: '^none$|^\\/[a-zA-Z]+([A-z0-9-_+]+\\/)+([-A-z0-9_.:]+\\/?)*$',
  transportServerIRule: '^\\/[a-zA-Z]+([A-z0-9-_+]+\\/)+([-A-z0-9_.:]+\\/?)*$',
  poolPath: '^\\/([A-z0-9-_+]+\\/)*([-A-z0-9_.:]+\\/?)*$',
  serviceName: '[a-z]([-a-z0-9]*[a-z0-9])?',
  loadBalancingMethod: '^[a-z]+[a-z_-]+[a-z]+$',
  tlsProfileReference: '^\\/?[a-zA-Z]+([-A-z0-9_+]+\\/)*([-A-z0-9_.:]+\\/?)*$',
} as const;

export type CisCrdPattern = keyof typeof CIS_CRD_PATTERNS;

/** Where each pattern applies in the CRDs (`Kind.spec.field`, `[]` for list items): what the test checks. */
export const CIS_CRD_PATTERN_FIELDS: Readonly<Record<CisCrdPattern, readonly string[]>> = {
  partition: ['VirtualServer.spec.partition', 'TransportServer.spec.partition'],
  host: [
    'VirtualServer.spec.host',
    'VirtualServer.spec.hostAliases[]',
    'TransportServer.spec.host',
    'TLSProfile.spec.hosts[]',
  ],
  hostGroup: ['VirtualServer.spec.hostGroup', 'TransportServer.spec.hostGroup'],
  ipamLabel: ['VirtualServer.spec.ipamLabel', 'TransportServer.spec.ipamLabel'],
  virtualServerName: ['VirtualServer.spec.virtualServerName', 'TransportServer.spec.virtualServerName'],
  snat: ['VirtualServer.spec.snat', 'TransportServer.spec.snat'],
  tlsProfileName: ['VirtualServer.spec.tlsProfileName'],
  namespaceReference: [
    'VirtualServer.spec.tlsProfileNamespace',
    'VirtualServer.spec.pools[].serviceNamespace',
    'TransportServer.spec.pool.serviceNamespace',
  ],
  virtualServerIRule: ['VirtualServer.spec.iRules[]'],
  transportServerIRule: ['TransportServer.spec.iRules[]'],
  poolPath: ['VirtualServer.spec.pools[].path'],
  serviceName: ['VirtualServer.spec.pools[].service', 'TransportServer.spec.pool.service'],
  loadBalancingMethod: [
    'VirtualServer.spec.pools[].loadBalancingMethod',
    'TransportServer.spec.pool.loadBalancingMethod',
  ],
  tlsProfileReference: [
    'TLSProfile.spec.tls.clientSSL',
    'TLSProfile.spec.tls.clientSSLs[]',
    'TLSProfile.spec.tls.serverSSL',
    'TLSProfile.spec.tls.serverSSLs[]',
  ],
};

const compiled = new Map<CisCrdPattern, RE2JS>();

/** Whether `value` passes the CRD's pattern (a linear-time RE2 search, as the API server runs it). */
export function matchesCrdPattern(pattern: CisCrdPattern, value: string): boolean {
  if (typeof value !== 'string') return false;
  let re = compiled.get(pattern);
  if (!re) {
    re = RE2JS.compile(CIS_CRD_PATTERNS[pattern]);
    compiled.set(pattern, re);
  }
  return re.matcher(value).find();
}

/**
 * Reports `value` of `prop` unless it passes the CRD `pattern`: what the API server would reject when the
 * resource is applied.
 */
export function checkCrdPattern(
  scope: IConstruct,
  prop: string,
  value: string,
  pattern: CisCrdPattern,
  allowed: string,
): string {
  if (!matchesCrdPattern(pattern, value)) {
    report(scope, `'${prop}' must be ${allowed}, got ${quote(value)}`);
  }
  return value;
}
