import { median, nowMs } from './measure';

/** Per-pair ratios of "ours" over one baseline: the median and the spread of the rounds. */
export interface PairedRatio {
  readonly name: string;
  /** Median time of the baseline, ms. */
  readonly baselineMs: number;
  /** Each round's ours ÷ baseline. */
  readonly ratios: readonly number[];
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

export interface PairedResult {
  /** Median time of ours, ms. */
  readonly oursMs: number;
  readonly baselines: readonly PairedRatio[];
}

/** `median (min–max)` of a ratio. */
export function formatRatio(r: Pick<PairedRatio, 'median' | 'min' | 'max'>): string {
  return `${r.median.toFixed(2)}× (${r.min.toFixed(2)}–${r.max.toFixed(2)})`;
}

/**
 * Runs ours and each baseline alternately in this process (ours, b1, ours, b2, …, one round per
 * `rounds`, after one unmeasured warm-up round) and gives, per baseline, the ratio of each adjacent
 * pair: machine drift between rounds cancels out of each ratio instead of going into it.
 */
export function measurePairs(
  ours: () => unknown,
  baselines: ReadonlyArray<{ name: string; run: () => unknown }>,
  rounds: number,
): PairedResult {
  const timed = (work: () => unknown) => {
    const start = nowMs();
    work();
    return nowMs() - start;
  };
  const oursMs: number[] = [];
  const perBaseline = baselines.map(() => ({ ms: [] as number[], ratios: [] as number[] }));
  for (let round = -1; round < rounds; round += 1) {
    baselines.forEach((baseline, b) => {
      const a = timed(ours);
      const other = timed(baseline.run);
      if (round < 0) return; // warm-up: module loading and JIT are not what we measure
      oursMs.push(a);
      perBaseline[b]?.ms.push(other);
      perBaseline[b]?.ratios.push(a / other);
    });
  }
  return {
    oursMs: median(oursMs),
    baselines: baselines.map((baseline, b) => {
      const { ms, ratios } = perBaseline[b] as { ms: number[]; ratios: number[] };
      return {
        name: baseline.name,
        baselineMs: median(ms),
        ratios,
        median: median(ratios),
        min: Math.min(...ratios),
        max: Math.max(...ratios),
      };
    }),
  };
}
