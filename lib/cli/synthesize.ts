import type { App } from '../core/app';
import { StackNotFoundError, SynthError } from '../core/errors';
import type { AppOutput } from '../core/synth';
import type { Terminal } from './terminal';
import { UsageError } from './usage-error';

/**
 * Runs a synthesis for a command: prints every unacknowledged warning (also when a stack fails), and
 * turns an unknown stack name into a usage error.
 */
export function synthesizeForCli(
  terminal: Terminal,
  app: App,
  appFile: string,
  synthesize: (app: App) => AppOutput,
): AppOutput {
  let output: AppOutput;
  try {
    if (app.stacks.length === 0) throw new UsageError(`${appFile} defines no stacks`);
    output = synthesize(app);
  } catch (error) {
    if (error instanceof StackNotFoundError) throw new UsageError(error.message);
    if (error instanceof SynthError) printWarnings(terminal, error.warnings);
    throw error;
  }
  printWarnings(terminal, output.warnings);
  return output;
}

function printWarnings(terminal: Terminal, warnings: AppOutput['warnings']): void {
  for (const w of warnings)
    terminal.warn(
      `[${w.path}] ${w.message} (${w.id}; acknowledge with Annotations.of(construct).acknowledgeWarning('${w.id}', reason))`,
    );
}
