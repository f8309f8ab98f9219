/**
 * AS3's one global lock per device (`mutex.js`): a write that finds it taken fails with 503 — or, with
 * burst handling enabled in `/settings`, waits in a queue of at most 10.
 */

export const BURST_QUEUE_LIMIT = 10;

export class GlobalLock {
  private held = false;
  private readonly queue: Array<() => void> = [];
  private lockedWaiters: Array<() => void> = [];
  private unlockedWaiters: Array<() => void> = [];

  get isHeld(): boolean {
    return this.held;
  }

  get queued(): number {
    return this.queue.length;
  }

  /** Takes the lock if it is free. */
  tryAcquire(): boolean {
    if (this.held) return false;
    this.take();
    return true;
  }

  /** Waits for the lock in FIFO order (burst handling); the caller checks the queue limit first. */
  acquireQueued(): Promise<void> {
    if (this.tryAcquire()) return Promise.resolve();
    return new Promise((resolve) => this.queue.push(resolve));
  }

  release(): void {
    const next = this.queue.shift();
    if (next) {
      // Hand over directly so no other writer can slip in between.
      this.notify('locked');
      next();
      return;
    }
    this.held = false;
    this.notify('unlocked');
  }

  whenLocked(): Promise<void> {
    if (this.held) return Promise.resolve();
    return new Promise((resolve) => this.lockedWaiters.push(resolve));
  }

  whenUnlocked(): Promise<void> {
    if (!this.held) return Promise.resolve();
    return new Promise((resolve) => this.unlockedWaiters.push(resolve));
  }

  private take(): void {
    this.held = true;
    this.notify('locked');
  }

  private notify(event: 'locked' | 'unlocked'): void {
    const waiters = event === 'locked' ? this.lockedWaiters : this.unlockedWaiters;
    if (event === 'locked') this.lockedWaiters = [];
    else this.unlockedWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
