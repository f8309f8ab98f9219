/**
 * iControl REST authentication as AS3 clients meet it (as3-facts §1.7): basic auth, or a token from
 * `POST /mgmt/shared/authn/login` sent as `X-F5-Auth-Token`; tokens expire (default 1200 s), can be extended
 * with `PATCH /mgmt/shared/authz/tokens/<token>` up to 36000 s, and one user may hold at most 100.
 * Messages never echo a password or a token.
 */
import * as crypto from 'node:crypto';
import { isObject, type JsonObject } from './declaration-util';

export interface AuthSettings {
  readonly username: string;
  readonly password: string;
  readonly lifetimeSeconds: number;
  readonly maxTokensPerUser: number;
}

interface Token {
  readonly value: string;
  readonly userName: string;
  readonly startTime: number;
  timeoutSeconds: number;
  revoked: boolean;
}

export type AuthOutcome =
  | { readonly ok: true; readonly viaToken: boolean }
  | { readonly ok: false; readonly status: 401; readonly body: JsonObject };

export interface HttpAnswer {
  readonly status: number;
  readonly body: JsonObject;
}

const MAX_TIMEOUT_SECONDS = 36000;

function sameSecret(a: string, b: string): boolean {
  const left = crypto.createHash('sha256').update(a).digest();
  const right = crypto.createHash('sha256').update(b).digest();
  return crypto.timingSafeEqual(left, right);
}

function newTokenValue(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  return Array.from(crypto.randomBytes(26), (byte) => alphabet[byte % alphabet.length]).join('');
}

export class TokenStore {
  private readonly tokens = new Map<string, Token>();

  constructor(private readonly settings: AuthSettings) {}

  login(body: unknown): HttpAnswer {
    if (!isObject(body) || typeof body.username !== 'string' || typeof body.password !== 'string') {
      return { status: 400, body: { code: 400, message: 'username and password are required' } };
    }
    const provider = body.loginProviderName ?? body.loginReference;
    if (provider !== undefined && provider !== 'tmos' && !isObject(provider)) {
      return {
        status: 400,
        body: { code: 400, message: `login provider ${String(provider)} is not supported here (use tmos)` },
      };
    }
    if (
      !sameSecret(body.username, this.settings.username) ||
      !sameSecret(body.password, this.settings.password)
    ) {
      return {
        status: 401,
        body: { code: 401, message: 'Authentication failed.', kind: ':resterrorresponse' },
      };
    }
    this.dropDead();
    const active = [...this.tokens.values()].filter((t) => t.userName === body.username).length;
    if (active >= this.settings.maxTokensPerUser) {
      return {
        status: 400,
        body: {
          code: 400,
          message: `user ${this.settings.username} has reached maximum active login tokens`,
          kind: ':resterrorresponse',
        },
      };
    }
    const token: Token = {
      value: newTokenValue(),
      userName: this.settings.username,
      startTime: Date.now(),
      timeoutSeconds: this.settings.lifetimeSeconds,
      revoked: false,
    };
    this.tokens.set(token.value, token);
    return {
      status: 200,
      body: {
        username: token.userName,
        loginReference: {
          link: 'https://localhost/mgmt/cm/system/authn/providers/tmos/1f44a60e-11a7-3c51-a49f-82983026b41b/login',
        },
        loginProviderName: 'tmos',
        token: describe(token),
        generation: 0,
        lastUpdateMicros: 0,
      },
    };
  }

  /** Checks a request's credentials. */
  authenticate(headers: Readonly<Record<string, string | string[] | undefined>>, uri: string): AuthOutcome {
    const tokenHeader = headers['x-f5-auth-token'];
    const tokenValue = Array.isArray(tokenHeader) ? tokenHeader[0] : tokenHeader;
    if (tokenValue) {
      const token = this.tokens.get(tokenValue);
      if (!token) return unauthorized('X-F5-Auth-Token does not exist.');
      if (!this.alive(token)) return unauthorized('X-F5-Auth-Token has expired.');
      return { ok: true, viaToken: true };
    }
    const authorization = headers.authorization;
    const basic = typeof authorization === 'string' ? /^Basic\s+(.+)$/i.exec(authorization) : null;
    if (basic?.[1]) {
      const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      const user = colon >= 0 ? decoded.slice(0, colon) : decoded;
      const password = colon >= 0 ? decoded.slice(colon + 1) : '';
      if (sameSecret(user, this.settings.username) && sameSecret(password, this.settings.password)) {
        return { ok: true, viaToken: false };
      }
      return unauthorized('Authentication failed.');
    }
    return unauthorized(`Authorization failed: no user authentication header or token detected. Uri:${uri}`);
  }

  /** `GET|PATCH|DELETE /mgmt/shared/authz/tokens/<token>`. */
  tokenResource(method: string, value: string, body: unknown): HttpAnswer {
    const token = this.tokens.get(value);
    if (!token || !this.alive(token)) {
      return { status: 404, body: { code: 404, message: 'Object not found.', kind: ':resterrorresponse' } };
    }
    if (method === 'GET') return { status: 200, body: describe(token) };
    if (method === 'DELETE') {
      this.tokens.delete(value);
      return { status: 200, body: describe(token) };
    }
    if (method === 'PATCH') {
      const timeout = isObject(body) ? body.timeout : undefined;
      if (
        typeof timeout !== 'number' ||
        !Number.isInteger(timeout) ||
        timeout < 0 ||
        timeout > MAX_TIMEOUT_SECONDS
      ) {
        return {
          status: 400,
          body: {
            code: 400,
            message: `timeout must be an integer between 0 and ${MAX_TIMEOUT_SECONDS}`,
            kind: ':resterrorresponse',
          },
        };
      }
      token.timeoutSeconds = timeout;
      return { status: 200, body: describe(token) };
    }
    return { status: 405, body: { code: 405, message: `${method} is not supported on tokens` } };
  }

  /** Expires every token issued so far (fault injection). */
  expireAll(): void {
    for (const token of this.tokens.values()) token.revoked = true;
  }

  private alive(token: Token): boolean {
    return !token.revoked && Date.now() < token.startTime + token.timeoutSeconds * 1000;
  }

  private dropDead(): void {
    for (const [value, token] of this.tokens) if (!this.alive(token)) this.tokens.delete(value);
  }
}

function unauthorized(message: string): AuthOutcome {
  return { ok: false, status: 401, body: { code: 401, message, kind: ':resterrorresponse' } };
}

function describe(token: Token): JsonObject {
  const startMicros = token.startTime * 1000;
  return {
    token: token.value,
    name: token.value,
    userName: token.userName,
    authProviderName: 'tmos',
    user: { link: `https://localhost/mgmt/shared/authz/users/${token.userName}` },
    groupReferences: [],
    timeout: token.timeoutSeconds,
    startTime: new Date(token.startTime).toISOString(),
    address: '127.0.0.1',
    partition: '[All]',
    generation: 1,
    lastUpdateMicros: startMicros,
    expirationMicros: startMicros + token.timeoutSeconds * 1_000_000,
    kind: 'shared:authz:tokens:authtokenitemstate',
    selfLink: `https://localhost/mgmt/shared/authz/tokens/${token.value}`,
  };
}
