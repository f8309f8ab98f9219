import type { SynthOptions } from './synth-command';
import { SynthError } from '../core/errors';
import { loadApp } from '../core/load-app';
import { join } from 'node:path';
import { checkStackOutputTarget, OutputConflictError, writeStackOutput } from '../core/output';
import { synthesizeApp, type AppOutput } from '../core/synth';
import { synthesizeForCli } from './synthesize';
import { checkOutDir } from './out-dir';
import { createTerminal } from './terminal';
import { UsageError } from './usage-error';

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
    // Loaded only here: the schema validator (ajv) is the heaviest module a synth could load.
    const { checkDeclarationsAgainstSchema } =
      require('./as3-schema-check') as typeof import('./as3-schema-check');
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
