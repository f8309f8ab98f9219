import { expect } from 'vitest';
import { SynthError, ValidationError, type SynthProblem } from '../../lib/core/errors';
import type { Stack } from '../../lib/core/stack';
import { synthesizeStack } from '../../lib/core/synth';

/** Runs `build` and returns the ValidationError it throws (fails the test when it throws nothing else). */
export function validationErrorOf(build: () => unknown): ValidationError {
  try {
    build();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected a ValidationError, but nothing was thrown');
}

/**
 * Asserts that `build` fails in a constructor with exactly `detail` (a string, or a RegExp for
 * messages with generated parts) on the construct at `path`; the message reads `[path] detail`.
 */
export function expectValidationError(
  build: () => unknown,
  path: string,
  detail: string | RegExp,
): ValidationError {
  const error = validationErrorOf(build);
  expect(error.constructPath).toBe(path);
  if (typeof detail === 'string') {
    expect(error.detail).toBe(detail);
  } else {
    expect(error.detail).toMatch(detail);
  }
  expect(error.message).toBe(`[${path}] ${error.detail}`);
  return error;
}

/** The problems of a synthesis that must fail (fails the test when synthesis succeeds). */
export function synthProblems(stack: Stack): readonly SynthProblem[] {
  try {
    synthesizeStack(stack);
  } catch (error) {
    if (error instanceof SynthError) return error.problems;
    throw error;
  }
  throw new Error('expected synthesis to fail, but it succeeded');
}

/** Asserts that synthesis fails with exactly these problems, in this order. */
export function expectSynthProblems(stack: Stack, expected: ReadonlyArray<SynthProblem>): void {
  expect(synthProblems(stack)).toEqual(expected);
}

/** Asserts that `build` fails in a constructor with exactly these problems (all at once), in this order. */
export function expectValidationErrors(
  build: () => unknown,
  path: string,
  details: ReadonlyArray<string | RegExp>,
): ValidationError {
  const error = validationErrorOf(build);
  expect(error.constructPath).toBe(path);
  expect(error.details).toHaveLength(details.length);
  details.forEach((detail, i) =>
    typeof detail === 'string'
      ? expect(error.details[i]).toBe(detail)
      : expect(error.details[i]).toMatch(detail),
  );
  expect(error.message).toBe(error.details.map((d) => `[${path}] ${d}`).join('\n'));
  return error;
}
