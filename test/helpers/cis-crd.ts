import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import YAML from 'yaml';

/**
 * The pinned CIS CRDs, from the repository's sibling `shared/` folder (absent in some checkouts: the
 * schema tier then skips with a message instead of failing).
 */
export const CIS_CRD_FILE = resolve(__dirname, '../../../shared/cis/customresourcedefinitions.v2.20.4.yml');

export function cisCrdsAvailable(): boolean {
  return existsSync(CIS_CRD_FILE);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Schema = Record<string, any>;

/** A CEL rule of `x-kubernetes-validations`, with where it applies in the object. */
export interface CelRule {
  readonly kind: string;
  /** Property path from the object root to the value the rule sees as `self` (`*` crosses an array). */
  readonly at: readonly string[];
  readonly rule: string;
  readonly message: string;
  /** Rules that read `oldSelf` compare with the stored object: they only apply to updates. */
  readonly transition: boolean;
}

export interface CisCrd {
  readonly kind: string;
  readonly group: string;
  readonly version: string;
  readonly apiVersion: string;
  /** The openAPIV3Schema as written in the CRD. */
  readonly openApiSchema: Schema;
  /** The schema as ajv takes it (see `toAjvSchema`). */
  readonly schema: Schema;
  readonly rules: readonly CelRule[];
  readonly validate: ValidateFunction;
}

/**
 * Turns a Kubernetes structural schema into JSON Schema that ajv 8 validates the way the API server
 * does with strict field validation (kubectl's default):
 * - `x-kubernetes-int-or-string: true` becomes `anyOf: [integer, string]` (when the CRD does not say it already);
 * - other `x-kubernetes-*` keywords are dropped (CEL rules are evaluated separately);
 * - objects with `properties` and no `additionalProperties` reject unknown fields, as the API server does
 *   (it prunes them; `kubectl apply` with strict field validation fails on them);
 * - the root accepts `apiVersion`, `kind` and `metadata`, which CRD schemas leave implicit.
 */
export function toAjvSchema(schema: Schema, root = true): Schema {
  const result: Schema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key.startsWith('x-kubernetes-')) continue;
    if (key === 'properties') {
      result.properties = Object.fromEntries(
        Object.entries(value as Schema).map(([name, sub]) => [name, toAjvSchema(sub as Schema, false)]),
      );
    } else if (
      (key === 'items' || key === 'additionalProperties' || key === 'not') &&
      typeof value === 'object'
    ) {
      result[key] = toAjvSchema(value as Schema, false);
    } else if (key === 'anyOf' || key === 'allOf' || key === 'oneOf') {
      result[key] = (value as Schema[]).map((sub) => toAjvSchema(sub, false));
    } else {
      result[key] = value;
    }
  }
  if (schema['x-kubernetes-int-or-string'] === true && !result.anyOf) {
    result.anyOf = [{ type: 'integer' }, { type: 'string' }];
  }
  if (root) {
    result.properties = {
      apiVersion: { type: 'string' },
      kind: { type: 'string' },
      metadata: { type: 'object' },
      ...result.properties,
    };
  }
  const preservesUnknown = schema['x-kubernetes-preserve-unknown-fields'] === true;
  if (result.properties && result.additionalProperties === undefined && !preservesUnknown) {
    result.additionalProperties = false;
  }
  return result;
}

function collectRules(kind: string, schema: Schema, at: string[], rules: CelRule[]): void {
  const validations = (schema['x-kubernetes-validations'] ?? []) as Array<{ rule: string; message?: string }>;
  for (const validation of validations) {
    rules.push({
      kind,
      at,
      rule: validation.rule,
      message: validation.message ?? validation.rule,
      transition: /\boldSelf\b/.test(validation.rule),
    });
  }
  for (const [name, sub] of Object.entries((schema.properties ?? {}) as Schema)) {
    collectRules(kind, sub as Schema, [...at, name], rules);
  }
  if (schema.items && typeof schema.items === 'object') {
    collectRules(kind, schema.items as Schema, [...at, '*'], rules);
  }
}

let cached: CisCrd[] | undefined;

/** Every version of every CRD in the pinned file, compiled once per test file. */
export function loadCisCrds(): CisCrd[] {
  if (cached) return cached;
  // Kubernetes patterns are RE2; JavaScript's non-unicode mode reads these ones the same way.
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
  ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) });
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
  const crds: CisCrd[] = [];
  for (const document of YAML.parseAllDocuments(readFileSync(CIS_CRD_FILE, 'utf8'))) {
    const crd = document.toJS() as Schema | null;
    if (!crd || crd.kind !== 'CustomResourceDefinition') continue;
    for (const version of crd.spec.versions as Schema[]) {
      const openApiSchema = version.schema.openAPIV3Schema as Schema;
      const schema = toAjvSchema(openApiSchema);
      const rules: CelRule[] = [];
      collectRules(crd.spec.names.kind, openApiSchema, [], rules);
      crds.push({
        kind: crd.spec.names.kind,
        group: crd.spec.group,
        version: version.name,
        apiVersion: `${crd.spec.group}/${version.name}`,
        openApiSchema,
        schema,
        rules,
        validate: ajv.compile(schema),
      });
    }
  }
  cached = crds;
  return crds;
}

/*
 * A tiny CEL evaluator, enough for the CIS rules that apply to new objects. Grammar:
 *   or := and ('||' and)*      and := unary ('&&' unary)*      unary := '!' unary | cmp
 *   cmp := primary (('==' | '!=') primary)?
 *   primary := '(' or ')' | 'has(' select ')' | select | 'string' | "string" | true | false
 *   select := ident ('.' ident)*
 * A false `&&` or a true `||` does not evaluate its other operand (CEL absorbs errors there), so
 * `!has(self.x) || self.x != 'y'` never reads a missing key. Anything else throws.
 */

interface Token {
  readonly type: 'op' | 'ident' | 'string' | 'paren';
  readonly text: string;
}

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  const patterns: Array<[Token['type'], RegExp]> = [
    ['op', /^(\|\||&&|==|!=|!|\.)/],
    ['paren', /^[()]/],
    ['string', /^'([^'\\]*)'|^"([^"\\]*)"/],
    ['ident', /^[A-Za-z_][A-Za-z0-9_]*/],
  ];
  let rest = source.trimStart();
  while (rest.length > 0) {
    const found = patterns
      .map(([type, pattern]) => ({ type, match: pattern.exec(rest) }))
      .find((candidate) => candidate.match !== null);
    if (!found?.match)
      throw new Error(`CEL: cannot read ${JSON.stringify(rest)} in ${JSON.stringify(source)}`);
    const text = found.type === 'string' ? (found.match[1] ?? found.match[2] ?? '') : found.match[0];
    tokens.push({ type: found.type, text });
    rest = rest.slice(found.match[0].length).trimStart();
  }
  return tokens;
}

class CelEvaluator {
  private readonly tokens: Token[];
  private position = 0;

  constructor(
    private readonly rule: string,
    private readonly self: unknown,
  ) {
    this.tokens = tokenize(rule);
  }

  public run(): boolean {
    const value = this.bool(this.or());
    if (this.position !== this.tokens.length) this.error('trailing input');
    return value;
  }

  private error(what: string): never {
    throw new Error(`CEL: ${what} in ${JSON.stringify(this.rule)}`);
  }

  private peek(): Token | undefined {
    return this.tokens[this.position];
  }

  private take(text?: string): Token {
    const token = this.tokens[this.position];
    if (!token || (text !== undefined && token.text !== text)) this.error(`expected ${text ?? 'more'}`);
    this.position++;
    return token;
  }

  private bool(value: unknown): boolean {
    if (typeof value !== 'boolean') this.error(`expected a bool, got ${JSON.stringify(value)}`);
    return value;
  }

  private or(): unknown {
    let value = this.and();
    while (this.peek()?.text === '||') {
      this.take('||');
      if (this.bool(value)) this.skipOperand(['||']);
      else value = this.bool(this.and());
    }
    return value;
  }

  private and(): unknown {
    let value = this.unary();
    while (this.peek()?.text === '&&') {
      this.take('&&');
      if (this.bool(value)) value = this.bool(this.unary());
      else this.skipOperand(['&&', '||']);
    }
    return value;
  }

  /** Skips tokens up to the next operator in `stops` (or a closing parenthesis) at this nesting level. */
  private skipOperand(stops: string[]): void {
    let depth = 0;
    for (let token = this.peek(); token; token = this.peek()) {
      if (depth === 0 && (stops.includes(token.text) || token.text === ')')) return;
      if (token.text === '(') depth++;
      if (token.text === ')') depth--;
      this.position++;
    }
  }

  private unary(): unknown {
    if (this.peek()?.text === '!') {
      this.take('!');
      return !this.bool(this.unary());
    }
    const left = this.primary();
    const op = this.peek()?.text;
    if (op !== '==' && op !== '!=') return left;
    this.take();
    const right = this.primary();
    return op === '==' ? left === right : left !== right;
  }

  private primary(): unknown {
    const token = this.peek();
    if (!token) return this.error('unexpected end');
    if (token.text === '(') {
      this.take('(');
      const value = this.or();
      this.take(')');
      return value;
    }
    if (token.type === 'string') return this.take().text;
    if (token.type !== 'ident') return this.error(`unexpected ${JSON.stringify(token.text)}`);
    if (token.text === 'true' || token.text === 'false') return this.take().text === 'true';
    if (token.text === 'has') {
      this.take('has');
      this.take('(');
      const path = this.select();
      this.take(')');
      if (path.length < 2) this.error('has() needs a field selection');
      return this.lookup(path, true);
    }
    return this.lookup(this.select(), false);
  }

  private select(): string[] {
    const path = [this.take().text];
    while (this.peek()?.text === '.') {
      this.take('.');
      const field = this.take();
      if (field.type !== 'ident') this.error('expected a field name');
      path.push(field.text);
    }
    return path;
  }

  private lookup(path: string[], presence: boolean): unknown {
    const [root, ...fields] = path;
    if (root !== 'self') this.error(`unknown variable ${JSON.stringify(root)}`);
    let value: unknown = this.self;
    for (const [index, field] of fields.entries()) {
      const container = value as Record<string, unknown> | null | undefined;
      const present = typeof container === 'object' && container !== null && container[field] !== undefined;
      if (!present) {
        if (presence && index === fields.length - 1) return false;
        this.error(`no such key: ${field}`);
      }
      value = container[field];
    }
    return presence ? true : value;
  }
}

/** Evaluates a CEL rule against `self`; throws on syntax the evaluator does not know and on missing keys. */
export function evaluateCel(rule: string, self: unknown): boolean {
  return new CelEvaluator(rule, self).run();
}

/** The values a rule at `at` sees as `self` in `object` (several when the path crosses an array). */
function selves(object: unknown, at: readonly string[]): unknown[] {
  let current: unknown[] = [object];
  for (const segment of at) {
    current = current.flatMap((value) => {
      if (segment === '*') return Array.isArray(value) ? value : [];
      const next = (value as Record<string, unknown> | undefined)?.[segment];
      return next === undefined ? [] : [next];
    });
  }
  return current;
}

export interface ConformanceResult {
  readonly schemaErrors: string[];
  readonly celErrors: string[];
  /** Transition rules (with `oldSelf`) that do not apply to a new object. */
  readonly skippedTransitionRules: string[];
}

/** Validates one object against the CRD of its kind: the openAPIV3Schema, then the CEL rules of a create. */
export function checkConformance(object: Schema): ConformanceResult {
  const crd = loadCisCrds().find((c) => c.kind === object.kind && c.apiVersion === object.apiVersion);
  if (!crd) throw new Error(`no CRD for ${object.apiVersion} ${object.kind} in ${CIS_CRD_FILE}`);
  const valid = crd.validate(object);
  const schemaErrors = valid
    ? []
    : (crd.validate.errors ?? []).map(
        (e) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`,
      );
  const celErrors: string[] = [];
  const skippedTransitionRules: string[] = [];
  for (const rule of crd.rules) {
    if (rule.transition) {
      skippedTransitionRules.push(rule.rule);
      continue;
    }
    for (const self of selves(object, rule.at)) {
      try {
        if (!evaluateCel(rule.rule, self)) celErrors.push(`${rule.at.join('.')}: ${rule.message}`);
      } catch (error) {
        celErrors.push(`${rule.at.join('.')}: ${rule.rule}: ${(error as Error).message}`);
      }
    }
  }
  return { schemaErrors, celErrors, skippedTransitionRules };
}
