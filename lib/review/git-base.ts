import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';

/** A git ref that cannot be compared (not a repository, unknown ref, app missing there). */
export class GitBaseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GitBaseError';
  }
}

export interface GitBase {
  /** Output folder of the synthesis at the ref (`<dir>/<stack>/index.json`). */
  readonly dir: string;
  /** `HEAD~1 (1a2b3c4)`. */
  readonly label: string;
  /** Removes the worktree and the output. */
  cleanup(): void;
}

export interface GitBaseOptions {
  readonly ref: string;
  /** The app module, relative to `cwd` (as `--app` was given). */
  readonly appFile: string;
  readonly cwd?: string;
  /** Progress lines (the caller shows them on a TTY). */
  readonly onProgress?: (line: string) => void;
  /** @default 600000 */
  readonly timeoutMs?: number;
}

function git(cwd: string, args: string[]): { ok: boolean; out: string; err: string } {
  const result = spawnSync('git', args, { cwd, encoding: 'utf8' });
  if (result.error) throw new GitBaseError(`git is not available: ${result.error.message}`);
  return { ok: result.status === 0, out: (result.stdout ?? '').trim(), err: (result.stderr ?? '').trim() };
}

/** The folder that holds this package's CLI (`bin/vks-bigip.js`), from the sources or the build. */
function ownCli(): string {
  let dir = __dirname;
  while (dirname(dir) !== dir) {
    const cli = join(dir, 'bin', 'vks-bigip.js');
    if (existsSync(cli)) return cli;
    dir = dirname(dir);
  }
  throw new GitBaseError('cannot find the vks-bigip CLI (bin/vks-bigip.js) next to this package');
}

/** A checkout of vks-bigip itself brings its own CLI: the ref is synthesized with the code of the ref. */
function cliOf(tree: string): string {
  const pkg = join(tree, 'package.json');
  const cli = join(tree, 'bin', 'vks-bigip.js');
  if (existsSync(pkg) && existsSync(cli)) {
    try {
      if ((JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'vks-bigip') return cli;
    } catch {
      // not ours
    }
  }
  return ownCli();
}

/**
 * Synthesizes the app as it was at a git ref: checks the ref out in a temporary `git worktree` and runs
 * `vks-bigip synth` there in a child process. A checkout of vks-bigip itself runs its own CLI at that ref
 * (older code included); an app repository runs this CLI over the app's files of the ref, with the
 * working folder's node_modules linked in. The caller's checkout is not touched.
 */
export async function synthesizeAtRef(options: GitBaseOptions): Promise<GitBase> {
  const cwd = realpathSync(resolve(options.cwd ?? process.cwd()));
  const top = git(cwd, ['rev-parse', '--show-toplevel']);
  if (!top.ok) throw new GitBaseError(`--git needs a git repository; ${cwd} is not in one`);
  const root = realpathSync(top.out);
  const commit = git(root, ['rev-parse', '--verify', '--quiet', `${options.ref}^{commit}`]);
  if (!commit.ok) throw new GitBaseError(`--git ${options.ref}: no such commit in ${root}`);
  const sha = commit.out;
  const label = `${options.ref} (${sha.slice(0, 7)})`;
  const appPath = resolve(cwd, options.appFile);
  const appInRepo = relative(root, appPath);
  if (appInRepo.startsWith('..') || isAbsolute(appInRepo)) {
    throw new GitBaseError(`--app ${options.appFile} is outside the repository ${root}`);
  }

  const temp = mkdtempSync(join(tmpdir(), 'vks-bigip-diff-'));
  const tree = join(temp, 'tree');
  const out = join(temp, 'out');
  let added = false;
  const cleanup = () => {
    if (added) {
      git(root, ['worktree', 'remove', '--force', tree]);
      git(root, ['worktree', 'prune']);
    }
    rmSync(temp, { recursive: true, force: true });
  };
  try {
    options.onProgress?.(`checking out ${label} in a temporary worktree…`);
    const worktree = git(root, ['worktree', 'add', '--detach', '--quiet', tree, sha]);
    if (!worktree.ok) throw new GitBaseError(`git worktree add ${label} failed: ${worktree.err}`);
    added = true;
    const treeCwd = join(tree, relative(root, cwd));
    if (!existsSync(join(tree, appInRepo))) {
      throw new GitBaseError(`--app ${options.appFile} does not exist at ${label}`);
    }
    const modules = join(cwd, 'node_modules');
    if (existsSync(modules) && existsSync(treeCwd) && !existsSync(join(treeCwd, 'node_modules'))) {
      symlinkSync(modules, join(treeCwd, 'node_modules'), 'dir');
    }
    options.onProgress?.(`synthesizing ${label}…`);
    await runChild(
      cliOf(treeCwd),
      ['synth', '--app', relative(treeCwd, join(tree, appInRepo)), '--out', out],
      treeCwd,
      label,
      options.timeoutMs ?? 600_000,
    );
    return { dir: out, label, cleanup };
  } catch (error) {
    cleanup();
    throw error;
  }
}

function runChild(cli: string, args: string[], cwd: string, label: string, timeoutMs: number): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
    const child = spawn(process.execPath, [cli, ...args], { cwd, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-20_000);
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new GitBaseError(`synthesizing ${label} did not finish within ${Math.round(timeoutMs / 1000)} s`),
      );
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new GitBaseError(`cannot run the synth of ${label}: ${error.message}`));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolvePromise();
      else {
        const tail = stderr.trim().split('\n').slice(-20).join('\n');
        reject(new GitBaseError(`synthesizing ${label} failed (exit ${code}):\n${tail}`));
      }
    });
  });
}
