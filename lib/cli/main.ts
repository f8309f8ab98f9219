import { Command, CommanderError } from 'commander';
import { createTerminal } from './terminal';
import { AppLoadError } from '../core/errors';
import { CommandError, UsageError } from './usage-error';

/** Every command of the CLI; each file adds one (`vks-bigip <command> --help`). */
function buildProgram(): Command {
  const program = new Command('vks-bigip')
    .description('Synthesize and reconcile Kubernetes manifests and BIG-IP AS3 declarations for VKS clusters')
    .option('--verbose', 'print stack traces and debug details on errors', false)
    .showHelpAfterError()
    .exitOverride();
  for (const register of commandRegistrations()) {
    register(program);
  }
  return program;
}

/** Lazily loaded so that `vks-bigip --help` does not pay for loading every command's dependencies. */
function commandRegistrations(): Array<(program: Command) => void> {
  return [
    (p) => require('./synth-command').registerSynthCommand(p),
    (p) => require('./validate-command').registerValidateCommand(p),
    (p) => require('./simulator-command').registerSimulatorCommand(p),
    (p) => require('./diff-command').registerDiffCommand(p),
  ];
}

/** Runs the CLI; sets process.exitCode (0 only on success) and never throws. */
export async function main(argv: string[]): Promise<void> {
  const terminal = createTerminal();
  const verbose = argv.includes('--verbose');
  const program = buildProgram();
  program.configureOutput({
    writeErr: (text) => process.stderr.write(text),
    writeOut: (text) => process.stdout.write(text),
  });
  try {
    await program.parseAsync(argv);
    if (process.exitCode === undefined) process.exitCode = 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end with exit code 0; usage mistakes with commander's code.
      process.exitCode = error.exitCode;
      return;
    }
    if (error instanceof UsageError || (error instanceof AppLoadError && error.usage)) {
      terminal.error(error.message);
      process.exitCode = 2;
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    terminal.error(message);
    const original =
      error instanceof CommandError && error.original instanceof Error ? error.original : error;
    if (verbose && original instanceof Error && original.stack) {
      process.stderr.write(`${original.stack}\n`);
    }
    process.exitCode = error instanceof CommandError ? error.exitCode : 1;
  }
}
