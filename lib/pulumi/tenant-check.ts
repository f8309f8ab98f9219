import { findSecretMaterial, ownershipMarker } from '../as3/declaration';
import { as3NameProblem } from '../as3/names';
import { settings } from './tenant-settings';
import { containsUnknown, tenantOf, UNKNOWN } from './tenant-state';

/** One failed property, as Pulumi's `check` reports it. */
export interface CheckFailure {
  readonly property: string;
  readonly reason: string;
}

const known = (value: unknown): boolean => value !== UNKNOWN;

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/** Validates a tenant's inputs; values Pulumi does not know yet (preview) are not judged. */
export function check(
  _olds: Record<string, unknown>,
  news: Record<string, unknown>,
): { inputs: Record<string, unknown>; failures: CheckFailure[] } {
  const failures: CheckFailure[] = [];
  for (const key of ['stack', 'device', 'url', 'tenant'] as const) {
    const value = news[key];
    if (known(value) && (typeof value !== 'string' || value === ''))
      failures.push({ property: key, reason: `'${key}' must be a non-empty string` });
  }
  if (typeof news.url === 'string' && known(news.url) && !isHttpUrl(news.url))
    failures.push({
      property: 'url',
      reason: `'url' must be an https:// (or http://) URL, got ${JSON.stringify(news.url)}`,
    });
  if (news.adopt !== undefined && known(news.adopt) && typeof news.adopt !== 'boolean')
    failures.push({ property: 'adopt', reason: `'adopt' must be true or false` });
  const tenant = news.tenant;
  if (typeof tenant === 'string' && known(tenant)) {
    const problem = as3NameProblem('tenant', tenant);
    if (problem) failures.push({ property: 'tenant', reason: `tenant name ${problem}` });
    else if (!containsUnknown(news.declaration))
      failures.push(...checkDeclaration(news.declaration, tenant, news.stack));
  }
  return { inputs: news, failures };
}

function checkDeclaration(body: unknown, tenant: string, stack: unknown): CheckFailure[] {
  const fail = (reason: string): CheckFailure[] => [{ property: 'declaration', reason }];
  const request = body as
    { class?: unknown; action?: unknown; declaration?: Record<string, unknown> } | undefined;
  if (!request || request.class !== 'AS3' || request.declaration?.class !== 'ADC') {
    return fail(
      `'declaration' must be an AS3 request body ({ class: "AS3", declaration: { class: "ADC", … } })`,
    );
  }
  if (request.action !== undefined && request.action !== 'deploy')
    return fail(`'declaration' must have action "deploy", got ${JSON.stringify(request.action)}`);
  // `complete` would make AS3 delete every other tenant on the device.
  if (request.declaration.updateMode === 'complete')
    return fail(`'declaration' must not use updateMode "complete" (AS3 would delete every other tenant)`);
  const tenants = Object.entries(request.declaration)
    .filter(([, v]) => (v as { class?: unknown } | null)?.class === 'Tenant')
    .map(([k]) => k);
  if (tenants.length !== 1 || tenants[0] !== tenant) {
    return fail(
      `'declaration' must hold exactly tenant '${tenant}', got ${tenants.length ? tenants.join(', ') : 'none'}`,
    );
  }
  const label = tenantOf(body, tenant)?.label;
  if (typeof stack === 'string' && known(stack) && label !== ownershipMarker(stack)) {
    return fail(
      `tenant '${tenant}' must carry the ownership label '${ownershipMarker(stack)}', got ${JSON.stringify(label)}`,
    );
  }
  const secrets = findSecretMaterial(body);
  if (secrets.length) return fail(`the declaration carries secret material at ${secrets.join(', ')}`);
  const schema = settings().schema;
  if (schema) {
    const errors = [
      ...schema.validateRequest(body).errors,
      ...schema.validateDeclaration(request.declaration).errors,
    ];
    if (errors[0]) return fail(`AS3 schema (${schema.source}): ${errors[0].text}`);
  }
  return [];
}
