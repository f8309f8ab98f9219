import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO, runCli, type CliRun } from '../helpers/cli';

/**
 * `vks-bigip validate` and `synth --as3-schema` as users run them: `node bin/vks-bigip.js …` in child
 * processes from the repository root, all started at once in beforeAll. Needs the official schema from
 * the sibling `shared/` folder; skipped with a message where it is absent.
 */

const SCHEMA = resolve(REPO, '../shared/as3/as3-schema-3.56.0-10.json');
const available = existsSync(SCHEMA);
if (!available) {
  console.warn(
    `[as3-cli] skipping the AS3 schema CLI tests: ${SCHEMA} is absent (it lives in ../shared/as3/)`,
  );
}

/**
 * An app whose only declaration violates the schema: a raw Pool with a load-balancing mode AS3 does not
 * know (the typed As3Pool would refuse it).
 */
function writeBadApp(dir: string): string {
  const file = join(dir, 'bad-app.ts');
  writeFileSync(
    file,
    `import { App, As3Application, As3RawObject, BigipDevice, BigipPartition, PartitionOwner, Stack } from 'vks-bigip';

export function createApp(): App {
  const app = new App();
  const stack = new Stack(app, 'bad');
  const device = new BigipDevice(stack, 'Bigip', { url: 'https://192.0.2.1' });
  const apps = new BigipPartition(stack, 'Apps', { device, partitionName: 'apps', owner: PartitionOwner.STACK });
  const web = new As3Application(stack, 'Web', { tenant: apps, name: 'web' });
  new As3RawObject(web, 'Pool', { name: 'web_pool', as3Class: 'Pool', properties: { loadBalancingMode: 'fastest-guess' } });
  return app;
}
`,
  );
  return file;
}

describe.skipIf(!available)('vks-bigip validate / synth --as3-schema', () => {
  const work = mkdtempSync(join(tmpdir(), 'vks-bigip-as3-cli-'));
  const out = join(work, 'dist');
  let validateRepo: CliRun;
  let validateBad: CliRun;
  let validateWithoutSchema: CliRun;
  let synthBad: CliRun;
  let validateFromEnv: CliRun;

  beforeAll(async () => {
    const badApp = writeBadApp(work);
    [validateRepo, validateBad, validateWithoutSchema, synthBad, validateFromEnv] = await Promise.all([
      runCli(['validate', '--as3-schema', SCHEMA]),
      runCli(['validate', '--app', badApp, '--as3-schema', SCHEMA]),
      runCli(['validate']),
      runCli(['synth', '--app', badApp, '--as3-schema', SCHEMA, '--out', out]),
      runCli(['validate', '--app', badApp], { VKS_BIGIP_AS3_SCHEMA: SCHEMA }),
    ]);
  }, 60_000);

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('validate takes the schema from VKS_BIGIP_AS3_SCHEMA when --as3-schema is absent', () => {
    expect(validateFromEnv.code).toBe(validateBad.code);
    expect(validateFromEnv.stderr).toBe(validateBad.stderr);
  });

  it("validate on the repository's app exits 0 and lists every declaration", () => {
    expect(validateRepo.code, validateRepo.stderr).toBe(0);
    const ok = validateRepo.stdout.trim().split('\n');
    expect(ok).toEqual(
      expect.arrayContaining([
        'ok prod/bigip/bigip-prod/Nginx_IC.as3.json',
        'ok prod/bigip/bigip-prod/vks_prod_apps.as3.json',
        'ok prod/k8s/vks-prod/configmap-kube-system-as3-template.yaml#data.template',
      ]),
    );
    expect(ok.every((line) => line.startsWith('ok '))).toBe(true);
    expect(validateRepo.stderr).toContain(`${ok.length} declaration(s) checked, 0 invalid`);
  });

  it('validate exits 1 when a declaration violates the schema, naming the file and the AS3 message', () => {
    expect(validateBad.code).toBe(1);
    expect(validateBad.stdout).toBe('');
    expect(validateBad.stderr).toContain(
      'error bad/bigip/bigip/apps.as3.json: /apps/web/web_pool/loadBalancingMode: should be equal to one of the allowed values',
    );
    expect(validateBad.stderr).toContain('1 declaration(s) checked, 1 invalid');
  });

  it('validate without --as3-schema exits 2 and says what it needs', () => {
    expect(validateWithoutSchema.code).toBe(2);
    expect(validateWithoutSchema.stderr).toContain(
      'validate needs --as3-schema <file>: the official AS3 schema (as3-schema-<version>.json from F5 f5-appsvcs-extension releases)',
    );
  });

  it('synth --as3-schema exits 1 on a violating declaration and writes nothing', () => {
    expect(synthBad.code).toBe(1);
    expect(synthBad.stderr).toContain('nothing was written');
    expect(synthBad.stderr).toContain(
      '[bad/bigip/bigip/apps.as3.json] AS3 schema: /apps/web/web_pool/loadBalancingMode: should be equal to one of the allowed values',
    );
    expect(existsSync(out)).toBe(false);
  });
});
