/**
 * as3-facts §5.8: token login, `X-F5-Auth-Token`, expiry (401), PATCH extension (max 36000 s), the 100-token
 * cap, basic auth; no answer echoes a password.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../lib/simulator';
import { call } from './helpers';

const INFO = '/mgmt/shared/appsvcs/info';
const LOGIN = '/mgmt/shared/authn/login';

async function login(sim: RunningSimulator, password = 'admin') {
  return call(sim, 'POST', LOGIN, { username: 'admin', password, loginProviderName: 'tmos' }, {});
}

describe('simulator authentication', () => {
  let sim: RunningSimulator;
  afterEach(async () => {
    await sim.close();
  });

  it('login returns a token that authorizes requests', async () => {
    sim = await startSimulator();
    const answer = await login(sim);
    expect(answer.status).toBe(200);
    expect(answer.body.token).toMatchObject({
      token: expect.stringMatching(/^[A-Z2-7]{26}$/),
      timeout: 1200,
      userName: 'admin',
    });
    const info = await call(sim, 'GET', INFO, undefined, { 'x-f5-auth-token': answer.body.token.token });
    expect(info.status).toBe(200);
  });

  it('a wrong password is 401 and the answer does not echo it', async () => {
    sim = await startSimulator({ password: 'right-one' });
    const answer = await login(sim, 'Wr0ng-Secret');
    expect(answer.status).toBe(401);
    expect(answer.body.message).toBe('Authentication failed.');
    expect(answer.text).not.toContain('Wr0ng-Secret');
  });

  it('requests without credentials, with an unknown token or with wrong basic auth are 401', async () => {
    sim = await startSimulator();
    const none = await call(sim, 'GET', INFO, undefined, {});
    expect(none.status).toBe(401);
    expect(none.body.message).toMatch(
      /^Authorization failed: no user authentication header or token detected/,
    );
    const unknown = await call(sim, 'GET', INFO, undefined, { 'x-f5-auth-token': 'NOSUCHTOKEN' });
    expect(unknown.status).toBe(401);
    const wrong = await call(sim, 'GET', INFO, undefined, {
      authorization: `Basic ${Buffer.from('admin:nope').toString('base64')}`,
    });
    expect(wrong.status).toBe(401);
  });

  it('expireTokensAfterRequests: request N+1 gets "X-F5-Auth-Token has expired.", a new login works', async () => {
    sim = await startSimulator({ faults: { expireTokensAfterRequests: 2 } });
    const token = (await login(sim)).body.token.token as string;
    const headers = { 'x-f5-auth-token': token };
    expect((await call(sim, 'GET', INFO, undefined, headers)).status).toBe(200);
    expect((await call(sim, 'GET', INFO, undefined, headers)).status).toBe(200);
    const expired = await call(sim, 'GET', INFO, undefined, headers);
    expect(expired.status).toBe(401);
    expect(expired.body.message).toBe('X-F5-Auth-Token has expired.');
    expect((await call(sim, 'GET', INFO, undefined, headers)).body.message).toBe(
      'X-F5-Auth-Token has expired.',
    );
    const fresh = (await login(sim)).body.token.token as string;
    expect((await call(sim, 'GET', INFO, undefined, { 'x-f5-auth-token': fresh })).status).toBe(200);
  });

  it('PATCH extends a token up to 36000 s; a timeout of 0 expires it', async () => {
    sim = await startSimulator();
    const token = (await login(sim)).body.token.token as string;
    const headers = { 'x-f5-auth-token': token };
    const extended = await call(
      sim,
      'PATCH',
      `/mgmt/shared/authz/tokens/${token}`,
      { timeout: 36000 },
      headers,
    );
    expect(extended.status).toBe(200);
    expect(extended.body.timeout).toBe(36000);
    expect(
      (await call(sim, 'GET', `/mgmt/shared/authz/tokens/${token}`, undefined, headers)).body.timeout,
    ).toBe(36000);
    const tooLong = await call(
      sim,
      'PATCH',
      `/mgmt/shared/authz/tokens/${token}`,
      { timeout: 36001 },
      headers,
    );
    expect(tooLong.status).toBe(400);
    await call(sim, 'PATCH', `/mgmt/shared/authz/tokens/${token}`, { timeout: 0 }, headers);
    const after = await call(sim, 'GET', INFO, undefined, headers);
    expect(after.status).toBe(401);
    expect(after.body.message).toBe('X-F5-Auth-Token has expired.');
  });

  it('a deleted token no longer works', async () => {
    sim = await startSimulator();
    const token = (await login(sim)).body.token.token as string;
    const headers = { 'x-f5-auth-token': token };
    expect((await call(sim, 'DELETE', `/mgmt/shared/authz/tokens/${token}`, undefined, headers)).status).toBe(
      200,
    );
    expect((await call(sim, 'GET', INFO, undefined, headers)).status).toBe(401);
  });

  it('a user may hold only maxTokensPerUser active tokens', async () => {
    sim = await startSimulator({ maxTokensPerUser: 3 });
    for (let i = 0; i < 3; i += 1) expect((await login(sim)).status).toBe(200);
    const refused = await login(sim);
    expect(refused.status).toBe(400);
    expect(refused.body.message).toBe('user admin has reached maximum active login tokens');
  });
});
