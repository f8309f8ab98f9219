/**
 * AS3 naming rules (schema `propertyNames` of ADC/Tenant/Application, as3-facts §2.4), checked at synth
 * time because one bad name makes AS3 reject the whole declaration.
 */

/** Tenant (ADC key) and Application (Tenant key) names. */
export const AS3_CONTAINER_NAME = /^[A-Za-z][0-9A-Za-z_.-]*$/;
/** Object (Application key) names: like containers, but not ending in "-" (AS3 appends `-<n>-` itself). */
export const AS3_OBJECT_NAME = /^[A-Za-z]([0-9A-Za-z_.-]{0,188}[0-9A-Za-z_.])?$/;
export const AS3_NAME_MAX = 190;
/** `/Tenant/Application/object` may not be longer than this (AS3 ≥ 3.17). */
export const AS3_PATH_MAX = 195;

/** Keys of a Tenant that are properties, not applications. */
export const TENANT_RESERVED = new Set([
  'class',
  'label',
  'remark',
  'verifiers',
  'enable',
  'defaultRouteDomain',
  'useCommonRouteDomainTenant',
  'constants',
  'controls',
  'optimisticLockKey',
]);

/** Keys of an Application that are properties, not objects (`serviceMain` is an object). */
export const APPLICATION_RESERVED = new Set([
  'class',
  'label',
  'remark',
  'template',
  'schemaOverlay',
  'enable',
  'constants',
]);

/** Why `name` is not a valid AS3 name of this level, or undefined when it is. */
export function as3NameProblem(level: 'tenant' | 'application' | 'object', name: string): string | undefined {
  const pattern = level === 'object' ? AS3_OBJECT_NAME : AS3_CONTAINER_NAME;
  if (typeof name === 'string' && name.length > AS3_NAME_MAX)
    return `must be at most ${AS3_NAME_MAX} characters, got ${name.length}`;
  if (typeof name !== 'string' || !pattern.test(name)) {
    const rule =
      level === 'object'
        ? 'a letter, then letters, digits, "_", "." or "-", not ending in "-"'
        : 'a letter, then letters, digits, "_", "." or "-"';
    return `must be ${rule}, got ${JSON.stringify(name)}`;
  }
  if (level === 'tenant' && name === 'Common') return 'must not be "Common" (BIG-IP\'s shared partition)';
  if (level === 'application' && TENANT_RESERVED.has(name))
    return `must not be ${JSON.stringify(name)}, a Tenant property`;
  if (level === 'object' && APPLICATION_RESERVED.has(name))
    return `must not be ${JSON.stringify(name)}, an Application property`;
  return undefined;
}
