/**
 * RFC 6902 JSON Patch for `PATCH /declare` (AS3 applies the patch to the stored declaration and deploys the
 * result). `test` is refused before this runs, as AS3 does.
 */
import { isObject, jsonCopy } from './declaration-util';

export class PatchError extends Error {
  override readonly name = 'InvalidPatchOperationError';
}

interface Operation {
  op: string;
  path: string;
  from?: string;
  value?: unknown;
}

function tokens(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new PatchError(`invalid JSON pointer: ${pointer}`);
  return pointer
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function parentOf(document: unknown, path: string): { parent: unknown; key: string } {
  const parts = tokens(path);
  const key = parts.pop();
  if (key === undefined) throw new PatchError('cannot operate on the whole document');
  let parent: unknown = document;
  for (const part of parts) {
    if (Array.isArray(parent)) parent = parent[Number(part)];
    else if (isObject(parent)) parent = parent[part];
    else parent = undefined;
    if (parent === undefined) throw new PatchError(`path ${path} does not exist`);
  }
  return { parent, key };
}

function read(document: unknown, path: string): unknown {
  let node: unknown = document;
  for (const part of tokens(path)) {
    if (Array.isArray(node)) node = node[Number(part)];
    else if (isObject(node) && Object.prototype.hasOwnProperty.call(node, part)) node = node[part];
    else throw new PatchError(`path ${path} does not exist`);
  }
  return node;
}

function add(document: unknown, path: string, value: unknown): void {
  const { parent, key } = parentOf(document, path);
  if (Array.isArray(parent)) {
    const index = key === '-' ? parent.length : Number(key);
    if (!Number.isInteger(index) || index < 0 || index > parent.length)
      throw new PatchError(`bad array index in ${path}`);
    parent.splice(index, 0, value);
  } else if (isObject(parent)) {
    parent[key] = value;
  } else {
    throw new PatchError(`path ${path} does not exist`);
  }
}

function remove(document: unknown, path: string): unknown {
  const { parent, key } = parentOf(document, path);
  if (Array.isArray(parent)) {
    const index = Number(key);
    if (!Number.isInteger(index) || index < 0 || index >= parent.length)
      throw new PatchError(`path ${path} does not exist`);
    return parent.splice(index, 1)[0];
  }
  if (isObject(parent) && Object.prototype.hasOwnProperty.call(parent, key)) {
    const value = parent[key];
    delete parent[key];
    return value;
  }
  throw new PatchError(`path ${path} does not exist`);
}

/** Applies the operations to a copy of `document` and returns the copy. */
export function applyJsonPatch(document: unknown, operations: readonly unknown[]): unknown {
  const result = jsonCopy(document);
  for (const raw of operations) {
    if (!isObject(raw) || typeof raw.op !== 'string' || typeof raw.path !== 'string') {
      throw new PatchError('each operation needs string "op" and "path"');
    }
    const operation = raw as unknown as Operation;
    switch (operation.op) {
      case 'add':
        add(result, operation.path, jsonCopy(operation.value));
        break;
      case 'remove':
        remove(result, operation.path);
        break;
      case 'replace':
        remove(result, operation.path);
        add(result, operation.path, jsonCopy(operation.value));
        break;
      case 'move': {
        if (typeof operation.from !== 'string') throw new PatchError('move needs "from"');
        add(result, operation.path, remove(result, operation.from));
        break;
      }
      case 'copy': {
        if (typeof operation.from !== 'string') throw new PatchError('copy needs "from"');
        add(result, operation.path, jsonCopy(read(result, operation.from)));
        break;
      }
      default:
        throw new PatchError(`unsupported op "${operation.op}"`);
    }
  }
  return result;
}
