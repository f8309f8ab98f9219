import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { StackOutput } from './synth';

/**
 * Writes a synthesized stack into `<outdir>/<stack>/`, replacing what was there. Files are written to a
 * sibling temporary folder first and swapped in, so a failure never leaves a half-written stack.
 */
export function writeStackOutput(outdir: string, output: StackOutput): string[] {
  const target = join(outdir, output.stackName);
  const staging = join(outdir, `.${output.stackName}.staging`);
  rmSync(staging, { recursive: true, force: true });
  const written: string[] = [];
  for (const [path, content] of output.files) {
    const relative = path.slice(output.stackName.length + 1);
    const file = join(staging, relative);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
    written.push(join(target, relative));
  }
  rmSync(target, { recursive: true, force: true });
  renameSync(staging, target);
  return written;
}
