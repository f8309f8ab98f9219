import type { IConstruct } from 'constructs';

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
 * A bad prop found while a construct is being built. The message always names the construct path,
 * the prop, the value and what is allowed.
 */
export class ValidationError extends Error {
  public readonly constructPath: string;
  public readonly detail: string;

  constructor(scope: IConstruct, detail: string) {
    super(`[${pathOf(scope)}] ${detail}`);
    this.name = 'ValidationError';
    this.constructPath = pathOf(scope);
    this.detail = detail;
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

  constructor(problems: readonly SynthProblem[]) {
    const lines = problems.map((p) => `  [${p.path}] ${p.message}`);
    const count = problems.length === 1 ? '1 error' : `${problems.length} errors`;
    super(`synthesis failed with ${count}; nothing was written:\n${lines.join('\n')}`);
    this.name = 'SynthError';
    this.problems = problems;
  }
}
