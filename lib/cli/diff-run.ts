import { existsSync } from 'node:fs';
import { loadApp } from '../core/load-app';
import { synthesizeApp, type AppOutput } from '../core/synth';
import { buildReport, formatJson, formatMarkdown, formatText, type DiffReport } from '../review/diff-format';
import { synthesizeAtRef, type GitBase } from '../review/git-base';
import { readStackSnapshot, snapshotOf, stacksIn, type StackSnapshot } from '../review/snapshot';
import { diffStack } from '../review/stack-diff';
import type { DiffOptions } from './diff-command';
import { synthesizeForCli } from './synthesize';
import { createTerminal, useColour, type Terminal } from './terminal';
import { UsageError } from './usage-error';

const PAINT = { add: 32, remove: 31, change: 33, head: 1 } as const;

/** Prints the report in the asked format on stdout; colour only for text on a TTY. */
export function printReport(report: DiffReport, format: string, terminal: Terminal): void {
  const colour = useColour(process.stdout);
  const text =
    format === 'json'
      ? formatJson(report)
      : format === 'markdown'
        ? formatMarkdown(report)
        : formatText(report, (kind, line) => (colour ? `\u001b[${PAINT[kind]}m${line}\u001b[0m` : line));
  void terminal;
  process.stdout.write(text);
}

/** `vks-bigip diff`: returns whether anything changes. */
export async function runDiff(options: DiffOptions): Promise<boolean> {
  const terminal = createTerminal();
  if (options.against !== undefined && options.git !== undefined) {
    throw new UsageError('--against and --git are two ways to name the base; give one of them');
  }
  if (options.live) {
    if (options.against !== undefined || options.git !== undefined)
      throw new UsageError('--live compares with the BIG-IP; it takes neither --against nor --git');
    const { runLiveDiff } = require('./diff-live') as typeof import('./diff-live');
    return runLiveDiff(options, terminal);
  }
  if (options.config !== undefined) throw new UsageError('--config is for --live');

  let base: GitBase | undefined;
  try {
    // The base first: an unknown ref or a missing folder is reported before any synthesis.
    let dir = options.against ?? 'dist';
    let label = `\`${dir}\``;
    if (options.git !== undefined) {
      base = await synthesizeAtRef({
        ref: options.git,
        appFile: options.app,
        onProgress: (line) => terminal.status(line),
      });
      dir = base.dir;
      label = `git \`${base.label}\``;
    } else if (!existsSync(dir)) {
      throw new UsageError(
        `${dir} does not exist: run vks-bigip synth first, or compare with --against DIR or --git REF`,
      );
    }
    terminal.status('synthesizing the app in memory…');
    const output: AppOutput = synthesizeForCli(terminal, loadApp(options.app), options.app, (app) =>
      synthesizeApp(app, {
        stacks: options.stack,
        onStack: (name) => terminal.status(`synthesizing ${name}…`),
      }),
    );
    const now = new Map(output.stacks.map((s) => [s.stackName, snapshotOf(s)]));
    const available = stacksIn(dir);
    const names = options.stack?.length
      ? [...options.stack]
      : [...new Set([...now.keys(), ...available])].sort();
    const before = new Map<string, StackSnapshot>();
    for (const name of names) if (available.includes(name)) before.set(name, readStackSnapshot(dir, name));
    const report = buildReport(
      label,
      names.map((name) => diffStack(name, before.get(name), now.get(name))),
    );
    printReport(report, options.format, terminal);
    return report.changed;
  } finally {
    base?.cleanup();
  }
}
