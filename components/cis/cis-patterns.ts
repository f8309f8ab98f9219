import type { IConstruct } from 'constructs';
import { checkPattern, fail } from '../../lib/core/checks';
import { quote } from '../../lib/core/errors';
import { isIpAddress } from '../../lib/core/net';

/** Patterns of the CIS 2.20.4 CRDs that several constructs check. */
export const BIGIP_PATH = /^\/[A-Za-z][\w.-]*(\/[\w.:-]+)+$/;
export const HOSTNAME =
  /^((\*|[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])\.)*([A-Za-z0-9]|[A-Za-z0-9][A-Za-z0-9-]*[A-Za-z0-9])$/;
export const IPAM_LABEL = /^[a-zA-Z]+[-A-Za-z0-9_.:]+[A-Za-z0-9]+$/;
export const VIRTUAL_SERVER_NAME = /^[a-zA-Z]+([A-Za-z0-9-._+])*([A-Za-z0-9])$/;

/**
 * `virtualServerAddress` and `ipamLabel` of a VirtualServer or TransportServer: each well formed, and at
 * least one set (the CRD's `has(self.ipamLabel) || has(self.virtualServerAddress)` rule).
 */
export function checkAddressOrIpam(
  scope: IConstruct,
  kind: string,
  address: string | undefined,
  ipamLabel: string | undefined,
): { readonly virtualServerAddress?: string; readonly ipamLabel?: string } {
  if (address !== undefined && !isIpAddress(address)) {
    fail(scope, `'virtualServerAddress' must be an IPv4 or IPv6 address, got ${quote(address)}`);
  }
  if (ipamLabel !== undefined) {
    checkPattern(
      scope,
      'ipamLabel',
      ipamLabel,
      IPAM_LABEL,
      'an IPAM label of at least 3 characters starting with a letter',
    );
  }
  if (address === undefined && ipamLabel === undefined) {
    fail(
      scope,
      `one of 'virtualServerAddress' and 'ipamLabel' is required (the CRD rejects a ${kind} with neither)`,
    );
  }
  return { virtualServerAddress: address, ipamLabel };
}
