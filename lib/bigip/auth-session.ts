/**
 * Credentials for each request: basic auth, or an `X-F5-Auth-Token` obtained from
 * `POST /mgmt/shared/authn/login` (provider tmos), optionally extended with a PATCH, renewed before it
 * expires and after a 401. One login is shared by concurrent requests.
 */
import { BigipAuthError, BigipResponseError, type BigipErrorContext } from './errors';
import type { HttpAnswer, HttpExchange } from './http-transport';

export interface AuthSessionSettings {
  readonly mode: 'token' | 'basic';
  readonly username: string;
  readonly password: string;
  readonly tokenTimeoutSeconds: number | undefined;
  readonly device: string;
}

/** Sends one exchange with the client's retry rules for connection errors (no auth added). */
export type RawSender = (
  context: BigipErrorContext,
  exchange: Omit<HttpExchange, 'timeoutMs'>,
) => Promise<HttpAnswer>;

interface Token {
  readonly value: string;
  /** Renew after this time (ms since epoch), comfortably before the device expires it. */
  readonly renewAfter: number;
}

function parse(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function as3Message(text: string): string {
  const body = parse(text);
  return typeof body?.message === 'string' ? body.message : text.slice(0, 200);
}

export class AuthSession {
  private token: Token | undefined;
  private pending: Promise<Token> | undefined;

  constructor(
    private readonly settings: AuthSessionSettings,
    private readonly send: RawSender,
  ) {}

  /** The current token value (so that error texts can be scrubbed of it). */
  get currentToken(): string | undefined {
    return this.token?.value;
  }

  async headers(): Promise<Record<string, string>> {
    if (this.settings.mode === 'basic') {
      const credentials = Buffer.from(`${this.settings.username}:${this.settings.password}`).toString(
        'base64',
      );
      return { authorization: `Basic ${credentials}` };
    }
    const token = await this.ensureToken();
    return { 'x-f5-auth-token': token.value };
  }

  /** Forgets a token the device refused, so the next request logs in again. */
  invalidate(): void {
    this.token = undefined;
  }

  get usesToken(): boolean {
    return this.settings.mode === 'token';
  }

  /** Deletes the token on the device (BIG-IP allows only 100 per user); best effort. */
  async logout(): Promise<void> {
    const token = this.token;
    this.token = undefined;
    if (!token) return;
    try {
      await this.send(
        { device: this.settings.device, operation: 'logout' },
        {
          method: 'DELETE',
          path: `/mgmt/shared/authz/tokens/${token.value}`,
          headers: { 'x-f5-auth-token': token.value },
        },
      );
    } catch {
      // The token expires on its own; a failed logout must not fail the caller's work.
    }
  }

  private ensureToken(): Promise<Token> {
    if (this.token && Date.now() < this.token.renewAfter) return Promise.resolve(this.token);
    this.pending ??= this.login().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  private async login(): Promise<Token> {
    const context: BigipErrorContext = { device: this.settings.device, operation: 'login' };
    const answer = await this.send(context, {
      method: 'POST',
      path: '/mgmt/shared/authn/login',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        username: this.settings.username,
        password: this.settings.password,
        loginProviderName: 'tmos',
      }),
    });
    if (answer.status === 401) {
      throw new BigipAuthError(context, 'the device refused the username or password (401)', 401);
    }
    if (answer.status !== 200) {
      throw new BigipAuthError(
        context,
        `login answered ${answer.status}: ${as3Message(answer.text)}`,
        answer.status,
      );
    }
    const body = parse(answer.text);
    const tokenObject = body?.token;
    const value =
      typeof tokenObject === 'object' && tokenObject !== null
        ? (tokenObject as Record<string, unknown>).token
        : undefined;
    if (typeof value !== 'string' || value === '') {
      throw new BigipResponseError(context, 'login answered 200 without a token');
    }
    const declared = (tokenObject as Record<string, unknown>).timeout;
    let lifetime = typeof declared === 'number' && declared > 0 ? declared : 1200;
    if (this.settings.tokenTimeoutSeconds !== undefined) {
      lifetime = await this.extend(value, this.settings.tokenTimeoutSeconds);
    }
    // Renew at 80 % of the lifetime, so a long task never runs into the expiry.
    const token = { value, renewAfter: Date.now() + lifetime * 800 };
    this.token = token;
    return token;
  }

  private async extend(token: string, timeoutSeconds: number): Promise<number> {
    const context: BigipErrorContext = { device: this.settings.device, operation: 'token extension' };
    const answer = await this.send(context, {
      method: 'PATCH',
      path: `/mgmt/shared/authz/tokens/${token}`,
      headers: { 'content-type': 'application/json', 'x-f5-auth-token': token },
      body: JSON.stringify({ timeout: timeoutSeconds }),
    });
    if (answer.status !== 200) {
      throw new BigipAuthError(
        context,
        `extending the token answered ${answer.status}: ${as3Message(answer.text)}`,
        answer.status,
      );
    }
    return timeoutSeconds;
  }
}
