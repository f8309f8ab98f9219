import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { loadAs3Schema } from '../../lib/as3/schema-validator';
import { SynthError, ValidationError } from '../../lib/core/errors';
import type { StackOutput } from '../../lib/core/synth';
import {
  DNS_1035_LABEL,
  DNS_LABEL,
  DNS_SUBDOMAIN,
  ENV_NAME,
  IANA_SVC_NAME,
  LABEL_KEY,
  LABEL_VALUE,
} from '../../lib/core/checks';
import { checkConformance, cisCrdsAvailable } from './cis-crd';

/**
 * Fuzzing of construct props (issue 10): plain JavaScript callers and team libraries pass anything, so
 * every construct must answer any props with a typed error that names a construct path, or produce
 * output that Kubernetes, the CIS CRDs and AS3 accept.
 */

const AS3_SCHEMA = resolve(__dirname, '../../../shared/as3/as3-schema-3.56.0-10.json');
export const as3SchemaAvailable = existsSync(AS3_SCHEMA);

/** Values of every JSON-ish shape, plus the strings that break naive checks. */
export const junk: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(undefined, null, true, false, 0, -1, 1.5, NaN, Infinity, 70_000, '', ' ', 'a', '1', '-'),
  fc.constantFrom(
    ' padded ',
    'UPPER',
    'with space',
    'a=b',
    '__proto__',
    'fe80::1%eth0',
    '/T/A/x',
    'dc',
    'x'.repeat(300),
  ),
  fc.constantFrom(
    '/Common/x',
    'Common',
    '192.0.2.1',
    '2001:db8::1',
    '10.0.0.0/8',
    'latest',
    '*',
    '.',
    '..',
    '\u0000',
  ),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 8 }),
  fc.integer(),
  fc.array(fc.oneof(fc.string({ maxLength: 6 }), fc.integer()), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 6 }), fc.string({ maxLength: 6 }), { maxKeys: 3 }),
  fc.constant({}),
  fc.constant([]),
);

/**
 * Props built from a valid baseline with up to three props replaced, each by a candidate (a valid
 * alternative or a near miss) or by junk: few changes per case, so that many cases still reach output.
 */
export function mutatedProps(
  baseline: Record<string, unknown>,
  candidates: Record<string, readonly unknown[]>,
): fc.Arbitrary<Record<string, unknown>> {
  const keys = [...new Set([...Object.keys(baseline), ...Object.keys(candidates)])].sort();
  const replacement = (key: string) =>
    fc.oneof(
      {
        weight: 3,
        arbitrary: fc.constantFrom(...(candidates[key]?.length ? candidates[key] : [baseline[key]])),
      },
      { weight: 1, arbitrary: junk },
    );
  return fc.subarray(keys, { minLength: 0, maxLength: 3 }).chain((chosen) =>
    fc.record(Object.fromEntries(chosen.map((key) => [key, replacement(key)]))).map((changes) => {
      const props: Record<string, unknown> = { ...baseline, ...changes };
      for (const [key, value] of Object.entries(props)) if (value === undefined) delete props[key];
      return props;
    }),
  );
}

/** Why a thrown value is not an acceptable answer to bad props, or undefined when it is. */
export function badError(error: unknown): string | undefined {
  if (error instanceof ValidationError) {
    if (!error.constructPath || error.details.length === 0 || error.details.some((d) => !d)) {
      return `ValidationError without path or detail: ${error.message}`;
    }
    return undefined;
  }
  if (error instanceof SynthError) {
    const pathless = error.problems.filter((p) => !p.path || !p.message);
    return pathless.length ? `SynthError problem without path: ${JSON.stringify(pathless)}` : undefined;
  }
  return `crash: ${error instanceof Error ? `${error.name}: ${error.message}\n${error.stack}` : String(error)}`;
}

const SERVICE_LIKE = new Set(['Service']);
const LABEL_NAMED = new Set(['Namespace']);

/** Problems Kubernetes, the CIS CRD or AS3 would raise with the output, or [] when it is valid. */
export function outputProblems(output: StackOutput): string[] {
  const problems: string[] = [];
  for (const { name, manifest } of output.records.manifests) {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const m = manifest as Record<string, any>;
    const meta = m.metadata ?? {};
    const nameRule = SERVICE_LIKE.has(m.kind)
      ? DNS_1035_LABEL
      : LABEL_NAMED.has(m.kind)
        ? DNS_LABEL
        : DNS_SUBDOMAIN;
    if (typeof meta.name !== 'string' || !nameRule.test(meta.name))
      problems.push(`${name}: metadata.name ${JSON.stringify(meta.name)}`);
    if (meta.namespace !== undefined && !DNS_LABEL.test(meta.namespace))
      problems.push(`${name}: metadata.namespace ${JSON.stringify(meta.namespace)}`);
    for (const [key, value] of Object.entries({
      ...(meta.labels ?? {}),
      ...(m.spec?.selector?.matchLabels ?? {}),
    })) {
      if (!LABEL_KEY.test(key) || typeof value !== 'string' || !LABEL_VALUE.test(value))
        problems.push(`${name}: label ${key}=${JSON.stringify(value)}`);
    }
    const pod = m.kind === 'Deployment' ? m.spec?.template?.spec : undefined;
    for (const container of pod?.containers ?? []) {
      if (typeof container.image !== 'string' || /\s/.test(container.image) || container.image === '')
        problems.push(`${name}: image ${JSON.stringify(container.image)}`);
      for (const env of container.env ?? [])
        if (!ENV_NAME.test(env.name) || typeof env.value !== 'string')
          problems.push(`${name}: env ${JSON.stringify(env)}`);
      for (const port of container.ports ?? [])
        if (port.name !== undefined && !IANA_SVC_NAME.test(port.name))
          problems.push(`${name}: port name ${port.name}`);
    }
    if (cisCrdsAvailable() && String(m.apiVersion).startsWith('cis.f5.com/')) {
      const result = checkConformance(m);
      problems.push(...[...result.schemaErrors, ...result.celErrors].map((e) => `${name}: CRD ${e}`));
    }
  }
  if (as3SchemaAvailable) {
    const validator = loadAs3Schema(AS3_SCHEMA);
    for (const { file, declaration } of output.records.declarations) {
      const errors = [
        ...validator.validateRequest(declaration).errors,
        ...validator.validateDeclaration((declaration as { declaration?: unknown }).declaration).errors,
      ];
      problems.push(...errors.map((e) => `${file}: AS3 ${e.text}`));
    }
  }
  return problems;
}
