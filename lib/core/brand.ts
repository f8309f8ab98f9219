/**
 * Type checks that hold across copies of this package (the cdk8s `isChart` pattern). An app and a team
 * library may each load vks-bigip; `instanceof` of a branded class then still answers by brand, and
 * synthesis reports constructs of another copy (see `foreignCopyOf`) instead of failing obscurely.
 */

/** This module's copy of the package: where it was loaded from. */
const THIS_COPY = __dirname;
const COPY = Symbol.for('vks-bigip.copy');

function brandSymbol(name: string): symbol {
  return Symbol.for(`vks-bigip.${name}`);
}

/**
 * Brands `type` so that `x instanceof type` is true for instances of the same class loaded from any copy
 * of the package (subclasses keep the ordinary prototype check).
 */
export function brand(type: { readonly prototype: object }, name: string): void {
  const symbol = brandSymbol(name);
  Object.defineProperty(type.prototype, symbol, { value: true });
  Object.defineProperty(type.prototype, COPY, { value: THIS_COPY, configurable: true });
  Object.defineProperty(type, Symbol.hasInstance, {
    value(this: unknown, x: unknown): boolean {
      if (this !== type) return Function.prototype[Symbol.hasInstance].call(this, x);
      return typeof x === 'object' && x !== null && symbol in x;
    },
  });
}

/** Whether `x` carries brand `name` (from any copy of the package). */
export function hasBrand(x: unknown, name: string): boolean {
  return typeof x === 'object' && x !== null && brandSymbol(name) in x;
}

/** The folder of the other vks-bigip copy that created `x`, or undefined when it is this copy's. */
export function foreignCopyOf(x: unknown): string | undefined {
  if (typeof x !== 'object' || x === null || !(COPY in x)) return undefined;
  const copy = (x as Record<symbol, unknown>)[COPY];
  return copy === THIS_COPY ? undefined : String(copy);
}
