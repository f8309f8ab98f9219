import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

/** The repository root: child processes run the CLI from here, as a user would. */
export const REPO = resolve(__dirname, '../..');

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `node bin/vks-bigip.js <args>` without colour and without an AS3 schema from the environment,
 * plus `extraEnv`.
 */
export function runCli(args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.VKS_BIGIP_AS3_SCHEMA;
  Object.assign(env, extraEnv);
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['bin/vks-bigip.js', ...args], { cwd: REPO, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
  });
}
