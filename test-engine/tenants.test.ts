/**
 * Tier 9, BIG-IP side: the real `pulumi` engine runs the program (bin/pulumi.js → lib/pulumi/program.ts)
 * on a fixture app with stack-owned tenants on two devices, each device an AS3 simulator on 127.0.0.1.
 * The cases run in order on one stack, as a user's stack lives: preview, up, no-op up, update, rename,
 * refresh, a rejected tenant, ownership, destroy. Each asserts on `pulumi stack export` and on the
 * simulators' request logs.
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startSimulator, type RunningSimulator } from 'vks-bigip/simulator';
import { FIXTURE_FILE, type FixtureTenant } from './fixtures/app';
import { engineBin, EngineWorkspace, formatRun, resourcesOf, ROOT, type Deployment } from './harness';

type Json = Record<string, unknown>;
type Device = FixtureTenant['device'];

const STACK = 'engine';
const TENANT_TYPE = 'pulumi-nodejs:dynamic/vks-bigip:As3Tenant';
const USERNAME = 'engine-admin';
const PASSWORD = 'Engine-S3cret-4c81d2';
const SECRET_SIG = '4dabf18193072939515e22adb298388d';
const DECLARE = '/mgmt/shared/appsvcs/declare';

const sims = {} as Record<Device, RunningSimulator>;
let ws: EngineWorkspace;
let tenants: FixtureTenant[] = [
  { device: 'bigip-a', tenant: 'apps_one', vip: '192.0.2.11', members: ['10.1.0.11'] },
  { device: 'bigip-a', tenant: 'apps_two', vip: '192.0.2.12', members: ['10.1.0.12'] },
  { device: 'bigip-b', tenant: 'apps_three', vip: '192.0.2.13', members: ['10.1.0.13'] },
];

let deviceNames: Partial<Record<Device, string>> = {};

function setTenants(next: FixtureTenant[]): void {
  tenants = next;
  ws.writeProjectFile(FIXTURE_FILE, `${JSON.stringify({ stack: STACK, tenants, deviceNames }, null, 2)}\n`);
}

function changeTenant(tenant: string, change: Partial<FixtureTenant>): void {
  setTenants(tenants.map((t) => (t.tenant === tenant ? { ...t, ...change } : t)));
}

function clearLogs(): void {
  for (const sim of Object.values(sims)) sim.clearRequestLog();
}

/** Every request a simulator answered, as `METHOD path`. */
function requests(device: Device): string[] {
  return sims[device].requestLog.map((e) => `${e.method} ${e.path}`);
}

/** Declaration writes (POST/PATCH/DELETE on /declare), in order. */
function writes(device: Device): string[] {
  return requests(device).filter((l) => /^(POST|PATCH|DELETE) \/mgmt\/shared\/appsvcs\/declare/.test(l));
}

function stored(device: Device, tenant: string): Json | undefined {
  return sims[device].storedDeclaration()?.[tenant] as Json | undefined;
}

/** The VIP and members of a tenant's `web` application (stored on a device, or in the state). */
function webOf(tenant: Json | undefined): { vip: unknown; members: unknown } {
  const web = (tenant?.web ?? {}) as Json;
  const service = (web.serviceMain ?? {}) as Json;
  const pool = (web.pool ?? {}) as { members?: Array<{ serverAddresses?: unknown }> };
  return {
    vip: (service.virtualAddresses as unknown[] | undefined)?.[0],
    members: pool.members?.[0]?.serverAddresses,
  };
}

async function state(): Promise<Deployment> {
  return (await ws.exportState()).deployment;
}

/** The As3Tenant resources of the state, by name (`<device>/<tenant>`). */
async function tenantsInState(): Promise<Map<string, Json>> {
  const found = new Map<string, Json>();
  for (const [name, resource] of resourcesOf(await state(), TENANT_TYPE))
    found.set(name, resource.outputs ?? {});
  return found;
}

function stateTenant(outputs: Json | undefined, tenant: string): Json | undefined {
  const request = (outputs?.declaration ?? {}) as { declaration?: Json };
  return request.declaration?.[tenant] as Json | undefined;
}

/** A request to a simulator as another writer (a person, CIS, another stack). */
async function outOfBand(
  device: Device,
  method: 'POST' | 'DELETE',
  tenant: string,
  body?: Json,
): Promise<void> {
  const response = await fetch(`${sims[device].url}${DECLARE}/${tenant}`, {
    method,
    headers: {
      authorization: `Basic ${Buffer.from(`${USERNAME}:${PASSWORD}`).toString('base64')}`,
      'content-type': 'application/json',
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  assert.equal(response.status, 200, `${method} ${tenant} out of band: ${response.status} ${text}`);
}

/** A whole AS3 request for one foreign tenant, labelled by someone else. */
function foreignRequest(tenant: string, label: string, vip: string): Json {
  return {
    class: 'AS3',
    action: 'deploy',
    persist: true,
    declaration: {
      class: 'ADC',
      schemaVersion: '3.56.0',
      id: `urn:someone-else:${tenant}`,
      [tenant]: {
        class: 'Tenant',
        label,
        web: {
          class: 'Application',
          template: 'http',
          serviceMain: { class: 'Service_HTTP', virtualAddresses: [vip], virtualPort: 80 },
        },
      },
    },
  };
}

interface PreviewStep {
  readonly op: string;
  readonly urn: string;
}

/** The As3Tenant steps of `pulumi preview --json`, as `op name`. */
async function previewTenantSteps(): Promise<string[]> {
  const run = await ws.pulumi(['preview', '--json']);
  const steps = (JSON.parse(run.stdout) as { steps?: PreviewStep[] }).steps ?? [];
  return steps
    .filter((s) => s.urn.includes(`$${TENANT_TYPE}::`) || s.urn.includes(`::${TENANT_TYPE}::`))
    .map((s) => `${s.op} ${s.urn.split('::').pop()}`)
    .sort();
}

/** The resource changes of the newest update in `pulumi stack history`. */
async function lastUpdateChanges(): Promise<Record<string, number>> {
  const run = await ws.pulumi(['stack', 'history', '--json']);
  const history = JSON.parse(run.stdout) as Array<{ resourceChanges?: Record<string, number> }>;
  return history[0]?.resourceChanges ?? {};
}

before(async () => {
  const bin = engineBin();
  sims['bigip-a'] = await startSimulator({
    host: '127.0.0.1',
    port: 0,
    username: USERNAME,
    password: PASSWORD,
  });
  sims['bigip-b'] = await startSimulator({
    host: '127.0.0.1',
    port: 0,
    username: USERNAME,
    password: PASSWORD,
  });
  ws = await EngineWorkspace.create(bin, STACK);
  setTenants(tenants);
  await ws.pulumi(['config', 'set', 'app', join(__dirname, 'fixtures', 'app.ts')]);
  for (const device of ['bigip-a', 'bigip-b'] as const) {
    await ws.config(`devices.${device}.username`, USERNAME);
    await ws.config(`devices.${device}.password`, PASSWORD, true);
    await ws.config(`devices.${device}.url`, sims[device].url);
  }
});

after(async () => {
  ws?.dispose();
  await Promise.all(Object.values(sims).map((sim) => sim.close()));
});

describe('pulumi engine: stack-owned AS3 tenants on two devices', () => {
  it('preview lists the creates and sends no request to either device', async () => {
    assert.deepEqual(await previewTenantSteps(), [
      'create bigip-a/apps_one',
      'create bigip-a/apps_two',
      'create bigip-b/apps_three',
    ]);
    assert.deepEqual(requests('bigip-a'), []);
    assert.deepEqual(requests('bigip-b'), []);
    assert.deepEqual((await state()).deployment.resources ?? [], []);
  });

  it('up creates the tenants; the password reaches the provider and is stored only as ciphertext', async () => {
    await ws.pulumi(['up', '--yes']);
    // Tenants of one device whose creates overlap share a POST (/declare/apps_one,apps_two), in no fixed order.
    const written = writes('bigip-a').flatMap((l) => (l.split('/declare/')[1] ?? '').split(','));
    assert.deepEqual(written.sort(), ['apps_one', 'apps_two']);
    assert.ok(writes('bigip-a').every((l) => l.startsWith(`POST ${DECLARE}/`)));
    assert.deepEqual(writes('bigip-b'), [`POST ${DECLARE}/apps_three`]);
    // The simulators accept only these credentials: the logins prove the secret reached the provider.
    for (const device of ['bigip-a', 'bigip-b'] as const) {
      assert.ok(
        sims[device].requestLog.some((e) => e.path === '/mgmt/shared/authn/login' && e.status === 200),
      );
    }
    assert.deepEqual(webOf(stored('bigip-a', 'apps_one')), { vip: '192.0.2.11', members: ['10.1.0.11'] });
    assert.deepEqual(webOf(stored('bigip-b', 'apps_three')), { vip: '192.0.2.13', members: ['10.1.0.13'] });

    const inState = await tenantsInState();
    assert.deepEqual([...inState.keys()].sort(), [
      'bigip-a/apps_one',
      'bigip-a/apps_two',
      'bigip-b/apps_three',
    ]);
    for (const outputs of inState.values()) assert.equal(outputs.result, 'success');

    // Config file and state: the password only as ciphertext; the serialized provider holds nothing.
    assert.ok(!ws.readProjectFile(`Pulumi.${STACK}.yaml`).includes(PASSWORD));
    assert.match(ws.readProjectFile(`Pulumi.${STACK}.yaml`), /secure: v1:/);
    const { text, deployment } = await ws.exportState();
    assert.equal(deployment.deployment.secrets_providers?.type, 'passphrase');
    for (const leak of [PASSWORD, USERNAME, sims['bigip-a'].url, sims['bigip-b'].url]) {
      assert.ok(!text.includes(leak), `the exported state contains ${leak}`);
    }
    const provider = resourcesOf(deployment, 'pulumi:providers:pulumi-nodejs').get('default');
    const devices = provider?.inputs?.['vks-bigip:devices'] as Json | undefined;
    assert.equal(
      devices?.[SECRET_SIG],
      '1b47061264138c4ac30d75fd1eb44270',
      'devices config stored as a secret',
    );
    assert.match(String(devices?.ciphertext), /^v1:/);
    const revealed = (await ws.exportState(true)).deployment;
    const plain = resourcesOf(revealed, 'pulumi:providers:pulumi-nodejs').get('default')?.inputs?.[
      'vks-bigip:devices'
    ];
    assert.match(JSON.stringify(plain), new RegExp(PASSWORD), 'the ciphertext is the configured password');
    for (const resource of resourcesOf(deployment, TENANT_TYPE).values()) {
      const serialized = String(resource.inputs?.__provider);
      assert.match(serialized, /exports\.handler/);
      for (const leak of [PASSWORD, USERNAME, '127.0.0.1', ROOT]) assert.ok(!serialized.includes(leak), leak);
    }
  });

  it('a second up changes nothing and sends zero requests to the devices', async () => {
    clearLogs();
    await ws.pulumi(['up', '--yes']);
    assert.deepEqual(requests('bigip-a'), []);
    assert.deepEqual(requests('bigip-b'), []);
    const changes = await lastUpdateChanges();
    assert.deepEqual(Object.keys(changes), ['same']);
  });

  it('a changed tenant: preview --diff shows the fields, up updates only that tenant', async () => {
    changeTenant('apps_one', { vip: '192.0.2.21', members: ['10.1.0.21'] });
    clearLogs();
    const preview = await ws.pulumi(['preview', '--diff']);
    // The resources part of the diff (stack outputs follow `--outputs:--`).
    const out = preview.stdout.split('--outputs:--')[0] as string;
    assert.match(
      out,
      /~ pulumi-nodejs:dynamic\/vks-bigip:As3Tenant: \(update\)\n\s+\[id=bigip-a\/apps_one\]/,
      formatRun(preview),
    );
    assert.match(out, /~ virtualAddresses: \[\n\s+~ \[0\]: "192\.0\.2\.11" => "192\.0\.2\.21"/);
    assert.match(out, /~ serverAddresses: \[\n\s+~ \[0\]: "10\.1\.0\.11" => "10\.1\.0\.21"/);
    assert.doesNotMatch(out, /__provider/);
    assert.doesNotMatch(out, /apps_two|apps_three/, 'only the changed tenant is listed');
    assert.match(preview.stdout, /~ 1 to update/);
    assert.deepEqual([...requests('bigip-a'), ...requests('bigip-b')], []);

    await ws.pulumi(['up', '--yes', '--skip-preview']);
    assert.deepEqual(writes('bigip-a'), [`POST ${DECLARE}/apps_one`]);
    assert.deepEqual(requests('bigip-b'), []);
    assert.deepEqual(webOf(stored('bigip-a', 'apps_one')), { vip: '192.0.2.21', members: ['10.1.0.21'] });
    const inState = await tenantsInState();
    assert.deepEqual(webOf(stateTenant(inState.get('bigip-a/apps_one'), 'apps_one')), {
      vip: '192.0.2.21',
      members: ['10.1.0.21'],
    });
  });

  it('a renamed tenant: the new tenant is created first, then the old one deleted', async () => {
    setTenants(tenants.map((t) => (t.tenant === 'apps_two' ? { ...t, tenant: 'apps_four' } : t)));
    assert.deepEqual(await previewTenantSteps(), ['create bigip-a/apps_four', 'delete bigip-a/apps_two']);
    clearLogs();
    await ws.pulumi(['up', '--yes', '--skip-preview']);
    // A delete is a POST of the emptied tenant with the key of the read that checked ownership.
    assert.deepEqual(writes('bigip-a'), [`POST ${DECLARE}/apps_four`, `POST ${DECLARE}/apps_two`]);
    assert.equal(stored('bigip-a', 'apps_two'), undefined);
    assert.deepEqual(webOf(stored('bigip-a', 'apps_four')), { vip: '192.0.2.12', members: ['10.1.0.12'] });
    assert.deepEqual([...(await tenantsInState()).keys()].sort(), [
      'bigip-a/apps_four',
      'bigip-a/apps_one',
      'bigip-b/apps_three',
    ]);
  });

  it('refresh shows a change another AS3 writer made; the next up puts the declared version back', async () => {
    const declared = (await tenantsInState()).get('bigip-a/apps_one')?.declaration as Json;
    const changed = JSON.parse(JSON.stringify(declared)) as { declaration: Json };
    const web = (changed.declaration.apps_one as Json).web as { pool: { members: Array<Json> } };
    (web.pool.members[0] as Json).serverAddresses = ['10.9.9.9'];
    await outOfBand('bigip-a', 'POST', 'apps_one', changed);

    clearLogs();
    const refresh = await ws.pulumi(['refresh', '--yes', '--skip-preview']);
    assert.match(
      refresh.stdout,
      /~ +pulumi-nodejs:dynamic\/vks-bigip:As3Tenant bigip-a\/apps_one/,
      formatRun(refresh),
    );
    assert.deepEqual(writes('bigip-a'), [], 'refresh only reads');
    assert.deepEqual(
      webOf(stateTenant((await tenantsInState()).get('bigip-a/apps_one'), 'apps_one')).members,
      ['10.9.9.9'],
    );
    assert.deepEqual(await previewTenantSteps(), ['update bigip-a/apps_one']);

    clearLogs();
    await ws.pulumi(['up', '--yes', '--skip-preview']);
    assert.deepEqual(writes('bigip-a'), [`POST ${DECLARE}/apps_one`]);
    assert.deepEqual(writes('bigip-b'), []);
    assert.deepEqual(webOf(stored('bigip-a', 'apps_one')).members, ['10.1.0.21']);
  });

  it('refresh drops a tenant deleted on the device; the next up creates it again', async () => {
    await outOfBand('bigip-b', 'DELETE', 'apps_three');
    await ws.pulumi(['refresh', '--yes', '--skip-preview']);
    assert.ok(!(await tenantsInState()).has('bigip-b/apps_three'));
    assert.deepEqual(await previewTenantSteps(), ['create bigip-b/apps_three']);
    clearLogs();
    await ws.pulumi(['up', '--yes', '--skip-preview']);
    assert.deepEqual(writes('bigip-b'), [`POST ${DECLARE}/apps_three`]);
    assert.deepEqual(writes('bigip-a'), []);
    assert.ok((await tenantsInState()).has('bigip-b/apps_three'));
  });

  it('a tenant AS3 rejects fails with AS3 message, the other succeeds; the next up retries only it', async () => {
    changeTenant('apps_one', { vip: '192.0.2.31' });
    changeTenant('apps_three', { vip: '192.0.2.33' });
    sims['bigip-a'].faults.failTenants = ['apps_one'];
    clearLogs();
    const failed = await ws
      .pulumi(['up', '--yes', '--skip-preview', '--continue-on-error'], { allowFailure: true })
      .finally(() => (sims['bigip-a'].faults.failTenants = []));
    assert.notEqual(failed.code, 0, formatRun(failed));
    const output = failed.stdout + failed.stderr;
    assert.match(
      output,
      /AS3 rejected the update of tenant 'apps_one' on device 'bigip-a'/,
      formatRun(failed),
    );
    assert.match(output, /declaration failed/);
    assert.deepEqual(writes('bigip-b'), [`POST ${DECLARE}/apps_three`]);
    assert.equal(webOf(stored('bigip-b', 'apps_three')).vip, '192.0.2.33');
    assert.equal(
      webOf(stored('bigip-a', 'apps_one')).vip,
      '192.0.2.21',
      'the device keeps the previous version',
    );
    const inState = await tenantsInState();
    assert.equal(webOf(stateTenant(inState.get('bigip-a/apps_one'), 'apps_one')).vip, '192.0.2.21');
    assert.equal(webOf(stateTenant(inState.get('bigip-b/apps_three'), 'apps_three')).vip, '192.0.2.33');

    clearLogs();
    await ws.pulumi(['up', '--yes', '--skip-preview']);
    assert.deepEqual(writes('bigip-a'), [`POST ${DECLARE}/apps_one`]);
    assert.deepEqual(requests('bigip-b'), []);
    assert.equal(webOf(stored('bigip-a', 'apps_one')).vip, '192.0.2.31');
  });

  it('a renamed device construct (same BIG-IP) keeps its tenants: the old resource lets them go', async () => {
    await ws.config('devices.bigip-b2.username', USERNAME);
    await ws.config('devices.bigip-b2.password', PASSWORD, true);
    await ws.config('devices.bigip-b2.url', sims['bigip-b'].url);
    const before = JSON.stringify(stored('bigip-b', 'apps_three'));
    for (const name of ['bigip-b2', 'bigip-b'] as const) {
      deviceNames = name === 'bigip-b' ? {} : { 'bigip-b': name };
      setTenants(tenants);
      clearLogs();
      await ws.pulumi(['up', '--yes', '--skip-preview']);
      // The new resource declares the tenant (its remark names the new device construct); the old one
      // reads it, sees another device construct declares it, and writes nothing.
      assert.deepEqual(writes('bigip-b'), [`POST ${DECLARE}/apps_three`]);
      assert.equal(stored('bigip-b', 'apps_three')?.remark, `managed by vks-bigip for device ${name}`);
      assert.deepEqual(
        [...(await tenantsInState()).keys()].filter((k) => k.endsWith('/apps_three')),
        [`${name}/apps_three`],
      );
    }
    const after = { ...(stored('bigip-b', 'apps_three') as Json) };
    assert.equal(JSON.stringify(after), before);
  });

  it('an existing foreign tenant is not overwritten without adoptExisting, and is with it', async () => {
    await outOfBand('bigip-a', 'POST', 'legacy', foreignRequest('legacy', 'team-x', '192.0.2.40'));
    setTenants([
      ...tenants,
      { device: 'bigip-a', tenant: 'legacy', vip: '192.0.2.41', members: ['10.1.0.41'] },
    ]);
    clearLogs();
    const refused = await ws.pulumi(['up', '--yes', '--skip-preview'], { allowFailure: true });
    assert.notEqual(refused.code, 0);
    const output = refused.stdout + refused.stderr;
    assert.match(output, /refusing to overwrite tenant 'legacy' on device 'bigip-a'/, formatRun(refused));
    assert.match(output, /adoptExisting: true/);
    assert.deepEqual(writes('bigip-a'), []);
    assert.equal(stored('bigip-a', 'legacy')?.label, 'team-x');
    assert.ok(!(await tenantsInState()).has('bigip-a/legacy'));

    changeTenant('legacy', { adoptExisting: true });
    clearLogs();
    await ws.pulumi(['up', '--yes', '--skip-preview']);
    assert.deepEqual(writes('bigip-a'), [`POST ${DECLARE}/legacy`]);
    assert.equal(stored('bigip-a', 'legacy')?.label, `vks-bigip:${STACK}`);
    assert.equal(webOf(stored('bigip-a', 'legacy')).vip, '192.0.2.41');
  });

  it('destroy deletes only the stack tenants, with the provider stored in the state', async () => {
    await outOfBand('bigip-b', 'POST', 'foreign', foreignRequest('foreign', 'team-y', '192.0.2.50'));
    // Without its fixture the program cannot even load: destroy runs from the state alone.
    rmSync(join(ws.project, FIXTURE_FILE));
    clearLogs();
    await ws.pulumi(['destroy', '--yes', '--skip-preview']);
    // Each tenant is emptied by a POST conditional on the ownership read; never a bare DELETE /declare.
    assert.deepEqual(writes('bigip-a').sort(), [
      `POST ${DECLARE}/apps_four`,
      `POST ${DECLARE}/apps_one`,
      `POST ${DECLARE}/legacy`,
    ]);
    assert.deepEqual(writes('bigip-b'), [`POST ${DECLARE}/apps_three`]);
    for (const tenant of ['apps_one', 'apps_four', 'legacy'])
      assert.equal(stored('bigip-a', tenant), undefined);
    assert.equal(stored('bigip-b', 'apps_three'), undefined);
    assert.equal(stored('bigip-b', 'foreign')?.label, 'team-y');
    assert.equal(resourcesOf(await state(), TENANT_TYPE).size, 0);
  });
});
