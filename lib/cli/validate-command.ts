import type { Command } from 'commander';
import { DEFAULT_APP_FILE, loadApp } from '../core/load-app';
import { synthesizeApp } from '../core/synth';
import { checkDeclarationsAgainstSchema } from './as3-schema-check';
import { synthesizeForCli } from './synthesize';
import { createTerminal } from './terminal';
import { UsageError } from './usage-error';

interface ValidateOptions {
  stack?: string[];
  app: string;
  as3Schema?: string;
}

export function registerValidateCommand(program: Command): void {
  program
    .command('validate')
    .description(
      'synthesize in memory and check every AS3 declaration against an official AS3 schema file; writes nothing',
    )
    .option('-s, --stack <name...>', 'validate only these stacks')
    .option('--app <file>', 'module exporting createApp()', DEFAULT_APP_FILE)
    .option(
      '--as3-schema <file>',
      'official AS3 JSON schema, e.g. as3-schema-3.56.0-10.json (or env VKS_BIGIP_AS3_SCHEMA)',
    )
    .action((options: ValidateOptions) => runValidate(options));
}

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
