/**
 * Writes to one device are serialized inside the process: AS3 has one global lock per device, so two
 * concurrent writes (even from different client instances, or to different tenants) would only earn 503s.
 */

const tails = new Map<string, Promise<void>>();

/** Runs `work` after every earlier write to the same device (key = normalized origin) has finished. */
export async function withDeviceWriteLock<T>(deviceKey: string, work: () => Promise<T>): Promise<T> {
  const previous = tails.get(deviceKey) ?? Promise.resolve();
  let release!: () => void;
  const mine = new Promise<void>((resolve) => {
    release = resolve;
  });
  const tail = previous.then(() => mine);
  tails.set(deviceKey, tail);
  await previous;
  try {
    return await work();
  } finally {
    release();
    if (tails.get(deviceKey) === tail) tails.delete(deviceKey);
  }
}

/** How many devices currently have writes queued or running (for tests and diagnostics). */
export function busyDeviceCount(): number {
  return tails.size;
}
