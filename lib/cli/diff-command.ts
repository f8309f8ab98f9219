import { CommanderError, Option, type Command } from 'commander';
import { DEFAULT_APP_FILE } from '../core/app-file';
import { CommandError, UsageError } from './usage-error';

export interface DiffOptions {
  stack?: string[];
  against?: string;
  git?: string;
  format: string;
  exitCode: boolean;
  app: string;
  live: boolean;
  config?: string;
  auth: string;
}

const FORMATS = ['text', 'markdown', 'json'];

export function registerDiffCommand(program: Command): void {
  program
    .command('diff')
    .description(
      'show what a change does before anyone applies it: the synthesized output against an earlier one (dist/, --against DIR or --git REF), or with --live against the BIG-IP (read-only)',
    )
    .option('-s, --stack <name...>', 'compare only these stacks')
    .option('--against <dir>', 'an earlier output folder (default: dist)')
    .option('--git <ref>', 'the same app at a git ref, synthesized in a temporary worktree')
    .addOption(new Option('--format <format>', 'output format').choices(FORMATS).default('text'))
    .option('--exit-code', 'exit 1 when something changes (0 when nothing does, 2 on error)', false)
    .option('--app <file>', 'module exporting createApp()', DEFAULT_APP_FILE)
    .option(
      '--live',
      'compare each declared tenant with the BIG-IP: GET /declare/<tenant>, an AS3 dry run, unmanaged tenants (never writes)',
      false,
    )
    .option(
      '--config <file>',
      "--live: device credentials as `pulumi config --json --show-secrets` prints them (key 'vks-bigip:devices'); else env VKS_BIGIP_DEVICES or VKS_BIGIP_USERNAME/VKS_BIGIP_PASSWORD",
    )
    .addOption(
      new Option('--auth <mode>', '--live: basic auth (no login token is created) or token auth')
        .choices(['basic', 'token'])
        .default('basic'),
    )
    .addHelpText(
      'after',
      '\nExit codes: 0 nothing changes (or changes without --exit-code), 1 something changes and --exit-code was given, 2 an error.',
    )
    .exitOverride((error) => {
      // Usage mistakes end with 2 like every other error of this command; --help with 0.
      throw error.exitCode === 0 ? error : new CommanderError(2, error.code, error.message);
    })
    .action((options: DiffOptions) => runDiffCommand(options));
}

async function runDiffCommand(options: DiffOptions): Promise<void> {
  try {
    // Loaded here, so that `vks-bigip --help` does not pay for them.
    const { runDiff } = require('./diff-run') as typeof import('./diff-run');
    const changed = await runDiff(options);
    process.exitCode = changed && options.exitCode ? 1 : 0;
  } catch (error) {
    if (error instanceof CommandError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new CommandError(error instanceof UsageError ? message : message, 2, error);
  }
}
