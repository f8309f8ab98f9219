import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../lib/simulator';
import {
  declarationWrites,
  nativeRequire,
  PASSWORD,
  postOutOfBand,
  PROJECT,
  providerConfig,
  ROOT,
  serializeProvider,
  tenantInputs,
  tenantRequest,
  UNKNOWN,
  USERNAME,
  within,
} from './helpers';

/**
 * Tier 7: Pulumi's own dynamic provider host (`@pulumi/pulumi/cmd/dynamic-provider`, what the engine runs
 * as `pulumi-resource-pulumi-nodejs`) in a child process, driven over gRPC the way the engine drives it:
 * Configure first (stack config keyed `vks-bigip:<key>`, secrets unwrapped), `__provider` in news and
 * properties, the old *outputs* as `olds` of Diff/Update/Delete, unknowns as the sentinel string during
 * preview. The host runs without PULUMI_NODEJS_PROJECT, as under the engine, so its own project name is
 * the fallback "project".
 */

type Json = Record<string, unknown>;
/* eslint-disable @typescript-eslint/no-explicit-any -- generated protobuf classes are untyped here */
type Message = any;

const req = nativeRequire();
const grpc = req('@grpc/grpc-js') as typeof import('@grpc/grpc-js');
const provrpc = req('@pulumi/pulumi/proto/provider_grpc_pb') as any;
const proto = req('@pulumi/pulumi/proto/provider_pb') as any;
const statusproto = req('@pulumi/pulumi/proto/status_pb') as any;
const { Struct } = req('google-protobuf/google/protobuf/struct_pb') as any;
/* eslint-enable @typescript-eslint/no-explicit-any */

const DIFF_NONE = 1;
const DIFF_SOME = 2;
const CALL_DEADLINE_MS = 20_000;

let sim: RunningSimulator;
let host: ChildProcessWithoutNullStreams;
let hostStderr = '';
let client: Message;
let providerText: string;

const urnOf = (name: string) =>
  `urn:pulumi:test::${PROJECT}::pulumi:pulumi:Stack$vks-bigip:bigip:Device$pulumi-nodejs:dynamic/vks-bigip:As3Tenant::${name}`;

/** One unary call with a deadline; resolves with the response, rejects with the gRPC error. */
function call<T = Message>(method: string, request: Message): Promise<T> {
  return new Promise((resolve, reject) => {
    client[method](
      request,
      new grpc.Metadata(),
      { deadline: Date.now() + CALL_DEADLINE_MS },
      (error: Error | null, response: T) => (error ? reject(error) : resolve(response)),
    );
  });
}

const struct = (value: Json) => Struct.fromJavaScript(value);
const withProvider = (value: Json) => ({ ...value, __provider: providerText });

async function check(name: string, olds: Json, news: Json): Promise<{ inputs: Json; failures: Json[] }> {
  const request = new proto.CheckRequest();
  request.setUrn(urnOf(name));
  request.setName(name);
  request.setType('pulumi-nodejs:dynamic/vks-bigip:As3Tenant');
  request.setOlds(struct(olds));
  request.setNews(struct(news));
  const response = await call('check', request);
  return {
    inputs: response.getInputs().toJavaScript(),
    failures: response
      .getFailuresList()
      .map((f: Message) => ({ property: f.getProperty(), reason: f.getReason() })),
  };
}

async function diff(name: string, id: string, olds: Json, news: Json, oldInputs: Json) {
  const request = new proto.DiffRequest();
  request.setId(id);
  request.setUrn(urnOf(name));
  request.setOlds(struct(olds));
  request.setNews(struct(news));
  request.setOldInputs(struct(oldInputs));
  const response = await call('diff', request);
  return {
    changes: response.getChanges() as number,
    replaces: response.getReplacesList() as string[],
    deleteBeforeReplace: response.getDeletebeforereplace() as boolean,
  };
}

async function create(name: string, properties: Json): Promise<{ id: string; properties: Json }> {
  const request = new proto.CreateRequest();
  request.setUrn(urnOf(name));
  request.setProperties(struct(properties));
  const response = await call('create', request);
  return { id: response.getId(), properties: response.getProperties().toJavaScript() };
}

async function update(name: string, id: string, olds: Json, news: Json, oldInputs: Json): Promise<Json> {
  const request = new proto.UpdateRequest();
  request.setId(id);
  request.setUrn(urnOf(name));
  request.setOlds(struct(olds));
  request.setNews(struct(news));
  request.setOldInputs(struct(oldInputs));
  return (await call('update', request)).getProperties().toJavaScript();
}

async function read(name: string, id: string, properties: Json, inputs: Json) {
  const request = new proto.ReadRequest();
  request.setId(id);
  request.setUrn(urnOf(name));
  request.setProperties(struct(properties));
  request.setInputs(struct(inputs));
  const response = await call('read', request);
  return {
    id: response.getId() as string,
    properties: response.getProperties()?.toJavaScript() as Json,
    inputs: response.getInputs()?.toJavaScript() as Json | undefined,
  };
}

async function remove(name: string, id: string, properties: Json, oldInputs: Json): Promise<void> {
  const request = new proto.DeleteRequest();
  request.setId(id);
  request.setUrn(urnOf(name));
  request.setProperties(struct(properties));
  request.setOldInputs(struct(oldInputs));
  await call('delete', request);
}

/** Starts the host the way the engine does and reads its port from the first stdout line. */
function startHost(): Promise<number> {
  const env = { ...process.env };
  for (const key of Object.keys(env)) if (key.startsWith('PULUMI_')) delete env[key];
  delete env.VKS_BIGIP_ROOT;
  host = spawn(
    process.execPath,
    [path.join('node_modules', '@pulumi', 'pulumi', 'cmd', 'dynamic-provider', 'index.js'), '127.0.0.1:1'],
    { cwd: ROOT, env, stdio: 'pipe' },
  );
  host.stderr.on('data', (chunk: Buffer) => (hostStderr += chunk.toString()));
  return within(
    new Promise<number>((resolve, reject) => {
      let stdout = '';
      host.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const line = stdout.split('\n')[0];
        if (stdout.includes('\n') && line) resolve(Number(line.trim()));
      });
      host.on('exit', (code) => reject(new Error(`the provider host exited (${code}): ${hostStderr}`)));
    }),
    15_000,
    'the provider host start',
  );
}

beforeAll(async () => {
  sim = await startSimulator({ username: USERNAME, password: PASSWORD });
  // Exactly what pulumi.dynamic.Resource stores as `__provider`.
  providerText = (await serializeProvider(req)).text;
  const port = await startHost();
  client = new provrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  const configure = new proto.ConfigureRequest();
  configure.setArgs(struct(providerConfig(sim)));
  configure.setAcceptsecrets(true);
  configure.setAcceptresources(true);
  const answer = await call('configure', configure);
  // The host declines secrets, so the engine sends every value unwrapped from here on.
  expect(answer.getAcceptsecrets()).toBe(false);
}, 30_000);

afterAll(async () => {
  client?.close();
  if (host && host.exitCode === null) {
    const exited = new Promise((resolve) => host.once('exit', resolve));
    host.kill('SIGTERM');
    await within(exited, 5_000, 'the provider host exit').catch(() => host.kill('SIGKILL'));
  }
  await sim?.close();
});

describe('the full lifecycle through Pulumi’s dynamic provider host', () => {
  const name = 'bigip-test/life';
  const desired = (vip?: string) => withProvider(tenantInputs(sim, 'test', 'life', { vip }));
  let inputs: Json;
  let outputs: Json;
  let id: string;

  it('check → create: deploys the tenant and records complete outputs with __provider', async () => {
    const checked = await check(name, {}, desired());
    expect(checked.failures).toEqual([]);
    sim.clearRequestLog();
    const created = await create(name, checked.inputs);
    expect(created.id).toBe('bigip-test/life');
    expect(created.properties).toEqual({ ...desired(), result: 'success' });
    expect(declarationWrites(sim)).toEqual(['POST /mgmt/shared/appsvcs/declare/life']);
    ({ id, properties: outputs } = created);
    inputs = checked.inputs;
  });

  it('check reports failures per property over gRPC', async () => {
    const checked = await check(name, inputs, { ...desired(), tenant: 'Common' });
    expect(checked.failures).toEqual([
      { property: 'tenant', reason: expect.stringContaining('must not be "Common"') },
    ]);
  });

  it('a no-op redeploy (check + diff against the old outputs) sends zero requests to the device', async () => {
    sim.clearRequestLog();
    const checked = await check(name, inputs, desired());
    expect(checked.failures).toEqual([]);
    expect(await diff(name, id, outputs, checked.inputs, inputs)).toEqual({
      changes: DIFF_NONE,
      replaces: [],
      deleteBeforeReplace: false,
    });
    expect(sim.requestLog.filter((e) => e.method === 'POST')).toEqual([]);
    expect(sim.requestLog).toEqual([]);
  });

  it('preview with unknown values: check tolerates the sentinel, diff says "some changes"', async () => {
    const news = { ...desired(), declaration: UNKNOWN, adopt: UNKNOWN };
    const checked = await check(name, inputs, news);
    expect(checked.failures).toEqual([]);
    expect(checked.inputs.declaration).toBe(UNKNOWN);
    expect(await diff(name, id, outputs, checked.inputs, inputs)).toEqual({
      changes: DIFF_SOME,
      replaces: [],
      deleteBeforeReplace: false,
    });
  });

  it('a change is an update in place: diff → update with the old outputs, complete outputs back', async () => {
    const checked = await check(name, inputs, desired('192.0.2.99'));
    expect(await diff(name, id, outputs, checked.inputs, inputs)).toMatchObject({
      changes: DIFF_SOME,
      replaces: [],
    });
    sim.clearRequestLog();
    const updated = await update(name, id, outputs, checked.inputs, inputs);
    expect(updated).toEqual({ ...desired('192.0.2.99'), result: 'success' });
    expect(declarationWrites(sim)).toEqual(['POST /mgmt/shared/appsvcs/declare/life']);
    outputs = updated;
    inputs = checked.inputs;
  });

  it('a tenant rename is a replace; a device rename is a delete-before-replace', async () => {
    const renamed = await diff(name, id, outputs, { ...desired('192.0.2.99'), tenant: 'life2' }, inputs);
    expect(renamed).toEqual({ changes: DIFF_SOME, replaces: ['tenant'], deleteBeforeReplace: false });
    const moved = await diff(name, id, outputs, { ...desired('192.0.2.99'), device: 'bigip-b' }, inputs);
    expect(moved).toEqual({ changes: DIFF_SOME, replaces: ['device'], deleteBeforeReplace: true });
  });

  it('read (refresh) of an unchanged tenant returns inputs equal to the recorded ones', async () => {
    const refreshed = await read(name, id, outputs, inputs);
    expect(refreshed.id).toBe(id);
    expect(refreshed.properties).toEqual(outputs);
    expect(refreshed.inputs).toEqual(inputs);
  });

  it('refresh after an out-of-band change records the drift; the next diff and update revert it', async () => {
    await postOutOfBand(sim, tenantRequest('test', 'life', { vip: '192.0.2.66' }), 'life');
    const refreshed = await read(name, id, outputs, inputs);
    expect(JSON.stringify(refreshed.properties.declaration)).toContain('192.0.2.66');
    const checked = await check(name, refreshed.inputs as Json, desired('192.0.2.99'));
    const next = await diff(name, id, refreshed.properties, checked.inputs, refreshed.inputs as Json);
    expect(next.changes).toBe(DIFF_SOME);
    outputs = await update(name, id, refreshed.properties, checked.inputs, refreshed.inputs as Json);
    expect(JSON.stringify(sim.storedDeclaration()?.life)).toContain('192.0.2.99');
  });

  it('delete removes the tenant, given the old outputs', async () => {
    sim.clearRequestLog();
    await remove(name, id, outputs, inputs);
    // One scoped write: the tenant without applications, conditional on the checked optimisticLockKey.
    expect(declarationWrites(sim)).toEqual(['POST /mgmt/shared/appsvcs/declare/life']);
    expect(sim.storedDeclaration()?.life).toBeUndefined();
  });

  it('read of a tenant that is gone returns an empty id (deleted)', async () => {
    const refreshed = await read(name, id, outputs, inputs);
    expect(refreshed.id).toBe('');
  });
});

describe('ownership over gRPC', () => {
  it('create of a foreign tenant fails with the adoption hint; delete of a foreign tenant is refused', async () => {
    const name = 'bigip-test/foreign';
    await postOutOfBand(sim, tenantRequest('test', 'foreign', { label: 'CIS Declaration' }), 'foreign');
    const news = withProvider(tenantInputs(sim, 'test', 'foreign'));
    await expect(create(name, news)).rejects.toThrow(
      /refusing to overwrite tenant 'foreign'.*adoptExisting/s,
    );
    sim.clearRequestLog();
    await expect(remove(name, 'bigip-test/foreign', { ...news, result: 'success' }, news)).rejects.toThrow(
      /refusing to delete tenant 'foreign'/,
    );
    expect(sim.requestLog.filter((e) => e.method === 'DELETE')).toEqual([]);
  });
});

describe('partial failure: created but failed', () => {
  const name = 'bigip-test/partial';

  it('AS3 rejecting an existing tenant of this stack yields ErrorResourceInitFailed with id, properties and reasons', async () => {
    // The device already holds an older version of the tenant with this stack's marker (e.g. lost state).
    expect(await postOutOfBand(sim, tenantRequest('test', 'partial', { vip: '192.0.2.10' }), 'partial')).toBe(
      200,
    );
    const news = withProvider(tenantInputs(sim, 'test', 'partial', { vip: '192.0.2.77' }));
    sim.faults.failTenants = ['partial'];
    let error: (Error & { code?: number; details?: string; metadata?: Message }) | undefined;
    try {
      await create(name, news);
    } catch (e) {
      error = e as typeof error;
    } finally {
      sim.faults.failTenants = [];
    }
    expect(error?.code).toBe(grpc.status.UNKNOWN);
    expect(error?.details).toMatch(
      /AS3 rejected tenant 'partial' on device 'bigip-test': tenant partial: declaration failed \(01070734:3: Configuration error/,
    );
    const [bin] = error?.metadata.get('grpc-status-details-bin') as Buffer[];
    const status = statusproto.Status.deserializeBinary(new Uint8Array(bin as Buffer));
    const [any] = status.getDetailsList();
    expect(any.getTypeName()).toBe('pulumirpc.ErrorResourceInitFailed');
    const detail = any.unpack(
      proto.ErrorResourceInitFailed.deserializeBinary,
      'pulumirpc.ErrorResourceInitFailed',
    );
    expect(detail.getId()).toBe('bigip-test/partial');
    expect(detail.getReasonsList()).toEqual([expect.stringContaining('declaration failed (01070734:3')]);
    const properties = detail.getProperties().toJavaScript() as Json;
    expect(properties.__provider).toBe(providerText);
    expect(properties.result).toBe('declaration failed');
    // The engine records what the device kept: the older version, so the next `up` diffs and updates.
    expect(JSON.stringify(properties.declaration)).toContain('192.0.2.10');

    const next = await diff(name, detail.getId(), properties, news, news);
    expect(next.changes).toBe(DIFF_SOME);
    const updated = await update(name, detail.getId(), properties, news, news);
    expect(updated.result).toBe('success');
    expect(JSON.stringify(sim.storedDeclaration()?.partial)).toContain('192.0.2.77');
    await remove(name, detail.getId(), updated, news);
  });

  it('the host logged nothing unexpected', () => {
    expect(hostStderr).not.toContain(PASSWORD);
    expect(hostStderr).not.toMatch(/TypeError|ReferenceError|Cannot find module/);
  });
});
