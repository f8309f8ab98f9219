import type { Command } from 'commander';
import { SynthError } from '../core/errors';
import { DEFAULT_APP_FILE, loadApp } from '../core/load-app';
import { join } from 'node:path';
import { checkStackOutputTarget, OutputConflictError, writeStackOutput } from '../core/output';
import { synthesizeApp, type AppOutput } from '../core/synth';
import { checkDeclarationsAgainstSchema } from './as3-schema-check';
import { synthesizeForCli } from './synthesize';
import { checkOutDir } from './out-dir';
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
  checkOutDir(options.out);
  // Everything is synthesized and checked before the first file is written.
  const output: AppOutput = synthesizeForCli(terminal, loadApp(options.app), options.app, (app) =>
    synthesizeApp(app, {
      stacks: options.stack,
      strict: options.strict,
      onStack: (name) => terminal.progress(`synthesizing ${name}…`),
    }),
  );

  const schemaFile = options.as3Schema ?? process.env.VKS_BIGIP_AS3_SCHEMA;
  if (schemaFile) {
    terminal.progress(`checking AS3 declarations against ${schemaFile}…`);
    const { failures } = checkDeclarationsAgainstSchema(output.stacks, schemaFile);
    if (failures.length > 0) {
      throw new SynthError(failures.map((f) => ({ path: f.location, message: `AS3 schema: ${f.message}` })));
    }
  }

  // A stack folder holding files this tool did not write is refused before any stack is written.
  try {
    for (const stack of output.stacks) checkStackOutputTarget(options.out, stack.stackName);
  } catch (error) {
    if (error instanceof OutputConflictError) throw new UsageError(error.message);
    throw error;
  }
  for (const stack of output.stacks) {
    const written = writeStackOutput(options.out, stack);
    terminal.progress(
      `wrote ${written.length} files to ${join(options.out, stack.stackName)}/ (output hash ${stack.outputHash.slice(0, 12)})`,
    );
  }
}
