import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Stack } from '../../lib/core/stack';
import { collectValidationErrors } from '../../lib/core/synth';

export interface ScalingResult {
  /** Best time of the validations of the n-construct stack, in ms. */
  readonly smallMs: number;
  /** Best time of the validations of the 4n-construct stack, in ms. */
  readonly largeMs: number;
  /** largeMs ÷ smallMs: about 4 for a linear check, 16 for a quadratic one. */
  readonly ratio: number;
}

/**
 * A full garbage collection before each timed run, so that neither size pays for the other's garbage
 * (the flag only exposes `gc` to new contexts; nothing else changes).
 */
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

function validateMs(stack: Stack): number {
  collectGarbage();
  const start = process.hrtime.bigint();
  const problems = collectValidationErrors(stack);
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (problems.length > 0) {
    const first = problems[0];
    throw new Error(`the scaling scenario must validate cleanly; got [${first?.path}] ${first?.message}`);
  }
  return ms;
}

/**
 * How much longer every validation of a stack takes with 4n constructs than with n, in one process:
 * both stacks are built first, then validated alternately (small, large, small, …) a bounded number of
 * rounds, and the best time of each is kept, so drift and JIT tiers affect both alike. A ratio, not a
 * wall-clock limit: about 4 for O(n), under 6 for O(n log n), 16 for O(n²).
 */
export function validationScaling(
  build: (n: number) => Stack,
  n: number,
  rounds = 5,
  /** A ratio above this is measured again (at most `attempts` times in all), on the same stacks. */
  limit = 6,
  attempts = 3,
): ScalingResult {
  const small = build(n);
  const large = build(4 * n);
  // Warm-up: the first runs compile the checks, for each size its own shapes.
  validateMs(small);
  validateMs(large);
  let best: ScalingResult | undefined;
  // A busy machine (other test files run in parallel) can slow a whole series of one size; a quadratic
  // check stays above the limit in every attempt, noise does not.
  for (let attempt = 0; attempt < attempts && !(best && best.ratio < limit); attempt += 1) {
    let smallMs = Infinity;
    let largeMs = Infinity;
    for (let round = 0; round < rounds; round += 1) {
      smallMs = Math.min(smallMs, validateMs(small));
      largeMs = Math.min(largeMs, validateMs(large));
    }
    const result = { smallMs, largeMs, ratio: largeMs / smallMs };
    if (!best || result.ratio < best.ratio) best = result;
  }
  return best as ScalingResult;
}
