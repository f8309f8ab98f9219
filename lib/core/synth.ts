import { Annotations, type Warning } from './annotations';
import { isArtifactSource, sha256, SynthContext } from './artifacts';
import { toCanonicalJson } from './canonical';
import { pathOf, SynthError, type SynthProblem } from './errors';
import type { Stack } from './stack';

/** The output of one stack: files keyed by their path relative to the output root (`<stack>/...`). */
export interface StackOutput {
  readonly stackName: string;
  readonly files: ReadonlyMap<string, string>;
  readonly warnings: readonly Warning[];
  /** sha256 over every file's path and hash: one value that changes when any output changes. */
  readonly outputHash: string;
  /** In-memory data renderers attached for the Pulumi program (`SynthContext.setMetadata`). */
  readonly metadata: ReadonlyMap<string, unknown>;
}

/** Runs every construct's validations and returns all errors, each with its construct path. */
export function collectValidationErrors(stack: Stack): SynthProblem[] {
  return stack._withFrozenTree(() => validateFrozenStack(stack));
}

function validateFrozenStack(stack: Stack): SynthProblem[] {
  const problems: SynthProblem[] = [];
  for (const construct of stack.allConstructs()) {
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

  const context = new SynthContext(stack);
  for (const construct of stack.allConstructs()) {
    if (isArtifactSource(construct)) construct.renderArtifacts(context);
  }
  context._finishCollectors();
  if (context.problems.length > 0) throw new SynthError(context.problems);

  const stackFiles = context._files();
  const fileHashes: Record<string, string> = {};
  for (const [path, content] of stackFiles) fileHashes[path] = sha256(content);
  const outputHash = sha256(toCanonicalJson(fileHashes));
  const index = {
    stack: stack.stackName,
    description: stack.description,
    outputHash,
    files: fileHashes,
    ...context._indexSections(),
  };

  const files = new Map<string, string>();
  for (const [path, content] of stackFiles) files.set(`${stack.stackName}/${path}`, content);
  files.set(`${stack.stackName}/index.json`, toCanonicalJson(index, ['stack']));
  return {
    stackName: stack.stackName,
    files,
    warnings: Annotations.of(stack).unacknowledgedWarnings(stack.allConstructs()),
    outputHash,
    metadata: context._metadata(),
  };
}
