import { Lazy } from 'cdk8s';
import type { IConstruct, IValidation } from 'constructs';

/*
 * Work a constructor defers to synth (a validation, a lazily rendered value) without an arrow function.
 * An arrow created in a constructor keeps the constructor's whole scope alive as long as the tree: at
 * fleet scale that is a few hundred bytes per construct. These hold the construct and a method instead.
 */

class MethodValidation<T extends IConstruct> implements IValidation {
  public constructor(
    private readonly construct: T,
    private readonly method: (this: T) => string[],
  ) {}

  public validate(): string[] {
    return this.method.call(this.construct);
  }
}

class MethodProducer<T, R> {
  public constructor(
    private readonly target: T,
    private readonly method: (this: T) => R,
  ) {}

  public produce(): R {
    return this.method.call(this.target);
  }
}

/**
 * Adds a validation that calls `method` on the construct at synth, e.g.
 * `validateAtSynth(this, NplService.prototype.checkCluster)`.
 */
export function validateAtSynth<T extends IConstruct>(construct: T, method: (this: T) => string[]): void {
  construct.node.addValidation(new MethodValidation(construct, method));
}

/**
 * A cdk8s Lazy value that calls `method` on `target` when the object is rendered, e.g.
 * `spec: renderLazily(this, F5VirtualServer.prototype.renderSpec)`.
 */
export function renderLazily<T, R>(target: T, method: (this: T) => R): R {
  return Lazy.any(new MethodProducer(target, method)) as unknown as R;
}
