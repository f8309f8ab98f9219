/**
 * as3-facts §5.7 and §5.4 with the official AS3 schema configured (read from ../shared; skipped with a
 * message when that folder is absent): first error only in ajv-6 wording, `Invalid data property` before the
 * lock, schema-driven pointer checks, `show=full` defaults, defaults-aware "no change".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTECTED_NONE, startSimulator, type RunningSimulator } from '../../lib/simulator';
import { adc, AS3_SCHEMA_FILE, call, DECLARE, HAVE_AS3_SCHEMA, NO_SCHEMA_REASON, webTenant } from './helpers';

type Json = Record<string, unknown>;

function withService(service: Json): Json {
  const tenant = webTenant() as { app: Json };
  return { class: 'Tenant', app: { ...tenant.app, web_vs: service } };
}

describe.skipIf(!HAVE_AS3_SCHEMA)(
  HAVE_AS3_SCHEMA ? 'simulator with the official AS3 schema' : NO_SCHEMA_REASON,
  () => {
    let sim: RunningSimulator;
    beforeAll(async () => {
      sim = await startSimulator({ as3SchemaFile: AS3_SCHEMA_FILE });
    });
    afterAll(async () => {
      await sim.close();
    });

    it('accepts a valid declaration', async () => {
      const answer = await call(sim, 'POST', `${DECLARE}/T1`, adc({ T1: webTenant() }));
      expect(answer.status).toBe(200);
    });

    it('reports only the first schema error, in AS3’s ajv-6 wording', async () => {
      const answer = await call(
        sim,
        'POST',
        `${DECLARE}/T2`,
        adc({ T2: withService({ class: 'Service_HTTP', pool: 'web_pool' }) }),
      );
      expect(answer.status).toBe(422);
      expect(answer.body).toMatchObject({
        code: 422,
        message: 'declaration is invalid',
        errors: ["/T2/app/web_vs: should have required property 'virtualAddresses'"],
      });
    });

    it('refuses a schemaVersion newer than the schema', async () => {
      const answer = await call(
        sim,
        'POST',
        `${DECLARE}/T1`,
        adc({ T1: webTenant() }, { schemaVersion: '3.57.0' }),
      );
      expect(answer.status).toBe(422);
      expect(answer.body.errors[0]).toMatch(/^\/schemaVersion: /);
    });

    it('an unknown property name is "Invalid data property", checked before the lock', async () => {
      const typo = withService({
        class: 'Service_HTTP',
        virtualAddresses: ['192.0.2.10'],
        virtualPrt: 8080,
        pool: 'web_pool',
      });
      const release = sim.faults.holdDeclarations();
      try {
        const holder = call(sim, 'POST', `${DECLARE}/T1`, adc({ T1: webTenant() }));
        await sim.whenLocked();
        const answer = await call(sim, 'POST', `${DECLARE}/T3`, adc({ T3: typo }));
        expect(answer.status).toBe(422);
        expect(answer.body).toEqual({ code: 422, message: 'Invalid data property: virtualPrt' });
        release();
        expect((await holder).status).toBe(200);
      } finally {
        release();
      }
    });

    it('checks pointer targets with the schema’s own rules (class of the target)', async () => {
      const tenant = withService({ class: 'Service_HTTP', virtualAddresses: ['192.0.2.10'], pool: 'probe' });
      (tenant.app as Json).probe = { class: 'Monitor', monitorType: 'http' };
      const answer = await call(sim, 'POST', `${DECLARE}/T4`, adc({ T4: tenant }));
      expect(answer.status).toBe(422);
      expect(answer.body.errors).toEqual([
        '/T4/app/web_vs/pool: AS3 pointer probe does not point to required object type',
      ]);
    });

    it('show=full fills schema defaults; stating a default explicitly is no change', async () => {
      await call(sim, 'POST', `${DECLARE}/T5`, adc({ T5: webTenant() }));
      const full = await call(sim, 'GET', `${DECLARE}/T5?show=full`);
      expect(full.body.T5.app.web_vs).toMatchObject({
        virtualPort: 80,
        snat: 'auto',
        persistenceMethods: ['cookie'],
      });
      const base = await call(sim, 'GET', `${DECLARE}/T5`);
      expect(base.body.T5.app.web_vs.virtualPort).toBeUndefined();
      const explicit = withService({
        class: 'Service_HTTP',
        virtualAddresses: ['192.0.2.10'],
        pool: 'web_pool',
        virtualPort: 80,
      });
      const again = await call(sim, 'POST', `${DECLARE}/T5`, adc({ T5: explicit }));
      expect(again.body.results[0]).toMatchObject({ tenant: 'T5', message: 'no change' });
    });

    it('posting back what GET returned (metadata, f5sv secrets) passes validation and is no change', async () => {
      const secret = { ciphertext: Buffer.from('pw').toString('base64url'), protected: PROTECTED_NONE };
      const tenant = {
        ...webTenant(),
        mon: { class: 'Application', probe: { class: 'Monitor', monitorType: 'http', passphrase: secret } },
      };
      expect((await call(sim, 'POST', `${DECLARE}/T6`, adc({ T6: tenant }))).status).toBe(200);
      const stored = (await call(sim, 'GET', `${DECLARE}/T6`)).body;
      const again = await call(sim, 'POST', `${DECLARE}/T6`, stored);
      expect(again.status).toBe(200);
      expect(again.body.results[0]).toMatchObject({ tenant: 'T6', message: 'no change' });
    });

    it('checks the request wrapper against the AS3 class', async () => {
      const answer = await call(sim, 'POST', DECLARE, {
        class: 'AS3',
        action: 'deploy',
        historyLimit: 99,
        declaration: adc({}),
      });
      expect(answer.status).toBe(422);
      expect(answer.body.message).toBe('Invalid request: /historyLimit: should be <= 15');
    });
  },
);
