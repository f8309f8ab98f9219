/**
 * `startSimulator()`: a local HTTP(S) server that answers like a BIG-IP running AS3 3.56 — authentication,
 * `/mgmt/shared/appsvcs/{declare,task,info,settings}` — with fault injection for tests.
 */
import * as crypto from 'node:crypto';
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import { As3Engine, errorResult } from './as3-engine';
import { TokenStore } from './auth';
import { handleDeclare, type DeclareAnswer } from './declare-endpoint';
import type { HttpMethod } from './declare-request';
import { DeclarationStore } from './declaration-store';
import { DeclarationValidation } from './declaration-validation';
import { GlobalLock } from './global-lock';
import { MAX_BODY_BYTES, parseTarget, readBody, sendJson } from './http-io';
import { SecretVault } from './secrets';
import { DEFAULT_SETTINGS, mergeSettings, type As3Settings } from './settings';
import { assertStateFileWritable, readStateFile, writeStateFile } from './state-file';
import { TaskStore } from './tasks';
import type {
  FaultOptions,
  RequestLogEntry,
  RunningSimulator,
  SimulatorFaults,
  SimulatorOptions,
} from './types';

const APPSVCS = '/mgmt/shared/appsvcs';
const TOKENS = '/mgmt/shared/authz/tokens/';
const LOGIN = '/mgmt/shared/authn/login';

export const DEFAULT_FAULTS: Readonly<FaultOptions> = {
  declarationLatencyMs: 0,
  busyResponses: 0,
  restBusyResponses: 0,
  expireTokensAfterRequests: undefined,
  resetConnections: 0,
  vanishTaskIds: 0,
  failTenants: [],
};

export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const host = options.host ?? '127.0.0.1';
  const username = options.username ?? 'admin';
  const password = options.password ?? 'admin';
  const stateFile = options.stateFile;
  const warn = options.onWarning ?? ((message: string) => process.stderr.write(`${message}\n`));
  const saved = stateFile ? readStateFile(stateFile) : undefined;
  // Found out now, not by a crash on the first write.
  if (stateFile) assertStateFileWritable(stateFile);

  let settings: As3Settings = saved?.settings ?? { ...DEFAULT_SETTINGS };
  let dirty = false;
  let closed = false;
  let lastWriteError: string | undefined;
  const flush = () => {
    if (!stateFile || !dirty) return;
    dirty = false;
    try {
      writeStateFile(stateFile, {
        history: store.toJSON(),
        tasks: settings.asyncTaskStorage === 'memory' ? [] : tasks.toJSON(),
        settings,
        secretKey: vault.key.toString('hex'),
      });
      lastWriteError = undefined;
    } catch (error) {
      // The state in memory is still right; say so once per distinct failure and keep serving.
      const message = `simulator: cannot write state file ${stateFile}: ${(error as Error).message}; the state is kept in memory only until a write succeeds`;
      if (message !== lastWriteError) warn(message);
      lastWriteError = message;
    }
  };
  // Several changes in one request are written once, right after it.
  const changed = () => {
    if (!stateFile || dirty) return;
    dirty = true;
    setImmediate(flush);
  };

  const vault = new SecretVault(
    saved?.secretKey ? Buffer.from(saved.secretKey, 'hex') : crypto.randomBytes(32),
  );
  const store = new DeclarationStore(changed);
  const tasks = new TaskStore(changed);
  if (saved) {
    store.load(saved.history);
    tasks.load(saved.tasks);
  }
  const validation = new DeclarationValidation(options.as3SchemaFile, options.inventory);
  const lock = new GlobalLock();
  const tokens = new TokenStore({
    username,
    password,
    lifetimeSeconds: options.tokenLifetimeSeconds ?? 1200,
    maxTokensPerUser: options.maxTokensPerUser ?? 100,
  });
  const timers = new Set<NodeJS.Timeout>();
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  let holding = false;
  let heldDeclarations: Array<() => void> = [];
  const releaseHeld = () => {
    holding = false;
    const waiting = heldDeclarations;
    heldDeclarations = [];
    for (const resume of waiting) resume();
  };
  const gate = () =>
    holding ? new Promise<void>((resolve) => heldDeclarations.push(resolve)) : Promise.resolve();

  const faults: SimulatorFaults = {
    ...DEFAULT_FAULTS,
    failTenants: [],
    ...options.faults,
    holdDeclarations: () => {
      holding = true;
      return releaseHeld;
    },
    forgetTasks: () => tasks.forgetAll(),
    cancelPendingTasks: () => tasks.cancelPending(),
    driftTenant: (name: string) => engine.drift(name),
  };
  const engine = new As3Engine({
    store,
    lock,
    faults,
    validation,
    vault,
    burstHandlingEnabled: () => settings.burstHandlingEnabled,
    sleep,
    gate,
    inventory: options.inventory,
  });

  let requestLog: RequestLogEntry[] = [];

  const route = async (
    request: http.IncomingMessage,
    path: string,
    url: URL,
    bodyText: string,
  ): Promise<DeclareAnswer> => {
    const method = (request.method ?? 'GET').toUpperCase();
    if (path === LOGIN) {
      if (method !== 'POST') return errorResult(405, `${method} is not supported on ${LOGIN}`);
      return tokens.login(parseJson(bodyText));
    }
    const isTokens = path.startsWith(TOKENS);
    if (!isTokens && path !== APPSVCS && !path.startsWith(`${APPSVCS}/`)) {
      return errorResult(404, `Public URI path not registered: ${path}`);
    }
    const auth = tokens.authenticate(request.headers, path);
    if (!auth.ok) return { status: auth.status, body: auth.body };
    if (auth.viaToken && faults.expireTokensAfterRequests !== undefined) {
      if (faults.expireTokensAfterRequests <= 0) {
        faults.expireTokensAfterRequests = undefined;
        tokens.expireAll();
        return errorResult(401, 'X-F5-Auth-Token has expired.', { kind: ':resterrorresponse' });
      }
      faults.expireTokensAfterRequests -= 1;
    }
    if (isTokens) return tokens.tokenResource(method, path.slice(TOKENS.length), parseJson(bodyText));
    return appsvcs(method, path.slice(APPSVCS.length).replace(/^\//, '').replace(/\/$/, ''), url, bodyText);
  };

  const appsvcs = async (
    method: string,
    rest: string,
    url: URL,
    bodyText: string,
  ): Promise<DeclareAnswer> => {
    const parts = rest.split('/');
    const invalidPath = errorResult(400, 'Bad Request: Invalid path');
    const allowed = (...methods: string[]) => methods.includes(method);
    switch (parts[0]) {
      case 'info':
        if (parts.length !== 1 || !allowed('GET')) return invalidPath;
        return {
          status: 200,
          body: {
            version: '3.56.0',
            release: '10',
            schemaCurrent: validation.schemaVersion,
            schemaMinimum: '3.0.0',
          },
        };
      case 'task': {
        if (parts.length > 2 || !allowed('GET')) return invalidPath;
        const id = parts[1];
        if (id === undefined)
          return { status: 200, body: { items: tasks.all().map((r) => TaskStore.view(r)) } };
        const record = tasks.get(id);
        if (!record) return { status: 404, body: { message: `No record found with ID of ${id}` } };
        return { status: 200, body: TaskStore.view(record) };
      }
      case 'settings': {
        if (parts.length !== 1 || !allowed('GET', 'POST')) return invalidPath;
        if (method === 'GET') return { status: 200, body: settings };
        const merged = mergeSettings(settings, parseJson(bodyText));
        if ('error' in merged) return errorResult(422, merged.error);
        settings = merged.settings;
        changed();
        return { status: 200, body: settings };
      }
      case 'declare':
        return declare(method, parts, url, bodyText);
      default:
        return invalidPath;
    }
  };

  const declare = async (
    method: string,
    parts: string[],
    url: URL,
    bodyText: string,
  ): Promise<DeclareAnswer> => {
    const invalidPath = errorResult(400, 'Bad Request: Invalid path');
    const subPath = parts.slice(1).join('/');
    // No tenant or application is called `__proto__` (AS3 names start with a letter); as a key it would
    // set the prototype of the objects built from the path.
    if (subPath.split(/[/,]|%2[Cc]/).some((name) => decoded(name) === '__proto__')) return invalidPath;
    let perApp: { tenant: string; application?: string } | undefined;
    if (parts.length === 1 || parts.length === 2) {
      if (!['GET', 'POST', 'DELETE', 'PATCH'].includes(method)) return invalidPath;
    } else if (parts[2] === 'applications' && parts.length <= 4) {
      const ok = parts.length === 3 ? ['GET', 'POST'].includes(method) : ['GET', 'DELETE'].includes(method);
      if (!ok) return invalidPath;
      if (subPath.includes(',') || subPath.includes('%2C') || subPath.includes('%2c')) {
        return errorResult(
          400,
          `declare/${subPath} is an invalid path. Only 1 tenant and 1 application may be specified in the URL.`,
        );
      }
      perApp = { tenant: parts[1] ?? '', application: parts[3] };
    } else {
      return invalidPath;
    }
    const isWrite = method !== 'GET';
    if (isWrite && faults.restBusyResponses > 0) {
      faults.restBusyResponses -= 1;
      return errorResult(503, 'There is an active asynchronous task executing.', {
        errorStack: [],
        apiError: 32964609,
      });
    }
    return handleDeclare(
      {
        method: method as HttpMethod,
        fullPath: `${APPSVCS}/declare${subPath ? `/${subPath}` : ''}`,
        subPath,
        perApp,
        query: [...url.searchParams].map(([key, value]) => ({ key, value })),
        bodyText,
      },
      {
        engine,
        tasks,
        validation,
        faults,
        settings: () => settings,
        autoAsyncAfterMs: options.autoAsyncAfterMs ?? 45_000,
      },
    );
  };

  const maxBodyBytes = options.maxBodyBytes ?? MAX_BODY_BYTES;

  const answer = async (
    request: http.IncomingMessage,
    url: URL | undefined,
  ): Promise<DeclareAnswer | undefined> => {
    const body = await readBody(request, maxBodyBytes);
    if (body.kind === 'aborted') return undefined;
    if (body.kind === 'too large') {
      return errorResult(413, `request body exceeds ${body.limit} bytes`);
    }
    if (closed) return errorResult(503, 'simulator is shutting down');
    if (!url) return errorResult(400, `Bad Request: invalid request target ${JSON.stringify(request.url)}`);
    return route(request, url.pathname, url, body.text);
  };

  const onRequest = (request: http.IncomingMessage, response: http.ServerResponse) => {
    const url = parseTarget(request.url);
    const entry = {
      method: (request.method ?? 'GET').toUpperCase(),
      path: url?.pathname ?? String(request.url),
      query: url ? Object.fromEntries(url.searchParams) : {},
    };
    if (faults.resetConnections > 0) {
      faults.resetConnections -= 1;
      requestLog.push({ ...entry, status: 0 });
      request.socket.destroy();
      return;
    }
    response.on('finish', () => requestLog.push({ ...entry, status: response.statusCode }));
    // Nothing a request carries may take the process down: every failure becomes an answer.
    void (async () => {
      let result: DeclareAnswer | undefined;
      try {
        result = await answer(request, url);
      } catch (error) {
        result = errorResult(
          500,
          `An unexpected error occurred. See logs for details. Error: ${(error as Error).message}`,
        );
      }
      if (!result) {
        request.socket.destroy();
        return;
      }
      sendJson(response, result.status, result.body);
      result.afterSend?.();
    })().catch(() => {
      request.socket.destroy();
    });
  };

  const server = options.tls
    ? https.createServer({ cert: options.tls.cert, key: options.tls.key }, onRequest)
    : http.createServer(onRequest);
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;

  return {
    url: `${options.tls ? 'https' : 'http'}://${urlHost}:${port}`,
    port,
    host,
    username,
    faults,
    get requestLog() {
      return requestLog;
    },
    clearRequestLog: () => {
      requestLog = [];
    },
    storedDeclaration: () => store.current(),
    tasks: () => tasks.summaries(),
    isLocked: () => lock.isHeld,
    whenLocked: () => lock.whenLocked(),
    whenUnlocked: () => lock.whenUnlocked(),
    close: async () => {
      if (closed) return;
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      flush();
    },
  };
}

function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
