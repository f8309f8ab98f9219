/** Public types of the AS3 simulator. */
import type { JsonObject } from './declaration-util';
import type { DeviceInventory } from './device-state';

export type { DeviceInventory };

/** Faults a test (or a curious user) can inject; every field may be changed while the simulator runs. */
export interface FaultOptions {
  /**
   * Time each declaration spends being "applied" while it holds AS3's global lock, in milliseconds.
   * @default 0
   */
  declarationLatencyMs: number;
  /**
   * The next N writes find AS3's lock taken by someone else: a synchronous write answers HTTP 503, an
   * `?async=true` write answers 202 and its task ends with code 503 — exactly as AS3 does.
   * @default 0
   */
  busyResponses: number;
  /**
   * The next N writes get iControl REST's own HTTP 503 (`There is an active asynchronous task executing.`),
   * whether async or not.
   * @default 0
   */
  restBusyResponses: number;
  /**
   * After N more token-authenticated requests every token issued so far expires, so request N+1 gets
   * 401 `X-F5-Auth-Token has expired.` (one-shot; the field resets to undefined).
   * @default undefined (off)
   */
  expireTokensAfterRequests: number | undefined;
  /**
   * The next N requests have their connection destroyed before any response (the client sees a reset).
   * @default 0
   */
  resetConnections: number;
  /**
   * The next N async tasks lose their record right after their 202 (as after a restart with memory task
   * storage): polling them answers 404. The declaration itself is still applied.
   * @default 0
   */
  vanishTaskIds: number;
  /**
   * Tenants whose apply fails with `declaration failed` (code 422, with a BIG-IP style `response`); a failed
   * tenant keeps its previous version.
   * @default []
   */
  failTenants: string[];
}

/** The live fault knobs of a running simulator. */
export interface SimulatorFaults extends FaultOptions {
  /** Drops every task record now (a restart with memory task storage). */
  forgetTasks(): void;
  /** Marks every pending task `task cancelled` (a restart with data-group task storage). */
  cancelPendingTasks(): void;
  /**
   * Holds every declaration in its apply phase — with AS3's lock taken — until the returned function is
   * called. Lets tests observe "in progress" and the lock deterministically, without sleeping.
   */
  holdDeclarations(): () => void;
  /**
   * Simulates an out-of-band change on the BIG-IP to a tenant's objects: the next POST of that tenant reports
   * `success` (AS3 reverts the drift) even when unchanged, a dry run reports `success`, GET is unchanged.
   */
  driftTenant(name: string): void;
}

export interface SimulatorTlsOptions {
  /** PEM certificate (chain) the server presents. */
  readonly cert: string;
  /** PEM private key of that certificate. */
  readonly key: string;
}

export interface SimulatorOptions {
  /**
   * Address to listen on.
   * @default '127.0.0.1'
   */
  readonly host?: string;
  /**
   * TCP port; 0 lets the operating system pick a free one.
   * @default 0
   */
  readonly port?: number;
  /** @default 'admin' */
  readonly username?: string;
  /** @default 'admin' */
  readonly password?: string;
  /**
   * JSON file the simulator loads at start and rewrites after every change (stored declarations, history,
   * task records, settings), so its state survives a restart.
   * @default - state is kept in memory only
   */
  readonly stateFile?: string;
  /**
   * The official AS3 schema file (e.g. `as3-schema-3.56.0-10.json`). With it the simulator validates like
   * AS3 (first error, ajv-6 wording), checks property names (`Invalid data property`), resolves pointers
   * with the schema's own pointer rules and fills defaults for `show=full`.
   * @default - a built-in structural subset (classes, names, schemaVersion) is checked instead
   */
  readonly as3SchemaFile?: string;
  /**
   * What the device has besides AS3's tenants: with it, `{ bigip: "/Common/…" }` references to objects
   * not listed fail (422 `Unable to find …`), and a tenant using a route domain not listed fails
   * (`declaration failed`), as does a tenant bringing a virtual address:port another virtual on the
   * device already has (TMOS's 01070333).
   * @default - no device-state rules (an example declaration may reference anything)
   */
  readonly inventory?: DeviceInventory;
  /**
   * Serve HTTPS with this certificate.
   * @default - plain HTTP
   */
  readonly tls?: SimulatorTlsOptions;
  /** Initial fault knobs. */
  readonly faults?: Partial<FaultOptions>;
  /**
   * Lifetime of a login token in seconds.
   * @default 1200
   */
  readonly tokenLifetimeSeconds?: number;
  /**
   * Active tokens one user may hold (BIG-IP 13.1+ allows 100).
   * @default 100
   */
  readonly maxTokensPerUser?: number;
  /**
   * A synchronous write still running after this long is answered 202 with its task id ("API swap").
   * @default 45000
   */
  readonly autoAsyncAfterMs?: number;
  /**
   * Request bodies over this many bytes are answered 413.
   * @default 20971520 (20 MiB)
   */
  readonly maxBodyBytes?: number;
  /**
   * Receives warnings, e.g. a state file that could not be written (the simulator keeps serving).
   * @default - written to stderr
   */
  readonly onWarning?: (message: string) => void;
}

export interface RequestLogEntry {
  readonly method: string;
  /** Path without the query string. */
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  /** HTTP status sent, or 0 when the connection was reset by fault injection. */
  readonly status: number;
}

export interface TaskSummary {
  readonly id: string;
  readonly status: 'pending' | 'complete' | 'cancelled';
  /** The HTTP status of the finished operation, when complete. */
  readonly resultStatus: number | undefined;
}

export interface RunningSimulator {
  /** Base URL, e.g. `http://127.0.0.1:41234` (no trailing slash). */
  readonly url: string;
  readonly port: number;
  readonly host: string;
  readonly username: string;
  /** Live fault knobs. */
  readonly faults: SimulatorFaults;
  /** Every request answered (or reset) since start or the last `clearRequestLog()`. */
  readonly requestLog: readonly RequestLogEntry[];
  clearRequestLog(): void;
  /** A copy of the stored declaration (what `GET /declare` returns), undefined before the first write. */
  storedDeclaration(): JsonObject | undefined;
  /** The async task records, newest first. */
  tasks(): TaskSummary[];
  /** Whether a declaration holds AS3's global lock right now. */
  isLocked(): boolean;
  /** Resolves when a declaration holds the lock (immediately if one does now); lets tests synchronise without sleeping. */
  whenLocked(): Promise<void>;
  /** Resolves when the lock is free (immediately if it is now). */
  whenUnlocked(): Promise<void>;
  /** Stops listening and drops every open connection. */
  close(): Promise<void>;
}
