/**
 * `/mgmt/shared/appsvcs/declare…`: JSON parsing, wrapping into an AS3 request, wrapper validation, the
 * `async` parameter, task records and the 202 answers (`?async=true`, or a sync request that outlives
 * `autoAsyncAfterMs`), then the engine.
 */
import { errorResult, type As3Engine, type OpResult } from './as3-engine';
import type { DeclareRequest, HttpMethod } from './declare-request';
import { hasProtoKey, isObject, type JsonObject } from './declaration-util';
import type { DeclarationValidation } from './declaration-validation';
import type { As3Settings } from './settings';
import { TaskStore, type TaskRecord } from './tasks';
import type { FaultOptions } from './types';

export interface DeclareEndpointDependencies {
  readonly engine: As3Engine;
  readonly tasks: TaskStore;
  readonly validation: DeclarationValidation;
  readonly faults: FaultOptions;
  readonly settings: () => As3Settings;
  readonly autoAsyncAfterMs: number;
}

export interface DeclareInput {
  readonly method: HttpMethod;
  readonly fullPath: string;
  readonly subPath: string;
  readonly perApp?: { readonly tenant: string; readonly application?: string };
  readonly query: ReadonlyArray<{ readonly key: string; readonly value: string }>;
  readonly bodyText: string;
}

/** What the HTTP layer sends, plus an action to run once it is sent (the vanishing-task fault). */
export interface DeclareAnswer extends OpResult {
  readonly afterSend?: () => void;
}

export async function handleDeclare(
  input: DeclareInput,
  deps: DeclareEndpointDependencies,
): Promise<DeclareAnswer> {
  let body: unknown;
  if (input.method === 'POST' || input.method === 'PATCH') {
    try {
      body = JSON.parse(input.bodyText);
    } catch (error) {
      return errorResult(400, `cannot parse JSON POST payload (${(error as Error).message})`);
    }
    if (hasProtoKey(body)) return errorResult(422, 'Invalid data property: __proto__');
  }
  const wrapped = wrap(input, body);
  if ('error' in wrapped) return wrapped.error;
  const wrapper = wrapped.wrapper;
  const invalid = deps.validation.checkRequest(wrapper);
  if (invalid) return errorResult(422, invalid);

  const action = typeof wrapper.action === 'string' ? wrapper.action : 'deploy';
  const asyncParam = input.query.find((q) => q.key === 'async');
  let isAsync = false;
  if (asyncParam) {
    if (input.method === 'GET' || action === 'retrieve') {
      return errorResult(400, 'query param "async" is not allowed for method=GET or action=retrieve.');
    }
    const value = asyncParam.value.toLowerCase();
    if (value.length && !/^(false|true)$/.test(value))
      return errorResult(400, 'async must be "true" or "false"');
    isAsync = value === 'true';
  }
  if (input.perApp && !deps.settings().perAppDeploymentAllowed) {
    return errorResult(400, 'Error: Per-application deployment has been disabled on the settings endpoint');
  }
  const request: DeclareRequest = { ...input, wrapper };
  if (input.method === 'GET' || action === 'retrieve') return runEngine(deps, request);

  deps.tasks.prune();
  const declaration = wrapper.declaration;
  const postedId =
    isObject(declaration) && typeof declaration.id === 'string' && declaration.id !== ''
      ? declaration.id
      : undefined;
  const record = deps.tasks.create(postedId);
  const work = runEngine(deps, request).then((result) => {
    deps.tasks.complete(record.id, result.status, isObject(result.body) ? result.body : undefined);
    return result;
  });
  if (isAsync) {
    const vanish = deps.faults.vanishTaskIds > 0;
    if (vanish) deps.faults.vanishTaskIds -= 1;
    return { ...submitted(record), afterSend: vanish ? () => deps.tasks.remove(record.id) : undefined };
  }
  // AS3 answers 202 with the task id when a synchronous request is still running after 45 s.
  let timer: NodeJS.Timeout | undefined;
  const swap = new Promise<OpResult>((resolve) => {
    timer = setTimeout(() => resolve(submitted(record)), deps.autoAsyncAfterMs);
  });
  try {
    return await Promise.race([work, swap]);
  } finally {
    clearTimeout(timer);
  }
}

async function runEngine(deps: DeclareEndpointDependencies, request: DeclareRequest): Promise<OpResult> {
  try {
    return await deps.engine.process(request);
  } catch (error) {
    return errorResult(
      500,
      `An unexpected error occurred. See logs for details. Error: ${(error as Error).message}`,
    );
  }
}

function submitted(record: TaskRecord): OpResult {
  return {
    status: 202,
    body: {
      id: record.id,
      results: [
        {
          message: 'Declaration successfully submitted',
          tenant: '',
          host: '',
          runTime: 0,
          code: 0,
          ...(record.declarationId !== undefined ? { declarationId: record.declarationId } : {}),
        },
      ],
      declaration: {},
      selfLink: `https://localhost/mgmt/shared/appsvcs/task/${record.id}`,
    },
  };
}

/** Every request becomes an AS3 request (`class: AS3`), as AS3's requestContext does. */
function wrap(input: DeclareInput, body: unknown): { wrapper: JsonObject } | { error: OpResult } {
  switch (input.method) {
    case 'GET':
      return { wrapper: { class: 'AS3', action: 'retrieve' } };
    case 'DELETE':
      return { wrapper: { class: 'AS3', action: 'remove' } };
    case 'PATCH':
      if (isObject(body) && body.class === 'AS3') return { wrapper: body };
      return { wrapper: { class: 'AS3', action: 'patch', patchBody: Array.isArray(body) ? body : [body] } };
    case 'POST':
      if (Array.isArray(body)) {
        return {
          error: errorResult(
            400,
            'arrays of declarations (BIG-IQ multi-target requests) are not supported by this simulator',
          ),
        };
      }
      if (!isObject(body))
        return { error: errorResult(400, 'cannot parse JSON POST payload (a JSON object is required)') };
      if (input.perApp)
        return {
          wrapper: { class: 'AS3', action: 'deploy', declaration: perAppToAdc(body, input.perApp.tenant) },
        };
      if (body.class === 'AS3') return { wrapper: body };
      return { wrapper: { class: 'AS3', action: 'deploy', declaration: body } };
  }
}

/** A per-app body `{schemaVersion, id?, controls?, App: {...}}` as a one-tenant ADC declaration. */
function perAppToAdc(body: JsonObject, tenant: string): JsonObject {
  const declaration: JsonObject = { class: 'ADC', schemaVersion: body.schemaVersion };
  if (body.id !== undefined) declaration.id = body.id;
  if (body.controls !== undefined) declaration.controls = body.controls;
  const applications: JsonObject = { class: 'Tenant' };
  for (const [key, value] of Object.entries(body)) {
    if (!['schemaVersion', 'id', 'controls', 'class'].includes(key)) applications[key] = value;
  }
  declaration[tenant] = applications;
  return declaration;
}
