/**
 * The version guard: every declaration's `schemaVersion` against the AS3 its device declares, the AS3
 * features a declaration or deployment mode needs, the CIS release against the device's AS3 (F5's
 * compatibility notes), and whether the declared AS3 has a schema this tool validates with offline.
 */
import type { IConstruct } from 'constructs';
import {
  cisAs3Compatibility,
  compareVersions,
  DEFAULT_AS3_VERSION,
  featuresOfDeclaration,
  FEATURE_TENANT_WRITES,
  minorOf,
  type As3Feature,
} from '../../lib/as3/versions';
import { Rule, RuleSeverity } from '../../lib/core/rules';
import { Stack } from '../../lib/core/stack';

export const SCHEMA_VERSION_ABOVE_DEVICE = Rule.define({
  id: 'as3:schema-version-above-device',
  severity: RuleSeverity.ERROR,
  summary: "A declaration's schemaVersion is newer than the AS3 release its device declares.",
  why: 'AS3 refuses a declaration whose schemaVersion it does not know (422 on schemaVersion), so every app in the tenant stays undeployed.',
  source: 'F5Networks/k8s-bigip-ctlr#1846, #1519 (field-failures §1.2)',
});

export const FEATURE_NEEDS_NEWER_AS3 = Rule.define({
  id: 'as3:feature-needs-newer-as3',
  severity: RuleSeverity.ERROR,
  summary: 'A declaration or deployment mode uses an AS3 feature newer than the AS3 release of its device.',
  why: 'Older AS3 rejects the property or endpoint, or ignores it silently (Tenant dryRun before 3.50, per-app dryRun before 3.54.2).',
  source: 'field-failures §1.2 and §3.2; as3-facts §1.1, §2.4, §4',
});

export const NO_OFFLINE_SCHEMA = Rule.define({
  id: 'as3:no-offline-schema',
  severity: RuleSeverity.WARNING,
  summary: 'The AS3 release a device declares has no schema this tool validates with offline.',
  why: 'Validation then uses the AS3 3.56 schema, which accepts properties older releases do not know; air-gapped users cannot fetch the right one at deploy time.',
  source: 'F5Networks/k8s-bigip-ctlr#1229 (field-failures §1.2)',
});

export const CIS_AS3_INCOMPATIBLE = Rule.define({
  id: 'cis:as3-version-incompatible',
  severity: RuleSeverity.ERROR,
  summary: 'A CIS release runs against a device whose AS3 is older than that CIS release needs.',
  why: 'CIS 2.19.1 and later post declarations (shared monitors, useCommonRouteDomainTenant) that AS3 before 3.52 rejects, for every tenant it writes.',
  source: 'cis-facts §8 (k8s-bigip-ctlr RELEASE-NOTES 2.19.1 upgrade notes)',
});

export const CIS_AS3_UNTESTED = Rule.define({
  id: 'cis:as3-version-untested',
  severity: RuleSeverity.WARNING,
  summary: 'A device declares an AS3 release newer than the one its CIS release is documented with.',
  why: 'AS3 minor releases have regressed working declarations (AS3#771); CIS embeds the schema of the AS3 it supports.',
  source: 'cis-facts §8 (CIS 2.20.4 supports AS3 3.56.0); F5Networks/f5-appsvcs-extension#771',
});

const warned = new WeakMap<IConstruct, Set<string>>();

/** A warning once per construct and text (validation may run more than once). */
function warnOnce(rule: Rule, scope: IConstruct, detail: string): void {
  let seen = warned.get(scope);
  if (!seen) warned.set(scope, (seen = new Set()));
  if (seen.has(detail)) return;
  seen.add(detail);
  rule.warn(scope, detail);
}

/** What the version guard needs of a device. */
export interface VersionedDevice extends IConstruct {
  readonly deviceName: string;
  readonly as3Version: string;
}

/** A construct that runs a CIS release against a device (a CisController), found by shape. */
interface CisOnDevice extends IConstruct {
  readonly cisVersion: string;
  readonly device: unknown;
}

function isCisOnDevice(x: IConstruct): x is CisOnDevice {
  const c = x as Partial<CisOnDevice>;
  return typeof c.cisVersion === 'string' && typeof c.device === 'object' && c.device !== null;
}

function cisByDevice(constructs: readonly IConstruct[]): Map<unknown, CisOnDevice[]> {
  const index = new Map<unknown, CisOnDevice[]>();
  for (const construct of constructs) {
    if (!isCisOnDevice(construct)) continue;
    const list = index.get(construct.device);
    if (list) list.push(construct);
    else index.set(construct.device, [construct]);
  }
  return index;
}

/** The device's own checks: a schema for its AS3 offline, and every CIS release that targets it. */
export function checkDeviceVersions(device: VersionedDevice): string[] {
  if (minorOf(device.as3Version) !== minorOf(DEFAULT_AS3_VERSION)) {
    warnOnce(
      NO_OFFLINE_SCHEMA,
      device,
      `device '${device.deviceName}' declares AS3 ${device.as3Version}, but the only AS3 schema available offline is ${DEFAULT_AS3_VERSION} (../shared/as3/as3-schema-3.56.0-10.json): validation with --as3-schema uses it, and declarations are rendered with schemaVersion ${minOfVersions(device.as3Version, DEFAULT_AS3_VERSION)}. Pass the schema of AS3 ${minorOf(device.as3Version)} (F5 publishes schema/<version>/as3-schema.json) to validate exactly.`,
    );
  }
  const errors: string[] = [];
  const stack = Stack.of(device);
  // Indexed once per synthesis: every device looks up its controllers in O(1).
  const byDevice = stack.memoize(cisByDevice, () => cisByDevice(stack.allConstructs()));
  for (const construct of byDevice.get(device) ?? []) {
    const verdict = cisAs3Compatibility(construct.cisVersion, device.as3Version);
    if (verdict.error) errors.push(CIS_AS3_INCOMPATIBLE.message(`[${construct.node.path}] ${verdict.error}`));
    if (verdict.warning) warnOnce(CIS_AS3_UNTESTED, construct, verdict.warning);
  }
  return errors;
}

function minOfVersions(a: string, b: string): string {
  return compareVersions(a, b) < 0 ? a : b;
}

/**
 * A rendered declaration of a partition against its device: its `schemaVersion` (after patches) and the
 * features it uses; a stack-owned one also needs AS3's tenant-scoped writes with optimisticLockKey.
 */
export function checkDeclarationVersions(
  device: { readonly deviceName: string; readonly as3Version: string },
  body: Record<string, unknown>,
  stackOwned: boolean,
): string[] {
  const errors: string[] = [];
  const adc = body.declaration as { schemaVersion?: unknown } | undefined;
  const schemaVersion = adc?.schemaVersion;
  if (typeof schemaVersion !== 'string' || schemaVersion === '') {
    errors.push(SCHEMA_VERSION_ABOVE_DEVICE.message('the declaration has no schemaVersion'));
  } else if (compareVersions(schemaVersion, device.as3Version) > 0) {
    errors.push(
      SCHEMA_VERSION_ABOVE_DEVICE.message(
        `the declaration's schemaVersion ${schemaVersion} is newer than AS3 ${device.as3Version} on device '${device.deviceName}' (its 'as3Version'); AS3 would refuse it`,
      ),
    );
  }
  const features: As3Feature[] = [
    ...featuresOfDeclaration(body),
    ...(stackOwned ? [FEATURE_TENANT_WRITES] : []),
  ];
  for (const feature of features) {
    if (compareVersions(feature.minimum, device.as3Version) > 0) {
      errors.push(
        FEATURE_NEEDS_NEWER_AS3.message(
          `${feature.name} needs AS3 ${feature.minimum} or later; device '${device.deviceName}' declares AS3 ${device.as3Version} (${feature.source})`,
        ),
      );
    }
  }
  return errors;
}
