/**
 * The engine tier's harness: the real `pulumi` CLI (built by tools/build-pulumi-engine.sh) run as a child
 * process against a Pulumi project in a temporary folder, with a `file://` backend, a passphrase secrets
 * provider, its own PULUMI_HOME, no update checks and no plugin downloads. Nothing is written into the
 * repository: the project folder, its `Pulumi.<stack>.yaml` and the state live under one temp folder.
 */
import { spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '..');
/** The Pulumi project name: the provider reads its config as `vks-bigip:<key>`. */
export const PROJECT = 'vks-bigip';
export const PASSPHRASE = 'engine-tier-passphrase';
/** Every command is bounded: a hung engine fails the test with its output instead of hanging CI. */
const COMMAND_LIMIT_MS = 300_000;

export interface EngineRun {
  readonly args: string[];
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The folder of the engine binaries: builds them when missing (a no-op when cached). */
export function engineBin(): string {
  const fromEnv = process.env.VKS_BIGIP_PULUMI_BIN;
  if (fromEnv) return fromEnv;
  const built = spawnSync('bash', [join(ROOT, 'tools/build-pulumi-engine.sh')], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (built.status !== 0) throw new Error(`tools/build-pulumi-engine.sh failed (exit ${built.status})`);
  const lines = built.stdout.trim().split('\n');
  return lines[lines.length - 1] as string;
}

/**
 * How the temp project reaches this repository — the one place to adapt when the program or the provider
 * changes how it is found:
 * - `Pulumi.yaml` is the repository's (runtime nodejs, no TypeScript); its `main` is a one-line index.js
 *   that requires the repository's bin/pulumi.js;
 * - `node_modules` holds a link to each package of the repository's node_modules, so the language host
 *   and Pulumi's dynamic provider host (`pulumi-resource-pulumi-nodejs`, which resolves @pulumi/pulumi
 *   from its working folder, the project folder) load the same @pulumi/pulumi as the program, plus
 *   `vks-bigip` linked to the repository, as a consumer's project has it installed;
 * - VKS_BIGIP_ROOT tells the As3Tenant provider where its logic is (lib/pulumi/as3-tenant-provider.ts).
 */
function layOutProject(project: string): NodeJS.ProcessEnv {
  mkdirSync(project, { recursive: true });
  writeFileSync(
    join(project, 'Pulumi.yaml'),
    [
      `name: ${PROJECT}`,
      'description: vks-bigip engine tier (temporary project)',
      'runtime:',
      '  name: nodejs',
      '  options:',
      '    typescript: false',
      'main: index.js',
      '',
    ].join('\n'),
  );
  // The language host and @pulumi/pulumi look for the program's package.json (a warning without one).
  writeFileSync(
    join(project, 'package.json'),
    `${JSON.stringify({ name: 'vks-bigip-engine-tier', private: true, main: 'index.js' }, null, 2)}\n`,
  );
  writeFileSync(
    join(project, 'index.js'),
    `'use strict';\nmodule.exports = require(${JSON.stringify(join(ROOT, 'bin', 'pulumi.js'))});\n`,
  );
  const modules = join(project, 'node_modules');
  mkdirSync(modules);
  for (const name of readdirSync(join(ROOT, 'node_modules'))) {
    if (!name.startsWith('.')) symlinkSync(join(ROOT, 'node_modules', name), join(modules, name), 'dir');
  }
  symlinkSync(ROOT, join(modules, 'vks-bigip'), 'dir');
  return { VKS_BIGIP_ROOT: ROOT };
}

/** A temp folder with a Pulumi project, a backend and a PULUMI_HOME; one stack selected. */
export class EngineWorkspace {
  readonly root: string;
  readonly project: string;
  readonly state: string;
  private readonly env: NodeJS.ProcessEnv;

  private constructor(
    readonly bin: string,
    readonly stack: string,
  ) {
    this.root = mkdtempSync(join(tmpdir(), 'vks-bigip-engine-'));
    this.project = join(this.root, 'project');
    this.state = join(this.root, 'state');
    mkdirSync(this.state);
    const projectEnv = layOutProject(this.project);
    const env: NodeJS.ProcessEnv = {};
    // Nothing from the caller's Pulumi setup leaks in (a backend, an access token, a debug flag).
    for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('PULUMI_')) env[key] = value;
    const pulumiSdk = dirname(require.resolve('@pulumi/pulumi/package.json', { paths: [ROOT] }));
    this.env = {
      ...env,
      ...projectEnv,
      // The engine, the language host and the Kubernetes plugin; the dynamic provider plugin is the
      // script shipped in @pulumi/pulumi; node is this very node.
      PATH: [bin, pulumiSdk, dirname(process.execPath), env.PATH ?? ''].join(':'),
      PULUMI_HOME: join(this.root, 'home'),
      PULUMI_BACKEND_URL: `file://${this.state}`,
      PULUMI_CONFIG_PASSPHRASE: PASSPHRASE,
      PULUMI_SKIP_UPDATE_CHECK: 'true',
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: 'true',
      PULUMI_SKIP_CONFIRMATIONS: 'true',
      PULUMI_DIY_BACKEND_NO_LEGACY_WARNING: 'true',
      NO_COLOR: '1',
    };
  }

  /** Creates the workspace and `pulumi stack init <stack>` with the passphrase secrets provider. */
  static async create(bin: string, stack: string): Promise<EngineWorkspace> {
    const workspace = new EngineWorkspace(bin, stack);
    await workspace.pulumi(['stack', 'init', stack, '--secrets-provider', 'passphrase'], { stack: false });
    return workspace;
  }

  /**
   * Runs `pulumi <args> --non-interactive --color never [-s stack]` in the project folder. Fails on a
   * non-zero exit unless `allowFailure`.
   */
  pulumi(args: string[], options: { allowFailure?: boolean; stack?: boolean } = {}): Promise<EngineRun> {
    const full = [...args, '--non-interactive', '--color', 'never'];
    if (options.stack !== false) full.push('--stack', this.stack);
    return new Promise((resolvePromise, reject) => {
      const child = spawn(join(this.bin, 'pulumi'), full, {
        cwd: this.project,
        env: this.env,
        stdio: ['ignore', 'pipe', 'pipe'],
        // Its own process group, so a hang can be ended with everything it started (and nothing else).
        detached: true,
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const timer = setTimeout(() => {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      }, COMMAND_LIMIT_MS);
      child.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        const run: EngineRun = { args: full, code, stdout, stderr };
        if (signal === 'SIGKILL') {
          reject(
            new Error(
              `pulumi ${args.join(' ')} did not finish within ${COMMAND_LIMIT_MS} ms\n${formatRun(run)}`,
            ),
          );
        } else if (code !== 0 && !options.allowFailure) {
          reject(new Error(`pulumi ${args.join(' ')} failed\n${formatRun(run)}`));
        } else {
          resolvePromise(run);
        }
      });
    });
  }

  /** `pulumi config set [--secret] --path KEY VALUE`. */
  async config(key: string, value: string, secret = false): Promise<void> {
    await this.pulumi(['config', 'set', ...(secret ? ['--secret'] : []), '--path', key, value]);
  }

  /** `pulumi stack export` (secrets stay ciphertext) as text and parsed. */
  async exportState(showSecrets = false): Promise<{ text: string; deployment: Deployment }> {
    const run = await this.pulumi(['stack', 'export', ...(showSecrets ? ['--show-secrets'] : [])]);
    return { text: run.stdout, deployment: JSON.parse(run.stdout) as Deployment };
  }

  /** A file of the project folder, e.g. the stack's config file. */
  readProjectFile(name: string): string {
    return readFileSync(join(this.project, name), 'utf8');
  }

  writeProjectFile(name: string, content: string): void {
    writeFileSync(join(this.project, name), content);
  }

  dispose(): void {
    // The links into the repository go first, one by one (unlink never follows a link).
    const modules = join(this.project, 'node_modules');
    if (existsSync(modules)) for (const name of readdirSync(modules)) unlinkSync(join(modules, name));
    rmSync(this.root, { recursive: true, force: true });
  }
}

export function formatRun(run: EngineRun): string {
  return `$ pulumi ${run.args.join(' ')}\nexit ${run.code}\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}`;
}

/** What `pulumi stack export` prints (the parts the tests read). */
export interface Deployment {
  readonly version: number;
  readonly deployment: {
    readonly secrets_providers?: { readonly type: string; readonly state?: Record<string, unknown> };
    readonly resources?: StateResource[];
  };
}

export interface StateResource {
  readonly urn: string;
  readonly type: string;
  readonly id?: string;
  readonly custom?: boolean;
  readonly inputs?: Record<string, unknown>;
  readonly outputs?: Record<string, unknown>;
  readonly parent?: string;
  readonly provider?: string;
  readonly initErrors?: string[];
}

/** The resources of a type in an exported state, by the last segment of their URN. */
export function resourcesOf(deployment: Deployment, type: string): Map<string, StateResource> {
  const found = new Map<string, StateResource>();
  for (const resource of deployment.deployment.resources ?? []) {
    if (resource.type === type) found.set(resource.urn.split('::').pop() as string, resource);
  }
  return found;
}
