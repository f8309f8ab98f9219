import type { IConstruct } from 'constructs';
import type { Warning } from './annotations';

/** The path users see in messages: the construct path without the (empty) app root. */
export function pathOf(scope: IConstruct): string {
  return scope.node.path || '<app>';
}

/** Renders a value the way error messages quote it: strings in quotes, objects as JSON. */
export function quote(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === undefined) return 'nothing';
  if (typeof value === 'object' && value !== null) {
    try {
      return JSON.stringify(value);
    } catch {
      return String(value);
    }
  }
  return String(value);
}

/**
 * Bad props found while a construct is being built: every problem of the construct at once, each naming
 * the construct path, the prop, the value and what is allowed.
 */
export class ValidationError extends Error {
  public readonly constructPath: string;
  /** The first problem, without the path. */
  public readonly detail: string;
  /** Every problem, without the path. */
  public readonly details: readonly string[];

  constructor(scope: IConstruct | string, details: string | readonly string[]) {
    const path = typeof scope === 'string' ? scope : pathOf(scope);
    const list = typeof details === 'string' ? [details] : [...details];
    super(list.map((d) => `[${path}] ${d}`).join('\n'));
    this.name = 'ValidationError';
    this.constructPath = path;
    this.detail = list[0] ?? '';
    this.details = list;
  }

  /** The problems as synth reports them. */
  public get problems(): SynthProblem[] {
    return this.details.map((message) => ({ path: this.constructPath, message }));
  }
}

/** One problem found during synthesis, attached to the construct it concerns. */
export interface SynthProblem {
  readonly path: string;
  readonly message: string;
}

/** Every problem found in one synthesis, thrown once before any file is written. */
export class SynthError extends Error {
  public readonly problems: readonly SynthProblem[];
  /** Unacknowledged warnings of the stacks that did synthesize, for the report. */
  public readonly warnings: readonly Warning[];

  constructor(problems: readonly SynthProblem[], warnings: readonly Warning[] = []) {
    const lines = problems.map((p) => `  [${p.path}] ${p.message}`);
    const count = problems.length === 1 ? '1 error' : `${problems.length} errors`;
    super(`synthesis failed with ${count}; nothing was written:\n${lines.join('\n')}`);
    this.name = 'SynthError';
    this.problems = problems;
    this.warnings = warnings;
  }
}

/** An app has no stack of the requested name; the message lists the names it has. */
export class StackNotFoundError extends Error {
  constructor(
    public readonly stackName: string,
    public readonly known: readonly string[],
  ) {
    super(`no stack named ${JSON.stringify(stackName)}; the app defines: ${known.join(', ') || '(none)'}`);
    this.name = 'StackNotFoundError';
  }
}

/** The app module could not be loaded or did not build an App; `usage` marks a wrong file argument. */
export class AppLoadError extends Error {
  constructor(
    message: string,
    public readonly usage = false,
  ) {
    super(message);
    this.name = 'AppLoadError';
  }
}
