/**
 * The heart of the simulator: what AS3's `declarationHandler` does with a parsed task — read the stored
 * declaration, or take the global lock, validate, apply tenant by tenant, store and answer.
 */
import type { DeclarationStore } from './declaration-store';
import { parseDeclareRequest, type DeclareRequest, type ParsedTask } from './declare-request';
import {
  hasApplications,
  isApplication,
  isObject,
  isTenant,
  jsonCopy,
  tenantNames,
  type JsonObject,
} from './declaration-util';
import type { DeclarationValidation } from './declaration-validation';
import type { GlobalLock } from './global-lock';
import { BURST_QUEUE_LIMIT } from './global-lock';
import { applyJsonPatch, PatchError } from './json-patch';
import { sealSecrets, type SecretVault } from './secrets';
import { auditTenants, HOST, tenantHash, type TenantResult } from './tenant-audit';
import type { FaultOptions } from './types';
import { deviceStateFailures, type DeviceInventory } from './device-state';

export interface OpResult {
  readonly status: number;
  /** JSON body; undefined for 204. */
  readonly body?: unknown;
}

export interface EngineDependencies {
  readonly store: DeclarationStore;
  readonly lock: GlobalLock;
  readonly faults: FaultOptions;
  readonly validation: DeclarationValidation;
  readonly vault: SecretVault;
  readonly burstHandlingEnabled: () => boolean;
  readonly sleep: (ms: number) => Promise<void>;
  /** Resolves when held declarations may proceed (see `SimulatorFaults.holdDeclarations`). */
  readonly gate: () => Promise<void>;
  /** What the device has besides AS3's tenants (route domains, `/Common` objects). */
  readonly inventory?: DeviceInventory;
}

/** AS3's exact busy message (`mutex.js`, through `Error.toString()`). */
export const LOCK_BUSY_MESSAGE =
  'Error: Configuration operation in progress on device localhost, please try again in 2 minutes';
const QUEUE_FULL_MESSAGE =
  'Too many configuration operations are in progress on the device. Please try again later';

/** An error body the way AS3 formats one (`restUtil.formatResult`): always with `code`. */
export function errorResult(status: number, message: string, extra: JsonObject = {}): OpResult {
  return { status, body: { code: status, message, ...extra } };
}

export class As3Engine {
  private readonly drifted = new Set<string>();

  constructor(private readonly deps: EngineDependencies) {}

  /** Marks a tenant's live configuration as changed out of band (see `SimulatorFaults.driftTenant`). */
  drift(tenant: string): void {
    this.drifted.add(tenant);
  }

  /** Processes a `/declare` request whose path, JSON and wrapper were already accepted. */
  async process(request: DeclareRequest): Promise<OpResult> {
    const declaration = request.wrapper.declaration;
    if (request.perApp && request.method === 'POST' && isObject(declaration)) {
      const tenant = declaration[request.perApp.tenant];
      if (!isObject(tenant) || !Object.values(tenant).some(isApplication)) {
        return errorResult(
          422,
          'Invalid data property: Per-app declaration must contain at least one application',
        );
      }
    }
    // AS3 checks property names before it parses the request or takes its lock.
    if (isObject(declaration)) {
      const invalid = this.deps.validation.invalidDataProperty(declaration);
      if (invalid) return errorResult(422, invalid);
    }
    const parsed = parseDeclareRequest(request);
    if ('error' in parsed) return errorResult(400, parsed.error);
    const task = parsed.task;
    switch (task.action) {
      case 'retrieve':
        return this.read(task, request);
      case 'patch':
        return this.patch(task, request);
      default:
        return this.write(task, request);
    }
  }

  private read(task: ParsedTask, request: DeclareRequest): OpResult {
    if (task.showAge === 'list') return { status: 200, body: this.deps.store.list() };
    const filtered = this.filteredStored(task.showAge, task.tenantsInPath, false);
    if ('result' in filtered) return filtered.result;
    let declaration = filtered.declaration;
    if (task.show !== 'base') declaration = this.deps.validation.fillDefaults(declaration);
    if (task.filterClass) declaration = filterByClass(declaration, task.filterClass);
    if (task.showHash) addLockKeys(declaration);
    if (request.perApp)
      return this.perAppView(declaration, request.perApp.tenant, request.perApp.application);
    return { status: 200, body: declaration };
  }

  /** The stored declaration of an age, filtered to the named tenants (Common always kept), or AS3's 204/404/409. */
  private filteredStored(
    age: number,
    tenants: readonly string[],
    ignoreMissingTenant: boolean,
  ): { declaration: JsonObject } | { result: OpResult } {
    const saved = this.deps.store.atAge(age);
    const stored = saved ? tenantNames(saved) : undefined;
    if (!saved || !stored || stored.length === 0) {
      if ((!saved && tenants.length === 0) || (stored && stored.length === 0))
        return { result: { status: 204 } };
      return { result: errorResult(404, 'declaration in specified path not found') };
    }
    if (tenants.length === 0) return { declaration: saved };
    const missing = [...tenants];
    for (const key of Object.keys(saved)) {
      const wanted = missing.indexOf(key);
      if (isTenant(saved[key])) {
        if (wanted >= 0) missing.splice(wanted, 1);
        else if (key !== 'Common') delete saved[key];
      } else if (wanted >= 0) {
        return { result: errorResult(409, `specified Tenant name '${key}' matches non-Tenant property`) };
      }
    }
    if (missing.length > 0 && !ignoreMissingTenant) {
      return {
        result: errorResult(404, `specified Tenant(s) '${missing.join(',')}' not found in declaration`),
      };
    }
    return { declaration: saved };
  }

  private perAppView(declaration: JsonObject, tenantName: string, application: string | undefined): OpResult {
    const tenant = declaration[tenantName];
    if (!isTenant(tenant))
      return errorResult(404, `specified Tenant(s) '${tenantName}' not found in declaration`);
    const view: JsonObject = { schemaVersion: declaration.schemaVersion };
    for (const [name, value] of Object.entries(tenant)) {
      if (isApplication(value) && (application === undefined || name === application)) view[name] = value;
    }
    if (application !== undefined && view[application] === undefined) {
      return errorResult(404, `specified Application '${application}' not found in Tenant '${tenantName}'`);
    }
    return { status: 200, body: view };
  }

  private async patch(task: ParsedTask, request: DeclareRequest): Promise<OpResult> {
    const operations = task.patchBody ?? [];
    const ops = operations.filter(isObject);
    if (ops.some((op) => op.op === 'test'))
      return errorResult(422, "invalid patch - op 'test' is not supported");
    if (ops.some((op) => op.path === '/updateMode' && op.value !== 'selective')) {
      return errorResult(422, "invalid patch - updateMode value can only be 'selective'");
    }
    if (ops.some((op) => op.target !== undefined)) {
      return errorResult(422, 'invalid patch - declaration target can only be used when running on BIG-IQ');
    }
    const addsTenant = ops.some(
      (op) => op.op === 'add' && task.tenantsInPath.some((t) => `/${t}` === op.path),
    );
    const current = this.filteredStored(0, task.tenantsInPath, addsTenant);
    let base: JsonObject;
    if ('result' in current) {
      if (current.result.status !== 204) return current.result;
      base = {};
    } else {
      base = current.declaration;
    }
    try {
      const patched = applyJsonPatch(base, operations);
      if (!isObject(patched))
        return errorResult(422, 'InvalidPatchOperationError: the result is not a declaration');
      task.action = 'deploy';
      task.declaration = patched;
    } catch (error) {
      if (error instanceof PatchError) return errorResult(422, `${error.name}: ${error.message}`);
      throw error;
    }
    return this.write(task, request);
  }

  private async write(task: ParsedTask, request: DeclareRequest): Promise<OpResult> {
    let declaration = jsonCopy(task.declaration ?? {});
    declaration.updateMode = declaration.updateMode ?? 'selective';
    if (task.action !== 'redeploy' && task.tenantsInPath.length > 0) {
      for (const key of Object.keys(declaration)) {
        if (isTenant(declaration[key]) && key !== 'Common' && !task.tenantsInPath.includes(key))
          delete declaration[key];
      }
    }
    const busy = await this.acquireLock();
    if (busy) return busy;
    try {
      if (task.action === 'redeploy') {
        const age = task.redeployAge || 1;
        const old = this.deps.store.atAge(age);
        if (!old) return errorResult(404, `cannot retrieve declaration of age ${age} from ${HOST}`);
        declaration = old;
        if (task.redeployUpdateMode !== 'original') declaration.updateMode = task.redeployUpdateMode;
      }
      const previous = this.deps.store.current() ?? {};
      if (request.perApp) mergePerApp(declaration, previous, request.perApp);
      if (
        declaration.Common === undefined &&
        isTenant(previous.Common) &&
        JSON.stringify(declaration).includes('"/Common/Shared')
      ) {
        // AS3 merges the stored Common in when the declaration points into /Common/Shared without declaring it.
        declaration.Common = jsonCopy(previous.Common);
      }
      const base = jsonCopy(declaration);
      if (declaration.updateMode === 'complete') {
        for (const name of tenantNames(previous)) {
          if (!Object.prototype.hasOwnProperty.call(declaration, name))
            declaration[name] = { class: 'Tenant' };
        }
      }
      if (task.action !== 'remove') {
        const check = this.deps.validation.checkDeclaration(declaration, undefined);
        if (check.failure) return failureResult(check.failure, declaration);
      }
      if (this.deps.faults.declarationLatencyMs > 0)
        await this.deps.sleep(this.deps.faults.declarationLatencyMs);
      await this.deps.gate();
      return this.apply(task, declaration, base, previous, request);
    } finally {
      this.deps.lock.release();
    }
  }

  /** Takes AS3's global lock, or returns the 503 AS3 answers when it cannot. */
  private async acquireLock(): Promise<OpResult | undefined> {
    const busy = errorResult(503, LOCK_BUSY_MESSAGE, { declarationFullId: '' });
    if (this.deps.faults.busyResponses > 0) {
      this.deps.faults.busyResponses -= 1;
      return busy;
    }
    if (this.deps.lock.tryAcquire()) return undefined;
    if (!this.deps.burstHandlingEnabled()) return busy;
    if (this.deps.lock.queued >= BURST_QUEUE_LIMIT) return errorResult(503, QUEUE_FULL_MESSAGE);
    await this.deps.lock.acquireQueued();
    return undefined;
  }

  private apply(
    task: ParsedTask,
    declaration: JsonObject,
    base: JsonObject,
    previous: JsonObject,
    request: DeclareRequest,
  ): OpResult {
    const declarationId = typeof declaration.id === 'string' ? declaration.id : '';
    const results = auditTenants({
      desired: declaration,
      current: previous,
      dryRun: task.dryRun,
      declarationId,
      failTenants: [...this.deps.faults.failTenants],
      refusedByDevice: deviceStateFailures(
        declaration,
        previous,
        tenantNames(declaration),
        this.deps.inventory,
      ),
      drifted: this.drifted,
      vault: this.deps.vault,
      fillDefaults: (d) => this.deps.validation.fillDefaults(d),
      schemaVersion: this.deps.validation.schemaVersion,
      perApp: request.perApp !== undefined,
    });
    for (const result of results) {
      if (result.tenant && task.tenantDryRuns.includes(result.tenant)) {
        result.warnings = [{ tenant: result.tenant, message: 'dryRun true found in Tenant controls' }];
      }
    }
    const ok = (r: TenantResult) => /^(success|no change)/.test(r.message);
    const failed = new Set(results.filter((r) => !ok(r) && r.tenant).map((r) => r.tenant as string));
    // A failed tenant keeps its previous version: as if it had not been in the declaration.
    for (const tenant of failed) delete declaration[tenant];

    const sealed = sealSecrets(base, this.deps.vault);
    // Lock keys are checked, never stored.
    for (const name of tenantNames(sealed)) delete (sealed[name] as JsonObject).optimisticLockKey;
    const stored: JsonObject = {};
    for (const key of Object.keys(previous)) if (isTenant(previous[key])) stored[key] = previous[key];
    for (const key of Object.keys(declaration)) {
      const value = declaration[key];
      if (isTenant(value) && !hasApplications(value)) delete stored[key];
      else stored[key] = jsonCopy(sealed[key]);
    }
    for (const key of Object.keys(stored)) {
      const value = stored[key];
      if (isTenant(value) && !hasApplications(value)) delete stored[key];
    }
    stored.controls = isObject(stored.controls) ? stored.controls : {};
    (stored.controls as JsonObject).archiveTimestamp = new Date().toISOString();
    if (!task.dryRun) {
      this.deps.store.commit(stored, task.historyLimit);
      for (const result of results)
        if (result.tenant && !failed.has(result.tenant)) this.drifted.delete(result.tenant);
    }

    let shown = jsonCopy(stored);
    if (task.showHash) addLockKeys(shown);
    if (task.tenantsInPath.length > 0) {
      for (const key of Object.keys(shown)) {
        if (isTenant(shown[key]) && key !== 'Common' && !task.tenantsInPath.includes(key)) delete shown[key];
      }
    }
    if (task.filterClass) shown = filterByClass(shown, task.filterClass);
    for (const key of Object.keys(shown)) {
      if (isTenant(shown[key]) && !results.some((r) => r.tenant === key)) delete shown[key];
    }
    const succeeded = results.filter(ok).length;
    const status = succeeded === 0 ? 422 : failed.size === 0 ? 200 : 207;
    const body: JsonObject = {
      results,
      declaration: request.perApp ? perAppDeclaration(shown, request) : shown,
    };
    if (task.dryRun) body.dryRun = true;
    if (status !== 200) body.code = status;
    return { status, body };
  }
}

/** Per-app deploy: the posted applications replace theirs in the stored tenant; other applications stay. */
function mergePerApp(
  declaration: JsonObject,
  previous: JsonObject,
  perApp: { tenant: string; application?: string },
): void {
  const stored = isTenant(previous[perApp.tenant])
    ? jsonCopy(previous[perApp.tenant] as JsonObject)
    : { class: 'Tenant' };
  const posted = isObject(declaration[perApp.tenant]) ? (declaration[perApp.tenant] as JsonObject) : {};
  const merged: JsonObject = { ...stored };
  for (const [name, value] of Object.entries(posted)) if (isApplication(value)) merged[name] = value;
  if (perApp.application !== undefined) delete merged[perApp.application];
  declaration[perApp.tenant] = merged;
}

function perAppDeclaration(shown: JsonObject, request: DeclareRequest): JsonObject {
  const perApp = request.perApp as { tenant: string };
  const tenant = isObject(shown[perApp.tenant]) ? (shown[perApp.tenant] as JsonObject) : {};
  const posted = request.wrapper.declaration;
  const postedTenant =
    isObject(posted) && isObject(posted[perApp.tenant]) ? (posted[perApp.tenant] as JsonObject) : {};
  const view: JsonObject = { schemaVersion: shown.schemaVersion, id: shown.id };
  for (const name of Object.keys(postedTenant)) if (isApplication(tenant[name])) view[name] = tenant[name];
  return view;
}

/** The 4xx body for a check that failed after the lock was taken (`declarationHandler` catch block). */
function failureResult(
  failure: { status: number; message: string; asValidationError?: boolean },
  declaration: JsonObject,
): OpResult {
  if (!failure.asValidationError)
    return errorResult(failure.status, failure.message, { declarationFullId: '' });
  const affected = /^\/([^/:]+)/.exec(failure.message)?.[1];
  return errorResult(422, 'declaration is invalid', {
    errors: [failure.message],
    declarationFullId: '',
    host: HOST,
    tenant: affected !== undefined && isTenant(declaration[affected]) ? [affected] : tenantNames(declaration),
    declarationId: typeof declaration.id === 'string' ? declaration.id : '',
  });
}

function addLockKeys(declaration: JsonObject): void {
  for (const name of tenantNames(declaration)) {
    const tenant = declaration[name] as JsonObject;
    if (!tenant.optimisticLockKey) tenant.optimisticLockKey = tenantHash(tenant);
  }
}

/** `filterClass`: keep only the branches that contain objects of that class. */
function filterByClass(node: JsonObject, className: string): JsonObject {
  const walk = (value: unknown): unknown => {
    if (Array.isArray(value)) {
      const kept = value.map(walk).filter((item) => item !== undefined);
      return kept.length ? kept : undefined;
    }
    if (!isObject(value)) return undefined;
    if (value.class === className) return jsonCopy(value);
    const kept: JsonObject = {};
    for (const [key, item] of Object.entries(value)) {
      const filtered = walk(item);
      if (filtered !== undefined) kept[key] = filtered;
    }
    return Object.keys(kept).length ? kept : undefined;
  };
  const result = walk(node);
  return isObject(result) ? result : {};
}
