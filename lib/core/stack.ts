import { Construct, type IConstruct } from 'constructs';
import type { App } from './app';
import { checkPattern } from './checks';
import { STACK_SYMBOL, stackOf } from './stack-marker';

export interface StackProps {
  /**
   * One line that says what this environment is, recorded in `index.json`.
   * @default - no description
   */
  readonly description?: string;
}

/**
 * One environment (dev, prod, …): its clusters, BIG-IP devices and everything they publish.
 * The id is the stack name, used as the output folder (`dist/<stack>/`) and the Pulumi stack name.
 */
interface Positioned {
  readonly construct: IConstruct;
  readonly position: number;
}

const byPosition = (a: Positioned, b: Positioned) => a.position - b.position;

export class Stack extends Construct {
  /** Returns the stack a construct belongs to. */
  public static of(scope: IConstruct): Stack {
    return stackOf(scope);
  }

  public readonly stackName: string;
  public readonly description?: string;
  private lookupCache?: Map<unknown, unknown>;

  constructor(scope: App, id: string, props: StackProps = {}) {
    super(scope, id);
    Object.defineProperty(this, STACK_SYMBOL, { value: true });
    this.stackName = checkPattern(
      this,
      'id',
      id,
      /^[a-z][a-z0-9-]{0,39}$/,
      'a stack name of lower-case letters, digits and "-", starting with a letter, at most 40 characters',
    );
    this.description = props.description;
  }

  /**
   * Every construct of a type in this stack, in tree order. Cross-construct validations use it; during
   * synthesis the tree is frozen, so each type is looked up once per synthesis instead of once per check.
   */
  public constructsOfType<T extends IConstruct>(type: abstract new (...args: never[]) => T): T[] {
    return this.memoize(type, () => {
      // One instanceof per class, not per construct: a synthesis asks for dozens of types.
      const groups = [...this.constructsByPrototype().values()].filter(
        (g) => g[0]?.construct instanceof type,
      );
      const members = groups.length === 1 ? (groups[0] as Positioned[]) : groups.flat().sort(byPosition);
      return members.map((m) => m.construct as T);
    });
  }

  /** The stack's constructs grouped by prototype, each with its position in tree order. */
  private constructsByPrototype(): Map<object, Positioned[]> {
    return this.memoize(Stack.prototype.constructsByPrototype, () => {
      const groups = new Map<object, Positioned[]>();
      this.allConstructs().forEach((construct, position) => {
        const prototype = Object.getPrototypeOf(construct) as object;
        const group = groups.get(prototype);
        if (group) group.push({ construct, position });
        else groups.set(prototype, [{ construct, position }]);
      });
      return groups;
    });
  }

  /** Every construct of the stack, in tree order (pre-order), itself included. */
  public allConstructs(): IConstruct[] {
    return this.memoize(Stack.prototype.allConstructs, () => this.node.findAll());
  }

  /**
   * Computes a value derived from the whole tree once per synthesis (indexes for cross-construct checks,
   * so that n constructs cost O(n), not O(n²)). Outside synthesis it is computed on every call.
   */
  public memoize<T>(key: unknown, compute: () => T): T {
    const cache = this.lookupCache;
    if (cache === undefined) return compute();
    const hit = cache.get(key);
    if (hit !== undefined || cache.has(key)) return hit as T;
    const value = compute();
    cache.set(key, value);
    return value;
  }

  /**
   * Drops what `memoize` holds within a synthesis, except the lists of constructs: the indexes validation
   * builds are large (about 1.5 KB per app) and rendering rebuilds only the few it reads.
   * @internal
   */
  public _forgetLookups(): void {
    const cache = this.lookupCache;
    if (!cache) return;
    this.lookupCache = new Map();
    for (const key of [Stack.prototype.allConstructs, Stack.prototype.constructsByPrototype]) {
      if (cache.has(key)) this.lookupCache.set(key, cache.get(key));
    }
  }

  /** @internal Runs `work` with lookups cached; synthesis does not change the tree. */
  public _withFrozenTree<R>(work: () => R): R {
    this.lookupCache = new Map();
    try {
      return work();
    } finally {
      this.lookupCache = undefined;
    }
  }
}
