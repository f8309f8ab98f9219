import type { Command } from 'commander';
import { SynthError, type SynthProblem } from '../core/errors';
import { writeStackOutput } from '../core/output';
import { synthesizeStack, type StackOutput } from '../core/synth';
import { checkDeclarationsAgainstSchema } from './as3-schema-check';
import { DEFAULT_APP_FILE, loadApp } from './load-app';
import { createTerminal } from './terminal';
import { UsageError } from './usage-error';

interface SynthOptions {
  stack?: string[];
  out: string;
  app: string;
  strict: boolean;
  as3Schema?: string;
}

export function registerSynthCommand(program: Command): void {
  program
    .command('synth')
    .description('synthesize Kubernetes manifests and BIG-IP declarations of every stack (or one) into dist/')
    .option('-s, --stack <name...>', 'synthesize only these stacks')
    .option('-o, --out <dir>', 'output directory', 'dist')
    .option('--app <file>', 'module exporting createApp()', DEFAULT_APP_FILE)
    .option('--strict', 'treat unacknowledged warnings as errors', false)
    .option(
      '--as3-schema <file>',
      'also check every AS3 declaration against this official AS3 schema (or env VKS_BIGIP_AS3_SCHEMA)',
    )
    .action((options: SynthOptions) => runSynth(options));
}

export function runSynth(options: SynthOptions): void {
  const terminal = createTerminal();
  const app = loadApp(options.app);
  const stacks = options.stack?.length ? options.stack.map((name) => findStack(app, name)) : app.stacks;
  if (stacks.length === 0) throw new UsageError(`${options.app} defines no stacks`);

  // Everything is synthesized and checked before the first file is written.
  const outputs: StackOutput[] = [];
  const problems: SynthProblem[] = [];
  for (const stack of stacks) {
    terminal.progress(`synthesizing ${stack.stackName}…`);
    try {
      outputs.push(synthesizeStack(stack));
    } catch (error) {
      if (!(error instanceof SynthError)) throw error;
      problems.push(...error.problems);
    }
  }
  const warnings = outputs.flatMap((o) => o.warnings);
  for (const w of warnings)
    terminal.warn(
      `[${w.path}] ${w.message} (${w.id}; acknowledge with Annotations.of(construct).acknowledgeWarning('${w.id}', reason))`,
    );
  if (options.strict) {
    problems.push(
      ...warnings.map((w) => ({
        path: w.path,
        message: `warning ${w.id} is not acknowledged (--strict): ${w.message}`,
      })),
    );
  }
  if (problems.length > 0) throw new SynthError(problems);

  const schemaFile = options.as3Schema ?? process.env.VKS_BIGIP_AS3_SCHEMA;
  if (schemaFile) {
    terminal.progress(`checking AS3 declarations against ${schemaFile}…`);
    const { failures } = checkDeclarationsAgainstSchema(outputs, schemaFile);
    if (failures.length > 0) {
      throw new SynthError(failures.map((f) => ({ path: f.location, message: `AS3 schema: ${f.message}` })));
    }
  }

  for (const output of outputs) {
    const written = writeStackOutput(options.out, output);
    terminal.progress(
      `wrote ${written.length} files to ${options.out}/${output.stackName}/ (output hash ${output.outputHash.slice(0, 12)})`,
    );
  }
}

function findStack(app: ReturnType<typeof loadApp>, name: string) {
  try {
    return app.stack(name);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
