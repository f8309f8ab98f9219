import { describe, expect, it } from 'vitest';
import { CIS_CRD_PATTERN_FIELDS, CIS_CRD_PATTERNS, matchesCrdPattern } from '../../lib/k8s/cis-patterns';
import { cisCrdsAvailable, CIS_CRD_FILE, loadCisCrds } from '../helpers/cis-crd';
import { linearityRatio } from '../helpers/linearity';

/**
 * The CRD patterns the constructs check are exactly the CRD file's: each pattern in CIS_CRD_PATTERNS is
 * compared with the `pattern` of every field it claims, read from the pinned CRD file.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Schema = Record<string, any>;

/** `Kind.spec.a.b[]` → the schema node of that field. */
function fieldSchema(path: string): Schema | undefined {
  const [kind, ...parts] = path.split('.');
  const crd = loadCisCrds().find((c) => c.kind === kind);
  let node: Schema | undefined = crd?.openApiSchema;
  for (const part of parts) {
    const name = part.replace(/\[\]$/, '');
    node = node?.properties?.[name];
    if (part.endsWith('[]')) node = node?.items;
  }
  return node;
}

describe.skipIf(!cisCrdsAvailable())('CIS CRD patterns', () => {
  if (!cisCrdsAvailable()) console.warn(`[cis-crd-patterns] skipping: ${CIS_CRD_FILE} is absent`);

  for (const [name, fields] of Object.entries(CIS_CRD_PATTERN_FIELDS)) {
    it.each(fields)(`${name} is the pattern of %s`, (field) => {
      expect(fieldSchema(field)?.pattern).toBe(CIS_CRD_PATTERNS[name as keyof typeof CIS_CRD_PATTERNS]);
    });
  }
});

describe('matchesCrdPattern', () => {
  it('searches like the API server (RE2, unanchored unless the pattern anchors)', () => {
    expect(matchesCrdPattern('host', 'shop.example.com')).toBe(true);
    expect(matchesCrdPattern('host', 'shop_example.com')).toBe(false);
    // `[A-z]` is a range from "A" to "z" in RE2 too: "[" and "_" are inside it.
    expect(matchesCrdPattern('virtualServerName', 'a[b')).toBe(true);
    expect(matchesCrdPattern('serviceName', 'Web-1')).toBe(true); // unanchored: "eb-1" matches
    expect(matchesCrdPattern('poolPath', '/shop/checkout/confirm-order-page-v2?step=1')).toBe(false);
    expect(matchesCrdPattern('poolPath', '/shop/checkout/')).toBe(true);
  });

  // Near misses that make a backtracking engine try every split (exponential for poolPath, cubic for
  // hostGroup and ipamLabel: issue 10); RE2 judges them in one pass.
  it.each([
    ['poolPath', (n: number) => `/${'a'.repeat(n)}?`],
    ['poolPath', (n: number) => `/${'ab/'.repeat(n / 3)}?`],
    ['hostGroup', (n: number) => `a${'a'.repeat(n)}!`],
    ['ipamLabel', (n: number) => `a${'a'.repeat(n)}!`],
    ['namespaceReference', (n: number) => `a${'a'.repeat(n)}!`],
    ['snat', (n: number) => `/${'a'.repeat(n)}?`],
    ['virtualServerIRule', (n: number) => `/ab/${'a'.repeat(n)}?`],
    ['tlsProfileReference', (n: number) => `a${'a'.repeat(n)}?`],
    ['host', (n: number) => `${'a'.repeat(n)}-`],
  ] as const)('%s judges a 10,000-character adversarial input in linear time', (pattern, input) => {
    expect(linearityRatio((n) => matchesCrdPattern(pattern, input(n)), 100, 10_000)).toBeLessThan(10);
  });
});
