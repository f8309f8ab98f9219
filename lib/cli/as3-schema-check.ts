import YAML from 'yaml';
import { loadAs3Schema } from '../as3/schema-validator';
import type { StackOutput } from '../core/synth';
import { UsageError } from './usage-error';

/** One AS3 declaration found in a synthesized stack: a `.as3.json` file or an AS3 ConfigMap's template. */
export interface FoundDeclaration {
  /** Where it is: the file, plus `#data.template` for a ConfigMap. */
  readonly location: string;
  readonly body: unknown;
}

/** Every AS3 request body a stack's output holds. */
export function findDeclarations(output: StackOutput): FoundDeclaration[] {
  const found: FoundDeclaration[] = [];
  for (const [path, content] of output.files) {
    if (path.endsWith('.as3.json')) {
      found.push({ location: path, body: JSON.parse(content) });
    } else if (
      path.includes('/k8s/') &&
      path.endsWith('.yaml') &&
      path.split('/').pop()?.startsWith('configmap-')
    ) {
      const manifest = YAML.parse(content) as {
        metadata?: { labels?: Record<string, string> };
        data?: { template?: string };
      };
      if (manifest.metadata?.labels?.as3 === 'true' && manifest.data?.template) {
        found.push({ location: `${path}#data.template`, body: JSON.parse(manifest.data.template) });
      }
    }
  }
  return found;
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
    const request = validator.validateRequest(body, { allErrors: true });
    const adc = validator.validateDeclaration((body as { declaration?: unknown }).declaration, {
      allErrors: true,
    });
    for (const error of [...request.errors, ...adc.errors]) failures.push({ location, message: error.text });
  }
  return { checked, failures };
}
