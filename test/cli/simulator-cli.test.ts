/**
 * `vks-bigip simulator` as a user runs it: the password from --password, --password-file or
 * VKS_BIGIP_SIMULATOR_PASSWORD, never printed unless --show-password asks; an unwritable --state refused
 * at start. Each simulator is a child process on a port the OS picks, stopped by its pid.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { REPO, runCli } from '../helpers/cli';

const SECRET = 'Sim-pw-3c1d9e-never-printed';

interface Started {
  readonly child: ChildProcessWithoutNullStreams;
  readonly url: string;
  readonly lines: string[];
  readonly stderr: () => string;
}

const children: ChildProcessWithoutNullStreams[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
});

function environment(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', ...extra };
  if (!('VKS_BIGIP_SIMULATOR_PASSWORD' in extra)) delete env.VKS_BIGIP_SIMULATOR_PASSWORD;
  return env;
}

/** Starts `vks-bigip simulator` and resolves once it printed its three start-up lines. */
function startCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Started> {
  const child = spawn(process.execPath, ['bin/vks-bigip.js', 'simulator', '--port', '0', ...args], {
    cwd: REPO,
    env: environment(env),
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const lines = stdout.split('\n').filter((line) => line !== '');
      if (lines.length >= 3) {
        const url = lines[0]?.replace(/^url: /, '') ?? '';
        resolve({ child, url, lines, stderr: () => stderr });
      }
    });
    child.on('exit', (code) => reject(new Error(`the simulator exited (${code}): ${stderr}`)));
  });
}

/** Runs `vks-bigip simulator` to its exit (registered, so a regression that keeps it running is stopped). */
function runToExit(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['bin/vks-bigip.js', 'simulator', '--port', '0', ...args], {
    cwd: REPO,
    env: environment({}),
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
}

async function loginStatus(url: string, password: string): Promise<number> {
  const response = await fetch(`${url}/mgmt/shared/authn/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password, loginProviderName: 'tmos' }),
  });
  await response.text();
  return response.status;
}

describe('vks-bigip simulator: the password', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('from VKS_BIGIP_SIMULATOR_PASSWORD: accepted, and printed nowhere', async () => {
    const started = await startCli([], { VKS_BIGIP_SIMULATOR_PASSWORD: SECRET });
    expect(started.lines.slice(1)).toEqual([
      'username: admin',
      'password: (from VKS_BIGIP_SIMULATOR_PASSWORD; --show-password prints it)',
    ]);
    expect(await loginStatus(started.url, SECRET)).toBe(200);
    expect(await loginStatus(started.url, 'admin')).toBe(401);
    expect(started.lines.join('\n') + started.stderr()).not.toContain(SECRET);
  });

  it('from --password-file (its first line): accepted, and printed nowhere', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vks-bigip-sim-cli-'));
    const file = path.join(dir, 'password');
    fs.writeFileSync(file, `${SECRET}\n`, { mode: 0o600 });
    const started = await startCli(['--password-file', file]);
    expect(started.lines[2]).toBe(`password: (from --password-file ${file}; --show-password prints it)`);
    expect(await loginStatus(started.url, SECRET)).toBe(200);
    expect(started.lines.join('\n') + started.stderr()).not.toContain(SECRET);
  });

  it('from --password: accepted, and not printed unless --show-password asks', async () => {
    const hidden = await startCli(['--password', SECRET]);
    expect(hidden.lines[2]).toBe('password: (from --password; --show-password prints it)');
    expect(await loginStatus(hidden.url, SECRET)).toBe(200);
    expect(hidden.lines.join('\n') + hidden.stderr()).not.toContain(SECRET);
    const shown = await startCli(['--password', SECRET, '--show-password']);
    expect(shown.lines[2]).toBe(`password: ${SECRET}`);
  });

  it('the default is accepted and not printed either', async () => {
    const started = await startCli([]);
    expect(started.lines[2]).toBe('password: (the default, see --help; --show-password prints it)');
    expect(await loginStatus(started.url, 'admin')).toBe(200);
  });

  it('usage errors: both sources, an unreadable or empty file', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vks-bigip-sim-cli-'));
    const empty = path.join(dir, 'empty');
    fs.writeFileSync(empty, '\n');
    const env = { VKS_BIGIP_SIMULATOR_PASSWORD: '' };
    const both = await runCli(['simulator', '--password', 'x', '--password-file', empty], env);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--password and --password-file are alternatives; give one of them');
    const missing = await runCli(['simulator', '--password-file', path.join(dir, 'nope')], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`--password-file: cannot read ${path.join(dir, 'nope')} (ENOENT)`);
    const blank = await runCli(['simulator', '--password-file', empty], env);
    expect(blank.code).toBe(2);
    expect(blank.stderr).toContain(`--password-file: the first line of ${empty} is empty`);
  });

  it('--help tells where the password comes from', async () => {
    const help = await runCli(['simulator', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--password-file <file>');
    expect(help.stdout).toContain('--show-password');
    expect(help.stdout).toContain('VKS_BIGIP_SIMULATOR_PASSWORD');
  });
});

describe('vks-bigip simulator: the state file', () => {
  it.runIf(process.platform === 'linux')(
    'an unwritable --state is an error at start, not a crash (or a hang) on the first write',
    async () => {
      const file = '/proc/vks-bigip-simulator-cli/state.json';
      const run = await runToExit(['--state', file]);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`error simulator state file ${file} is not writable`);
      expect(run.stdout).toBe('');
    },
  );
});

describe('vks-bigip simulator: --inventory', () => {
  it('turns on the device-state rules: a /Common reference the inventory lacks is refused', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vks-sim-inventory-'));
    const file = path.join(dir, 'inventory.json');
    fs.writeFileSync(file, JSON.stringify({ commonObjects: ['/Common/http-tuned'], routeDomains: [0] }));
    const { url } = await startCli(['--inventory', file], { VKS_BIGIP_SIMULATOR_PASSWORD: SECRET });
    const service = (profile: string) => ({
      class: 'ADC',
      schemaVersion: '3.56.0',
      t_inv: {
        class: 'Tenant',
        app: {
          class: 'Application',
          vs: { class: 'Service_HTTP', virtualAddresses: ['192.0.2.80'], profileHTTP: { bigip: profile } },
        },
      },
    });
    const post = (body: unknown) =>
      fetch(`${url}/mgmt/shared/appsvcs/declare/t_inv`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`admin:${SECRET}`).toString('base64')}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify(body),
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as { message?: string } }));
    expect((await post(service('/Common/http-tuned'))).status).toBe(200);
    const refused = await post(service('/Common/http-missing'));
    expect(refused.status).toBe(422);
    expect(refused.body.message).toBe('Unable to find /Common/http-missing for /t_inv/app/vs/profileHTTP');
    const bad = await runToExit(['--inventory', path.join(dir, 'missing.json')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--inventory: cannot read');
  });
});
