import * as fs from 'node:fs';
import type { Command } from 'commander';
import type { DeviceInventory, RunningSimulator, SimulatorOptions } from '../simulator';
import { createTerminal } from './terminal';
import { UsageError } from './usage-error';

interface SimulatorCommandOptions {
  host: string;
  port: string;
  username: string;
  password?: string;
  passwordFile?: string;
  showPassword?: boolean;
  state?: string;
  as3Schema?: string;
  inventory?: string;
  tlsCert?: string;
  tlsKey?: string;
  latencyMs: string;
}

/** The environment variable the simulator reads its password from. */
export const PASSWORD_ENV = 'VKS_BIGIP_SIMULATOR_PASSWORD';
const DEFAULT_PASSWORD = 'admin';

export function registerSimulatorCommand(program: Command): void {
  program
    .command('simulator')
    .description(
      'run a local BIG-IP AS3 endpoint (try pulumi up or diff --live on a laptop, no BIG-IP needed)',
    )
    .option('--host <address>', 'address to listen on (loopback keeps it private)', '127.0.0.1')
    .option('--port <n>', 'TCP port; 0 lets the system pick a free one', '0')
    .option('--username <name>', 'user name the simulator accepts', 'admin')
    .option(
      '--password-file <file>',
      `read the password the simulator accepts from this file (its first line)`,
    )
    .option(
      '--password <secret>',
      `password the simulator accepts; other local users can read it in the process list, so prefer ${PASSWORD_ENV} or --password-file (default: "${DEFAULT_PASSWORD}")`,
    )
    .option(
      '--show-password',
      'print the password with the URL and user name (it is never printed otherwise)',
    )
    .option('--state <file>', 'keep stored declarations and tasks in this JSON file across restarts')
    .option(
      '--inventory <file>',
      'JSON {commonObjects: ["/Common/…"], routeDomains: [0, …]}: what the device has; turns on the device-state rules',
    )
    .option(
      '--as3-schema <file>',
      'validate like AS3 with the official schema file (e.g. as3-schema-3.56.0-10.json)',
    )
    .option('--tls-cert <file>', 'serve HTTPS with this PEM certificate (needs --tls-key)')
    .option('--tls-key <file>', 'PEM private key of --tls-cert')
    .option(
      '--latency-ms <ms>',
      'time each declaration holds the AS3 lock, to see 503s from concurrent writers',
      '0',
    )
    .addHelpText(
      'after',
      `\nThe password comes from --password or --password-file, else from the environment variable\n` +
        `${PASSWORD_ENV}, else it is "${DEFAULT_PASSWORD}". It is printed only with --show-password.\n` +
        '\nPoint the BIG-IP client (or the Pulumi provider) at the printed URL with the user name and that\n' +
        'password. Stop with Ctrl+C (SIGINT) or SIGTERM.',
    )
    .action((options: SimulatorCommandOptions) => runSimulator(options));
}

/** Where the password came from, for the start-up lines. */
type PasswordSource = '--password' | '--password-file' | typeof PASSWORD_ENV | 'default';

function resolvePassword(
  options: SimulatorCommandOptions,
  env: NodeJS.ProcessEnv,
): { password: string; source: PasswordSource } {
  if (options.password !== undefined && options.passwordFile !== undefined) {
    throw new UsageError('--password and --password-file are alternatives; give one of them');
  }
  if (options.password !== undefined) {
    if (!options.password) throw new UsageError('--password must not be empty');
    return { password: options.password, source: '--password' };
  }
  if (options.passwordFile !== undefined) {
    let text: string;
    try {
      text = fs.readFileSync(options.passwordFile, 'utf8');
    } catch (error) {
      throw new UsageError(
        `--password-file: cannot read ${options.passwordFile} (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
      );
    }
    const password = text.split(/\r?\n/)[0] ?? '';
    if (!password)
      throw new UsageError(`--password-file: the first line of ${options.passwordFile} is empty`);
    return { password, source: '--password-file' };
  }
  const fromEnv = env[PASSWORD_ENV];
  if (fromEnv !== undefined && fromEnv !== '') return { password: fromEnv, source: PASSWORD_ENV };
  return { password: DEFAULT_PASSWORD, source: 'default' };
}

function describePassword(source: PasswordSource, file: string | undefined): string {
  const where =
    source === 'default'
      ? 'the default, see --help'
      : source === '--password-file'
        ? `from --password-file ${file}`
        : `from ${source}`;
  return `(${where}; --show-password prints it)`;
}

export async function runSimulator(
  options: SimulatorCommandOptions,
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  const terminal = createTerminal();
  const { password, source } = resolvePassword(options, env);
  const simulatorOptions: SimulatorOptions = {
    ...toSimulatorOptions(options, password),
    onWarning: (message) => terminal.warn(message),
  };
  // Loaded here so that `vks-bigip --help` does not load the simulator (and ajv).
  const { startSimulator } = require('../simulator') as typeof import('../simulator');
  let simulator: RunningSimulator;
  try {
    simulator = await startSimulator(simulatorOptions);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new Error(`port ${options.port} on ${options.host} is already in use`);
    if (code === 'EADDRNOTAVAIL') throw new Error(`address ${options.host} is not available on this machine`);
    throw error;
  }
  terminal.out(`url: ${simulator.url}`);
  terminal.out(`username: ${simulator.username}`);
  terminal.out(
    `password: ${options.showPassword ? password : describePassword(source, options.passwordFile)}`,
  );
  terminal.progress(
    `${terminal.bold('BIG-IP AS3 simulator')} (AS3 3.56.0) listening on ${simulator.url}` +
      (options.state ? `, state in ${options.state}` : ', state in memory') +
      (options.as3Schema
        ? `, validating with ${options.as3Schema}`
        : ', structural validation only (no --as3-schema)'),
  );
  if (options.host !== '127.0.0.1' && options.host !== '::1' && options.host !== 'localhost') {
    terminal.warn(
      source === 'default'
        ? `listening on ${options.host} with the default credentials: anyone who can reach it can use it`
        : `listening on ${options.host}: other machines can reach the simulator`,
    );
  }
  terminal.progress('press Ctrl+C to stop');
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    const onSignal = (name: NodeJS.Signals) => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolve(name);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
  terminal.progress(`${signal} received, stopping`);
  await simulator.close();
  terminal.progress('stopped');
}

function toSimulatorOptions(options: SimulatorCommandOptions, password: string): SimulatorOptions {
  const port = Number(options.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UsageError(`--port must be an integer between 0 and 65535, got ${options.port}`);
  }
  const latencyMs = Number(options.latencyMs);
  if (!Number.isFinite(latencyMs) || latencyMs < 0) {
    throw new UsageError(`--latency-ms must be a number of milliseconds, got ${options.latencyMs}`);
  }
  if (!options.username) throw new UsageError('--username must not be empty');
  if ((options.tlsCert === undefined) !== (options.tlsKey === undefined)) {
    throw new UsageError('--tls-cert and --tls-key go together');
  }
  if (options.as3Schema !== undefined && !fs.existsSync(options.as3Schema)) {
    throw new UsageError(`--as3-schema: no such file ${options.as3Schema}`);
  }
  return {
    host: options.host,
    port,
    username: options.username,
    password,
    ...(options.state !== undefined ? { stateFile: options.state } : {}),
    ...(options.as3Schema !== undefined ? { as3SchemaFile: options.as3Schema } : {}),
    ...(options.inventory !== undefined ? { inventory: readInventory(options.inventory) } : {}),
    ...(options.tlsCert !== undefined && options.tlsKey !== undefined
      ? { tls: { cert: readPem(options.tlsCert, '--tls-cert'), key: readPem(options.tlsKey, '--tls-key') } }
      : {}),
    faults: { declarationLatencyMs: latencyMs },
  };
}

function readInventory(file: string): DeviceInventory {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`--inventory: cannot read ${file} as JSON (${(error as Error).message})`);
  }
  const value = parsed as { commonObjects?: unknown; routeDomains?: unknown } | null;
  const objects = value?.commonObjects;
  const domains = value?.routeDomains;
  if (objects !== undefined && !(Array.isArray(objects) && objects.every((o) => typeof o === 'string'))) {
    throw new UsageError(`--inventory: commonObjects in ${file} must be a list of /Common paths`);
  }
  if (
    domains !== undefined &&
    !(Array.isArray(domains) && domains.every((d) => Number.isInteger(d) && d >= 0 && d <= 65535))
  ) {
    throw new UsageError(`--inventory: routeDomains in ${file} must be a list of ids 0–65535`);
  }
  return {
    ...(objects !== undefined ? { commonObjects: objects as string[] } : {}),
    ...(domains !== undefined ? { routeDomains: domains as number[] } : {}),
  };
}

function readPem(file: string, flag: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(
      `${flag}: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
}
