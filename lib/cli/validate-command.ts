// Registration only: the command's work (and what it loads: cdk8s, the constructs, the app) is required
// when the command runs, so that `--help` stays light.
import type { Command } from 'commander';
import { DEFAULT_APP_FILE } from '../core/app-file';

export interface ValidateOptions {
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
  (require('./validate-run') as typeof import('./validate-run')).runValidate(options);
}
