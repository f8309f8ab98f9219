/**
 * Validation of requests and declarations in AS3's order (as3-facts §1.8): wrapper, property vocabulary,
 * schema (first error only), 255-character paths, duplicate node names and values, pointers, 195-character
 * paths. Uses the official schema when a file is configured, otherwise a structural subset.
 */
import Ajv6 = require('ajv6');
import {
  createAs3SchemaValidator,
  loadAs3Schema,
  type As3SchemaValidator,
  type As3ValidationResult,
} from '../as3/schema-validator';
import { BUILTIN_AS3_SUBSET_SCHEMA } from './builtin-schema';
import {
  checkCommonPointers,
  checkDuplicateNodeNames,
  checkDuplicateValues,
  checkPathLimit195,
  checkPathLimit255,
  checkServiceAddressAutoDelete,
  checkTaggedPointers,
  findInvalidDataProperty,
  type CheckFailure,
} from './code-checks';
import { isObject, jsonCopy, type JsonObject } from './declaration-util';
import { checkCommonReferences, checkRouteDomainRange, type DeviceInventory } from './device-state';

export interface DeclarationCheck {
  /** The first failure, as AS3 reports it; undefined when valid. */
  readonly failure?: CheckFailure;
  /** The declaration with schema defaults filled in (a copy); the input when no official schema is set. */
  readonly withDefaults: JsonObject;
}

export class DeclarationValidation {
  private readonly schema: As3SchemaValidator;
  readonly official: boolean;
  private readonly targetAjv = new Ajv6({ allErrors: false, useDefaults: true, jsonPointers: true });
  private readonly targetChecks = new Map<string, (data: unknown) => boolean>();

  constructor(
    schemaFile: string | undefined,
    private readonly inventory?: DeviceInventory,
  ) {
    this.official = schemaFile !== undefined;
    this.schema = schemaFile
      ? loadAs3Schema(schemaFile)
      : createAs3SchemaValidator(BUILTIN_AS3_SUBSET_SCHEMA, 'built-in AS3 structural subset');
  }

  /** The newest schemaVersion the configured schema accepts. */
  get schemaVersion(): string {
    return this.schema.schemaVersion ?? '3.56.0';
  }

  /**
   * Checks the AS3 request wrapper; the embedded declaration is checked later, on its own, as AS3 does.
   * Returns `Invalid request: …` or undefined.
   */
  checkRequest(wrapper: JsonObject): string | undefined {
    const probe: JsonObject = { ...wrapper };
    if (isObject(probe.declaration)) probe.declaration = { class: 'ADC', schemaVersion: '3.0.0' };
    const result = this.schema.validateRequest(probe);
    const first = result.errors[0];
    return first ? `Invalid request: ${first.text}` : undefined;
  }

  /** `Invalid data property: x` needs the official schema's vocabulary; without it nothing is reported. */
  invalidDataProperty(declaration: JsonObject): string | undefined {
    if (!this.official) return undefined;
    const word = findInvalidDataProperty(declaration, this.schema.propertyVocabulary());
    return word === undefined ? undefined : `Invalid data property: ${word}`;
  }

  /**
   * Everything AS3 checks after taking its lock and before touching the device, in AS3's order.
   * `storedCommon` is merged in for pointer resolution when the declaration references /Common/Shared
   * without declaring Common.
   */
  checkDeclaration(declaration: JsonObject, storedCommon: JsonObject | undefined): DeclarationCheck {
    const result = this.schema.validateDeclaration(declaration, { useDefaults: this.official });
    const validated = (this.official ? result.document : declaration) as JsonObject;
    const first = result.errors[0];
    if (first) {
      return {
        failure: { status: 422, message: first.text, asValidationError: true },
        withDefaults: validated,
      };
    }
    const root = withCommon(validated, storedCommon);
    const failure =
      checkPathLimit255(validated) ??
      checkDuplicateNodeNames(validated) ??
      checkDuplicateValues(validated) ??
      (this.official ? this.checkPointers(validated, result, root) : checkCommonPointers(validated, root)) ??
      checkPathLimit195(validated) ??
      checkServiceAddressAutoDelete(validated) ??
      this.checkDeviceReferences(validated);
    return failure ? { failure, withDefaults: validated } : { withDefaults: validated };
  }

  /** Post-processing against the device: route domain ids (the official schema's f5ip does it) and `/Common` objects. */
  private checkDeviceReferences(declaration: JsonObject): CheckFailure | undefined {
    const range = this.official ? undefined : checkRouteDomainRange(declaration);
    if (range) return { status: 422, message: range, asValidationError: true };
    const missing = checkCommonReferences(declaration, this.inventory);
    return missing ? { status: 422, message: missing } : undefined;
  }

  /** A copy with schema defaults filled in (`show=full`); a plain copy without the official schema. */
  fillDefaults(declaration: JsonObject): JsonObject {
    if (!this.official) return jsonCopy(declaration);
    return this.schema.validateDeclaration(declaration, { useDefaults: true }).document as JsonObject;
  }

  private checkPointers(validated: JsonObject, result: As3ValidationResult, root: JsonObject) {
    return checkTaggedPointers(validated, result.postProcess, root, (schema, target) =>
      this.targetMatches(schema, target),
    );
  }

  private targetMatches(schema: unknown, target: unknown): boolean {
    const key = JSON.stringify(schema ?? {});
    let check = this.targetChecks.get(key);
    if (!check) {
      const compiled = this.targetAjv.compile(isObject(schema) ? schema : {});
      check = (data) => compiled(jsonCopy(data)) === true;
      this.targetChecks.set(key, check);
    }
    return check(target);
  }
}

function withCommon(declaration: JsonObject, storedCommon: JsonObject | undefined): JsonObject {
  if (declaration.Common !== undefined || storedCommon === undefined) return declaration;
  if (!JSON.stringify(declaration).includes('"/Common/Shared')) return declaration;
  return { ...declaration, Common: storedCommon };
}
