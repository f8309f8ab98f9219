import { createHash } from 'node:crypto';
import type { IConstruct } from 'constructs';

/** Construct ids that add nothing to a generated name (the primary child, grouping constructs). */
const TRANSPARENT_IDS = new Set(['Resource', 'Default']);

export interface NameOptions {
  /** Maximum length of the name. @default 63 */
  readonly maxLength?: number;
  /** Scope whose path is left out of the readable part (usually the cluster or the stack). @default - the stack */
  readonly relativeTo?: IConstruct;
  /**
   * Start with a letter (DNS-1035 labels, which Kubernetes requires of Service names): a name that would
   * start with a digit gets an `x` in front.
   * @default false
   */
  readonly startWithLetter?: boolean;
}

function stackOf(scope: IConstruct): IConstruct | undefined {
  // The stack is the second scope below the app root: the first construct whose scope is the root.
  const scopes = scope.node.scopes;
  return scopes[1];
}

/** Path components below `base` (exclusive), without transparent ids. */
function readableComponents(scope: IConstruct, base: IConstruct | undefined): string[] {
  const scopes = scope.node.scopes;
  const start = base ? scopes.indexOf(base) + 1 : 1;
  return scopes
    .slice(Math.max(start, 1))
    .map((s) => s.node.id)
    .filter((id) => !TRANSPARENT_IDS.has(id));
}

/** Path of a construct relative to its stack: the input of every generated name's hash. */
function stackRelativePath(scope: IConstruct): string {
  const stack = stackOf(scope);
  const scopes = scope.node.scopes;
  const start = stack ? scopes.indexOf(stack) + 1 : 1;
  return scopes
    .slice(start)
    .map((s) => s.node.id)
    .join('/');
}

export function shortHash(text: string, length = 8): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length);
}

function fit(parts: string[], separator: string, suffix: string, maxLength: number): string {
  const budget = maxLength - suffix.length - separator.length;
  let readable = parts.filter((p) => p.length > 0).join(separator);
  if (readable.length > budget) readable = readable.slice(0, budget);
  // Do not leave a separator dangling before the hash.
  while (readable.length > 0 && /[^a-zA-Z0-9]$/.test(readable)) readable = readable.slice(0, -1);
  return readable ? `${readable}${separator}${suffix}` : suffix;
}

/**
 * Physical names generated from construct paths: readable path components plus a short hash of the
 * stack-relative path, truncated to each target's limit. The same tree yields the same names in every
 * stack (dev and prod), and renaming a construct id renames what it renders — ids are public API.
 */
export class Names {
  /** A DNS-1123 label (Kubernetes object names): lower case, `-` separated, at most 63 characters. */
  public static toDnsLabel(scope: IConstruct, options: NameOptions = {}): string {
    const maxLength = options.maxLength ?? 63;
    const parts = readableComponents(scope, options.relativeTo ?? stackOf(scope)).map((id) =>
      id
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-+|-+$/g, ''),
    );
    const name = fit(parts, '-', shortHash(stackRelativePath(scope)), maxLength).replace(/^-+/, '');
    // A DNS label must start with a letter or digit; the hash guarantees a valid tail.
    return options.startWithLetter && !/^[a-z]/.test(name) ? `x${name.slice(0, maxLength - 1)}` : name;
  }

  /** An AS3 object name: `^[A-Za-z][0-9A-Za-z_.-]*$`, `_` separated, at most 190 characters (as3-facts §2.4). */
  public static toAs3Name(scope: IConstruct, options: NameOptions = {}): string {
    const maxLength = options.maxLength ?? 190;
    const parts = readableComponents(scope, options.relativeTo ?? stackOf(scope)).map((id) =>
      id.replace(/[^0-9A-Za-z_.]+/g, '_').replace(/^[^A-Za-z]+/, ''),
    );
    const name = fit(parts, '_', shortHash(stackRelativePath(scope)), maxLength);
    return /^[A-Za-z]/.test(name) ? name : `x${name.slice(0, maxLength - 1)}`;
  }
}
