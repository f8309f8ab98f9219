import { loadAs3Schema } from '../as3/schema-validator';
import { compareVersions, minorOf } from '../as3/versions';
import type { StackOutput } from '../core/synth';
import { UsageError } from './usage-error';

/** One AS3 declaration found in a synthesized stack: a `.as3.json` file or an AS3 ConfigMap's template. */
export interface FoundDeclaration {
  /** Where it is: the file, plus `#data.template` for a ConfigMap. */
  readonly location: string;
  readonly body: unknown;
}

/** Every AS3 request body a stack's output holds: each declaration file and each AS3 ConfigMap's template. */
export function findDeclarations(output: StackOutput): FoundDeclaration[] {
  const found: FoundDeclaration[] = output.records.declarations.map((d) => ({
    location: `${output.stackName}/${d.file}`,
    body: d.declaration,
  }));
  for (const { name, manifest } of output.records.manifests) {
    const configMap = manifest as {
      kind?: string;
      metadata?: { labels?: Record<string, string> };
      data?: { template?: string };
    };
    if (
      configMap.kind === 'ConfigMap' &&
      configMap.metadata?.labels?.as3 === 'true' &&
      configMap.data?.template
    ) {
      found.push({
        location: `${output.stackName}/${name}#data.template`,
        body: JSON.parse(configMap.data.template),
      });
    }
  }
  return found.sort((a, b) => (a.location < b.location ? -1 : a.location > b.location ? 1 : 0));
}

/** A schema failure of one declaration. */
export interface SchemaFailure {
  readonly location: string;
  readonly message: string;
}

/**
 * Validates every declaration of the outputs against an official AS3 schema file: the request wrapper
 * against `#/definitions/AS3` and the declaration against `#/definitions/ADC` (as3-facts §2.1).
 */
export function checkDeclarationsAgainstSchema(
  outputs: readonly StackOutput[],
  schemaFile: string,
): { checked: FoundDeclaration[]; failures: SchemaFailure[] } {
  let validator;
  try {
    validator = loadAs3Schema(schemaFile);
  } catch (error) {
    throw new UsageError(`cannot load the AS3 schema ${schemaFile}: ${(error as Error).message}`);
  }
  const checked = outputs.flatMap(findDeclarations);
  const failures: SchemaFailure[] = [];
  for (const { location, body } of checked) {
    const declared = (body as { declaration?: { schemaVersion?: unknown } }).declaration?.schemaVersion;
    const available = validator.schemaVersion;
    if (typeof declared === 'string' && available && compareVersions(declared, available) > 0) {
      failures.push({
        location,
        message: `schemaVersion ${declared}: no AS3 ${minorOf(declared)} schema is available offline (${schemaFile} is AS3 ${available}); pass that release's schema with --as3-schema`,
      });
      continue;
    }
    const request = validator.validateRequest(body, { allErrors: true });
    const adc = validator.validateDeclaration((body as { declaration?: unknown }).declaration, {
      allErrors: true,
    });
    for (const error of [...request.errors, ...adc.errors]) failures.push({ location, message: error.text });
  }
  return { checked, failures };
}
