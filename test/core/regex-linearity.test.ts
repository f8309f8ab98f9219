import { describe, expect, it } from 'vitest';
import { AS3_CONTAINER_NAME, AS3_OBJECT_NAME } from '../../lib/as3/names';
import { BIGIP_PATH } from '../../lib/as3/inventory';
import { WARNING_ID } from '../../lib/core/annotations';
import {
  DNS_1035_LABEL,
  DNS_LABEL,
  DNS_SUBDOMAIN,
  ENV_NAME,
  IANA_SVC_NAME,
  IMAGE,
  LABEL_KEY,
  LABEL_VALUE,
  NAMESPACED_REF,
  PORT_RANGE,
} from '../../lib/core/checks';
import { PARTITION_NAME } from '../../components/bigip/bigip-partition';
import { linearityRatio } from '../helpers/linearity';

/**
 * Every regular expression the constructs test user input with is linear (issue 10: a backtracking
 * pattern made one pool path take 13 s). CRD patterns run on RE2 (test/k8s/cis-crd-patterns.test.ts);
 * these are ours. Each is fed near misses — a long run of one character its classes accept, after a
 * valid start, ending in one they refuse — and must take time proportional to the length.
 */
const PATTERNS: Record<string, RegExp> = {
  DNS_LABEL,
  DNS_1035_LABEL,
  DNS_SUBDOMAIN,
  LABEL_KEY,
  LABEL_VALUE,
  IANA_SVC_NAME,
  IMAGE,
  ENV_NAME,
  NAMESPACED_REF,
  PORT_RANGE,
  WARNING_ID,
  BIGIP_PATH,
  PARTITION_NAME,
  AS3_CONTAINER_NAME,
  AS3_OBJECT_NAME,
};

const STARTS = ['a', '/a', 'a/', '1', 'a.', 'a-', 'a:'];
const RUNS = ['a', '0', '-', '.', '_', '/', ':', 'a-', 'a.', 'a/', '0-'];
const ENDS = ['!', '-', '?', ' '];

describe('our regexes on user input are linear', () => {
  it.each(Object.keys(PATTERNS))('%s', (name) => {
    const pattern = PATTERNS[name] as RegExp;
    let worst = 0;
    for (const start of STARTS)
      for (const run of RUNS)
        for (const end of ENDS) {
          const input = (n: number) => `${start}${run.repeat(Math.ceil(n / run.length))}${end}`;
          // A cheap first look; only suspicious shapes get the careful measurement.
          const quick = linearityRatio((n) => pattern.test(input(n)), 100, 2_000, 1);
          if (quick > 4)
            worst = Math.max(
              worst,
              linearityRatio((n) => pattern.test(input(n)), 100, 10_000),
            );
        }
    expect(worst).toBeLessThan(10);
  });
});
