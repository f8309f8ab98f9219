import type { IConstruct } from 'constructs';
import type { Stack } from './stack';

/** Symbol-based type check, reliable across duplicate module copies (the cdk8s `isChart` pattern). */
export const STACK_SYMBOL = Symbol.for('vks-bigip.Stack');

export function isStack(x: unknown): x is Stack {
  return typeof x === 'object' && x !== null && STACK_SYMBOL in x;
}

export function stackOf(scope: IConstruct): Stack {
  for (const s of [...scope.node.scopes].reverse()) {
    if (isStack(s)) return s;
  }
  throw new Error(
    `[${scope.node.path}] is not inside a Stack: create constructs under new Stack(app, 'dev')`,
  );
}
