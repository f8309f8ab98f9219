/**
 * Writes to one device are serialized inside the process: AS3 has one global lock per device, so two
 * concurrent writes (even from different client instances, or to different tenants) would only earn 503s.
 */

const tails = new Map<string, Promise<void>>();

/** Thrown when a write's deadline passed while it waited for its turn; the write was never started. */
export class QueueDeadlineError extends Error {
  constructor() {
    super('the deadline passed while waiting for earlier writes to the device');
  }
}

/**
 * Runs `work` after every earlier write to the same device (key = normalized origin) has finished. With a
 * deadline, a write still waiting when it passes leaves the queue with `QueueDeadlineError` (writes
 * queued behind it keep their order).
 */
export async function withDeviceWriteLock<T>(
  deviceKey: string,
  work: () => Promise<T>,
  deadline?: { readonly remainingMs: number },
): Promise<T> {
  const previous = tails.get(deviceKey) ?? Promise.resolve();
  let release!: () => void;
  const mine = new Promise<void>((resolve) => {
    release = resolve;
  });
  const tail = previous.then(() => mine);
  tails.set(deviceKey, tail);
  const done = () => {
    release();
    if (tails.get(deviceKey) === tail) tails.delete(deviceKey);
  };
  if (deadline) {
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<'expired'>((resolve) => {
      timer = setTimeout(() => resolve('expired'), deadline.remainingMs);
    });
    const turn = await Promise.race([previous.then(() => 'turn' as const), expired]);
    clearTimeout(timer);
    if (turn === 'expired') {
      // Give the turn back only once it would have come, so later writes still wait for earlier ones.
      void previous.then(done);
      throw new QueueDeadlineError();
    }
  } else {
    await previous;
  }
  try {
    return await work();
  } finally {
    done();
  }
}

/** How many devices currently have writes queued or running (for tests and diagnostics). */
export function busyDeviceCount(): number {
  return tails.size;
}
