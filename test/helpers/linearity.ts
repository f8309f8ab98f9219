/**
 * How much longer a check takes on an input of `large` characters than on one of `small`, measured in
 * one process (repetitions of each, interleaved, median of the runs), divided by the length ratio: about
 * 1 for a linear check, the length ratio (100 for 100 vs 10,000) or far more for a quadratic or
 * exponential one. A ratio test, not a wall-clock assertion: machine speed cancels out.
 */
export function linearityRatio(
  check: (n: number) => unknown,
  small: number,
  large: number,
  rounds = 5,
): number {
  const time = (n: number, repeat: number) => {
    const start = process.hrtime.bigint();
    for (let i = 0; i < repeat; i += 1) check(n);
    return Number(process.hrtime.bigint() - start) / repeat;
  };
  const scale = large / small;
  // Warm both sizes up, then alternate: drift and JIT tiers affect both alike.
  time(small, 50);
  time(large, 2);
  const smallRuns: number[] = [];
  const largeRuns: number[] = [];
  for (let round = 0; round < rounds; round += 1) {
    smallRuns.push(time(small, 200));
    largeRuns.push(time(large, 2));
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
  return median(largeRuns) / median(smallRuns) / scale;
}
