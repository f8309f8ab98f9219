import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { FileStore } from './file-store';
import type { StackOutput } from './synth';

/**
 * The writer's record of what it wrote into a stack folder: only files listed here are ever replaced or
 * deleted. It is not part of the synthesized output (nor of its hash).
 */
export const OUTPUT_MANIFEST = '.vks-bigip-output.json';
const WRITER = 'vks-bigip';

interface OutputManifest {
  readonly writer: typeof WRITER;
  readonly stack: string;
  readonly files: readonly string[];
}

/** A stack folder the writer may not touch; nothing was written or deleted. */
export class OutputConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutputConflictError';
  }
}

/** Every file below `dir`, relative to it (sorted). */
function filesBelow(dir: string): string[] {
  const found: string[] = [];
  const walk = (current: string) => {
    for (const name of readdirSync(current).sort()) {
      const path = join(current, name);
      if (statSync(path).isDirectory()) walk(path);
      else found.push(relative(dir, path));
    }
  };
  walk(dir);
  return found;
}

function readManifest(dir: string): OutputManifest | undefined {
  const file = join(dir, OUTPUT_MANIFEST);
  if (!existsSync(file)) return undefined;
  try {
    const manifest = JSON.parse(readFileSync(file, 'utf8')) as Partial<OutputManifest>;
    if (manifest.writer === WRITER && Array.isArray(manifest.files)) return manifest as OutputManifest;
  } catch {
    // not ours
  }
  return undefined;
}

/** Staging folder of a stack, next to it: `.vks-bigip-staging.<stack>` is never a name users pick. */
function stagingOf(outdir: string, stackName: string): string {
  return join(outdir, `.vks-bigip-staging.${stackName}`);
}

/**
 * Checks, before anything is written, that `<outdir>/<stack>/` holds only files an earlier synth wrote
 * (or does not exist), and that its staging folder, if left over, is ours. Throws OutputConflictError
 * naming the foreign files otherwise.
 */
export function checkStackOutputTarget(outdir: string, stackName: string): void {
  const target = join(outdir, stackName);
  if (existsSync(target)) {
    if (!statSync(target).isDirectory()) {
      throw new OutputConflictError(
        `${target} exists and is not a folder; vks-bigip writes stack ${stackName} there`,
      );
    }
    const manifest = readManifest(target);
    const ours = new Set([...(manifest?.files ?? []), OUTPUT_MANIFEST]);
    const foreign = filesBelow(target).filter((file) => !ours.has(file));
    if (foreign.length > 0) {
      const shown =
        foreign.slice(0, 5).join(', ') + (foreign.length > 5 ? `, … (${foreign.length} in all)` : '');
      throw new OutputConflictError(
        `${target} holds files vks-bigip did not write (${shown}); it replaces only its own output. Move them, or choose another --out`,
      );
    }
  }
  const staging = stagingOf(outdir, stackName);
  if (existsSync(staging) && !readManifest(staging)) {
    const left = filesBelow(staging);
    if (left.length > 0)
      throw new OutputConflictError(
        `${staging} holds files vks-bigip did not write; remove it or choose another --out`,
      );
  }
}

/** Writes one file; a large file kept in pieces (index.json of a large stack) is written piece by piece. */
function writeContent(file: string, files: ReadonlyMap<string, string>, path: string): void {
  if (!(files instanceof FileStore)) {
    writeFileSync(file, files.get(path) ?? '');
    return;
  }
  const fd = openSync(file, 'w');
  try {
    for (const piece of files.pieces(path)) writeFileSync(fd, piece);
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes a synthesized stack into `<outdir>/<stack>/`, replacing only what an earlier synth wrote there
 * (recorded in `OUTPUT_MANIFEST`); a folder with other files is refused, untouched. Files go to a
 * staging folder first and are swapped in, so a failure never leaves a half-written stack. Returns the
 * paths written.
 */
export function writeStackOutput(outdir: string, output: StackOutput): string[] {
  checkStackOutputTarget(outdir, output.stackName);
  const target = join(outdir, output.stackName);
  const staging = stagingOf(outdir, output.stackName);
  rmSync(staging, { recursive: true, force: true });
  const relativeOf = (path: string) => path.slice(output.stackName.length + 1);
  const relatives = [...output.files.keys()].map(relativeOf);
  // Each folder once: a recursive mkdir per file costs more than the writes themselves.
  for (const folder of new Set(relatives.map((f) => dirname(join(staging, f)))))
    mkdirSync(folder, { recursive: true });
  const written: string[] = [];
  // One content at a time: a large output may hold its files compressed until they are written.
  for (const path of output.files.keys()) {
    const file = relativeOf(path);
    writeContent(join(staging, file), output.files, path);
    written.push(join(target, file));
  }
  const manifest: OutputManifest = {
    writer: WRITER,
    stack: output.stackName,
    files: relatives.sort(),
  };
  writeFileSync(join(staging, OUTPUT_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  // The target holds only files of ours (checked above), so it can go as a whole.
  rmSync(target, { recursive: true, force: true });
  renameSync(staging, target);
  return written;
}
