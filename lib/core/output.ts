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
  const files = [...output.files].map(([path, content]) => ({
    relative: path.slice(output.stackName.length + 1),
    content,
  }));
  // Each folder once: a recursive mkdir per file costs more than the writes themselves.
  for (const folder of new Set(files.map((f) => dirname(join(staging, f.relative)))))
    mkdirSync(folder, { recursive: true });
  const written: string[] = [];
  for (const { relative, content } of files) {
    writeFileSync(join(staging, relative), content);
    written.push(join(target, relative));
  }
  rmSync(target, { recursive: true, force: true });
  renameSync(staging, target);
  return written;
}
