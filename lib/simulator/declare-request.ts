/**
 * Turns a `/declare` request into a task the way AS3's `declareHandler.parseDeclRequest` does: tenants named
 * in the URI, query parameters, action rules and body defaults (`id` autogen, stub declarations).
 * Messages are AS3's.
 */
import * as crypto from 'node:crypto';
import { isObject, isTenant, type JsonObject } from './declaration-util';

export type Action = 'deploy' | 'remove' | 'redeploy' | 'retrieve' | 'patch';
export type HttpMethod = 'GET' | 'POST' | 'DELETE' | 'PATCH';

/** A `/declare` request after path routing and wrapping into an AS3 request. */
export interface DeclareRequest {
  readonly method: HttpMethod;
  /** The path without query, e.g. `/mgmt/shared/appsvcs/declare/T1,T2`. */
  readonly fullPath: string;
  /** What follows `declare/`, `''` when nothing does. */
  readonly subPath: string;
  readonly query: ReadonlyArray<{ readonly key: string; readonly value: string }>;
  /** The AS3 request (`class: AS3`), bare ADC bodies already wrapped. */
  readonly wrapper: JsonObject;
  /** Set for `/declare/<tenant>/applications[/<app>]`. */
  readonly perApp?: { readonly tenant: string; readonly application?: string };
}

export interface ParsedTask {
  action: Action;
  declaration?: JsonObject;
  patchBody?: unknown[];
  tenantsInPath: string[];
  dryRun: boolean;
  show: 'base' | 'full' | 'expanded';
  showHash: boolean;
  showAge: number | 'list';
  filterClass?: string;
  historyLimit: number;
  redeployAge: number;
  redeployUpdateMode: string;
  /** Tenants whose own Controls asked for a dry run (AS3 warns about them). */
  tenantDryRuns: string[];
}

export type ParseOutcome = { readonly task: ParsedTask } | { readonly error: string };

const AUTOGEN_IDS = new Set<unknown>(['generate', '', undefined, null]);

export function parseDeclareRequest(request: DeclareRequest): ParseOutcome {
  const wrapper = request.wrapper;
  let action = typeof wrapper.action === 'string' ? wrapper.action : 'deploy';
  const declaration = isObject(wrapper.declaration) ? structuredClone(wrapper.declaration) : undefined;
  let dryRun = false;
  // AS3 turns `dry-run` into a deploy with dryRun, and honours a dryRun in the ADC's Controls.
  if (declaration) {
    const controls = Object.values(declaration).find(
      (value) => isObject(value) && value.class === 'Controls',
    );
    if (isObject(controls) && controls.dryRun === true) dryRun = true;
  }
  if (action === 'dry-run') {
    action = 'deploy';
    dryRun = true;
  }
  const task: ParsedTask = {
    action: action as Action,
    declaration,
    patchBody: Array.isArray(wrapper.patchBody) ? wrapper.patchBody : undefined,
    tenantsInPath: [],
    dryRun,
    show: 'base',
    showHash: false,
    showAge: typeof wrapper.retrieveAge === 'number' ? wrapper.retrieveAge : 0,
    historyLimit: typeof wrapper.historyLimit === 'number' ? wrapper.historyLimit : 4,
    redeployAge: typeof wrapper.redeployAge === 'number' ? wrapper.redeployAge : 0,
    redeployUpdateMode:
      typeof wrapper.redeployUpdateMode === 'string' ? wrapper.redeployUpdateMode : 'original',
    tenantDryRuns: [],
  };
  const error =
    parseSubPath(request, task) ??
    parseQuery(request, task) ??
    parseActionRules(request, wrapper, task) ??
    parsePatchTenants(task);
  if (error !== undefined) return { error };
  assignDefaults(task);
  // Unless the user says otherwise, a redeploy must not trim the history it redeploys from.
  if (task.action === 'redeploy' && typeof wrapper.historyLimit !== 'number') task.historyLimit = 15;
  if (task.declaration) {
    for (const [name, tenant] of Object.entries(task.declaration)) {
      if (isTenant(tenant) && isObject(tenant.controls) && tenant.controls.dryRun === true)
        task.tenantDryRuns.push(name);
    }
    if (task.tenantDryRuns.length > 0) task.dryRun = true;
  }
  return { task };
}

function parseSubPath(request: DeclareRequest, task: ParsedTask): string | undefined {
  if (request.perApp) {
    task.tenantsInPath = [request.perApp.tenant];
    return undefined;
  }
  const subPath = request.subPath.replace(/\/$/, '');
  if (subPath === '' || subPath === '*') return undefined;
  const names = subPath
    .replace(/%2[Cc]/g, ',')
    .replace(/^,+(.*),+$/, '$1')
    .replace(/,[, ]+/g, ',')
    .split(',');
  for (const name of names) {
    if (task.tenantsInPath.includes(name)) continue;
    // A POST processes only URI tenants that are also in the body.
    if (
      request.method !== 'POST' ||
      (task.declaration && Object.prototype.hasOwnProperty.call(task.declaration, name))
    ) {
      task.tenantsInPath.push(name);
    }
  }
  if (request.method === 'POST' && task.declaration) {
    for (const key of Object.keys(task.declaration)) {
      if (isTenant(task.declaration[key]) && !task.tenantsInPath.includes(key)) delete task.declaration[key];
    }
  }
  return undefined;
}

function parseQuery(request: DeclareRequest, task: ParsedTask): string | undefined {
  const method = methodName(request.method);
  for (const { key, value } of request.query) {
    switch (key) {
      case 'show': {
        const show = value.toLowerCase();
        if (show.length) {
          if (!/^(base|full|expanded)$/.test(show)) return 'show must be "base", "full", or "expanded"';
          task.show = show as ParsedTask['show'];
        }
        break;
      }
      case 'age':
        if (request.method !== 'GET') return `query param "age" is not allowed for method ${method}`;
        if (/^[0-9]{1,2}$/.test(value)) {
          task.showAge = Number(value);
          if (task.showAge > 15) return `invalid age value "${value}" - must be between 0-15 or "list"`;
        } else if (value === 'list') {
          task.showAge = 'list';
        } else {
          return `invalid age value "${value}" - must be a number between 0-15 or "list"`;
        }
        break;
      case 'filterClass':
        if (request.method === 'DELETE')
          return `query param "filterClass" is not allowed for method ${method}`;
        task.filterClass = value;
        break;
      case 'showHash':
        if (request.method === 'DELETE') return `query param "showHash" is not allowed for method ${method}`;
        if (value.length) {
          if (!/^(false|true)$/i.test(value)) return 'showHash must be "true" or "false"';
          task.showHash = value.toLowerCase() === 'true';
        }
        break;
      case 'async':
        break; // checked before the request was accepted
      case 'unsafe':
      case 'unchecked':
        if (value.length && !/^(false|true)$/i.test(value)) return 'unchecked must be "true" or "false"';
        break;
      case 'controls.logLevel':
        if (!/^(emergency|alert|critical|error|warning|notice|info|debug)$/i.test(value)) {
          return 'logLevel must be "emergency", "alert", "critical", "error", "warning", "notice", "info", or "debug"';
        }
        break;
      case 'controls.trace':
      case 'controls.traceResponse':
      case 'controls.dryRun': {
        const name = key.split('.').pop() ?? key;
        if (!/^(false|true)$/i.test(value)) return `${name} must be "true" or "false"`;
        if (key === 'controls.dryRun') task.dryRun = value.toLowerCase() === 'true';
        break;
      }
      case 'controls.userAgent':
        break;
      default:
        return `unrecognized URL query parameter "${key}"`;
    }
  }
  return undefined;
}

function parseActionRules(
  request: DeclareRequest,
  wrapper: JsonObject,
  task: ParsedTask,
): string | undefined {
  const action = task.action;
  if (wrapper.retrieveAge !== undefined && wrapper.retrieveAge !== 0 && action !== 'retrieve') {
    return `retrieveAge value is not allowed for action "${action}". use only with "retrieve"`;
  }
  if (action !== 'redeploy') {
    if (task.redeployAge > 0) return 'redeployAge is valid only with action "redeploy"';
    if (task.redeployUpdateMode !== 'original')
      return 'redeployUpdateMode is valid only with action "redeploy"';
  }
  if (action === 'patch' && !task.patchBody) {
    return "for action 'patch', a patchBody must be included - refer to AS3 docs for details";
  }
  if (action !== 'patch' && wrapper.patchBody !== undefined)
    return "patchBody is valid only with action 'patch'";
  const declarationAllowed = !['retrieve', 'remove', 'redeploy', 'patch'].includes(action);
  if (task.declaration && !declarationAllowed) return `for action "${action}", a declaration is not allowed.`;
  if (!task.declaration && action === 'deploy') return `for action "${action}", a declaration is required.`;
  if (task.tenantsInPath.length > 0 && action === 'redeploy') {
    return `action "${action}" is not allowed for URI ${request.fullPath}`;
  }
  return undefined;
}

function parsePatchTenants(task: ParsedTask): string | undefined {
  if (task.action !== 'patch' || !task.patchBody) return undefined;
  for (const operation of task.patchBody) {
    if (!isObject(operation) || typeof operation.path !== 'string') continue;
    const tenant = operation.path.split('/')[1];
    if (tenant && !task.tenantsInPath.includes(tenant)) task.tenantsInPath.push(tenant);
  }
  return undefined;
}

function assignDefaults(task: ParsedTask): void {
  if (!task.declaration) {
    const stub: JsonObject = { class: 'ADC', schemaVersion: '3.0.0', id: Date.now().toString() };
    if (task.action === 'remove') {
      // DELETE /declare/T removes T; a bare DELETE /declare posts an empty `complete` declaration: all tenants go.
      stub.updateMode = task.tenantsInPath.length ? 'selective' : 'complete';
      for (const tenant of task.tenantsInPath) stub[tenant] = { class: 'Tenant' };
      task.declaration = stub;
    }
    if (task.action === 'redeploy') task.declaration = stub;
  } else if (AUTOGEN_IDS.has(task.declaration.id)) {
    task.declaration.id = `autogen_${crypto.randomUUID()}`;
  }
}

function methodName(method: HttpMethod): string {
  return method.charAt(0) + method.slice(1).toLowerCase();
}
