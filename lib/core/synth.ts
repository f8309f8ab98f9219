import { Annotations, type Warning } from './annotations';
import type { App } from './app';
import { isArtifactSource, sha256OfChunks, SynthContext } from './artifacts';
import { compactConstructTree } from './compact-tree';
import { FileStore } from './file-store';
import { foreignCopyOf } from './brand';
import { flatCanonicalJsonChunks, indexJsonChunks } from './canonical';
import { pathOf, SynthError, type SynthProblem } from './errors';
import { IN_MEMORY_FIELDS, type SynthRecords } from './records';
import type { Stack } from './stack';
import { GITATTRIBUTES, REVIEW_FILE, writeReview } from '../review/review-markdown';

/** The output of one stack: its files and the typed records review and deployment read. */
export interface StackOutput {
  readonly stackName: string;
  /** Files keyed by their path relative to the output root (`<stack>/...`). */
  readonly files: ReadonlyMap<string, string>;
  readonly warnings: readonly Warning[];
  /** sha256 over every file's path and hash: one value that changes when any output changes. */
  readonly outputHash: string;
  /** Clusters, devices, partitions, declarations, virtual servers and manifests in apply order. */
  readonly records: SynthRecords;
}

/** Runs every construct's validations and returns all errors, each with its construct path. */
export function collectValidationErrors(stack: Stack): SynthProblem[] {
  return stack._withFrozenTree(() => validateFrozenStack(stack));
}

function validateFrozenStack(stack: Stack): SynthProblem[] {
  const problems: SynthProblem[] = [];
  // The tree is complete from here on: give back the spare room its bookkeeping was allocated with.
  compactConstructTree(stack.allConstructs());
  for (const construct of stack.allConstructs()) {
    const copy = foreignCopyOf(construct);
    if (copy !== undefined) {
      problems.push({
        path: pathOf(construct),
        message: `was created by another copy of vks-bigip (loaded from ${copy}) than the one synthesizing; two copies do not see each other's constructs. Install vks-bigip once: team libraries list it as a peer dependency (check with npm ls vks-bigip)`,
      });
      continue;
    }
    for (const message of construct.node.validate()) {
      problems.push({ path: pathOf(construct), message });
    }
  }
  return problems;
}

/**
 * Synthesizes one stack in memory. Validation errors and render errors are collected and thrown
 * together as one SynthError, so a caller never sees half a result.
 */
export function synthesizeStack(stack: Stack): StackOutput {
  return stack._withFrozenTree(() => synthesizeFrozenStack(stack));
}

function synthesizeFrozenStack(stack: Stack): StackOutput {
  const validationProblems = validateFrozenStack(stack);
  if (validationProblems.length > 0) throw new SynthError(validationProblems);
  stack._forgetLookups();

  const context = new SynthContext(stack);
  for (const construct of stack.allConstructs()) {
    if (isArtifactSource(construct)) construct.renderArtifacts(context);
  }
  context._finish();
  if (context.problems.length > 0) throw new SynthError(context.problems);
  for (const warning of Annotations.of(stack).allWarnings(stack.allConstructs())) {
    context.addRecord('warnings', { name: `${warning.id} ${warning.path}`, ...warning });
  }
  // Review aids, from the finished records: REVIEW.md, and .gitattributes collapsing everything else.
  context.addFileInChunks(REVIEW_FILE, stack, (write) =>
    writeReview(stack.stackName, stack.description, context._records(), write),
  );
  context.addFile('.gitattributes', GITATTRIBUTES, stack);

  const paths = context._paths();
  const fileHashes: Record<string, string> = {};
  for (const path of paths) fileHashes[path] = context._hashOf(path);
  const outputHash = sha256OfChunks(flatCanonicalJsonChunks(fileHashes));
  const records = context._records();
  const index = {
    stack: stack.stackName,
    description: stack.description,
    outputHash,
    files: fileHashes,
    ...nonEmptySections(records),
  };

  const files = new FileStore();
  for (const path of paths) files.adopt(`${stack.stackName}/${path}`, context._store(), path);
  files.setChunks(`${stack.stackName}/index.json`, indexJsonChunks(index, ['stack'], IN_MEMORY_FIELDS));
  return {
    stackName: stack.stackName,
    files,
    warnings: Annotations.of(stack).unacknowledgedWarnings(stack.allConstructs()),
    outputHash,
    records,
  };
}

/** The sections of the records `index.json` holds: the non-empty ones (in-memory fields are left out as it is written). */
function nonEmptySections(records: SynthRecords): Record<string, readonly object[]> {
  const sections: Record<string, readonly object[]> = {};
  for (const [section, entries] of Object.entries(records) as Array<[keyof SynthRecords, object[]]>) {
    if (entries.length > 0) sections[section] = entries;
  }
  return sections;
}

export interface SynthesizeAppOptions {
  /**
   * Names of the stacks to synthesize.
   * @default - every stack of the app
   */
  readonly stacks?: readonly string[];
  /**
   * Treat unacknowledged warnings as errors.
   * @default false
   */
  readonly strict?: boolean;
  /**
   * Called before each stack is synthesized (progress reporting).
   * @default - nothing
   */
  readonly onStack?: (stackName: string) => void;
}

/** The outputs of the synthesized stacks, in the order they were asked for. */
export interface AppOutput {
  readonly stacks: readonly StackOutput[];
  /** Unacknowledged warnings of every stack. */
  readonly warnings: readonly Warning[];
}

/**
 * Synthesizes the stacks of an app in memory: what `vks-bigip synth`, `validate`, the Pulumi program
 * and the bench all run. Every problem of every stack is thrown at once as one SynthError; an unknown
 * stack name throws the app's error listing the names that exist.
 */
export function synthesizeApp(app: App, options: SynthesizeAppOptions = {}): AppOutput {
  const stacks = options.stacks?.length ? options.stacks.map((name) => app.stack(name)) : app.stacks;
  const outputs: StackOutput[] = [];
  const problems: SynthProblem[] = [];
  for (const stack of stacks) {
    options.onStack?.(stack.stackName);
    try {
      outputs.push(synthesizeStack(stack));
    } catch (error) {
      if (!(error instanceof SynthError)) throw error;
      problems.push(...error.problems);
    }
  }
  const warnings = outputs.flatMap((o) => o.warnings);
  if (options.strict) {
    problems.push(
      ...warnings.map((w) => ({
        path: w.path,
        message: `warning ${w.id} is not acknowledged (--strict): ${w.message}`,
      })),
    );
  }
  if (problems.length > 0) throw new SynthError(problems, warnings);
  return { stacks: outputs, warnings };
}
