import { accessSync, constants, existsSync, realpathSync, statSync } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';
import { UsageError } from './usage-error';

/** Kernel filesystems nobody writes manifests to (writing there fails, or hangs). */
const SPECIAL = ['/proc', '/sys', '/dev'];

/**
 * Checks `--out` before any work: a non-empty path whose folder exists or can be created, is writable,
 * and is not on a kernel filesystem. Returns the resolved path.
 */
export function checkOutDir(out: string, cwd: string = process.cwd()): string {
  if (typeof out !== 'string' || out.trim() === '') {
    throw new UsageError(`--out must be a folder path, got ${JSON.stringify(out)}`);
  }
  const path = resolve(cwd, out);
  let existing = path;
  while (!existsSync(existing) && dirname(existing) !== existing) existing = dirname(existing);
  const real = realpathSync(existing);
  if (SPECIAL.some((root) => real === root || real.startsWith(`${root}${sep}`))) {
    throw new UsageError(`--out ${out} is on a kernel filesystem (${real}); choose a folder such as dist`);
  }
  if (!statSync(real).isDirectory()) {
    throw new UsageError(`--out ${out}: ${existing} is a file, not a folder`);
  }
  try {
    accessSync(real, constants.W_OK);
  } catch {
    throw new UsageError(`--out ${out}: ${existing} is not writable`);
  }
  return path;
}
