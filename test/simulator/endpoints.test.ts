/**
 * as3-facts §5.1: endpoints, methods and paths of §1.1 — 400 `Bad Request: Invalid path`, unknown query
 * parameters, per-app path rules, `/info`, `/task`, `/settings`. Raw HTTP, independent of the client.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../lib/simulator';
import { adc, call, DECLARE, webTenant } from './helpers';

describe('simulator endpoints', () => {
  let sim: RunningSimulator;
  beforeEach(async () => {
    sim = await startSimulator();
  });
  afterEach(async () => {
    await sim.close();
  });

  it('listens on loopback on a port the OS picked', () => {
    expect(sim.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(sim.port).toBeGreaterThan(0);
  });

  it('GET /info answers the AS3 version block', async () => {
    const answer = await call(sim, 'GET', '/mgmt/shared/appsvcs/info');
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      version: '3.56.0',
      release: '10',
      schemaCurrent: '3.56.0',
      schemaMinimum: '3.0.0',
    });
  });

  it.each([
    ['GET', '/mgmt/shared/appsvcs/nothing'],
    ['GET', '/mgmt/shared/appsvcs/info/extra'],
    ['POST', '/mgmt/shared/appsvcs/info'],
    ['DELETE', '/mgmt/shared/appsvcs/task'],
    ['GET', '/mgmt/shared/appsvcs/declare/T1/other'],
    ['GET', '/mgmt/shared/appsvcs/declare/T1/applications/A1/extra'],
    ['DELETE', '/mgmt/shared/appsvcs/declare/T1/applications'],
    ['POST', '/mgmt/shared/appsvcs/declare/T1/applications/A1'],
    ['PUT', '/mgmt/shared/appsvcs/declare'],
  ] as const)('%s %s is 400 Bad Request: Invalid path', async (method, path) => {
    const answer = await call(sim, method, path, method === 'POST' ? {} : undefined);
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ code: 400, message: 'Bad Request: Invalid path' });
  });

  it('paths outside AS3 are not registered', async () => {
    const answer = await call(sim, 'GET', '/mgmt/tm/ltm/pool');
    expect(answer.status).toBe(404);
    expect(answer.body.message).toBe('Public URI path not registered: /mgmt/tm/ltm/pool');
  });

  it('an unknown query parameter is 400 with AS3 wording', async () => {
    const answer = await call(sim, 'GET', `${DECLARE}?foo=bar`);
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ code: 400, message: 'unrecognized URL query parameter "foo"' });
  });

  it.each([
    ['GET', '?async=true', 'query param "async" is not allowed for method=GET or action=retrieve.'],
    ['POST', '?async=maybe', 'async must be "true" or "false"'],
    ['GET', '?show=everything', 'show must be "base", "full", or "expanded"'],
    ['GET', '?age=16', 'invalid age value "16" - must be between 0-15 or "list"'],
    ['POST', '?age=1', 'query param "age" is not allowed for method Post'],
    ['DELETE', '?showHash=true', 'query param "showHash" is not allowed for method Delete'],
    ['POST', '?controls.dryRun=yes', 'dryRun must be "true" or "false"'],
  ] as const)('%s /declare%s is 400: %s', async (method, query, message) => {
    const body = method === 'POST' ? adc({ T1: webTenant() }) : undefined;
    const answer = await call(sim, method, `${DECLARE}${query}`, body);
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ code: 400, message });
  });

  it('a body that is not JSON is 400 with AS3 wording', async () => {
    const answer = await call(sim, 'POST', DECLARE, '{"class": "ADC",');
    expect(answer.status).toBe(400);
    expect(answer.body.message).toMatch(/^cannot parse JSON POST payload \(.+\)$/);
  });

  it('per-app paths take exactly one tenant and one application', async () => {
    const many = await call(sim, 'GET', `${DECLARE}/T1,T2/applications`);
    expect(many.status).toBe(400);
    expect(many.body.message).toBe(
      'declare/T1,T2/applications is an invalid path. Only 1 tenant and 1 application may be specified in the URL.',
    );
    const missing = await call(sim, 'GET', `${DECLARE}/T1/applications`);
    expect(missing.status).toBe(404);
  });

  it('GET /task lists records; an unknown id is 404 with AS3 message', async () => {
    const empty = await call(sim, 'GET', '/mgmt/shared/appsvcs/task');
    expect(empty.status).toBe(200);
    expect(empty.body).toEqual({ items: [] });
    const unknown = await call(sim, 'GET', '/mgmt/shared/appsvcs/task/00000000-0000-4000-8000-000000000000');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({
      message: 'No record found with ID of 00000000-0000-4000-8000-000000000000',
    });
  });

  it('/settings reads defaults and refuses unknown properties', async () => {
    const read = await call(sim, 'GET', '/mgmt/shared/appsvcs/settings');
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({
      burstHandlingEnabled: false,
      perAppDeploymentAllowed: true,
      asyncTaskStorage: 'data-group',
    });
    const bad = await call(sim, 'POST', '/mgmt/shared/appsvcs/settings', { noSuchSetting: true });
    expect(bad.status).toBe(422);
    const good = await call(sim, 'POST', '/mgmt/shared/appsvcs/settings', { burstHandlingEnabled: true });
    expect(good.status).toBe(200);
    expect(good.body.burstHandlingEnabled).toBe(true);
  });

  it('per-app deployment can be disabled on /settings', async () => {
    await call(sim, 'POST', '/mgmt/shared/appsvcs/settings', { perAppDeploymentAllowed: false });
    const answer = await call(sim, 'POST', `${DECLARE}/T1/applications`, {
      schemaVersion: '3.50.0',
      app: webTenant().app,
    });
    expect(answer.status).toBe(400);
    expect(answer.body.message).toBe(
      'Error: Per-application deployment has been disabled on the settings endpoint',
    );
  });

  it('records every request it answered', async () => {
    await call(sim, 'GET', '/mgmt/shared/appsvcs/info?x=1');
    expect(sim.requestLog).toEqual([
      { method: 'GET', path: '/mgmt/shared/appsvcs/info', query: { x: '1' }, status: 200 },
    ]);
    sim.clearRequestLog();
    expect(sim.requestLog).toEqual([]);
  });
});
