/**
 * AS3 pointer resolution (as3-facts §2.3): `"web_pool"` = same Application, `/T/A/x` absolute, `@` = nearest
 * classy ancestor, `N/…` relative JSON pointer. A pointer may only reach its own Application,
 * `/<same tenant>/Shared/…` or `/Common/Shared/…`. Error texts are AS3's.
 */
import { isObject, type JsonObject } from './declaration-util';

export type PointerResolution = { readonly target: unknown } | { readonly error: string };

/** Pointer syntax AS3 accepts inside applications (names may contain `-` and `.`). */
const POINTER_SYNTAX =
  /^((@|[0-9]+)|(([0-9]*\x2f)?((@|[0-9]+|([A-Za-z_][0-9A-Za-z_.-]{0,188}[0-9A-Za-z_.]*))\x2f)*([0-9]+|([A-Za-z_][0-9A-Za-z_.-]{0,188}[0-9A-Za-z_.]))))?#?$/;

const SCOPE_ERROR =
  'must contain path pointing into same Application (or /same-Tenant/Shared or /Common/Shared)';

function has(node: unknown, key: string): node is JsonObject {
  return isObject(node) && Object.prototype.hasOwnProperty.call(node, key);
}

function unescape(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

/**
 * Resolves `pointer`, found at JSON pointer `sourcePath` of `root`, to the object it designates.
 */
export function resolvePointer(pointer: string, sourcePath: string, root: JsonObject): PointerResolution {
  if (pointer === '' || pointer === '#' || !POINTER_SYNTAX.test(pointer)) {
    return { error: 'contains an invalid path (invalid character)' };
  }
  let path = pointer.endsWith('#') ? pointer.slice(0, -1) : pointer;
  const source = sourcePath.split('/');
  // `{use: …}` and friends: the pointer belongs to the property that holds the object.
  if (['use', 'copyFrom', 'reuseFrom'].includes(source[source.length - 1] ?? '')) source.pop();
  if (source.length < 2) return { error: 'cannot ascertain path property name' };

  let elements: string[];
  const first = path.charAt(0);
  if (first === '@') {
    let node: unknown = root;
    let depth = 1;
    const ancestors = source.slice(0, -1);
    for (; depth < ancestors.length; depth += 1) {
      const key = unescape(ancestors[depth] ?? '');
      const next = isObject(node) ? node[key] : undefined;
      if (!has(next, 'class')) break;
      node = next;
    }
    elements = ancestors.slice(0, depth);
    path = path.length > 1 ? path.slice(2) : '';
    if (path.length) elements = elements.concat(path.split('/'));
  } else if (/[0-9]/.test(first)) {
    const prefix = /^[0-9]+/.exec(path)?.[0] ?? '0';
    const up = Number(prefix);
    if (up >= source.length || up > 99)
      return { error: 'contains relative JSON pointer with too-big prefix' };
    elements = source.slice(0, source.length - up);
    const rest = path.slice(prefix.length);
    if (rest.length) {
      if (!rest.startsWith('/')) return { error: 'contains invalid relative JSON pointer' };
      elements = elements.concat(rest.slice(1).split('/'));
    }
  } else if (first !== '/') {
    if (source.length < 4) return { error: 'contains relative path valid only within /Tenant/Application' };
    elements = source.slice(0, 3).concat(path.split('/'));
  } else {
    elements = path.split('/');
  }

  const leaf = elements.pop() ?? '';
  if (elements.length < 2) return { error: 'contains invalid path (cross-/T/A)' };
  if (elements.length < 3) {
    const tenant = leaf === '@' ? (source[1] ?? '') : leaf;
    if (tenant !== source[1] && tenant !== 'Common')
      return { error: 'contains invalid path (Tenant without application)' };
    if (!has(root, unescape(tenant))) return { error: `contains path to non-existent object ${tenant}` };
    return { target: root[unescape(tenant)] };
  }
  let node: unknown = root;
  for (let i = 1; i < elements.length; i += 1) {
    if (elements[i] === '@') {
      if (i >= source.length) return { error: 'contains path with too many @ tokens' };
      elements[i] = source[i] ?? '';
    }
    const token = elements[i] ?? '';
    const key = unescape(token);
    if (!has(node, key) || typeof node[key] !== 'object')
      return { error: `contains path to non-existent object ${token}` };
    node = node[key];
    if (
      (i === 1 && token !== 'Common' && token !== source[1]) ||
      (i === 2 && token !== 'Shared' && (i >= source.length || token !== source[2]))
    ) {
      return { error: SCOPE_ERROR };
    }
  }
  const leafKey = unescape(leaf);
  if (!has(node, leafKey)) return { error: `contains path to non-existent object ${leaf}` };
  return { target: node[leafKey] };
}
