/**
 * Installs packages into a temp folder without the network: a lockfile built from this repository's
 * package-lock.json (the exact versions, locations and integrities `npm ci` already put in the local npm
 * cache) plus the packed tarballs, then `npm ci --offline`. npm 11 resolves new dependencies only from
 * full registry documents, which the cache does not hold, so a lockfile is the one offline way in.
 * Every entry is taken as is from the repository's lockfile: a package the repository does not lock
 * cannot be installed here, and the install fails naming it.
 */
import { execFile, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

type Json = Record<string, unknown>;
interface LockEntry {
  version?: string;
  resolved?: string;
  integrity?: string;
  link?: boolean;
  dev?: boolean;
  devOptional?: boolean;
  peer?: boolean;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  [key: string]: unknown;
}
interface Manifest {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  bin?: Record<string, string> | string;
  [key: string]: unknown;
}

const ROOT = path.resolve(__dirname, '../..');

function repositoryLock(): Record<string, LockEntry> {
  const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, LockEntry>;
  };
  return lock.packages;
}

/** The package.json inside a packed tarball. */
export function tarballManifest(tarball: string): Manifest {
  return JSON.parse(execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' }));
}

/** The tarball's file list, without the `package/` prefix. */
export function tarballFiles(tarball: string): string[] {
  return execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean)
    .map((line) => line.replace(/^package\//, ''));
}

/** Where Node would find `name` from the package at `from` (a lockfile location, '' for the root). */
function locate(packages: Record<string, LockEntry>, from: string, name: string): string | undefined {
  let dir = from;
  for (;;) {
    const location = `${dir ? `${dir}/` : ''}node_modules/${name}`;
    if (packages[location]) return location;
    if (!dir) return undefined;
    const up = dir.lastIndexOf('/node_modules/');
    dir = up < 0 ? '' : dir.slice(0, up);
  }
}

/** The lock entries of `names` and everything they need, at the repository's locations. */
function closure(names: readonly string[]): Record<string, LockEntry> {
  const packages = repositoryLock();
  const out: Record<string, LockEntry> = {};
  const todo: Array<[string, string, boolean]> = names.map((name) => ['', name, false]);
  while (todo.length > 0) {
    const [from, name, optional] = todo.pop() as [string, string, boolean];
    const location = locate(packages, from, name);
    if (!location) {
      if (optional) continue;
      throw new Error(
        `${name} (needed by ${from || 'the root'}) is not in the repository's package-lock.json`,
      );
    }
    if (out[location]) continue;
    const { dev: _dev, devOptional: _devOptional, peer: _peer, ...entry } = packages[location] as LockEntry;
    if (!entry.resolved && !entry.link && !entry.inBundle) {
      // The registry's tarball URL; with the integrity, pacote reads the tarball from the cache.
      entry.resolved = `https://registry.npmjs.org/${name}/-/${name.split('/').pop()}-${entry.version}.tgz`;
    }
    out[location] = entry;
    for (const dep of Object.keys(entry.dependencies ?? {})) todo.push([location, dep, false]);
    for (const dep of Object.keys(entry.optionalDependencies ?? {})) todo.push([location, dep, true]);
    for (const [dep] of Object.entries(entry.peerDependencies ?? {}))
      todo.push([location, dep, entry.peerDependenciesMeta?.[dep]?.optional === true]);
  }
  return out;
}

/**
 * `npm ci --offline` in `dir`, whose package.json names registry packages by exact version and local
 * tarballs by `file:` spec. Resolves with npm's output.
 */
export function offlineInstall(dir: string): Promise<string> {
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as Manifest;
  const direct = { ...manifest.dependencies, ...manifest.devDependencies };
  const tarballs: Record<string, LockEntry> = {};
  const registryNames: string[] = [];
  for (const [name, spec] of Object.entries(direct)) {
    if (!spec.startsWith('file:')) {
      registryNames.push(name);
      continue;
    }
    const packed = tarballManifest(path.resolve(dir, spec.slice('file:'.length)));
    tarballs[`node_modules/${name}`] = {
      version: packed.version,
      resolved: spec,
      dependencies: packed.dependencies,
      peerDependencies: packed.peerDependencies,
      bin: typeof packed.bin === 'string' ? { [name]: packed.bin } : packed.bin,
    };
    registryNames.push(
      ...Object.keys(packed.dependencies ?? {}),
      ...Object.keys(packed.peerDependencies ?? {}),
    );
  }
  const registry = closure(registryNames.filter((name) => !(`node_modules/${name}` in tarballs)));
  const lock: Json = {
    name: manifest.name,
    version: manifest.version,
    lockfileVersion: 3,
    requires: true,
    packages: {
      '': {
        name: manifest.name,
        version: manifest.version,
        dependencies: manifest.dependencies,
        devDependencies: manifest.devDependencies,
      },
      ...registry,
      ...tarballs,
    },
  };
  fs.writeFileSync(path.join(dir, 'package-lock.json'), `${JSON.stringify(lock, null, 2)}\n`);
  return npm(dir, ['ci', '--offline', '--no-audit', '--no-fund', '--ignore-scripts']);
}

/** The environment of child processes: none of the outer npm run's package and lifecycle variables. */
function childEnv(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', npm_config_update_notifier: 'false' };
  for (const key of Object.keys(env))
    if (
      /^(npm_package_|npm_lifecycle_|PULUMI_)/.test(key) ||
      ['INIT_CWD', 'npm_command', 'VKS_BIGIP_ROOT', 'VKS_BIGIP_AS3_SCHEMA'].includes(key)
    )
      delete env[key];
  return { ...env, ...extra };
}

/** Runs npm in `dir`; rejects with npm's output on failure. */
export function npm(dir: string, args: string[]): Promise<string> {
  return run(dir, process.platform === 'win32' ? 'npm.cmd' : 'npm', args);
}

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command in `dir` with a deadline; resolves with its exit code and output, whatever the code. */
export function runAny(
  dir: string,
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      { cwd: dir, encoding: 'utf8', env: childEnv(env), timeout: 300_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr: error && code === -1 ? `${stderr}\n${error.message}` : stderr });
      },
    );
  });
}

/** Runs a command in `dir`; resolves with its stdout, rejects with its output when it fails. */
export async function run(
  dir: string,
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<string> {
  const result = await runAny(dir, command, args, env);
  if (result.code !== 0)
    throw new Error(
      `${command} ${args.join(' ')} in ${dir} exited with ${result.code}\n${result.stdout}\n${result.stderr}`,
    );
  return result.stdout;
}
