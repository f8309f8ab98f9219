/**
 * Credentials for each request: basic auth, or an `X-F5-Auth-Token` obtained from
 * `POST /mgmt/shared/authn/login` (provider tmos), optionally extended with a PATCH, renewed before it
 * expires and after a 401.
 *
 * One session per device and credentials in the process, shared by every client of that device: one
 * login serves all of them, and a device that refused the credentials (401/403) is not asked again —
 * a wrong password makes one failed login, not one per resource (BIG-IP locks accounts after a few).
 * The whole login (with its token extension and retries of broken connections) has a deadline.
 */
import { createHash } from 'node:crypto';
import { Deadline } from './backoff';
import { BigipAuthError, BigipResponseError, type BigipErrorContext } from './errors';
import type { HttpAnswer, HttpExchange } from './http-transport';
import { Redactor } from './redact';

export interface AuthSessionSettings {
  readonly mode: 'token' | 'basic';
  readonly username: string;
  readonly password: string;
  readonly tokenTimeoutSeconds: number | undefined;
  readonly device: string;
}

/**
 * Sends one exchange without credentials, with the client's retry rules for broken connections, each
 * attempt squeezed into `deadline`.
 */
export type RawSender = (
  context: BigipErrorContext,
  exchange: Omit<HttpExchange, 'timeoutMs'>,
  deadline: Deadline,
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

export class AuthSession {
  /** Removes this session's password and every token it was issued from any text. */
  readonly redactor = new Redactor();
  private token: Token | undefined;
  private pending: Promise<Token> | undefined;

  constructor(
    private readonly settings: AuthSessionSettings,
    /** Identifies the device and credentials in the process-wide record of refusals. */
    private readonly key: string,
  ) {
    this.redactor.addCredentials(settings.username, settings.password);
  }

  /** Set once the device refused these credentials: every later request in this process fails at once, unsent. */
  private get refusal(): { readonly text: string; readonly status: number } | undefined {
    return refusals.get(this.key);
  }

  get usesToken(): boolean {
    return this.settings.mode === 'token';
  }

  /** The credentials for one request; throws at once when the device refused them before. */
  async headers(
    context: BigipErrorContext,
    send: RawSender,
    loginDeadlineMs: number,
  ): Promise<Record<string, string>> {
    this.assertNotRefused(context);
    if (this.settings.mode === 'basic') {
      const credentials = Buffer.from(`${this.settings.username}:${this.settings.password}`).toString(
        'base64',
      );
      return { authorization: `Basic ${credentials}` };
    }
    const token = await this.ensureToken(send, loginDeadlineMs);
    return { 'x-f5-auth-token': token.value };
  }

  /** Forgets a token the device refused (unless it was renewed meanwhile), so the next request logs in again. */
  invalidate(headers: Record<string, string>): void {
    if (this.token && headers['x-f5-auth-token'] === this.token.value) this.token = undefined;
  }

  /** Records that the device refused these credentials (401/403): they are not sent again. */
  refuse(context: BigipErrorContext, status: number, deviceMessage: string): BigipAuthError {
    const message = this.redactor.redact(deviceMessage).slice(0, 200);
    const refusal = `the device refused the credentials of user '${this.settings.username}' (${status}${message ? ` ${message}` : ''})`;
    refusals.set(this.key, { text: refusal, status });
    return new BigipAuthError(context, `${refusal}; ${NOT_RETRIED}`, status);
  }

  /** Deletes the token on the device (BIG-IP allows only 100 per user); best effort. */
  async logout(send: RawSender, deadlineMs: number): Promise<void> {
    const token = this.token;
    this.token = undefined;
    if (!token) return;
    try {
      await send(
        { device: this.settings.device, operation: 'logout' },
        {
          method: 'DELETE',
          path: `/mgmt/shared/authz/tokens/${token.value}`,
          headers: { 'x-f5-auth-token': token.value },
        },
        new Deadline(deadlineMs),
      );
    } catch {
      // The token expires on its own; a failed logout must not fail the caller's work.
    }
  }

  private assertNotRefused(context: BigipErrorContext): void {
    const refusal = this.refusal;
    if (refusal === undefined) return;
    throw new BigipAuthError(
      context,
      `${refusal.text} earlier in this process, so they were not sent again; ${NOT_RETRIED}`,
      refusal.status,
    );
  }

  private ensureToken(send: RawSender, loginDeadlineMs: number): Promise<Token> {
    if (this.token && Date.now() < this.token.renewAfter) return Promise.resolve(this.token);
    this.pending ??= this.login(send, new Deadline(loginDeadlineMs)).finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  private async login(send: RawSender, deadline: Deadline): Promise<Token> {
    const context: BigipErrorContext = { device: this.settings.device, operation: 'login' };
    const answer = await send(
      context,
      {
        method: 'POST',
        path: '/mgmt/shared/authn/login',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          username: this.settings.username,
          password: this.settings.password,
          loginProviderName: 'tmos',
        }),
      },
      deadline,
    );
    if (answer.status === 401 || answer.status === 403) {
      throw this.refuse(context, answer.status, deviceMessage(answer.text));
    }
    if (answer.status !== 200) {
      throw new BigipAuthError(
        context,
        `login answered ${answer.status}: ${this.clean(deviceMessage(answer.text))}`,
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
    this.redactor.add(value);
    const declared = (tokenObject as Record<string, unknown>).timeout;
    let lifetime = typeof declared === 'number' && declared > 0 ? declared : 1200;
    if (this.settings.tokenTimeoutSeconds !== undefined) {
      lifetime = await this.extend(value, this.settings.tokenTimeoutSeconds, send, deadline);
    }
    // Renew at 80 % of the lifetime, so a long task never runs into the expiry.
    const token = { value, renewAfter: Date.now() + lifetime * 800 };
    this.token = token;
    return token;
  }

  private async extend(
    token: string,
    timeoutSeconds: number,
    send: RawSender,
    deadline: Deadline,
  ): Promise<number> {
    const context: BigipErrorContext = { device: this.settings.device, operation: 'token extension' };
    const answer = await send(
      context,
      {
        method: 'PATCH',
        path: `/mgmt/shared/authz/tokens/${token}`,
        headers: { 'content-type': 'application/json', 'x-f5-auth-token': token },
        body: JSON.stringify({ timeout: timeoutSeconds }),
      },
      deadline,
    );
    if (answer.status !== 200) {
      throw new BigipAuthError(
        context,
        `extending the token answered ${answer.status}: ${this.clean(deviceMessage(answer.text))}`,
        answer.status,
      );
    }
    return timeoutSeconds;
  }

  /** Device text for a message: secrets removed first, then shortened (never the other way round). */
  private clean(text: string): string {
    return this.redactor.redact(text).slice(0, 200);
  }
}

const NOT_RETRIED =
  'not retried, so that a wrong password cannot lock the account — check the username and password';

function deviceMessage(text: string): string {
  const body = parse(text);
  return typeof body?.message === 'string' ? body.message : text;
}

/** The sessions of this process: one per device, mode and credentials, shared by every client. */
const sessions = new Map<string, { readonly session: AuthSession; users: number }>();
/** Credentials a device refused, for the life of the process (outliving the clients that met the refusal). */
const refusals = new Map<string, { readonly text: string; readonly status: number }>();

function sessionKey(deviceKey: string, settings: AuthSessionSettings): string {
  // The password only as a hash: the key is compared, never shown.
  const secret = createHash('sha256').update(settings.password).digest('hex');
  return [deviceKey, settings.mode, settings.username, secret, settings.tokenTimeoutSeconds ?? ''].join('\n');
}

/** The session of a device and credentials, shared with every other client of them in this process. */
export function acquireSession(deviceKey: string, settings: AuthSessionSettings): AuthSession {
  const key = sessionKey(deviceKey, settings);
  let entry = sessions.get(key);
  if (!entry) {
    entry = { session: new AuthSession(settings, key), users: 0 };
    sessions.set(key, entry);
  }
  entry.users += 1;
  return entry.session;
}

/** Gives a session back; the last client to do so logs out. */
export async function releaseSession(
  session: AuthSession,
  send: RawSender,
  deadlineMs: number,
): Promise<void> {
  for (const [key, entry] of sessions) {
    if (entry.session !== session) continue;
    entry.users -= 1;
    if (entry.users > 0) return;
    sessions.delete(key);
    await session.logout(send, deadlineMs);
    return;
  }
}
