import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../lib/simulator';
import {
  configOf,
  declarationWrites,
  nativeRequire,
  PASSWORD,
  providerConfig,
  ROOT,
  serializeProvider,
  tenantInputs,
  USERNAME,
} from './helpers';

/**
 * Tier 6: the provider as Pulumi stores it. `serializeFunction(() => provider, { allowSecrets: true })` is
 * exactly the call `pulumi.dynamic.Resource` makes; the text is what lands in the state as `__provider`.
 * The provider module is loaded natively (as under `pulumi up`): loaded through vitest, the text would
 * also carry a `__vite_ssr_import_*` shim object that production never has.
 */

type Json = Record<string, unknown>;
type Provider = Required<import('@pulumi/pulumi').dynamic.ResourceProvider>;

const req = nativeRequire();
const requireFromString = req('require-from-string') as (code: string) => { handler(): Provider };

let sim: RunningSimulator;
let serialized: { text: string; containsSecrets: boolean };
let provider: Provider;

beforeAll(async () => {
  sim = await startSimulator({ username: USERNAME, password: PASSWORD });
  serialized = await serializeProvider(req);
  provider = requireFromString(serialized.text).handler();
});

afterAll(async () => {
  const logic = req('./lib/pulumi/tenant-logic.ts') as { closeClients(): Promise<void> };
  await logic.closeClients();
  await sim?.close();
});

describe('the serialized provider text', () => {
  it('contains no secret, credential, address or absolute path', () => {
    expect(serialized.containsSecrets).toBe(false);
    for (const leak of [
      PASSWORD,
      USERNAME,
      sim.url,
      '127.0.0.1',
      ROOT,
      '/work/',
      os.homedir(),
      'node_modules',
    ])
      expect(serialized.text).not.toContain(leak);
  });

  it('loads its logic at run time from the vks-bigip package installed where the program runs', () => {
    expect(serialized.text).toContain('process.env.VKS_BIGIP_ROOT || process.cwd()');
    expect(serialized.text).toContain(".resolve('vks-bigip/package.json')");
    expect(serialized.text).toMatch(
      /require\(path\.join\(packageDir, ['"]build['"], ['"]lib['"], ['"]pulumi['"], ['"]tenant-logic\.js['"]\)\)/,
    );
    // Nothing of the program's module graph is captured: no client, no Pulumi runtime, no vite.
    for (const captured of ['BigipClient', '@pulumi/pulumi', '__vite_ssr', 'undici'])
      expect(serialized.text).not.toContain(captured);
  });
});

describe('the rehydrated provider against the simulator', () => {
  const inputs = () => tenantInputs(sim, 'test', 'roundtrip');
  let outs: Json;

  it('configures from stack config and checks', async () => {
    await provider.configure({ config: configOf(providerConfig(sim)) } as never);
    expect((await provider.check({}, inputs())).failures).toEqual([]);
    expect((await provider.check({}, { ...inputs(), tenant: 'Common' })).failures).toEqual([
      { property: 'tenant', reason: expect.stringContaining('must not be "Common"') },
    ]);
  });

  it('creates, diffs to a no-op without touching the device, reads, updates and deletes', async () => {
    const created = await provider.create(inputs());
    expect(created.id).toBe('bigip-test/roundtrip');
    outs = created.outs as Json;
    expect(outs).toEqual({ ...inputs(), result: 'success' });

    sim.clearRequestLog();
    expect(await provider.diff(created.id, outs, inputs())).toEqual({
      changes: false,
      replaces: [],
      deleteBeforeReplace: false,
    });
    expect(sim.requestLog).toEqual([]);

    const read = await provider.read(created.id, outs);
    expect(read.inputs).toEqual(inputs());

    const changed = tenantInputs(sim, 'test', 'roundtrip', { vip: '192.0.2.50' });
    expect((await provider.diff(created.id, outs, changed)).changes).toBe(true);
    sim.clearRequestLog();
    const updated = await provider.update(created.id, outs, changed);
    expect(updated.outs).toEqual({ ...changed, result: 'success' });
    expect(declarationWrites(sim)).toEqual(['POST /mgmt/shared/appsvcs/declare/roundtrip']);

    sim.clearRequestLog();
    await provider.delete(created.id, updated.outs as Json);
    // One scoped write: the tenant without applications, conditional on the checked optimisticLockKey.
    expect(declarationWrites(sim)).toEqual(['POST /mgmt/shared/appsvcs/declare/roundtrip']);
    expect(sim.storedDeclaration()?.roundtrip).toBeUndefined();
  });

  it('fails clearly where vks-bigip is not installed (VKS_BIGIP_ROOT elsewhere)', async () => {
    const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'vks-bigip-noproject-'));
    process.env.VKS_BIGIP_ROOT = elsewhere;
    try {
      await expect(provider.check({}, inputs())).rejects.toThrow(
        /vks-bigip: the package is not installed where the Pulumi program runs \(.*vks-bigip-noproject-.*\); run npm install vks-bigip there, or set VKS_BIGIP_ROOT/,
      );
    } finally {
      delete process.env.VKS_BIGIP_ROOT;
      fs.rmSync(elsewhere, { recursive: true, force: true });
    }
  });
});
