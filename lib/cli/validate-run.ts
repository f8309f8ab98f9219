import type { ValidateOptions } from './validate-command';
import { loadApp } from '../core/load-app';
import { synthesizeApp } from '../core/synth';
import { checkDeclarationsAgainstSchema } from './as3-schema-check';
import { synthesizeForCli } from './synthesize';
import { createTerminal } from './terminal';
import { UsageError } from './usage-error';

export function runValidate(options: ValidateOptions): void {
  const terminal = createTerminal();
  const schemaFile = options.as3Schema ?? process.env.VKS_BIGIP_AS3_SCHEMA;
  if (!schemaFile) {
    throw new UsageError(
      'validate needs --as3-schema <file>: the official AS3 schema (as3-schema-<version>.json from F5 f5-appsvcs-extension releases)',
    );
  }
  const { stacks: outputs } = synthesizeForCli(terminal, loadApp(options.app), options.app, (app) =>
    synthesizeApp(app, { stacks: options.stack }),
  );

  terminal.progress(`loading ${schemaFile}…`);
  const { checked, failures } = checkDeclarationsAgainstSchema(outputs, schemaFile);
  for (const failure of failures) terminal.error(`${failure.location}: ${failure.message}`);
  const failed = new Set(failures.map((f) => f.location));
  for (const { location } of checked) if (!failed.has(location)) terminal.out(`ok ${location}`);
  terminal.progress(`${checked.length} declaration(s) checked, ${failed.size} invalid`);
  if (failed.size > 0) process.exitCode = 1;
}
