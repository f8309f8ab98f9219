/** Exponential back-off with jitter, bounded by a deadline. */

export interface BackoffPolicy {
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly random: () => number;
}

/**
 * Delay before retry number `attempt` (1 = first retry): base·2^(attempt−1), capped, then scaled to
 * 50–100 % so that clients that failed together do not retry together.
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy): number {
  const nominal = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  const jitter = 0.5 + Math.min(1, Math.max(0, policy.random())) / 2;
  return Math.round(nominal * jitter);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A point in time an operation must finish by. */
export class Deadline {
  private readonly startedAt = Date.now();
  private readonly endsAt: number;

  constructor(readonly budgetMs: number) {
    this.endsAt = this.startedAt + budgetMs;
  }

  get remainingMs(): number {
    return Math.max(0, this.endsAt - Date.now());
  }

  get elapsedMs(): number {
    return Date.now() - this.startedAt;
  }

  /** Whether waiting `ms` more would pass the deadline. */
  wouldPass(ms: number): boolean {
    return Date.now() + ms >= this.endsAt;
  }
}
