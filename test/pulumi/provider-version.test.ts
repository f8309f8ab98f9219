import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as logic from '../../lib/pulumi/tenant-logic';
import { startSimulator, type RunningSimulator } from '../../lib/simulator';
import { configOf, FAST_CLIENT, PASSWORD, providerConfig, tenantInputs, USERNAME } from './helpers';

/** Tier 5: refresh compares the device's `GET /info` with the AS3 release the declaration targets. */

type Json = Record<string, unknown>;
type Inputs = Parameters<typeof logic.create>[0] & Json;

let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startSimulator({ username: USERNAME, password: PASSWORD });
  logic.configure(configOf(providerConfig(sim)), FAST_CLIENT);
});

afterAll(async () => {
  await logic.closeClients();
  await sim?.close();
});

describe('provider read: version check', () => {
  it('warns once when the device runs another AS3 release than the declaration targets', async () => {
    const inputs = tenantInputs(sim, 'ver', 'ver_one') as unknown as Inputs;
    ((inputs.declaration as Json).declaration as Json).schemaVersion = '3.50.0';
    const created = await logic.create(inputs);
    const lines: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    try {
      await logic.read(created.id, created.outs as unknown as Json);
      await logic.read(created.id, created.outs as unknown as Json);
    } finally {
      spy.mockRestore();
    }
    const info = (await await fetch(`${sim.url}/mgmt/shared/appsvcs/info`, {
      headers: { authorization: `Basic ${Buffer.from(`${USERNAME}:${PASSWORD}`).toString('base64')}` },
    }).then((r) => r.json())) as { version: string };
    const warnings = lines.filter((l) => l.includes('runs AS3'));
    expect(warnings).toEqual([
      `warning: vks-bigip: device 'bigip-test' runs AS3 ${info.version}, but the stack declares AS3 3.50.0 for it ('as3Version'); update the declared version so synth checks against what the device runs\n`,
    ]);
    expect(sim.requestLog.filter((e) => e.path.endsWith('/info')).length).toBeGreaterThanOrEqual(1);
  });
});
