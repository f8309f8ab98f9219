/**
 * Optional persistence: with a state file the stored declaration, its history, task records and secrets
 * survive a restart; pending tasks come back "task cancelled", as after an AS3 restart.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PROTECTED_NONE, startSimulator, type RunningSimulator } from '../../lib/simulator';
import { adc, call, DECLARE, taskResult, webTenant } from './helpers';

describe('simulator persistence', () => {
  let dir: string;
  let stateFile: string;
  const running: RunningSimulator[] = [];
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vks-bigip-sim-'));
    stateFile = path.join(dir, 'state.json');
  });
  afterEach(async () => {
    for (const sim of running.splice(0)) await sim.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function start() {
    const sim = await startSimulator({ stateFile });
    running.push(sim);
    return sim;
  }

  it('survives a restart: declaration, history, tasks, and secrets that still compare equal', async () => {
    const secret = { ciphertext: Buffer.from('pw').toString('base64url'), protected: PROTECTED_NONE };
    const tenant = {
      ...webTenant(),
      other: { class: 'Application', probe: { class: 'Monitor', monitorType: 'http', passphrase: secret } },
    };
    const first = await start();
    const submitted = await call(
      first,
      'POST',
      `${DECLARE}?async=true`,
      adc({ T1: tenant }, { id: 'persisted' }),
    );
    await taskResult(first, submitted.body.id);
    const before = (await call(first, 'GET', DECLARE)).body;
    await first.close();
    expect(JSON.parse(fs.readFileSync(stateFile, 'utf8')).format).toBe('vks-bigip-simulator-state');

    const second = await start();
    expect((await call(second, 'GET', DECLARE)).body).toEqual(before);
    expect((await call(second, 'GET', `${DECLARE}?age=list`)).body).toHaveLength(1);
    const task = await call(second, 'GET', `/mgmt/shared/appsvcs/task/${submitted.body.id}`);
    expect(task.body.results[0]).toMatchObject({ tenant: 'T1', message: 'success' });
    const again = await call(second, 'POST', DECLARE, adc({ T1: tenant }, { id: 'persisted' }));
    expect(again.body.results[0].message).toBe('no change');
  });

  it('a task pending at shutdown is "task cancelled" after the restart', async () => {
    const first = await start();
    first.faults.holdDeclarations();
    const submitted = await call(first, 'POST', `${DECLARE}?async=true`, adc({ T1: webTenant() }));
    await first.whenLocked();
    await first.close();
    const second = await start();
    const task = await call(second, 'GET', `/mgmt/shared/appsvcs/task/${submitted.body.id}`);
    expect(task.body.results[0]).toMatchObject({ message: 'task cancelled', code: 0 });
    expect((await call(second, 'GET', DECLARE)).status).toBe(204);
  });

  it('refuses a file that is not a simulator state file', async () => {
    fs.writeFileSync(stateFile, '{"hello": "world"}');
    await expect(startSimulator({ stateFile })).rejects.toThrow(/is not a vks-bigip simulator state file/);
  });
});
