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

/** Tokens that would reach an object's prototype instead of its data. */
const FORBIDDEN_TOKENS = new Set(['__proto__', 'constructor', 'prototype']);

function tokens(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new PatchError(`invalid JSON pointer: ${pointer}`);
  const parts = pointer
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
  const forbidden = parts.find((part) => FORBIDDEN_TOKENS.has(part));
  if (forbidden !== undefined) {
    throw new PatchError(
      `path ${pointer} is refused: "${forbidden}" is not allowed in a patch path (nor are __proto__, constructor and prototype)`,
    );
  }
  return parts;
}

/** The child of an array or object that is its own data; undefined otherwise. */
function child(node: unknown, part: string): unknown {
  if (Array.isArray(node)) return /^(0|[1-9][0-9]*)$/.test(part) ? node[Number(part)] : undefined;
  if (isObject(node) && Object.prototype.hasOwnProperty.call(node, part)) return node[part];
  return undefined;
}

function parentOf(document: unknown, path: string): { parent: unknown; key: string } {
  const parts = tokens(path);
  const key = parts.pop();
  if (key === undefined) throw new PatchError('cannot operate on the whole document');
  let parent: unknown = document;
  for (const part of parts) {
    parent = child(parent, part);
    if (parent === undefined) throw new PatchError(`path ${path} does not exist`);
  }
  return { parent, key };
}

function read(document: unknown, path: string): unknown {
  let node: unknown = document;
  for (const part of tokens(path)) {
    node = child(node, part);
    if (node === undefined) throw new PatchError(`path ${path} does not exist`);
  }
  return node;
}

function add(document: unknown, path: string, value: unknown): void {
  const { parent, key } = parentOf(document, path);
  if (Array.isArray(parent)) {
    const index = key === '-' ? parent.length : /^(0|[1-9][0-9]*)$/.test(key) ? Number(key) : -1;
    if (index < 0 || index > parent.length) throw new PatchError(`bad array index in ${path}`);
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
    const index = /^(0|[1-9][0-9]*)$/.test(key) ? Number(key) : -1;
    if (index < 0 || index >= parent.length) throw new PatchError(`path ${path} does not exist`);
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
    if (raw.from !== undefined && typeof raw.from === 'string') tokens(raw.from);
    const operation = raw as unknown as Operation;
    if ((operation.op === 'add' || operation.op === 'replace') && !('value' in raw)) {
      throw new PatchError(`${operation.op} needs "value"`);
    }
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
