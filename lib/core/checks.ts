import type { Duration } from 'cdk8s';
import type { IConstruct } from 'constructs';
import { pathOf, quote, ValidationError } from './errors';

/**
 * Prop checks used in constructors, phrased for the user: `'replicas' must be at least 1, got 0`.
 *
 * A constructor wraps its checks in a `PropChecks` session so that every bad prop of the construct is
 * reported at once: inside a session the `check…` functions record a problem and return the value they
 * were given, and `fail()` (used where later checks cannot go on) ends the session with every problem
 * recorded so far. Outside a session every check throws on the first problem.
 */

interface Session {
  readonly problems: string[];
  depth: number;
}

const sessions = new WeakMap<IConstruct, Session>();

/** Records a problem of `scope` (or throws it when no check session is open for the scope). */
export function report(scope: IConstruct, message: string): void {
  const session = sessions.get(scope);
  if (session) session.problems.push(message);
  else throw new ValidationError(scope, message);
}

/** Reports a problem after which the constructor cannot go on; throws every problem found so far. */
export function fail(scope: IConstruct, message: string): never {
  const session = sessions.get(scope);
  throw new ValidationError(scope, session ? [...session.problems, message] : message);
}

/**
 * A check session of one constructor:
 *
 * ```ts
 * const checks: PropChecks = PropChecks.begin(this, props);
 * try {
 *   this.port = checkPort(this, 'port', props.port);
 *   …
 * } catch (error) {
 *   checks.abort(error);
 * }
 * checks.end();
 * ```
 */
export class PropChecks {
  /**
   * Opens a session; `props` must be an object (plain JavaScript callers can pass anything). A session
   * opened while one is open for the same scope (a constructor calling `addPort`) joins it.
   */
  public static begin(scope: IConstruct, props: unknown, required = true): PropChecks {
    let session = sessions.get(scope);
    if (session) session.depth += 1;
    else {
      session = { problems: [], depth: 0 };
      sessions.set(scope, session);
    }
    const checks = new PropChecks(scope, session);
    const bad =
      props === undefined ? required : typeof props !== 'object' || props === null || Array.isArray(props);
    if (bad) fail(scope, `props must be an object of named props, got ${quote(props)}`);
    return checks;
  }

  private constructor(
    private readonly scope: IConstruct,
    private readonly session: Session,
  ) {}

  /** Whether a problem was recorded. */
  public get failed(): boolean {
    return this.session.problems.length > 0;
  }

  /**
   * Problems of a session that no constructor ended (a subclass of a library class that does not call
   * its `endChecks`): reported at synth instead, so that none is lost.
   */
  public get unreported(): readonly string[] {
    return sessions.get(this.scope) === this.session ? [...this.session.problems] : [];
  }

  /**
   * Ends the session on an error thrown by the checks. A ValidationError carries every problem; any other
   * error after a recorded problem is a consequence of that bad value (a plain JavaScript caller's wrong
   * type) and is dropped in favour of the problems. Without one it is a real failure and is rethrown.
   */
  public abort(error: unknown): never {
    this.close();
    if (error instanceof ValidationError) throw error;
    if (this.session.problems.length > 0) throw new ValidationError(this.scope, this.session.problems);
    throw error;
  }

  /** Ends the session; throws every problem recorded (a joined session leaves that to the outer one). */
  public end(): void {
    if (this.close() && this.session.problems.length > 0)
      throw new ValidationError(this.scope, this.session.problems);
  }

  /** Leaves the session; true when it was the outermost. */
  private close(): boolean {
    if (this.session.depth > 0) {
      this.session.depth -= 1;
      return false;
    }
    sessions.delete(this.scope);
    return true;
  }
}

/** A construct id: a non-empty string without "/" (constructs' own error names no path). */
export function checkId(scope: IConstruct, id: unknown): string {
  if (typeof id !== 'string' || id === '' || id.includes('/')) {
    throw new ValidationError(
      `${pathOf(scope)}/${typeof id === 'string' ? id : '?'}`,
      `the construct id must be a non-empty string without "/", got ${quote(id)}`,
    );
  }
  return id;
}

export function checkInteger(
  scope: IConstruct,
  prop: string,
  value: number,
  min: number,
  max: number,
): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    report(scope, `'${prop}' must be an integer from ${min} to ${max}, got ${quote(value)}`);
  }
  return value;
}

export function checkPort(scope: IConstruct, prop: string, value: number): number {
  return checkInteger(scope, prop, value, 1, 65535);
}

export function checkBoolean(scope: IConstruct, prop: string, value: boolean): boolean {
  if (typeof value !== 'boolean') report(scope, `'${prop}' must be true or false, got ${quote(value)}`);
  return value;
}

export function checkString(scope: IConstruct, prop: string, value: string): string {
  if (typeof value !== 'string') report(scope, `'${prop}' must be a string, got ${quote(value)}`);
  return value;
}

/**
 * `value` tested against `pattern`. Patterns on user input must be linear: no nested quantifiers over
 * overlapping classes (test/core/regex-linearity.test.ts measures each one).
 */
export function checkPattern(
  scope: IConstruct,
  prop: string,
  value: string,
  pattern: RegExp,
  allowed: string,
): string {
  if (typeof value !== 'string' || !pattern.test(value)) {
    report(scope, `'${prop}' must be ${allowed}, got ${quote(value)}`);
  }
  return value;
}

export function checkNonEmpty(scope: IConstruct, prop: string, value: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    report(scope, `'${prop}' must be a non-empty string, got ${quote(value)}`);
  }
  return value;
}

/** Runtime check of an enum prop (TypeScript users cannot get it wrong; JavaScript and JSON users can). */
export function checkEnum<T extends string>(
  scope: IConstruct,
  prop: string,
  value: T,
  enumObject: Record<string, T>,
): T {
  const allowed = Object.values(enumObject);
  if (!allowed.includes(value)) {
    report(scope, `'${prop}' must be one of ${allowed.map((v) => quote(v)).join(', ')}, got ${quote(value)}`);
  }
  return value;
}

/**
 * A list prop: an array (or `[]` reported and returned in its place, so that callers can map over it).
 * `what` says what the items are, e.g. `'a list of host names'`.
 */
export function checkArray<T>(scope: IConstruct, prop: string, value: readonly T[], what: string): T[] {
  if (!Array.isArray(value)) {
    report(scope, `'${prop}' must be ${what}, got ${quote(value)}`);
    return [];
  }
  return [...value];
}

/** A map prop (`{ key: value }`), or `{}` reported and returned in its place. */
export function checkRecord<T>(
  scope: IConstruct,
  prop: string,
  value: Readonly<Record<string, T>>,
  what: string,
): Record<string, T> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    report(scope, `'${prop}' must be ${what}, got ${quote(value)}`);
    return {};
  }
  return { ...value };
}

/**
 * A prop that must be another construct or object of the library (checked by `is`, which holds across
 * package copies); fails at once because what follows uses it.
 */
export function checkReference<T>(
  scope: IConstruct,
  prop: string,
  value: unknown,
  is: (x: unknown) => x is T,
  what: string,
): T {
  if (value === undefined) fail(scope, `'${prop}' is required: ${what}`);
  if (!is(value)) fail(scope, `'${prop}' must be ${what}, got ${quote(describe(value))}`);
  return value;
}

/** What a wrong value is, for messages: constructs by path, other objects by type. */
function describe(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const node = (value as { node?: { path?: unknown } }).node;
  if (node && typeof node.path === 'string') return `the construct ${node.path}`;
  return `an object of type ${value.constructor?.name ?? 'Object'}`;
}

/** DNS-1123 label: what Kubernetes requires of namespaces and most object names. */
export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
/** DNS-1035 label: what Kubernetes requires of Service names (a letter first). */
export const DNS_1035_LABEL = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;
/** DNS-1123 subdomain: Deployment, ConfigMap and Secret names. */
export const DNS_SUBDOMAIN = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** A Kubernetes label value (may be empty). */
export const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;
/** A Kubernetes label key: an optional DNS-subdomain prefix and `/`, then a name of at most 63. */
export const LABEL_KEY =
  /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
/** A `<namespace>/<name>` reference to a namespaced object (ConfigMap, Secret). */
export const NAMESPACED_REF = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?\/[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
/** A port range `first-last`. */
export const PORT_RANGE = /^(\d{1,5})-(\d{1,5})$/;
/** An IANA service name (named container and Service ports). */
export const IANA_SVC_NAME = /^(?=.{1,15}$)(?=[^a-z]*[a-z])[a-z0-9]+(-[a-z0-9]+)*$/;

export function checkDnsLabel(scope: IConstruct, prop: string, value: string): string {
  return checkPattern(
    scope,
    prop,
    value,
    DNS_LABEL,
    'a DNS-1123 label (lower-case letters, digits and "-", at most 63 characters)',
  );
}

/** Service names: Kubernetes wants a DNS-1035 label (a letter first). */
export function checkServiceName(scope: IConstruct, prop: string, value: string): string {
  return checkPattern(
    scope,
    prop,
    value,
    DNS_1035_LABEL,
    'a DNS-1035 label (a lower-case letter, then lower-case letters, digits and "-", at most 63 characters), as Kubernetes requires of Service names',
  );
}

export function checkDnsSubdomain(scope: IConstruct, prop: string, value: string): string {
  if (typeof value === 'string' && value.length > 253) {
    report(scope, `'${prop}' must be at most 253 characters, got ${value.length}`);
    return value;
  }
  return checkPattern(
    scope,
    prop,
    value,
    DNS_SUBDOMAIN,
    'a DNS-1123 subdomain (lower-case letters, digits, "-" and ".", at most 253 characters)',
  );
}

export function checkLabelValue(scope: IConstruct, prop: string, value: string): string {
  return checkPattern(scope, prop, value, LABEL_VALUE, 'a Kubernetes label value (at most 63 characters)');
}

/** Labels (`{ key: value }`) as Kubernetes accepts them. */
export function checkLabels(
  scope: IConstruct,
  prop: string,
  labels: Readonly<Record<string, string>>,
): Record<string, string> {
  const checked = checkRecord(scope, prop, labels, 'labels { key: value }');
  for (const [key, value] of Object.entries(checked)) {
    checkPattern(scope, `${prop} key`, key, LABEL_KEY, 'a Kubernetes label key');
    checkLabelValue(scope, `${prop}[${key}]`, value);
  }
  return checked;
}

export function checkIanaServiceName(scope: IConstruct, prop: string, value: string): string {
  return checkPattern(
    scope,
    prop,
    value,
    IANA_SVC_NAME,
    'an IANA service name (1–15 lower-case letters, digits and "-", with at least one letter)',
  );
}

/** A container image reference: no white space, a repository and an optional tag or digest. */
export const IMAGE = /^[a-z0-9][a-z0-9._\-/:]*(@sha256:[a-f0-9]{64})?$/i;

export function checkImage(scope: IConstruct, prop: string, value: string): string {
  return checkPattern(
    scope,
    prop,
    value,
    IMAGE,
    'a container image such as "registry.example.com/team/app:1.2.3" (no white space)',
  );
}

/** Environment variable names as Kubernetes has always accepted them (a C identifier with `-` and `.`). */
export const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/** Environment variables `{ NAME: value }`: names Kubernetes accepts, string values. */
export function checkEnv(
  scope: IConstruct,
  prop: string,
  env: Readonly<Record<string, string>>,
): Record<string, string> {
  const checked = checkRecord(scope, prop, env, 'environment variables { NAME: "value" }');
  for (const [name, value] of Object.entries(checked)) {
    checkPattern(
      scope,
      `${prop} name`,
      name,
      ENV_NAME,
      'an environment variable name (letters, digits, "_", "-" and ".", not starting with a digit)',
    );
    checkString(scope, `${prop}[${name}]`, value);
  }
  return checked;
}

/**
 * A duration prop (cdk8s `Duration`) in whole seconds from `min` to `max`; `fallback` when unset, and
 * also (after reporting) when it is not a Duration.
 */
export function checkSeconds(
  scope: IConstruct,
  prop: string,
  value: Duration | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'object' || value === null || typeof (value as Duration).toSeconds !== 'function') {
    report(scope, `'${prop}' must be a Duration such as Duration.seconds(5), got ${quote(value)}`);
    return fallback;
  }
  // Not integral: a fractional duration reaches checkInteger, which names the prop and the construct.
  return checkInteger(scope, prop, value.toSeconds({ integral: false }), min, max);
}
