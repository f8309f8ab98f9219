/**
 * Authentication: token login, one re-login on 401 (token expiry mid-run), token extension, basic auth, and
 * credentials that never appear in errors or logs.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { BigipAuthError, BigipClient } from '../../lib/bigip';
import { startSimulator, type RunningSimulator } from '../../lib/simulator';
import { adc, fastClient, requestLines, webTenant } from './helpers';

const PASSWORD = 'Pa55-w0rd!not-in-logs';

describe('BigipClient authentication', () => {
  let sim: RunningSimulator;
  let client: BigipClient | undefined;
  afterEach(async () => {
    await client?.close();
    client = undefined;
    await sim.close();
  });

  it('a token that expires mid-run (while polling) leads to one new login and the deploy succeeds', async () => {
    sim = await startSimulator();
    client = fastClient(sim);
    await client.deploy(adc({ T1: webTenant() }), ['T1']);
    sim.clearRequestLog();
    sim.faults.expireTokensAfterRequests = 1; // the POST passes, the first task poll meets an expired token
    const result = await client.deploy(adc({ T1: webTenant('192.0.2.99') }), ['T1']);
    expect(result).toMatchObject({ ok: true, submissions: 1 });
    expect(requestLines(sim)).toEqual([
      'POST /mgmt/shared/appsvcs/declare/T1 202',
      'GET /mgmt/shared/appsvcs/task/<id> 401',
      'POST /mgmt/shared/authn/login 200',
      'GET /mgmt/shared/appsvcs/task/<id> 200',
    ]);
  });

  it('a wrong password is a BigipAuthError without the password anywhere', async () => {
    sim = await startSimulator({ password: 'the-right-one' });
    const debug: string[] = [];
    client = fastClient(sim, { password: PASSWORD, logger: { debug: (line) => debug.push(line) } });
    const error = await client.info().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BigipAuthError);
    expect((error as BigipAuthError).operation).toBe('login');
    expect((error as Error).message).toBe(
      `BIG-IP ${client.device}: login failed: the device refused the credentials of user 'admin' (401 Authentication failed.); not retried, so that a wrong password cannot lock the account — check the username and password`,
    );
    const everything = [JSON.stringify(error), String((error as Error).stack), ...debug].join('\n');
    expect(everything).not.toContain(PASSWORD);
  });

  it('basic auth sends credentials on each request and never logs in; a wrong password is a BigipAuthError', async () => {
    sim = await startSimulator({ password: PASSWORD });
    client = fastClient(sim, { auth: 'basic', password: PASSWORD });
    await client.deploy(adc({ T1: webTenant() }), ['T1']);
    expect(sim.requestLog.some((e) => e.path.includes('/authn/login'))).toBe(false);
    await client.close();
    client = fastClient(sim, { auth: 'basic', password: 'wrong-password' });
    await expect(client.getDeclaration()).rejects.toThrow(BigipAuthError);
    expect(requestLines(sim).filter((l) => l.endsWith(' 401'))).toEqual([
      'GET /mgmt/shared/appsvcs/declare 401',
    ]);
  });

  it('tokenTimeoutSeconds extends each new token; close() deletes it; the token never reaches logs or errors', async () => {
    sim = await startSimulator({ password: PASSWORD });
    const debug: string[] = [];
    client = fastClient(sim, {
      password: PASSWORD,
      tokenTimeoutSeconds: 3600,
      logger: { debug: (line) => debug.push(line) },
    });
    await client.deploy(adc({ T1: webTenant() }), ['T1']);
    const bad = await client
      .deploy(
        adc({
          T1: { class: 'Tenant', a: { class: 'Application', vs: { class: 'Service_HTTP', pool: 'none' } } },
        }),
        ['T1'],
      )
      .catch((e: unknown) => e as Error);
    await client.close();
    client = undefined;
    const patch = sim.requestLog.find((e) => e.method === 'PATCH');
    const token = patch?.path.split('/').pop() ?? '';
    expect(token).toMatch(/^[A-Z2-7]{26}$/);
    expect(requestLines(sim)).toContain(`PATCH /mgmt/shared/authz/tokens/${token} 200`);
    expect(requestLines(sim)).toContain(`DELETE /mgmt/shared/authz/tokens/${token} 200`);
    const everything = [...debug, String(bad), JSON.stringify(bad)].join('\n');
    expect(everything).not.toContain(token);
    expect(everything).not.toContain(PASSWORD);
    expect(debug).toContain('PATCH /mgmt/shared/authz/tokens/*** -> 200');
  });
});
