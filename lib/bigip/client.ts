/**
 * `BigipClient`: AS3 over iControl REST with undici — per-tenant deploy/delete as async tasks with bounded
 * polling, per-tenant results as the truth, retries with back-off and jitter for busy devices and broken
 * connections, writes serialized per device, typed errors without credentials.
 */
import { acquireSession, releaseSession, type AuthSession, type RawSender } from './auth-session';
import { backoffDelay, Deadline, sleep, type BackoffPolicy } from './backoff';
import { QueueDeadlineError, withDeviceWriteLock } from './device-queue';
import {
  As3TenantError,
  As3ValidationError,
  BigipAuthError,
  BigipBusyError,
  BigipError,
  BigipNotFoundError,
  BigipResponseError,
  BigipTaskLostError,
  BigipTimeoutError,
  BigipTlsError,
  BigipTransportError,
  BigipUsageError,
  type BigipErrorContext,
} from './errors';
import { HttpTransport, TransportFailure, type HttpAnswer, type HttpExchange } from './http-transport';
import { insecureWarning, resolveOptions, type BigipClientOptions, type ResolvedOptions } from './options';
import { buildDeployResult, hasTenantResults, type DeployResult } from './results';

/**
 * The `optimisticLockKey` sent for a tenant that was absent when it was read. AS3 checks a key only against
 * a tenant it has stored (audit.auditTenant), so this key lets the create through — unless another writer
 * created the tenant in between: then it cannot match AS3's hash and the tenant fails, unchanged.
 */
export const ABSENT_TENANT_LOCK_KEY = 'vks-bigip:tenant-was-absent';

const APPSVCS = '/mgmt/shared/appsvcs';
const TENANT_NAME = /^[A-Za-z][0-9A-Za-z_.-]*$/;

export type Json = Record<string, unknown>;

export interface As3Info {
  readonly version: string;
  readonly release: string;
  readonly schemaCurrent: string;
  readonly schemaMinimum: string;
}

export interface DeployOptions {
  /** Validate and diff only (`controls.dryRun=true`): nothing changes on the device. */
  readonly dryRun?: boolean;
  /** Throw `As3TenantError` when any tenant failed, instead of returning a result with `ok: false`. */
  readonly throwOnTenantFailure?: boolean;
  /**
   * Per tenant, the `optimisticLockKey` of the read this write is based on (`readTenantForWrite`): AS3
   * applies the tenant only if nobody changed it since; otherwise the tenant fails with `lockConflict`.
   */
  readonly optimisticLockKeys?: Readonly<Record<string, string>>;
}

export interface DeleteOptions extends Pick<DeployOptions, 'throwOnTenantFailure' | 'optimisticLockKeys'> {
  /**
   * With `optimisticLockKeys`, the tenants are removed by posting them without applications (AS3 deletes
   * such a tenant, after checking the key), in a declaration of this schemaVersion.
   * @default '3.0.0' (what AS3 itself uses for the declaration of a DELETE)
   */
  readonly schemaVersion?: string;
}

/** A tenant as stored on the device, with the key that makes a later write conditional on it. */
export interface TenantForWrite {
  /** The stored tenant (without its optimisticLockKey); undefined when the device has none. */
  readonly tenant: Json | undefined;
  /** AS3's key for the stored tenant, or `ABSENT_TENANT_LOCK_KEY`. */
  readonly lockKey: string;
}

type TaskOutcome =
  | { readonly kind: 'done'; readonly body: Json }
  | { readonly kind: 'busy'; readonly message: string }
  | { readonly kind: 'lost'; readonly why: string };

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export class BigipClient {
  private readonly options: ResolvedOptions;
  private readonly transport: HttpTransport;
  private readonly session: AuthSession;
  private readonly backoff: BackoffPolicy;
  /** Sends login, token and logout exchanges (no credentials added), each attempt within the login deadline. */
  private readonly rawSend: RawSender;
  private closed = false;

  constructor(options: BigipClientOptions) {
    const { resolved, problems } = resolveOptions(options);
    const device = options.deviceName ?? safeHost(options.url);
    if (!resolved)
      throw new BigipUsageError(
        { device, operation: 'login' },
        `invalid client options: ${problems.join('; ')}`,
      );
    this.options = resolved;
    if (resolved.insecure) resolved.warn(insecureWarning(resolved.deviceName));
    this.transport = new HttpTransport(resolved.origin, {
      caBundle: resolved.caBundle,
      insecure: resolved.insecure,
    });
    this.backoff = {
      baseDelayMs: resolved.baseDelayMs,
      maxDelayMs: resolved.maxDelayMs,
      random: resolved.random,
    };
    this.session = acquireSession(resolved.deviceKey, {
      mode: resolved.auth,
      username: resolved.username,
      password: resolved.password,
      tokenTimeoutSeconds: resolved.tokenTimeoutSeconds,
      device: resolved.deviceName,
    });
    this.rawSend = (context, exchange, deadline) =>
      this.sendWithRetries(
        context,
        { ...exchange, timeoutMs: resolved.requestTimeoutMs },
        { deadline, credentials: false, squeeze: true },
      );
  }

  /** The device name used in messages. */
  get device(): string {
    return this.options.deviceName;
  }

  /** `GET /info`: the AS3 version on the device. */
  info(): Promise<As3Info> {
    return this.guard(async () => {
      const context: BigipErrorContext = { device: this.device, operation: 'info' };
      const answer = await this.read(context, `${APPSVCS}/info`);
      const body = parseJson(answer.text);
      if (answer.status !== 200 || !isRecord(body) || typeof body.version !== 'string') {
        throw this.unexpected(context, answer);
      }
      return {
        version: body.version,
        release: String(body.release ?? ''),
        schemaCurrent: String(body.schemaCurrent ?? ''),
        schemaMinimum: String(body.schemaMinimum ?? ''),
      };
    });
  }

  /**
   * Deploys the named tenants of a declaration (`POST /declare/<tenants>`): the full AS3 request
   * (`class: AS3`) or a bare ADC declaration. Returns every tenant's outcome; `ok` is false when any failed.
   */
  deploy(declaration: Json, tenants: readonly string[], options: DeployOptions = {}): Promise<DeployResult> {
    return this.guard(async () => {
      const operation = options.dryRun ? 'dry-run' : 'deploy';
      const context: BigipErrorContext = { device: this.device, operation, tenants };
      const body = this.deployBody(context, declaration, tenants, options.optimisticLockKeys);
      const query = options.dryRun ? ['controls.dryRun=true'] : [];
      const result = await this.write(context, 'POST', tenantPath(tenants), query, JSON.stringify(body));
      if (options.throwOnTenantFailure && !result.ok) throw new As3TenantError(result);
      return result;
    });
  }

  /**
   * The stored declaration (`GET /declare[/<tenants>]`); undefined when nothing is stored (204).
   * Throws `BigipNotFoundError` when AS3 says a named tenant is not there (404).
   */
  getDeclaration(tenants?: readonly string[]): Promise<Json | undefined> {
    return this.guard(() => this.readDeclaration(tenants, false));
  }

  /** One tenant of the stored declaration; undefined when AS3 has no such tenant (404) or nothing stored (204). */
  getTenant(name: string): Promise<Json | undefined> {
    return this.guard(async () => (await this.readTenant(name, false)).tenant);
  }

  /**
   * One tenant and its `optimisticLockKey` (`GET /declare/<tenant>?showHash=true`): pass the key to
   * `deploy` or `deleteTenants` and the write happens only if nobody changed the tenant since this read.
   */
  readTenantForWrite(name: string): Promise<TenantForWrite> {
    return this.guard(async () => {
      const { tenant, lockKey } = await this.readTenant(name, true);
      return { tenant, lockKey: lockKey ?? ABSENT_TENANT_LOCK_KEY };
    });
  }

  /**
   * Several tenants and their keys in one request (`GET /declare/T1,T2?showHash=true`), each as
   * `readTenantForWrite` would return it. AS3 answers 404 naming the tenants it lacks; those are absent
   * and the others are read again.
   */
  readTenantsForWrite(names: readonly string[]): Promise<Map<string, TenantForWrite>> {
    return this.guard(async () => {
      const found = new Map<string, TenantForWrite>();
      let wanted = [...names];
      while (wanted.length > 0) {
        let declaration: Json | undefined;
        try {
          declaration = await this.readDeclaration(wanted, true);
        } catch (error) {
          if (!(error instanceof BigipNotFoundError)) throw error;
          // Nothing stored at all: no tenant is there.
          if (/declaration in specified path not found/.test(error.message)) {
            for (const name of wanted)
              found.set(name, { tenant: undefined, lockKey: ABSENT_TENANT_LOCK_KEY });
            return found;
          }
          const listed = /Tenant\(s\) '([^']*)' not found/.exec(error.message)?.[1]?.split(',') ?? [];
          const missing = wanted.filter((t) => listed.includes(t));
          if (missing.length === 0) {
            // Not AS3's usual words: read one by one.
            for (const name of wanted) found.set(name, await this.readTenantForWrite(name));
            return found;
          }
          for (const name of missing) found.set(name, { tenant: undefined, lockKey: ABSENT_TENANT_LOCK_KEY });
          wanted = wanted.filter((t) => !missing.includes(t));
          continue;
        }
        for (const name of wanted) {
          const stored = declaration?.[name];
          if (!isRecord(stored)) {
            found.set(name, { tenant: undefined, lockKey: ABSENT_TENANT_LOCK_KEY });
            continue;
          }
          const { optimisticLockKey, ...tenant } = stored;
          if (typeof optimisticLockKey !== 'string' || optimisticLockKey === '') {
            throw new BigipResponseError(
              { device: this.device, operation: 'get declaration', tenants: [name] },
              `the device returned tenant ${name} without an optimisticLockKey although showHash=true was asked (AS3 3.14 or later computes one)`,
            );
          }
          found.set(name, { tenant, lockKey: optimisticLockKey });
        }
        wanted = [];
      }
      return found;
    });
  }

  /**
   * Deletes the named tenants (`DELETE /declare/<tenants>`). Refuses an empty list: a bare DELETE removes
   * every tenant. With `optimisticLockKeys` each tenant is deleted only if nobody changed it since it was read.
   */
  deleteTenants(tenants: readonly string[], options: DeleteOptions = {}): Promise<DeployResult> {
    return this.guard(async () => {
      const context: BigipErrorContext = { device: this.device, operation: 'delete', tenants };
      this.checkTenantNames(context, tenants, false);
      const keys = options.optimisticLockKeys;
      let result: DeployResult;
      if (keys) {
        const declaration: Json = { class: 'ADC', schemaVersion: options.schemaVersion ?? '3.0.0' };
        for (const tenant of tenants) declaration[tenant] = { class: 'Tenant' };
        const body = this.deployBody(context, declaration, tenants, keys);
        result = await this.write(context, 'POST', tenantPath(tenants), [], JSON.stringify(body));
      } else {
        result = await this.write(context, 'DELETE', tenantPath(tenants), [], undefined);
      }
      if (options.throwOnTenantFailure && !result.ok) throw new As3TenantError(result);
      return result;
    });
  }

  /** Logs out (deletes the token on the device, once no other client shares it) and closes the connections. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await releaseSession(this.session, this.rawSend, this.options.loginDeadlineMs);
    await this.transport.close();
  }

  /** Runs a public operation: whatever it throws is scrubbed of credentials and tokens first. */
  private async guard<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw this.session.redactor.redactError(error);
    }
  }

  private async readDeclaration(
    tenants: readonly string[] | undefined,
    showHash: boolean,
  ): Promise<Json | undefined> {
    const context: BigipErrorContext = {
      device: this.device,
      operation: 'get declaration',
      tenants: tenants ?? [],
    };
    if (tenants) this.checkTenantNames(context, tenants, true);
    const path = tenants && tenants.length > 0 ? tenantPath(tenants) : `${APPSVCS}/declare`;
    const answer = await this.read(context, showHash ? `${path}?showHash=true` : path);
    if (answer.status === 204) return undefined;
    const body = parseJson(answer.text);
    if (answer.status === 404) {
      throw new BigipNotFoundError(
        context,
        isRecord(body) && typeof body.message === 'string' ? this.scrub(body.message) : 'not found',
        404,
      );
    }
    if (answer.status !== 200 || !isRecord(body)) throw this.unexpected(context, answer);
    return body;
  }

  private async readTenant(
    name: string,
    showHash: boolean,
  ): Promise<{ tenant: Json | undefined; lockKey: string | undefined }> {
    let declaration: Json | undefined;
    try {
      declaration = await this.readDeclaration([name], showHash);
    } catch (error) {
      if (error instanceof BigipNotFoundError) return { tenant: undefined, lockKey: undefined };
      throw error;
    }
    const stored = declaration?.[name];
    if (!isRecord(stored)) return { tenant: undefined, lockKey: undefined };
    const { optimisticLockKey, ...tenant } = stored;
    if (showHash && (typeof optimisticLockKey !== 'string' || optimisticLockKey === '')) {
      throw new BigipResponseError(
        { device: this.device, operation: 'get declaration', tenants: [name] },
        `the device returned tenant ${name} without an optimisticLockKey although showHash=true was asked (AS3 3.14 or later computes one)`,
      );
    }
    return {
      tenant: showHash ? tenant : stored,
      lockKey: showHash ? (optimisticLockKey as string) : undefined,
    };
  }

  private deployBody(
    context: BigipErrorContext,
    declaration: Json,
    tenants: readonly string[],
    lockKeys: Readonly<Record<string, string>> | undefined,
  ): Json {
    this.checkTenantNames(context, tenants, false);
    if (!isRecord(declaration)) throw new BigipUsageError(context, 'the declaration must be a JSON object');
    const request: Json =
      declaration.class === 'AS3'
        ? structuredClone(declaration)
        : { class: 'AS3', action: 'deploy', persist: true, declaration: structuredClone(declaration) };
    const adc = request.declaration;
    if (request.action !== undefined && request.action !== 'deploy' && request.action !== 'dry-run') {
      throw new BigipUsageError(context, `deploy sends action "deploy", not "${String(request.action)}"`);
    }
    if (!isRecord(adc) || adc.class !== 'ADC') {
      throw new BigipUsageError(
        context,
        'the declaration must be an ADC declaration (class "ADC") or an AS3 request holding one',
      );
    }
    if (adc.updateMode === 'complete') {
      throw new BigipUsageError(
        context,
        "updateMode 'complete' makes AS3 delete every tenant not in the declaration; use 'selective' (the default)",
      );
    }
    const missing = tenants.filter((t) => !isRecord(adc[t]) || (adc[t] as Json).class !== 'Tenant');
    if (missing.length > 0) {
      throw new BigipUsageError(
        context,
        `tenant(s) ${missing.join(', ')} are not in the declaration (as class "Tenant")`,
      );
    }
    if (lockKeys) {
      const unkeyed = tenants.filter((t) => typeof lockKeys[t] !== 'string' || lockKeys[t] === '');
      if (unkeyed.length > 0) {
        throw new BigipUsageError(
          context,
          `optimisticLockKeys has no key for tenant(s) ${unkeyed.join(', ')}; read each with readTenantForWrite()`,
        );
      }
      for (const tenant of tenants) (adc[tenant] as Json).optimisticLockKey = lockKeys[tenant];
    }
    return request;
  }

  private checkTenantNames(
    context: BigipErrorContext,
    tenants: readonly string[],
    allowEmpty: boolean,
  ): void {
    if (!Array.isArray(tenants))
      throw new BigipUsageError(context, 'tenants must be an array of tenant names');
    if (tenants.length === 0 && !allowEmpty) {
      throw new BigipUsageError(
        context,
        'the tenant list is empty; the client never sends a request without tenants (a bare /declare would touch every tenant)',
      );
    }
    const bad = tenants.filter((t) => typeof t !== 'string' || !TENANT_NAME.test(t) || t.length > 190);
    if (bad.length > 0)
      throw new BigipUsageError(context, `invalid tenant name(s): ${bad.map(String).join(', ')}`);
    if (new Set(tenants).size !== tenants.length)
      throw new BigipUsageError(context, 'the tenant list has duplicates');
  }

  /** A write: serialized per device; busy answers and lost tasks lead to a new submission, within budget and deadline. */
  private write(
    context: BigipErrorContext,
    method: 'POST' | 'DELETE',
    path: string,
    query: readonly string[],
    body: string | undefined,
  ): Promise<DeployResult> {
    this.assertOpen(context);
    // The deadline starts now: time spent waiting behind earlier writes to the device counts.
    const deadline = new Deadline(this.options.taskDeadlineMs);
    const queued = withDeviceWriteLock(
      this.options.deviceKey,
      () => this.submit(context, method, path, query, body, deadline),
      deadline,
    );
    return queued.catch((error: unknown) => {
      if (!(error instanceof QueueDeadlineError)) throw error;
      throw new BigipTimeoutError(
        context,
        `waited ${(deadline.elapsedMs / 1000).toFixed(1)} s behind earlier writes to this device and the deadline (taskDeadlineMs) passed; nothing was sent`,
        undefined,
      );
    });
  }

  private async submit(
    context: BigipErrorContext,
    method: 'POST' | 'DELETE',
    path: string,
    query: readonly string[],
    body: string | undefined,
    deadline: Deadline,
  ): Promise<DeployResult> {
    {
      if (deadline.remainingMs === 0) throw new QueueDeadlineError();
      const fullQuery = this.options.useAsyncTasks ? ['async=true', ...query] : [...query];
      const target = fullQuery.length ? `${path}?${fullQuery.join('&')}` : path;
      let busyAnswers = 0;
      let lostTasks = 0;
      let lastBusy = '';
      for (let submission = 1; ; submission += 1) {
        const answer = await this.sendWithRetries(
          context,
          {
            method,
            path: target,
            headers: body === undefined ? {} : { 'content-type': 'application/json' },
            body,
            timeoutMs: this.options.requestTimeoutMs,
          },
          { deadline, credentials: true },
        );
        const parsed = parseJson(answer.text);
        let outcome: TaskOutcome;
        let taskId: string | undefined;
        let status = answer.status;
        if (answer.status === 503) {
          outcome = { kind: 'busy', message: this.messageOf(parsed, answer.text) };
        } else if (answer.status === 202 && isRecord(parsed) && typeof parsed.id === 'string') {
          taskId = parsed.id;
          outcome = await this.pollTask(context, taskId, deadline);
          status = 200;
        } else {
          outcome = { kind: 'done', body: isRecord(parsed) ? parsed : {} };
        }
        if (outcome.kind === 'done') {
          return this.interpret(context, status, outcome.body, answer, taskId, submission);
        }
        if (outcome.kind === 'busy') {
          busyAnswers += 1;
          lastBusy = outcome.message;
          if (busyAnswers >= this.options.maxAttempts) {
            throw new BigipBusyError(context, busyAnswers, 'attempts', lastBusy, deadline.elapsedMs);
          }
          const delay = backoffDelay(busyAnswers, this.backoff);
          if (deadline.wouldPass(delay))
            throw new BigipBusyError(context, busyAnswers, 'deadline', lastBusy, deadline.elapsedMs);
          this.options.debug(`${this.device}: busy (${lastBusy}); submitting again in ${delay} ms`);
          await sleep(delay);
          continue;
        }
        lostTasks += 1;
        if (lostTasks >= this.options.maxAttempts) {
          throw new BigipTaskLostError(
            context,
            `task ${taskId ?? '?'} was lost (${outcome.why}) ${lostTasks} time(s); giving up`,
          );
        }
        // Declarations are idempotent: submitting again yields "no change" where the lost task had applied it.
        this.options.debug(`${this.device}: task ${taskId ?? '?'} lost (${outcome.why}); submitting again`);
      }
    }
  }

  private async pollTask(
    context: BigipErrorContext,
    taskId: string,
    deadline: Deadline,
  ): Promise<TaskOutcome> {
    const started = Date.now();
    const estimate = observedTaskMs.get(this.options.deviceKey);
    // The first look comes just before a task of this device usually ends; a miss is followed by
    // short looks that grow, so a task is seen done soon after it ends, not a fixed interval later.
    let wait =
      estimate === undefined
        ? this.options.pollIntervalMs
        : Math.min(this.options.maxPollIntervalMs, Math.max(5, Math.round(estimate * 0.8)));
    let next = estimate === undefined ? wait * 1.5 : Math.max(10, estimate * 0.1);
    // Always look at least once, even when the submission itself used up the deadline.
    for (;;) {
      await sleep(Math.min(wait, deadline.remainingMs));
      wait = Math.min(this.options.maxPollIntervalMs, Math.ceil(next));
      next = wait * 1.5;
      const answer = await this.sendWithRetries(
        context,
        {
          method: 'GET',
          path: `${APPSVCS}/task/${encodeURIComponent(taskId)}`,
          headers: {},
          timeoutMs: this.options.requestTimeoutMs,
        },
        { deadline, credentials: true, retryBusy: true },
      );
      if (answer.status === 404) return { kind: 'lost', why: 'the device no longer knows the task id' };
      const body = parseJson(answer.text);
      if (answer.status !== 200 || !isRecord(body) || !Array.isArray(body.results))
        throw this.unexpected(context, answer);
      const results = body.results.filter(isRecord);
      const running = results.find((r) => r.code === 0);
      if (!running) {
        const busy = results.find((r) => r.code === 503 && (r.tenant === undefined || r.tenant === ''));
        if (busy && !hasTenantResults(results)) return { kind: 'busy', message: this.messageOf(busy, '') };
        observeTask(this.options.deviceKey, Date.now() - started);
        return { kind: 'done', body };
      }
      if (running.message === 'task cancelled')
        return { kind: 'lost', why: 'the device cancelled it (restart)' };
      if (deadline.remainingMs === 0) {
        throw new BigipTimeoutError(
          context,
          `task ${taskId} was still in progress after ${(deadline.elapsedMs / 1000).toFixed(1)} s (taskDeadlineMs); it may still finish on the device`,
          taskId,
        );
      }
    }
  }

  private interpret(
    context: BigipErrorContext,
    status: number,
    body: Json,
    answer: HttpAnswer,
    taskId: string | undefined,
    submissions: number,
  ): DeployResult {
    // Results and echoes become messages of callers (the provider's errors): no device echo of a secret survives.
    const clean = this.session.redactor.redactValue(body);
    const results = Array.isArray(clean.results) ? clean.results : undefined;
    if (results && hasTenantResults(results)) {
      return buildDeployResult(
        {
          device: this.device,
          operation: context.operation as DeployResult['operation'],
          tenants: context.tenants ?? [],
          httpStatus: status,
          ...(taskId !== undefined ? { taskId } : {}),
          submissions,
        },
        results,
        clean.declaration,
      );
    }
    // A declaration-level answer: an error entry (in a task's results, or the body itself).
    const entry = results && isRecord(results[0]) ? results[0] : clean;
    const code = typeof entry.code === 'number' ? entry.code : status;
    const message = typeof entry.message === 'string' ? entry.message : `HTTP ${status}`;
    const errors = Array.isArray(entry.errors) ? entry.errors.map(String) : [];
    if (code === 400 || code === 422)
      throw new As3ValidationError(
        context,
        this.scrub(message),
        errors.map((e) => this.scrub(e)),
        code,
      );
    if (results && code === 200) {
      // AS3 processed no tenant at all (results: [{message: "no change"}]); the requested tenants have no result.
      return buildDeployResult(
        {
          device: this.device,
          operation: context.operation as DeployResult['operation'],
          tenants: context.tenants ?? [],
          httpStatus: status,
          ...(taskId !== undefined ? { taskId } : {}),
          submissions,
        },
        [],
        clean.declaration,
      );
    }
    throw this.unexpected(context, answer, code !== status ? `AS3 code ${code}: ${message}` : undefined);
  }

  /** A read: connection errors and busy answers are retried. */
  private async read(context: BigipErrorContext, path: string): Promise<HttpAnswer> {
    this.assertOpen(context);
    const deadline = new Deadline(this.options.taskDeadlineMs);
    return this.sendWithRetries(
      context,
      { method: 'GET', path, headers: {}, timeoutMs: this.options.requestTimeoutMs },
      { deadline, credentials: true, retryBusy: true },
    );
  }

  /**
   * Sends one request: connection errors are retried with back-off (TLS errors are not); with
   * `credentials` the session's are added, a 401 leads to one new login (token auth) and credentials the
   * device refused are never sent again; with `retryBusy` a 503 is retried too. Each request has its own
   * timeout and the deadline is checked between requests — except with `squeeze` (the login), where
   * every attempt must also end by the deadline.
   */
  private async sendWithRetries(
    context: BigipErrorContext,
    exchange: HttpExchange,
    how: { deadline: Deadline; credentials: boolean; retryBusy?: boolean; squeeze?: boolean },
  ): Promise<HttpAnswer> {
    const { deadline } = how;
    let reauthenticated = false;
    let attempt = 0;
    for (;;) {
      attempt += 1;
      const headers = how.credentials
        ? {
            ...exchange.headers,
            ...(await this.session.headers(context, this.rawSend, this.options.loginDeadlineMs)),
          }
        : exchange.headers;
      const timeoutMs = how.squeeze ? Math.min(exchange.timeoutMs, deadline.remainingMs) : exchange.timeoutMs;
      let answer: HttpAnswer;
      try {
        if (timeoutMs <= 0) throw new TransportFailure('no time left', 'ETIMEDOUT', false);
        answer = await this.transport.send({ ...exchange, headers, timeoutMs });
      } catch (error) {
        if (!(error instanceof TransportFailure)) throw error;
        const detail = this.scrub(error.message);
        if (error.tls) {
          throw new BigipTlsError(
            context,
            `${detail}; trust the device's certificate with caBundle (or, knowingly, insecure: true)`,
            error.code,
          );
        }
        const delay = backoffDelay(attempt, this.backoff);
        if (how.squeeze && deadline.wouldPass(delay)) {
          throw new BigipTransportError(
            context,
            `gave up after ${attempt} attempt(s) in ${(deadline.elapsedMs / 1000).toFixed(1)} s: the login deadline (loginDeadlineMs, ${deadline.budgetMs} ms) was reached (last: ${detail})`,
            error.code,
          );
        }
        if (attempt >= this.options.maxAttempts || deadline.wouldPass(delay)) {
          throw new BigipTransportError(context, `${detail} (after ${attempt} attempt(s))`, error.code);
        }
        this.options.debug(
          `${exchange.method} ${this.logPath(exchange.path)} failed (${error.code ?? detail}); retrying in ${delay} ms`,
        );
        await sleep(delay);
        continue;
      }
      this.options.debug(`${exchange.method} ${this.logPath(exchange.path)} -> ${answer.status}`);
      if (answer.status === 401 && how.credentials) {
        if (this.session.usesToken && !reauthenticated) {
          reauthenticated = true;
          this.session.invalidate(headers);
          attempt -= 1; // a re-login is not a failed attempt
          continue;
        }
        const message = this.messageOf(parseJson(answer.text), answer.text);
        // Basic auth sends the password with every request: a refusal is final, or each retry is a failed login.
        if (!this.session.usesToken) throw this.session.refuse(context, 401, message);
        throw new BigipAuthError(context, `the device answered 401 after a new login (${message})`, 401);
      }
      if (answer.status === 403 && how.credentials) {
        throw new BigipAuthError(
          context,
          `the device refused this request to user '${this.options.username}' (403 ${this.messageOf(parseJson(answer.text), answer.text)}); AS3 needs a user with the administrator role`,
          403,
        );
      }
      if (answer.status === 503 && how.retryBusy) {
        const delay = backoffDelay(attempt, this.backoff);
        if (attempt >= this.options.maxAttempts || deadline.wouldPass(delay)) {
          throw new BigipBusyError(
            context,
            attempt,
            attempt >= this.options.maxAttempts ? 'attempts' : 'deadline',
            this.messageOf(parseJson(answer.text), answer.text),
            deadline.elapsedMs,
          );
        }
        await sleep(delay);
        continue;
      }
      return answer;
    }
  }

  private assertOpen(context: BigipErrorContext): void {
    if (this.closed) throw new BigipUsageError(context, 'the client was closed');
  }

  private unexpected(context: BigipErrorContext, answer: HttpAnswer, detail?: string): BigipError {
    const text =
      detail ?? `unexpected answer ${answer.status}: ${this.messageOf(parseJson(answer.text), answer.text)}`;
    return new BigipResponseError(context, this.scrub(text), answer.status);
  }

  /** Removes the password, the basic-auth header and every token of the session from text. */
  private scrub(text: string): string {
    return this.session.redactor.redact(text);
  }

  /** AS3's message of an answer, or the start of its text: scrubbed first, then shortened. */
  private messageOf(parsed: unknown, fallback: string): string {
    if (isRecord(parsed) && typeof parsed.message === 'string') return this.scrub(parsed.message);
    return this.scrub(fallback).slice(0, 200) || 'no message';
  }

  private logPath(path: string): string {
    return this.scrub(path.replace(/(\/authz\/tokens\/)[^/?]+/, '$1***'));
  }
}

/** Per device, a running estimate of how long its tasks take (what the first poll waits). */
const observedTaskMs = new Map<string, number>();

function observeTask(deviceKey: string, elapsedMs: number): void {
  const previous = observedTaskMs.get(deviceKey);
  // Seen-done times overshoot by up to one poll; starting the first poll at 80 % of the estimate lets it come down again.
  observedTaskMs.set(deviceKey, previous === undefined ? elapsedMs : (previous + elapsedMs) / 2);
}

function tenantPath(tenants: readonly string[]): string {
  return `${APPSVCS}/declare/${tenants.map(encodeURIComponent).join(',')}`;
}

function safeHost(url: string): string {
  try {
    return new URL(url).host || 'unknown device';
  } catch {
    return 'unknown device';
  }
}
