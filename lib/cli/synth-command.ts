// Registration only: the command's work (and what it loads: cdk8s, the constructs, the app) is required
// when the command runs, so that `--help` stays light.
import type { Command } from 'commander';
import { DEFAULT_APP_FILE } from '../core/app-file';

export interface SynthOptions {
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
  (require('./synth-run') as typeof import('./synth-run')).runSynth(options);
}
