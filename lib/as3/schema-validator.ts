/**
 * Validates AS3 declarations against the official AS3 JSON schema (a file the user supplies, e.g.
 * `as3-schema-3.56.0-10.json`) the way AS3 itself does: with ajv 6.12.6 and AS3's options (`allErrors:
 * false, verbose, jsonPointers, useDefaults`), so defaults are filled before `if/then` is evaluated,
 * formats are ajv 6's plus AS3's five, and the first error is the one AS3 reports, formatted like
 * AS3's `util.formatAjvErr`.
 *
 * The schema is compiled lazily and once per process for each file and option set, because a compile
 * of the 1.2 MB schema costs about a second.
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import Ajv6 = require('ajv6');

/** One schema error, in the words AS3 would use. */
export interface As3SchemaError {
  /** JSON pointer into the validated document, `''` for its root. */
  readonly instancePath: string;
  /** The JSON-schema keyword that failed (`required`, `pattern`, …). */
  readonly keyword: string;
  /** ajv's parameters of the failure (`missingProperty`, `allowedValues`, …). */
  readonly params: Readonly<Record<string, unknown>>;
  /** ajv-6 wording, e.g. `should have required property 'virtualAddresses'`. */
  readonly message: string;
  /** The whole line as AS3 reports it, e.g. `/T/A/svc: should have required property 'virtualAddresses'`. */
  readonly text: string;
  /** Where in the schema the failing keyword sits. */
  readonly schemaPath: string;
}

/** A place where the schema asked for AS3's post-processing (`f5PostProcess` keyword), e.g. a pointer. */
export interface As3PostProcessRecord {
  readonly instancePath: string;
  readonly parentDataProperty: string | number | undefined;
  /** `pointer`, `bigComponent`, `secret`, … */
  readonly tag: string;
  /** The tag's data, e.g. the mini-schema a pointer target must match. */
  readonly data: unknown;
}

export interface As3ValidateOptions {
  /**
   * Fill schema defaults (`show=full` style) into a deep copy of the input; the input is never mutated.
   * @default false
   */
  readonly useDefaults?: boolean;
  /**
   * Collect every error instead of stopping at the first (AS3 itself reports only the first).
   * @default false
   */
  readonly allErrors?: boolean;
}

export interface As3ValidationResult {
  readonly valid: boolean;
  /** In ajv order; AS3 reports `errors[0]` only. Empty when valid. */
  readonly errors: readonly As3SchemaError[];
  /** The validated document: a defaults-filled copy with `useDefaults`, otherwise the input itself. */
  readonly document: unknown;
  /** `f5PostProcess` hits, in evaluation order (may include hits from `oneOf` branches that did not match). */
  readonly postProcess: readonly As3PostProcessRecord[];
}

/** The property vocabulary of a schema, used for AS3's `Invalid data property` check. */
export interface As3PropertyVocabulary {
  readonly names: ReadonlySet<string>;
  readonly patterns: readonly RegExp[];
}

export interface As3SchemaValidator {
  /** Absolute path of the schema file, or the label of an in-memory schema. */
  readonly source: string;
  /** The schema's `$id`. */
  readonly schemaId: string;
  /** The newest `schemaVersion` the schema accepts (its `const`), when it declares one. */
  readonly schemaVersion: string | undefined;
  /** Validates an ADC declaration (`class: "ADC"`) against `#/definitions/ADC`. */
  validateDeclaration(adc: unknown, options?: As3ValidateOptions): As3ValidationResult;
  /** Validates an AS3 request wrapper (`class: "AS3"`) against `#/definitions/AS3`. */
  validateRequest(body: unknown, options?: As3ValidateOptions): As3ValidationResult;
  /** Every property name, enum and const value the schema knows, plus its `patternProperties` keys. */
  propertyVocabulary(): As3PropertyVocabulary;
}

const cache = new Map<string, As3SchemaValidator>();

/**
 * Loads an AS3 schema file (compiled lazily, cached per absolute path for the life of the process).
 * Throws with the file name when the file is missing or is not an AS3 schema.
 */
export function loadAs3Schema(file: string): As3SchemaValidator {
  const absolute = path.resolve(file);
  const cached = cache.get(absolute);
  if (cached) return cached;
  let text: string;
  try {
    text = fs.readFileSync(absolute, 'utf8');
  } catch (error) {
    throw new Error(`cannot read AS3 schema file ${absolute}: ${(error as Error).message}`);
  }
  let schema: unknown;
  try {
    schema = JSON.parse(text);
  } catch (error) {
    throw new Error(`AS3 schema file ${absolute} is not JSON: ${(error as Error).message}`);
  }
  const validator = createAs3SchemaValidator(schema, absolute);
  cache.set(absolute, validator);
  return validator;
}

/** Builds a validator from a schema object already in memory (must have `definitions.ADC` and `definitions.AS3`). */
export function createAs3SchemaValidator(schema: unknown, source: string): As3SchemaValidator {
  if (!isRecord(schema) || !isRecord(schema.definitions) || !isRecord(schema.definitions.ADC)) {
    throw new Error(`${source} is not an AS3 schema: it has no definitions.ADC`);
  }
  if (!isRecord(schema.definitions.AS3)) {
    throw new Error(`${source} is not an AS3 schema: it has no definitions.AS3`);
  }
  const schemaId =
    typeof schema.$id === 'string' && schema.$id !== '' ? schema.$id : `urn:vks-bigip:${source}`;
  const schemaObject = { ...schema, $id: schemaId };
  const compiled = new Map<string, { adc: Ajv6.ValidateFunction; as3: Ajv6.ValidateFunction }>();
  const compile = (options: As3ValidateOptions) => {
    const key = `${Boolean(options.allErrors)}`;
    let entry = compiled.get(key);
    if (!entry) {
      const ajv = newAjv(options);
      ajv.addSchema(schemaObject);
      const adc = ajv.getSchema(`${schemaId}#/definitions/ADC`);
      const as3 = ajv.getSchema(`${schemaId}#/definitions/AS3`);
      if (!adc || !as3) throw new Error(`${source}: cannot compile definitions ADC and AS3`);
      entry = { adc, as3 };
      compiled.set(key, entry);
    }
    return entry;
  };
  let vocabulary: As3PropertyVocabulary | undefined;
  return {
    source,
    schemaId,
    schemaVersion: newestSchemaVersion(schema.definitions.ADC),
    validateDeclaration: (adc, options = {}) => run(compile(options).adc, adc, options),
    validateRequest: (body, options = {}) => run(compile(options).as3, body, options),
    propertyVocabulary: () => (vocabulary ??= collectVocabulary(schema as Record<string, unknown>)),
  };
}

/** An ajv error, in ajv 6's shape (`dataPath`) or ajv 8's (`instancePath`). */
export interface AjvErrorLike {
  readonly keyword: string;
  readonly dataPath?: string;
  readonly instancePath?: string;
  readonly schemaPath: string;
  readonly params: unknown;
  readonly propertyName?: string;
  readonly message?: string;
  readonly data?: unknown;
}

/** Formats one ajv error the way AS3 (ajv 6 + `util.formatAjvErr`) reports it. */
export function formatAjvError(error: AjvErrorLike): As3SchemaError {
  const message = ajv6Message(error);
  const instancePath = error.instancePath ?? error.dataPath ?? '';
  const where = instancePath === '' ? '/' : instancePath;
  const params = (error.params ?? {}) as Record<string, unknown>;
  let detail: string;
  switch (error.keyword) {
    case 'pattern':
      detail =
        error.propertyName !== undefined
          ? `propertyName ${JSON.stringify(error.propertyName)} ${message}`
          : `data ${JSON.stringify(error.data)} ${message}`;
      break;
    case 'enum':
      detail = `${message} ${JSON.stringify(params.allowedValues)}`;
      break;
    case 'const':
      detail = `${message} ${JSON.stringify(params.allowedValue)}`;
      break;
    case 'not': {
      // AS3 names the property whose `not` failed, e.g. `dependencies/serverTLS/not` → "serverTLS is NOT valid".
      const parts = error.schemaPath.split('/');
      parts.pop();
      const name = parts.pop();
      detail = name ? `${name} is NOT valid` : message;
      break;
    }
    default:
      detail = message;
  }
  return {
    instancePath,
    keyword: error.keyword,
    params: { ...params },
    message,
    text: `${where}: ${detail}`,
    schemaPath: error.schemaPath,
  };
}

/** ajv 6's own words when it gave them; otherwise rebuilt from keyword + params ("should …", never "must …"). */
function ajv6Message(error: AjvErrorLike): string {
  if (error.dataPath !== undefined && error.message) return error.message;
  const p = (error.params ?? {}) as Record<string, unknown>;
  const limit = String(p.limit);
  switch (error.keyword) {
    case 'required':
      return `should have required property '${String(p.missingProperty)}'`;
    case 'type':
      return `should be ${Array.isArray(p.type) ? p.type.join(',') : String(p.type)}`;
    case 'additionalProperties':
      return 'should NOT have additional properties';
    case 'enum':
      return 'should be equal to one of the allowed values';
    case 'const':
      return 'should be equal to constant';
    case 'pattern':
      return `should match pattern "${String(p.pattern)}"`;
    case 'format':
      return `should match format "${String(p.format)}"`;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return `should be ${String(p.comparison)} ${limit}`;
    case 'minLength':
      return `should NOT be shorter than ${limit} characters`;
    case 'maxLength':
      return `should NOT be longer than ${limit} characters`;
    case 'minItems':
      return `should NOT have fewer than ${limit} items`;
    case 'maxItems':
    case 'additionalItems':
      return `should NOT have more than ${limit} items`;
    case 'minProperties':
      return `should NOT have fewer than ${limit} properties`;
    case 'maxProperties':
      return `should NOT have more than ${limit} properties`;
    case 'uniqueItems':
      return `should NOT have duplicate items (items ## ${String(p.j)} and ${String(p.i)} are identical)`;
    case 'oneOf':
      return 'should match exactly one schema in oneOf';
    case 'anyOf':
      return 'should match some schema in anyOf';
    case 'not':
      return 'should NOT be valid';
    case 'if':
      return `should match "${String(p.failingKeyword)}" schema`;
    case 'dependencies':
      return `should have ${p.depsCount === 1 ? 'property' : 'properties'} ${String(p.deps)} when property ${String(p.property)} is present`;
    case 'multipleOf':
      return `should be multiple of ${String(p.multipleOf)}`;
    case 'propertyNames':
      return `property name '${String(p.propertyName)}' is invalid`;
    case 'false schema':
      return 'boolean schema is false';
    case 'contains':
      return 'should contain a valid item';
    default:
      return (error.message ?? 'is invalid').replace(/^must\b/, 'should');
  }
}

// The f5PostProcess keyword runs synchronously inside ajv; hits go to whichever validation is running.
let activeRecords: As3PostProcessRecord[] | undefined;

function run(
  validate: Ajv6.ValidateFunction,
  input: unknown,
  options: As3ValidateOptions,
): As3ValidationResult {
  // AS3 always validates with useDefaults (defaults are filled before if/then is evaluated), on its copy.
  const document = structuredClone(input);
  const records: As3PostProcessRecord[] = [];
  const previous = activeRecords;
  activeRecords = records;
  let valid: boolean;
  try {
    valid = validate(document) === true;
  } finally {
    activeRecords = previous;
  }
  const errors = valid ? [] : (validate.errors ?? []).map(formatAjvError);
  return { valid, errors, document: options.useDefaults ? document : input, postProcess: records };
}

/** ajv 6 with AS3's options (`schemaValidator.getDefaultOptions`), AS3's formats and its one keyword. */
function newAjv(options: As3ValidateOptions): Ajv6.Ajv {
  const ajv = new Ajv6({
    allErrors: Boolean(options.allErrors),
    verbose: true,
    jsonPointers: true,
    useDefaults: true,
    validateSchema: false,
  });
  ajv.addFormat('f5ip', (value: string) => value === '' || isF5Ip(value, 'any'));
  ajv.addFormat('f5ipv4', (value: string) => value === '' || isF5Ip(value, 4));
  ajv.addFormat('f5ipv6', (value: string) => value === '' || isF5Ip(value, 6));
  ajv.addFormat('f5pointer', F5_POINTER);
  ajv.addFormat('f5bigip', F5_BIGIP);
  ajv.addKeyword('f5PostProcess', {
    errors: false,
    validate: (
      schema: { tag?: unknown; data?: unknown },
      _data: unknown,
      _parentSchema?: object,
      dataPath?: string,
      _parentData?: unknown,
      parentDataProperty?: string | number,
    ) => {
      activeRecords?.push({
        instancePath: dataPath ?? '',
        parentDataProperty,
        tag: String(schema.tag),
        data: schema.data,
      });
      return true;
    },
  });
  return ajv;
}

/** AS3 pointer syntax (`@`, relative JSON pointers, `/T/A/x`, `x`), as AS3's `f5pointer` format. */
const F5_POINTER =
  /^((@|[0-9]+)|(([0-9]*\x2f)?((@|[0-9]+|[A-Za-z][0-9A-Za-z_]{0,63})\x2f)*([0-9]+|([A-Za-z][0-9A-Za-z_]{0,63}))))?#?$/;
/** An absolute BIG-IP path without the characters TMOS forbids, as AS3's `f5bigip` format. */
// eslint-disable-next-line no-control-regex
const F5_BIGIP = /^\x2f[^\x00-\x19\x22#'*<>?\x5b-\x5d\x7b-\x7d\x7f]+$/;

/** IPv4/IPv6 with an optional `%<route domain>` (0–65535, as TMOS allows) and `/<mask length>`. */
function isF5Ip(value: string, family: 4 | 6 | 'any'): boolean {
  const match = /^([^%/]+)(%(\d{1,5}))?(\/(\d{1,3}))?$/.exec(value);
  if (!match || match[1] === undefined) return false;
  if (match[3] !== undefined && Number(match[3]) > 65535) return false;
  const address = match[1];
  const version = net.isIPv4(address) ? 4 : net.isIPv6(address) ? 6 : 0;
  if (version === 0 || (family !== 'any' && family !== version)) return false;
  const mask = match[5];
  return mask === undefined || Number(mask) <= (version === 4 ? 32 : 128);
}

function newestSchemaVersion(adc: Record<string, unknown>): string | undefined {
  const properties = adc.properties;
  if (!isRecord(properties) || !isRecord(properties.schemaVersion)) return undefined;
  const anyOf = properties.schemaVersion.anyOf;
  if (!Array.isArray(anyOf)) return undefined;
  for (const branch of anyOf) {
    if (isRecord(branch) && typeof branch.const === 'string') return branch.const;
  }
  return undefined;
}

/** Schema keywords that are not property names (what AS3's validator skips when it builds its vocabulary). */
const SCHEMA_KEYWORDS = new Set([
  'multipleOf', 'exclusiveMinimum', 'exclusiveMaximum', 'minimum', 'minLength', 'maxLength', 'pattern',
  'maxProperties', 'minProperties', 'additionalItems', 'patternProperties', 'additionalProperties',
  'propertyNames', 'dependencies', 'required', 'minItems', 'maxItems', 'uniqueItems', 'items',
  'minimumProperties', 'maximumProperties', 'enum', 'default', 'not', 'oneOf', 'anyOf', 'allOf', 'if',
  'else', 'then', '$comment', 'readOnly',
]); // prettier-ignore

/**
 * AS3 builds its vocabulary from its ADC schema only; the consolidated file also holds the request wrapper,
 * whose `targetTokens` pattern would accept any name. So only definitions reachable from ADC are walked.
 */
function collectVocabulary(schema: Record<string, unknown>): As3PropertyVocabulary {
  const definitions = isRecord(schema.definitions) ? schema.definitions : {};
  const reachable = new Set<string>(['ADC']);
  const queue = ['ADC'];
  while (queue.length > 0) {
    const name = queue.shift() as string;
    const text = JSON.stringify(definitions[name] ?? {});
    for (const match of text.matchAll(/"\$ref":"#\/definitions\/([^"]+)"/g)) {
      const target = match[1] as string;
      if (!reachable.has(target)) {
        reachable.add(target);
        queue.push(target);
      }
    }
  }
  const names = new Set<string>(reachable);
  const patterns = new Set<string>();
  const walk = (node: unknown, underPatternProperties: boolean): void => {
    if (!isRecord(node) && !Array.isArray(node)) return;
    for (const [key, value] of Object.entries(node)) {
      if (underPatternProperties) patterns.add(key);
      else if (!SCHEMA_KEYWORDS.has(key) && !/^\d+$/.test(key)) names.add(key);
      if (key === 'enum' && Array.isArray(value)) {
        for (const item of value) if (typeof item === 'string') names.add(item);
      }
      if (key === 'const' && typeof value === 'string') names.add(value);
      walk(value, key === 'patternProperties');
    }
  };
  for (const name of reachable) walk(definitions[name], false);
  const regexes: RegExp[] = [];
  for (const pattern of patterns) {
    try {
      regexes.push(new RegExp(pattern, 'u'));
    } catch {
      regexes.push(new RegExp(pattern));
    }
  }
  return { names, patterns: regexes };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
