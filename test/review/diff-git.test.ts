import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO, type CliRun } from '../helpers/cli';

/**
 * Done-when of issue 14: a git repository with two commits of an app (a VIP change, a new app, a removed
 * app, a removed tenant); `vks-bigip diff --git HEAD~1 --format markdown` lists exactly those changes,
 * deletions with their owners. The golden file pins the comment (UPDATE_GOLDEN=1 rewrites it).
 */

const GOLDEN = join(__dirname, '__golden__', 'diff-git.md');
const FIXTURES = join(__dirname, 'fixtures');
let repo: string;

/** Fixed identity and dates, so that the commit ids in the output are the same on every run. */
const GIT_ENV = {
  GIT_AUTHOR_NAME: 'Reviewer',
  GIT_AUTHOR_EMAIL: 'reviewer@example.com',
  GIT_COMMITTER_NAME: 'Reviewer',
  GIT_COMMITTER_EMAIL: 'reviewer@example.com',
  GIT_AUTHOR_DATE: '2026-01-01T00:00:00Z',
  GIT_COMMITTER_DATE: '2026-01-01T00:00:00Z',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
};

function git(args: string[]): void {
  const result = spawnSync('git', args, { cwd: repo, env: { ...process.env, ...GIT_ENV }, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`);
}

function diff(args: string[], cwd = repo): Promise<CliRun> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [join(REPO, 'bin/vks-bigip.js'), 'diff', ...args], { cwd, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
  });
}

beforeAll(() => {
  repo = mkdtempSync(join(tmpdir(), 'vks-bigip-diff-git-'));
  git(['init', '--quiet', '--initial-branch=main']);
  copyFileSync(join(FIXTURES, 'shop-v1.ts'), join(repo, 'app.ts'));
  git(['add', 'app.ts']);
  git(['commit', '--quiet', '-m', 'shop']);
  copyFileSync(join(FIXTURES, 'shop-v2.ts'), join(repo, 'app.ts'));
  git(['commit', '--quiet', '-am', 'web moves, search in, reports and legacy out']);
});

afterAll(() => {
  if (repo) rmSync(repo, { recursive: true, force: true });
});

describe('vks-bigip diff --git', () => {
  let markdown: CliRun;
  beforeAll(async () => {
    markdown = await diff(['--git', 'HEAD~1', '--format', 'markdown', '--app', 'app.ts']);
  }, 120_000);

  it('writes the pull-request comment pinned by the golden file', () => {
    expect(markdown.stderr).toBe('');
    expect(markdown.code).toBe(0);
    if (process.env.UPDATE_GOLDEN) writeFileSync(GOLDEN, markdown.stdout);
    expect(markdown.stdout).toBe(readFileSync(GOLDEN, 'utf8'));
  });

  it('starts with the summary table, and collapses the details', () => {
    const lines = markdown.stdout.split('\n');
    expect(lines[0]).toMatch(/^### vks-bigip diff against git `HEAD~1 \([0-9a-f]{7}\)`$/);
    expect(lines[2]).toMatch(/^\| Stack \| Status \|/);
    expect(markdown.stdout.indexOf('<details>')).toBeGreaterThan(markdown.stdout.indexOf('**Will delete'));
  });

  it('lists exactly the deletions, each with its owner and who removes it', () => {
    const section = markdown.stdout.split('**Will delete (')[1]?.split('\n\n')[1] ?? '';
    expect(section.split('\n').slice(2)).toEqual([
      '| Service shop/reports | k8s/vks-shop (cluster vks-shop) | `shop/Cluster/Reports/Service` | pulumi up, or the GitOps engine with prune |',
      '| AS3 application reports | bigip-shop/shop_apps | `shop/ReportsFront` | pulumi up of stack shop (the tenant is posted without it) |',
      '| AS3 tenant shop_legacy (partition and every object in it) | bigip-shop | `stack (label vks-bigip:shop)` | pulumi up of stack shop (DELETE /declare/shop_legacy) |',
    ]);
  });

  it('names the virtual servers that change: the VIP move, the new app, the removed ones', () => {
    const section = markdown.stdout.split('**Virtual servers**')[1]?.split('\n\n')[1] ?? '';
    expect(section.split('\n').slice(2)).toEqual([
      '| `shop/Cluster/WebVs` | VIP: 192.0.2.40 → 192.0.2.50 |',
      '| `shop/Orders` | removed from 192.0.2.30:80 |',
      '| `shop/ReportsFront` | removed from 192.0.2.41:80 |',
      '| `shop/SearchFront` | added on 192.0.2.42:80 |',
    ]);
  });

  it('shows the VIP change field by field in the Kubernetes details', () => {
    expect(markdown.stdout).toContain(
      '! VirtualServer shop/web\n      spec.virtualServerAddress: "192.0.2.40" → "192.0.2.50"\n',
    );
  });

  it('exits 1 with --exit-code when something changes, 0 when nothing does', async () => {
    const changed = await diff(['--git', 'HEAD~1', '--app', 'app.ts', '--exit-code']);
    expect(changed.code).toBe(1);
    const same = await diff(['--git', 'HEAD', '--app', 'app.ts', '--exit-code', '--format', 'json']);
    expect(same.code).toBe(0);
    expect(JSON.parse(same.stdout)).toMatchObject({ changed: false });
  }, 120_000);

  it('leaves no worktree behind', () => {
    const list = spawnSync('git', ['worktree', 'list'], { cwd: repo, encoding: 'utf8' });
    expect(list.stdout.trim().split('\n')).toHaveLength(1);
  });

  describe('fails with exit code 2 and a message, no stack trace, when', () => {
    it('the ref does not exist', async () => {
      const run = await diff(['--git', 'no-such-ref', '--app', 'app.ts']);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('--git no-such-ref: no such commit');
      expect(run.stderr).not.toMatch(/\n\s+at /);
    });

    it('the folder is not a git repository', async () => {
      const elsewhere = mkdtempSync(join(tmpdir(), 'vks-bigip-nogit-'));
      try {
        copyFileSync(join(FIXTURES, 'shop-v1.ts'), join(elsewhere, 'app.ts'));
        const run = await diff(['--git', 'HEAD', '--app', 'app.ts'], elsewhere);
        expect(run.code).toBe(2);
        expect(run.stderr).toContain('--git needs a git repository');
      } finally {
        rmSync(elsewhere, { recursive: true, force: true });
      }
    });

    it('the app does not synthesize at the ref', async () => {
      writeFileSync(
        join(repo, 'broken.ts'),
        'export function createApp() { throw new Error("broken at this ref"); }\n',
      );
      git(['add', 'broken.ts']);
      git(['commit', '--quiet', '-m', 'broken']);
      try {
        const run = await diff(['--git', 'HEAD', '--app', 'broken.ts']);
        expect(run.code).toBe(2);
        expect(run.stderr).toContain('synthesizing HEAD (');
        expect(run.stderr).toContain('broken at this ref');
      } finally {
        git(['reset', '--quiet', '--hard', 'HEAD~1']);
      }
    }, 60_000);

    it('--against and --git are both given, or the folder does not exist', async () => {
      expect((await diff(['--git', 'HEAD', '--against', 'dist', '--app', 'app.ts'])).code).toBe(2);
      const missing = await diff(['--against', 'nowhere', '--app', 'app.ts']);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain('nowhere does not exist');
      expect(existsSync(join(repo, 'nowhere'))).toBe(false);
    });
  });
});
