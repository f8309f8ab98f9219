import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BigipClient } from '../../lib/bigip';
import { synthesizeApp } from '../../lib/core/synth';
import { startSimulator, type RunningSimulator } from '../../lib/simulator';
import { REPO, type CliRun } from '../helpers/cli';
import { createApp } from './fixtures/live-app';

/**
 * Done-when of issue 14: `diff --live` against the simulator reports a tenant changed out of band (in
 * its stored declaration, and in the live configuration only a dry run sees) and an unmanaged tenant,
 * and sends no write: the request log holds GETs and dry runs only.
 */

const APP = join(__dirname, 'fixtures', 'live-app.ts');
let sim: RunningSimulator;

function haveOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function live(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  const devices = JSON.stringify({ 'bigip-live': { username: 'admin', password: 'admin', url: sim.url } });
  const childEnv: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', VKS_BIGIP_DEVICES: devices, ...env };
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['bin/vks-bigip.js', 'diff', '--live', '--app', APP, ...args], {
      cwd: REPO,
      env: childEnv,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
  });
}

beforeAll(async () => {
  sim = await startSimulator({ host: '127.0.0.1', port: 0 });
  const declarations = synthesizeApp(createApp()).stacks[0]!.records.declarations;
  const body = (tenant: string) => declarations.find((d) => d.tenant === tenant)!.declaration;
  const client = new BigipClient({ url: sim.url, username: 'admin', password: 'admin', pollIntervalMs: 2 });
  try {
    // live_apps: someone changed the stored declaration (a member and the port) outside the stack.
    const apps = structuredClone(body('live_apps')) as {
      declaration: {
        live_apps: { web: { pool: { members: Array<{ servicePort: number; serverAddresses: string[] }> } } };
      };
    };
    apps.declaration.live_apps.web.pool.members[0]!.servicePort = 9090;
    apps.declaration.live_apps.web.pool.members[0]!.serverAddresses.push('10.50.0.99');
    await client.deploy(apps, ['live_apps'], { throwOnTenantFailure: true });
    // live_drift: stored as declared, changed by hand on the BIG-IP (only a dry run sees it).
    await client.deploy(body('live_drift'), ['live_drift'], { throwOnTenantFailure: true });
    sim.faults.driftTenant('live_drift');
    // A tenant nobody declares.
    await client.deploy(
      {
        class: 'ADC',
        schemaVersion: '3.56.0',
        Hand_Made: { class: 'Tenant', App: { class: 'Application', template: 'generic' } },
      },
      ['Hand_Made'],
      { throwOnTenantFailure: true },
    );
  } finally {
    await client.close();
  }
  sim.clearRequestLog();
});

afterAll(async () => {
  await sim?.close();
});

describe('vks-bigip diff --live', () => {
  let json: CliRun;
  beforeAll(async () => {
    json = await live(['--format', 'json']);
  }, 60_000);

  it('reports the out-of-band changes, the missing tenant and the unmanaged one', () => {
    expect(json.stderr).toBe('');
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout);
    expect(report.changed).toBe(true);
    const [device] = report.devices;
    expect(device).toMatchObject({ device: 'bigip-live', dryRunSupported: true, unmanaged: ['Hand_Made'] });
    const byTenant = Object.fromEntries(device.tenants.map((t: { tenant: string }) => [t.tenant, t]));
    expect(byTenant.live_apps).toMatchObject({ status: 'changed', dryRun: 'changed' });
    expect(byTenant.live_apps.stored.applications[0].objects[0]).toEqual({
      name: 'Pool pool',
      status: 'changed',
      fields: [
        { path: 'members[0].serverAddresses[2]', before: '10.50.0.99' },
        { path: 'members[0].servicePort', before: 9090, after: 8080 },
      ],
    });
    expect(byTenant.live_drift).toMatchObject({ status: 'drifted', dryRun: 'changed' });
    expect(byTenant.live_drift.stored).toBeUndefined();
    expect(byTenant.live_missing).toMatchObject({ status: 'missing' });
  });

  it('sends no write: only GETs and dry runs reach the device', () => {
    expect(sim.requestLog.length).toBeGreaterThan(0);
    const writes = sim.requestLog.filter(
      (e) => e.method !== 'GET' && !(e.method === 'POST' && e.query['controls.dryRun'] === 'true'),
    );
    expect(writes).toEqual([]);
    expect(
      sim.requestLog
        .filter((e) => e.method === 'POST')
        .map((e) => e.path)
        .sort(),
    ).toEqual([
      '/mgmt/shared/appsvcs/declare/live_apps',
      '/mgmt/shared/appsvcs/declare/live_drift',
      '/mgmt/shared/appsvcs/declare/live_missing',
    ]);
    const stored = sim.storedDeclaration() as Record<string, unknown>;
    expect(
      Object.keys(stored)
        .filter((k) => k.startsWith('live_') || k === 'Hand_Made')
        .sort(),
    ).toEqual(['Hand_Made', 'live_apps', 'live_drift']);
  });

  it('reads as text, and as a markdown comment; --exit-code exits 1 on a difference', async () => {
    const text = await live(['--exit-code']);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain(
      'tenant live_drift of stack live (stack): stored declaration as declared, but the live configuration differs',
    );
    expect(text.stdout).toContain('unmanaged tenants (no stack declares them): Hand_Made');
    expect(text.stdout).toContain('members[0].servicePort: 9090 → 8080');
    const markdown = await live(['--format', 'markdown']);
    expect(markdown.stdout).toContain(
      '**Unmanaged tenants on bigip-live** (no stack declares them): `Hand_Made`',
    );
  }, 60_000);

  it('fails with exit code 2 without credentials, and names the ways to give them', async () => {
    const run = await live([], { VKS_BIGIP_DEVICES: '' });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('no credentials for BIG-IP bigip-live');
  });

  it.skipIf(!haveOpenssl())(
    'verifies TLS by default: a self-signed device certificate is refused, caBundle trusts it',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'vks-bigip-live-tls-'));
      // prettier-ignore
      execFileSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '2',
      '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1',
    ], { stdio: 'ignore' });
      const cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
      const secure = await startSimulator({ tls: { cert, key: readFileSync(join(dir, 'key.pem'), 'utf8') } });
      try {
        const device = (extra: object) =>
          JSON.stringify({
            'bigip-live': { username: 'admin', password: 'admin', url: secure.url, ...extra },
          });
        const refused = await live([], { VKS_BIGIP_DEVICES: device({}) });
        expect(refused.code).toBe(2);
        expect(refused.stderr).toMatch(/certificate/i);
        expect(refused.stderr).not.toMatch(/\n\s+at /);
        const trusted = await live(['--format', 'json'], { VKS_BIGIP_DEVICES: device({ caBundle: cert }) });
        expect(trusted.code).toBe(0);
        expect(JSON.parse(trusted.stdout).devices[0].unmanaged).toEqual([]);
      } finally {
        await secure.close();
        rmSync(dir, { recursive: true, force: true });
      }
    },
    60_000,
  );
});
