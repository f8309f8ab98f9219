import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { stackTenantRemark } from '../../lib/as3/declaration';
import { synthesizeStack } from '../../lib/core/synth';
import * as logic from '../../lib/pulumi/tenant-logic';
import { createApp } from '../../stacks/index';
import { startSimulator, PROTECTED_F5SV, PROTECTED_NONE, type RunningSimulator } from '../../lib/simulator';
import {
  configOf,
  declarationWrites,
  FAST_CLIENT,
  PASSWORD,
  postOutOfBand,
  providerConfig,
  requestLines,
  tenantInputs,
  tenantRequest,
  UNKNOWN,
  USERNAME,
} from './helpers';

/**
 * Tier 5: the As3Tenant provider's methods called directly, against the AS3 simulator over real HTTP.
 * The simulator's request log is the witness of what reached the "device".
 */

type Json = Record<string, unknown>;
type Inputs = Parameters<typeof logic.create>[0] & Json;

const AS3_SCHEMA = path.resolve(__dirname, '../../../shared/as3/as3-schema-3.56.0-10.json');
const HAVE_SCHEMA = fs.existsSync(AS3_SCHEMA);
if (!HAVE_SCHEMA)
  console.warn(
    `[provider-methods] SKIPPED the AS3 schema check: ${AS3_SCHEMA} is absent (the sibling ../shared folder)`,
  );

let sim: RunningSimulator;

function configure(extra: Record<string, string> = {}): void {
  logic.configure(configOf(providerConfig(sim, extra)), FAST_CLIENT);
}

function inputs(tenant: string, options: Parameters<typeof tenantInputs>[3] = {}): Inputs {
  return tenantInputs(sim, 'test', tenant, options) as unknown as Inputs;
}

/** The tenant as the simulator stores it (what `GET /declare/<tenant>` returns). */
function stored(tenant: string): Json | undefined {
  return sim.storedDeclaration()?.[tenant] as Json | undefined;
}

function vipOf(tenant: Json | undefined): unknown {
  return ((tenant?.web as Json | undefined)?.serviceMain as Json | undefined)?.virtualAddresses;
}

beforeAll(async () => {
  sim = await startSimulator({ username: USERNAME, password: PASSWORD });
});

afterAll(async () => {
  await logic.closeClients();
  await sim?.close();
});

beforeEach(() => {
  configure();
  sim.faults.failTenants = [];
  sim.clearRequestLog();
});

describe('create, no-op, update, refresh, delete', () => {
  const desired = () => inputs('life');
  let outs: Json;

  it('create deploys only this tenant, with exactly one declaration POST', async () => {
    const created = await logic.create(desired());
    outs = created.outs as unknown as Json;
    expect(created.id).toBe('bigip-test/life');
    expect(outs).toEqual({ ...desired(), result: 'success' });
    expect(declarationWrites(sim)).toEqual(['POST /mgmt/shared/appsvcs/declare/life']);
    // The ownership guard looked first; the POST is scoped to the tenant, never a bare /declare.
    expect(requestLines(sim)).toContain('GET /mgmt/shared/appsvcs/declare/life');
    expect(stored('life')?.label).toBe('vks-bigip:test');
  });

  it('a no-op redeploy (check + diff with the same inputs) sends no request at all', async () => {
    const checked = logic.check(desired(), desired());
    expect(checked.failures).toEqual([]);
    const result = logic.diff('bigip-test/life', outs, checked.inputs);
    expect(result).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
    expect(sim.requestLog).toEqual([]);
    expect(declarationWrites(sim).filter((l) => l.startsWith('POST'))).toEqual([]);
  });

  it('a changed field is an in-place update that returns complete outputs', async () => {
    const changed = inputs('life', { vip: '192.0.2.99' });
    expect(logic.diff('bigip-test/life', outs, changed)).toEqual({
      changes: true,
      replaces: [],
      deleteBeforeReplace: false,
    });
    const updated = await logic.update('bigip-test/life', outs, changed);
    expect(updated.outs).toEqual({ ...changed, result: 'success' });
    expect(declarationWrites(sim)).toEqual(['POST /mgmt/shared/appsvcs/declare/life']);
    expect(vipOf(stored('life'))).toEqual(['192.0.2.99']);
    outs = updated.outs as unknown as Json;
  });

  it('read of an unchanged tenant returns the recorded inputs: refresh alone causes no diff', async () => {
    const read = await logic.read('bigip-test/life', outs);
    expect(read.id).toBe('bigip-test/life');
    expect(read.inputs).toEqual(inputs('life', { vip: '192.0.2.99' }));
    expect(read.props).toEqual(outs);
    expect(logic.diff('bigip-test/life', read.props, inputs('life', { vip: '192.0.2.99' })).changes).toBe(
      false,
    );
    expect(declarationWrites(sim)).toEqual([]);
  });

  it('refresh after an out-of-band change shows the drift, and the next update reverts it', async () => {
    const foreignEdit = tenantRequest('test', 'life', { vip: '192.0.2.66' });
    expect(await postOutOfBand(sim, foreignEdit, 'life')).toBe(200);
    const read = await logic.read('bigip-test/life', outs);
    const refreshedTenant = ((read.props.declaration as Json).declaration as Json).life as Json;
    expect(vipOf(refreshedTenant)).toEqual(['192.0.2.66']);
    expect(read.inputs?.declaration).toEqual(read.props.declaration);

    const desiredNow = inputs('life', { vip: '192.0.2.99' });
    expect(logic.diff('bigip-test/life', read.props, desiredNow).changes).toBe(true);
    const updated = await logic.update('bigip-test/life', read.props, desiredNow);
    expect(updated.outs.result).toBe('success');
    expect(vipOf(stored('life'))).toEqual(['192.0.2.99']);
    outs = updated.outs as unknown as Json;
  });

  it('with liveDriftCheck, read runs a dry run and marks live drift that GET cannot see', async () => {
    configure({ 'vks-bigip:liveDriftCheck': 'true' });
    const clean = await logic.read('bigip-test/life', outs);
    expect(clean.props.drift).toBeUndefined();
    sim.faults.driftTenant('life');
    sim.clearRequestLog();
    const drifted = await logic.read('bigip-test/life', outs);
    expect(drifted.props.drift).toBe('live');
    expect(drifted.inputs).not.toHaveProperty('drift');
    expect(sim.requestLog.some((e) => e.method === 'POST' && e.query['controls.dryRun'] === 'true')).toBe(
      true,
    );
    expect(logic.diff('bigip-test/life', drifted.props, drifted.inputs as Json).changes).toBe(true);
    const updated = await logic.update('bigip-test/life', drifted.props, drifted.inputs as unknown as Inputs);
    expect(updated.outs).not.toHaveProperty('drift');
    expect(
      (await logic.read('bigip-test/life', updated.outs as unknown as Json)).props.drift,
    ).toBeUndefined();
    outs = updated.outs as unknown as Json;
  });

  it('delete removes the tenant with one scoped, conditional write; a second delete sends none', async () => {
    await logic.remove('bigip-test/life', outs);
    // One scoped write: the tenant without applications, conditional on the checked optimisticLockKey.
    expect(declarationWrites(sim)).toEqual(['POST /mgmt/shared/appsvcs/declare/life']);
    expect(stored('life')).toBeUndefined();
    sim.clearRequestLog();
    await logic.remove('bigip-test/life', outs);
    expect(declarationWrites(sim)).toEqual([]);
  });

  it('a tenant deleted out of band reads as deleted (empty id)', async () => {
    const created = await logic.create(inputs('gone'));
    const auth = `Basic ${Buffer.from(`${USERNAME}:${PASSWORD}`).toString('base64')}`;
    const answer = await fetch(`${sim.url}/mgmt/shared/appsvcs/declare/gone`, {
      method: 'DELETE',
      headers: { authorization: auth },
    });
    expect(answer.status).toBe(200);
    expect(await logic.read(created.id, created.outs as unknown as Json)).toEqual({ id: '', props: {} });
  });
});

describe('AS3 additions do not make a diff', () => {
  it('an AS3-generated id, updateMode, archiveTimestamp and a newer schemaVersion are ignored', async () => {
    const desired = inputs('meta');
    delete ((desired.declaration as Json).declaration as Json).id;
    const created = await logic.create(desired);
    const storedAdc = sim.storedDeclaration() as Json;
    expect(String(storedAdc.id)).toMatch(/^autogen_/);
    expect(storedAdc.updateMode).toBe('selective');
    const read = await logic.read(created.id, created.outs as unknown as Json);
    expect(read.inputs).toEqual(desired);
    const newer = structuredClone(desired) as unknown as Json;
    Object.assign((newer.declaration as Json).declaration as Json, {
      schemaVersion: '3.50.0',
      id: 'autogen_0b8c',
      updateMode: 'selective',
      controls: { archiveTimestamp: '2026-01-01T00:00:00.000Z' },
    });
    expect(logic.diff(created.id, read.props, newer).changes).toBe(false);
  });

  it('secrets AS3 returns as SecureVault cryptograms compare equal to what was posted', () => {
    const withSecret = (protectedHeader: string, ciphertext: string) => {
      const body = tenantRequest('test', 'sec') as Json;
      ((body.declaration as Json).sec as Json).web = {
        class: 'Application',
        mon: {
          class: 'Monitor',
          monitorType: 'http',
          passphrase: { ciphertext, protected: protectedHeader },
        },
      };
      return { ...inputs('sec'), declaration: body };
    };
    const posted = withSecret(PROTECTED_NONE, 'c2VjcmV0');
    const returned = withSecret(PROTECTED_F5SV, 'JE0kYWIkc2VhbGVk');
    expect(logic.diff('bigip-test/sec', returned, posted).changes).toBe(false);
  });

  it('the tenant-level optimisticLockKey AS3 adds is ignored', () => {
    const olds = inputs('lock') as unknown as Json;
    ((olds.declaration as Json).declaration as Json).lock = {
      ...(((olds.declaration as Json).declaration as Json).lock as Json),
      optimisticLockKey: 'abc',
    };
    expect(logic.diff('bigip-test/lock', olds, inputs('lock')).changes).toBe(false);
  });
});

describe('diff: replace only for another device or tenant', () => {
  const olds = () => ({ ...inputs('names'), result: 'success' }) as Json;

  it('a renamed device replaces, deleting first (it may be the same box and the same tenant)', () => {
    expect(logic.diff('x', olds(), { ...inputs('names'), device: 'bigip-other' })).toEqual({
      changes: true,
      replaces: ['device'],
      deleteBeforeReplace: true,
    });
  });

  it('a renamed tenant replaces, creating first (two tenants cannot collide)', () => {
    expect(logic.diff('x', olds(), inputs('renamed'))).toEqual({
      changes: true,
      replaces: ['tenant'],
      deleteBeforeReplace: false,
    });
  });

  it('a new URL of the same device is an update, not a replace', () => {
    expect(logic.diff('x', olds(), { ...inputs('names'), url: 'https://bigip.example.com' })).toEqual({
      changes: true,
      replaces: [],
      deleteBeforeReplace: false,
    });
  });

  it('unknown values during preview mean "may change": never a confident no-op', () => {
    expect(logic.diff('x', olds(), { ...inputs('names'), declaration: UNKNOWN }).changes).toBe(true);
    const nested = inputs('names') as unknown as Json;
    ((((nested.declaration as Json).declaration as Json).names as Json).web as Json).serviceMain = UNKNOWN;
    expect(logic.diff('x', olds(), nested).changes).toBe(true);
    expect(logic.diff('x', olds(), { ...inputs('names'), tenant: UNKNOWN })).toEqual({
      changes: true,
      replaces: ['tenant'],
      deleteBeforeReplace: false,
    });
  });
});

describe('ownership guard', () => {
  const foreign = (tenant: string) => tenantRequest('test', tenant, { label: 'CIS Declaration' });

  it('create refuses a tenant that exists without this stack’s marker, and sends no POST', async () => {
    expect(await postOutOfBand(sim, foreign('theirs'), 'theirs')).toBe(200);
    sim.clearRequestLog();
    await expect(logic.create(inputs('theirs'))).rejects.toThrow(
      /refusing to overwrite tenant 'theirs' on device 'bigip-test'.*label is "CIS Declaration", expected 'vks-bigip:test'.*adoptExisting: true/s,
    );
    expect(declarationWrites(sim)).toEqual([]);
    expect(stored('theirs')?.label).toBe('CIS Declaration');
  });

  it('create with adopt takes the tenant over deliberately', async () => {
    const created = await logic.create(inputs('theirs', { adopt: true }));
    expect(created.outs.result).toBe('success');
    expect(stored('theirs')?.label).toBe('vks-bigip:test');
  });

  it('update refuses a tenant someone else took over since', async () => {
    const created = await logic.create(inputs('stolen'));
    await postOutOfBand(sim, foreign('stolen'), 'stolen');
    sim.clearRequestLog();
    await expect(
      logic.update(created.id, created.outs as unknown as Json, inputs('stolen', { vip: '192.0.2.5' })),
    ).rejects.toThrow(/refusing to update tenant 'stolen'/);
    expect(declarationWrites(sim)).toEqual([]);
  });

  it('delete refuses a tenant whose label is not this stack’s marker and never sends DELETE', async () => {
    const created = await logic.create(inputs('handed-over'));
    await postOutOfBand(sim, foreign('handed-over'), 'handed-over');
    sim.clearRequestLog();
    await expect(logic.remove(created.id, created.outs as unknown as Json)).rejects.toThrow(
      /refusing to delete tenant 'handed-over'.*"CIS Declaration", not this stack's marker 'vks-bigip:test'/,
    );
    expect(sim.requestLog.filter((e) => e.method === 'DELETE')).toEqual([]);
    expect(stored('handed-over')).toBeDefined();
  });

  it('delete of another stack’s tenant of the same name is refused too', async () => {
    const created = await logic.create(inputs('shared-name'));
    const otherStack = { ...(created.outs as unknown as Json), stack: 'prod' };
    await expect(logic.remove(created.id, otherStack)).rejects.toThrow(
      /not this stack's marker 'vks-bigip:prod'/,
    );
    expect(stored('shared-name')).toBeDefined();
  });
});

describe('failures reported as AS3 said them', () => {
  it('a rejected new tenant fails with AS3’s message and records nothing', async () => {
    sim.faults.failTenants = ['rejected'];
    const error = (await logic.create(inputs('rejected')).catch((e: unknown) => e)) as Error & {
      id?: string;
    };
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toMatch(
      /AS3 rejected tenant 'rejected' on device 'bigip-test': tenant rejected: declaration failed \(01070734:3: Configuration error/,
    );
    expect(error.id).toBeUndefined();
    expect(stored('rejected')).toBeUndefined();
  });

  it('a rejected create of a tenant that exists is a partial failure: id, previous version, reasons', async () => {
    const first = await logic.create(inputs('partial'));
    sim.faults.failTenants = ['partial'];
    const error = (await logic
      .create({ ...inputs('partial', { vip: '192.0.2.77' }), __provider: 'serialized' } as Inputs)
      .catch((e: unknown) => e)) as Error & { id?: string; properties?: Json; reasons?: string[] };
    expect(error.id).toBe('bigip-test/partial');
    expect(error.properties?.__provider).toBe('serialized');
    expect(error.properties?.result).toBe('declaration failed');
    // The state records what the device kept (the previous version), so the next `up` updates it.
    expect(
      logic.diff(error.id as string, error.properties as Json, first.outs as unknown as Json).changes,
    ).toBe(false);
    expect(error.reasons?.[0]).toMatch(/declaration failed \(01070734:3/);
    expect(vipOf(stored('partial'))).toEqual(['192.0.2.10']);
  });

  it('a declaration AS3 refuses as a whole fails with AS3’s own words', async () => {
    const body = tenantRequest('test', 'invalid') as Json;
    const web = ((body.declaration as Json).invalid as Json).web as Json;
    web.label = 'x'.repeat(65);
    await expect(logic.create({ ...inputs('invalid'), declaration: body })).rejects.toThrow(
      /AS3 rejected the request \(422 declaration is invalid\): \/invalid\/web\/label: should NOT be longer than 64 characters/,
    );
    expect(stored('invalid')).toBeUndefined();
  });

  it('a rejected update fails with AS3’s message; the device keeps the previous version', async () => {
    const created = await logic.create(inputs('keeps'));
    sim.faults.failTenants = ['keeps'];
    await expect(
      logic.update(created.id, created.outs as unknown as Json, inputs('keeps', { vip: '192.0.2.8' })),
    ).rejects.toThrow(/AS3 rejected the update of tenant 'keeps'.*declaration failed \(01070734:3/);
    expect(vipOf(stored('keeps'))).toEqual(['192.0.2.10']);
  });

  it('a busy device (503) is retried by the client; the create still succeeds', async () => {
    sim.faults.busyResponses = 2;
    const created = await logic.create(inputs('busy'));
    expect(created.outs.result).toBe('success');
    expect(sim.faults.busyResponses).toBe(0);
  });

  it('writes are serialized per device: concurrent creates never meet AS3’s lock', async () => {
    sim.faults.declarationLatencyMs = 20;
    try {
      const results = await Promise.all(['par1', 'par2', 'par3'].map((t) => logic.create(inputs(t))));
      expect(results.map((r) => r.outs.result)).toEqual(['success', 'success', 'success']);
    } finally {
      sim.faults.declarationLatencyMs = 0;
    }
    expect(sim.requestLog.filter((e) => e.status === 503)).toEqual([]);
  });
});

describe('check: failures per property, no device involved', () => {
  const failuresOf = (news: Json) => logic.check({}, news).failures;
  const body = (tenant = 'chk') => tenantRequest('test', tenant) as Json;
  const adcOf = (b: Json) => b.declaration as Json;

  it('accepts a well-formed tenant', () => {
    expect(failuresOf(inputs('chk'))).toEqual([]);
  });

  it('names the bad property', () => {
    expect(failuresOf({ ...inputs('chk'), tenant: '1bad' })).toEqual([
      { property: 'tenant', reason: expect.stringMatching(/^tenant name must be a letter/) },
    ]);
    expect(failuresOf({ ...inputs('chk'), tenant: 'Common' })).toEqual([
      { property: 'tenant', reason: expect.stringContaining('must not be "Common"') },
    ]);
    expect(failuresOf({ ...inputs('chk'), device: '' })).toEqual([
      { property: 'device', reason: "'device' must be a non-empty string" },
    ]);
    expect(failuresOf({ ...inputs('chk'), url: 'bigip.example.com' })).toEqual([
      { property: 'url', reason: `'url' must be an https:// (or http://) URL, got "bigip.example.com"` },
    ]);
    expect(failuresOf({ ...inputs('chk'), adopt: 'yes' })).toEqual([
      { property: 'adopt', reason: "'adopt' must be true or false" },
    ]);
  });

  it('rejects a declaration with the wrong label, other tenants, secrets, or a dangerous mode', () => {
    const wrongLabel = tenantRequest('test', 'chk', { label: 'vks-bigip:prod' });
    expect(failuresOf({ ...inputs('chk'), declaration: wrongLabel })).toEqual([
      {
        property: 'declaration',
        reason: `tenant 'chk' must carry the ownership label 'vks-bigip:test', got "vks-bigip:prod"`,
      },
    ]);
    const twoTenants = body();
    adcOf(twoTenants).other = adcOf(body('other')).other;
    expect(failuresOf({ ...inputs('chk'), declaration: twoTenants })[0]?.reason).toBe(
      "'declaration' must hold exactly tenant 'chk', got chk, other",
    );
    const secret = body();
    ((adcOf(secret).chk as Json).web as Json).key = { class: 'Certificate', privateKey: 'x' };
    expect(failuresOf({ ...inputs('chk'), declaration: secret })[0]).toEqual({
      property: 'declaration',
      reason: 'the declaration carries secret material at /declaration/chk/web/key/privateKey',
    });
    const complete = body();
    adcOf(complete).updateMode = 'complete';
    expect(failuresOf({ ...inputs('chk'), declaration: complete })[0]?.reason).toMatch(
      /updateMode "complete"/,
    );
    expect(failuresOf({ ...inputs('chk'), declaration: { class: 'ADC' } })[0]?.property).toBe('declaration');
  });

  it('tolerates Pulumi’s unknown sentinel anywhere during preview, even for non-strings', () => {
    for (const key of ['stack', 'device', 'url', 'tenant', 'declaration', 'adopt']) {
      expect(failuresOf({ ...inputs('chk'), [key]: UNKNOWN })).toEqual([]);
    }
    const nested = body();
    ((adcOf(nested).chk as Json).web as Json).serviceMain = UNKNOWN;
    expect(failuresOf({ ...inputs('chk'), declaration: nested })).toEqual([]);
  });

  it.skipIf(!HAVE_SCHEMA)('validates against the official AS3 schema when as3Schema is configured', () => {
    configure({ 'vks-bigip:as3Schema': AS3_SCHEMA });
    expect(failuresOf(inputs('chk'))).toEqual([]);
    const bad = body();
    (((adcOf(bad).chk as Json).web as Json).serviceMain as Json).virtualPort = 'eighty';
    expect(failuresOf({ ...inputs('chk'), declaration: bad })).toEqual([
      {
        property: 'declaration',
        reason: expect.stringMatching(
          /^AS3 schema \(.*as3-schema-3\.56\.0-10\.json\): \/declaration\/chk\/web\/serviceMain\/virtualPort: should be integer$/,
        ),
      },
    ]);
  });

  it('sent no request to the device', () => {
    expect(sim.requestLog).toEqual([]);
  });
});

describe('configure: settings from the stack config only', () => {
  it('explains how to set missing credentials', async () => {
    logic.configure(configOf({}), FAST_CLIENT);
    await expect(logic.create(inputs('nocreds'))).rejects.toThrow(
      /no BIG-IP credentials for device 'bigip-test'.*pulumi config set --secret --path 'devices\.bigip-test\.password'/s,
    );
  });

  it('rejects malformed settings without echoing them', () => {
    const bad = (devices: string) => () => logic.configure(configOf({ 'vks-bigip:devices': devices }));
    expect(bad(`{"bigip-test": {"password": "${PASSWORD}"`)).toThrow(/config 'devices' must be an object/);
    expect(bad(`{"bigip-test": {"password": "${PASSWORD}"`)).not.toThrow(new RegExp(PASSWORD));
    expect(bad(`{"bigip-test": {"username": "a", "password": "${PASSWORD}", "insecure": "sure"}}`)).toThrow(
      /devices\.bigip-test\.insecure' must be true or false/,
    );
  });

  it('reads fully qualified keys (vks-bigip:devices), falling back to plain ones for in-process callers', async () => {
    logic.configure(configOf({ devices: providerConfig(sim)['vks-bigip:devices'] as string }), FAST_CLIENT);
    const created = await logic.create(inputs('plainkeys'));
    expect(created.outs.result).toBe('success');
  });

  it('accepts --path values stored as text ("true", "1200")', () => {
    expect(() =>
      logic.configure(
        configOf({
          'vks-bigip:devices': JSON.stringify({
            d: { username: 'u', password: 'p', insecure: 'false', tokenTimeoutSeconds: '1200' },
          }),
        }),
      ),
    ).not.toThrow();
  });
});

describe('the synthesized prod tenant, end to end', () => {
  it('deploys, reads back without a diff, and deletes', async () => {
    const output = synthesizeStack(createApp().stack('prod'));
    const declaration = JSON.parse(
      output.files.get('prod/bigip/bigip-prod/vks_prod_apps.as3.json') as string,
    ) as Json;
    // The provider talks to this test's device, so the tenant says it is declared for that one.
    const tenantJson = (declaration.declaration as Json).vks_prod_apps as Json;
    tenantJson.remark = stackTenantRemark('bigip-test');
    configure(HAVE_SCHEMA ? { 'vks-bigip:as3Schema': AS3_SCHEMA } : {});
    const desired = {
      stack: 'prod',
      device: 'bigip-test',
      url: 'https://198.51.100.245',
      tenant: 'vks_prod_apps',
      declaration,
      adopt: false,
    } as Inputs;
    expect(logic.check({}, desired as unknown as Json).failures).toEqual([]);
    const created = await logic.create(desired);
    expect(created.outs.result).toBe('success');
    const read = await logic.read(created.id, created.outs as unknown as Json);
    expect(read.inputs).toEqual(desired);
    await logic.remove(created.id, read.props);
    expect(stored('vks_prod_apps')).toBeUndefined();
  });
});

describe('a device construct renamed (same BIG-IP, so a new resource)', () => {
  it('the old resource deletes nothing once the tenant says another device construct declares it', async () => {
    configure({});
    const inputs = tenantInputs(sim, 'dev', 'renamed_tenant');
    const tenant = ((inputs.declaration as Json).declaration as Json).renamed_tenant as Json;
    // The new resource has declared the tenant already: its remark names the new device construct.
    tenant.remark = stackTenantRemark('bigip-new-name');
    const created = await logic.create(inputs as unknown as Inputs);
    await logic.remove(created.id, created.outs as unknown as Json);
    expect(stored('renamed_tenant')).toBeDefined();
  });
});
