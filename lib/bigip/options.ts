/** Options of the BIG-IP client, their defaults and their checks. */

export interface BigipLogger {
  debug?(message: string): void;
  info?(message: string): void;
  warn?(message: string): void;
}

export interface RetryOptions {
  /**
   * Attempts per request on connection errors, and submissions of a write while the device answers busy
   * (503) or loses its task record.
   * @default 6
   */
  readonly maxAttempts?: number;
  /**
   * First back-off delay; doubles per attempt, with jitter (each delay is 50–100 % of the nominal one).
   * @default 500
   */
  readonly baseDelayMs?: number;
  /**
   * Upper bound of one back-off delay.
   * @default 30000
   */
  readonly maxDelayMs?: number;
}

export interface BigipClientOptions {
  /** Management URL, e.g. `https://10.1.1.245` or `https://bigip.example.com:8443`; no credentials in it. */
  readonly url: string;
  readonly username: string;
  readonly password: string;
  /**
   * `token`: log in once (`/mgmt/shared/authn/login`, provider tmos) and send `X-F5-Auth-Token`, logging in
   * again once on a 401; `basic`: send HTTP basic auth on every request.
   * @default 'token'
   */
  readonly auth?: 'token' | 'basic';
  /**
   * PEM certificate(s) to trust for the device's TLS certificate (e.g. its self-signed certificate).
   * @default - the Node.js default trust store
   */
  readonly caBundle?: string;
  /**
   * Skip TLS certificate verification. Only when explicitly asked; a warning is emitted.
   * @default false
   */
  readonly insecure?: boolean;
  /**
   * Timeout of every single HTTP request.
   * @default 60000
   */
  readonly requestTimeoutMs?: number;
  /**
   * Deadline of a whole write: the wait behind earlier writes to the device, the submission, busy
   * retries and task polling.
   * @default 600000
   */
  readonly taskDeadlineMs?: number;
  /**
   * Deadline of a whole login: the login request, its retries after broken connections, and the token
   * extension. A refused login (401/403) is never retried.
   * @default 60000
   */
  readonly loginDeadlineMs?: number;
  /**
   * First wait between two polls of an async task; grows by half each poll up to `maxPollIntervalMs`.
   * Short, because writes to a device are serialized: a late first poll delays every write queued behind it.
   * @default 250
   */
  readonly pollIntervalMs?: number;
  /** @default 5000 */
  readonly maxPollIntervalMs?: number;
  /**
   * Submit writes with `?async=true` and poll `/task/<id>`; false sends them synchronously (AS3 still swaps
   * to a task after 45 s, which the client follows).
   * @default true
   */
  readonly useAsyncTasks?: boolean;
  readonly retry?: RetryOptions;
  /**
   * With token auth, extend each new token's lifetime to this many seconds (`PATCH /mgmt/shared/authz/tokens`, max 36000).
   * @default - the device's default (1200 s)
   */
  readonly tokenTimeoutSeconds?: number;
  /**
   * Name of the device in messages and errors.
   * @default - host[:port] of `url`
   */
  readonly deviceName?: string;
  /** Receives warnings (e.g. about `insecure`); falls back to `logger.warn`, then to stderr. */
  readonly onWarning?: (message: string) => void;
  /** Receives one debug line per HTTP exchange (method, path, status, never headers or bodies). */
  readonly logger?: BigipLogger;
  /**
   * Source of randomness for back-off jitter (tests may pin it).
   * @default Math.random
   */
  readonly random?: () => number;
}

export interface ResolvedOptions {
  readonly origin: URL;
  readonly deviceKey: string;
  readonly deviceName: string;
  readonly username: string;
  readonly password: string;
  readonly auth: 'token' | 'basic';
  readonly caBundle: string | undefined;
  readonly insecure: boolean;
  readonly requestTimeoutMs: number;
  readonly taskDeadlineMs: number;
  readonly loginDeadlineMs: number;
  readonly pollIntervalMs: number;
  readonly maxPollIntervalMs: number;
  readonly useAsyncTasks: boolean;
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly tokenTimeoutSeconds: number | undefined;
  readonly warn: (message: string) => void;
  readonly debug: (message: string) => void;
  readonly random: () => number;
}

/** The warning a client gives when it is told not to verify the device's certificate. */
export function insecureWarning(deviceName: string): string {
  return `TLS certificate verification is disabled for BIG-IP ${deviceName} (insecure: true): anyone on the network path can impersonate the device. Prefer caBundle.`;
}

function warnOnStderr(message: string): void {
  process.stderr.write(`warning: ${message}\n`);
}

function positive(name: string, value: number | undefined, fallback: number, problems: string[]): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0)
    problems.push(`'${name}' must be a positive number, got ${String(value)}`);
  return value;
}

/** Applies defaults and checks the options; returns the problems instead of throwing (the client wraps them). */
export function resolveOptions(options: BigipClientOptions): {
  resolved?: ResolvedOptions;
  problems: string[];
} {
  const problems: string[] = [];
  let origin: URL | undefined;
  try {
    origin = new URL(options.url);
  } catch {
    problems.push("'url' is not a valid URL");
  }
  if (origin) {
    if (origin.protocol !== 'https:' && origin.protocol !== 'http:')
      problems.push("'url' must use https (or http)");
    if (origin.username || origin.password)
      problems.push("'url' must not contain credentials; pass username and password");
  }
  if (!options.username) problems.push("'username' is required");
  if (!options.password) problems.push("'password' is required");
  if (options.auth !== undefined && options.auth !== 'token' && options.auth !== 'basic') {
    problems.push(`'auth' must be 'token' or 'basic', got ${String(options.auth)}`);
  }
  const tokenTimeout = options.tokenTimeoutSeconds;
  if (
    tokenTimeout !== undefined &&
    (!Number.isInteger(tokenTimeout) || tokenTimeout < 1 || tokenTimeout > 36000)
  ) {
    problems.push(
      `'tokenTimeoutSeconds' must be an integer between 1 and 36000, got ${String(tokenTimeout)}`,
    );
  }
  const retry = options.retry ?? {};
  const maxAttempts = positive('retry.maxAttempts', retry.maxAttempts, 6, problems);
  if (!Number.isInteger(maxAttempts)) problems.push("'retry.maxAttempts' must be an integer");
  const resolvedRest = {
    requestTimeoutMs: positive('requestTimeoutMs', options.requestTimeoutMs, 60_000, problems),
    taskDeadlineMs: positive('taskDeadlineMs', options.taskDeadlineMs, 600_000, problems),
    loginDeadlineMs: positive('loginDeadlineMs', options.loginDeadlineMs, 60_000, problems),
    pollIntervalMs: positive('pollIntervalMs', options.pollIntervalMs, 250, problems),
    maxPollIntervalMs: positive('maxPollIntervalMs', options.maxPollIntervalMs, 5000, problems),
    baseDelayMs: positive('retry.baseDelayMs', retry.baseDelayMs, 500, problems),
    maxDelayMs: positive('retry.maxDelayMs', retry.maxDelayMs, 30_000, problems),
  };
  if (problems.length > 0 || !origin) return { problems };
  const port = origin.port || (origin.protocol === 'https:' ? '443' : '80');
  const warnSink =
    options.onWarning ??
    options.logger?.warn?.bind(options.logger) ??
    ((message: string) => warnOnStderr(message));
  const debugSink = options.logger?.debug?.bind(options.logger) ?? (() => undefined);
  return {
    problems,
    resolved: {
      origin,
      deviceKey: `${origin.protocol}//${origin.hostname.toLowerCase()}:${port}`,
      deviceName: options.deviceName ?? origin.host,
      username: options.username,
      password: options.password,
      auth: options.auth ?? 'token',
      caBundle: options.caBundle,
      insecure: options.insecure === true,
      useAsyncTasks: options.useAsyncTasks ?? true,
      maxAttempts,
      tokenTimeoutSeconds: tokenTimeout,
      warn: warnSink,
      debug: debugSink,
      random: options.random ?? Math.random,
      ...resolvedRest,
    },
  };
}
