/**
 * Versions of the parts that must agree (field-failures §1.2): AS3 on the device, the declarations'
 * `schemaVersion`, TMOS, and CIS. Users break on upgrades more than on anything else, so synth checks
 * each pair against what F5 documents.
 */
import { AS3_SCHEMA_VERSION } from './declaration';

/** The AS3 release this library renders for and whose schema validates offline (`../shared/as3/`). */
export const DEFAULT_AS3_VERSION = AS3_SCHEMA_VERSION;
/** The TMOS release assumed when a device does not say. */
export const DEFAULT_TMOS_VERSION = '17.1.0';
/** The CIS release the CRDs and chart values of this library are taken from. */
export const DEFAULT_CIS_VERSION = '2.20.4';

/** `major.minor[.patch…]`, digits only. */
export const VERSION_PATTERN = /^\d+\.\d+(\.\d+){0,2}$/;

/** Negative when a < b, 0 when equal (missing parts count as 0), positive when a > b. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i += 1) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** `3.50` of `3.50.1`. */
export function minorOf(version: string): string {
  return version.split('.').slice(0, 2).join('.');
}

/**
 * The `schemaVersion` to render for a device: this library's, or the device's AS3 when that is older
 * (AS3 refuses a schemaVersion newer than itself).
 */
export function schemaVersionFor(deviceAs3: string): string {
  return compareVersions(deviceAs3, AS3_SCHEMA_VERSION) < 0 ? deviceAs3 : AS3_SCHEMA_VERSION;
}

/** A capability and the first AS3 release that has it. */
export interface As3Feature {
  readonly name: string;
  readonly minimum: string;
  readonly source: string;
}

/** Writing a stack-owned tenant: `POST /declare/T1,T2` and `optimisticLockKey` (`showHash`). */
export const FEATURE_TENANT_WRITES: As3Feature = {
  name: 'tenant-scoped writes with optimisticLockKey (POST /declare/<tenants>, showHash)',
  minimum: '3.14.0',
  source: 'as3-facts §1.1, §1.4',
};
/** Tenant `useCommonRouteDomainTenant`. */
export const FEATURE_COMMON_ROUTE_DOMAIN_TENANT: As3Feature = {
  name: 'Tenant useCommonRouteDomainTenant',
  minimum: '3.52.0',
  source: 'as3-facts §4',
};
/** Per-application deployment (`/declare/<tenant>/applications`), GA. */
export const FEATURE_PER_APP: As3Feature = {
  name: 'per-application deployment (/declare/<tenant>/applications)',
  minimum: '3.50.0',
  source: 'field-failures §3.2 (CHANGELOG 3.50.0 AUTOTOOL-4148)',
};
/** `controls.dryRun` on a per-application request. */
export const FEATURE_PER_APP_DRY_RUN: As3Feature = {
  name: 'controls.dryRun on per-application requests',
  minimum: '3.54.2',
  source: 'field-failures §3.1 item 11 (AS3#914, CHANGELOG 3.54.2)',
};
/** Names with `-` and `.`, and the 195-character path limit. */
export const FEATURE_DOTTED_NAMES: As3Feature = {
  name: 'names with "-" or "."',
  minimum: '3.17.0',
  source: 'as3-facts §2.4',
};

/** The features a rendered AS3 request body uses, found in one walk of its tenants. */
export function featuresOfDeclaration(body: Record<string, unknown>): As3Feature[] {
  const adc = body.declaration as Record<string, unknown> | undefined;
  const found = new Set<As3Feature>();
  const dotted = /[-.]/;
  for (const [tenantName, tenant] of Object.entries(adc ?? {})) {
    if (!isRecord(tenant) || tenant.class !== 'Tenant') continue;
    if (dotted.test(tenantName)) found.add(FEATURE_DOTTED_NAMES);
    if (tenant.useCommonRouteDomainTenant !== undefined) found.add(FEATURE_COMMON_ROUTE_DOMAIN_TENANT);
    for (const [appName, app] of Object.entries(tenant)) {
      if (!isRecord(app) || app.class !== 'Application') continue;
      if (dotted.test(appName)) found.add(FEATURE_DOTTED_NAMES);
      for (const [itemName, item] of Object.entries(app))
        if (isRecord(item) && dotted.test(itemName)) found.add(FEATURE_DOTTED_NAMES);
    }
  }
  return [...found];
}

/** One row of F5's CIS ↔ AS3 compatibility: a CIS release range and the AS3 releases it works with. */
interface CisCompatibility {
  /** First CIS release of the row. */
  readonly cisFrom: string;
  /** Oldest AS3 it needs. */
  readonly as3Minimum: string;
  /** Newest AS3 its release notes name as supported, when they name one. */
  readonly as3Tested?: string;
  readonly source: string;
}

/** Newest row first (cis-facts §8: 2.19.1 needs AS3 ≥ 3.52; 2.20.4 supports AS3 3.56.0). */
const CIS_COMPATIBILITY: readonly CisCompatibility[] = [
  {
    cisFrom: '2.20.0',
    as3Minimum: '3.52.0',
    as3Tested: '3.56.0',
    source: 'cis-facts §8 (RELEASE-NOTES 2.19.1, 2.20.4)',
  },
  { cisFrom: '2.19.1', as3Minimum: '3.52.0', source: 'cis-facts §8 (RELEASE-NOTES 2.19.1)' },
];

/** What F5 says about running `cis` against a device with AS3 `as3`: an error, a warning, or nothing. */
export function cisAs3Compatibility(
  cis: string,
  as3: string,
): { readonly error?: string; readonly warning?: string } {
  const row = CIS_COMPATIBILITY.find((r) => compareVersions(cis, r.cisFrom) >= 0);
  if (!row) return {};
  if (compareVersions(as3, row.as3Minimum) < 0) {
    return {
      error: `CIS ${cis} needs AS3 ${row.as3Minimum} or later on the device, which declares AS3 ${as3} (${row.source})`,
    };
  }
  if (row.as3Tested !== undefined && compareVersions(as3, row.as3Tested) > 0) {
    return {
      warning: `CIS ${cis} is documented with AS3 up to ${row.as3Tested}; the device declares AS3 ${as3} (${row.source})`,
    };
  }
  return {};
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A warning when a device's AS3 (from `GET /info`) is not the release a declaration targets (its
 * `schemaVersion`, rendered from the device's declared `as3Version`): older refuses it, another minor
 * release means the device was upgraded or downgraded since the stack was written.
 */
export function as3VersionMismatch(device: string, running: string, declared: string): string | undefined {
  if (compareVersions(running, declared) < 0) {
    return `device '${device}' runs AS3 ${running}, older than the declarations' schemaVersion ${declared}: AS3 will refuse them; set 'as3Version' of the device to what it runs, or upgrade AS3`;
  }
  if (minorOf(running) !== minorOf(declared) && compareVersions(declared, AS3_SCHEMA_VERSION) < 0) {
    return `device '${device}' runs AS3 ${running}, but the stack declares AS3 ${declared} for it ('as3Version'); update the declared version so synth checks against what the device runs`;
  }
  return undefined;
}
