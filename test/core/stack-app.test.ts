import { Construct } from 'constructs';
import { StackNotFoundError } from '../../lib/core/errors';
import { describe, expect, it } from 'vitest';
import { App } from '../../lib/core/app';
import { Stack } from '../../lib/core/stack';
import { Testing } from '../../lib/testing/testing';
import { expectValidationError } from '../helpers/expect-errors';

const STACK_RULE =
  'a stack name of lower-case letters, digits and "-", starting with a letter, at most 40 characters';

describe('Stack', () => {
  it.each(['dev', 'prod-eu-1', 'a', `a${'b'.repeat(39)}`])('accepts the name %j', (name) => {
    const stack = new Stack(new App(), name);
    expect(stack.stackName).toBe(name);
    expect(stack.node.path).toBe(name);
  });

  it.each(['Dev', '1dev', '-dev', 'dev_1', 'dev.eu', `a${'b'.repeat(40)}`])(
    'fails when the name is %j',
    (name) => {
      expectValidationError(
        () => new Stack(new App(), name),
        name,
        `'id' must be ${STACK_RULE}, got "${name}"`,
      );
    },
  );

  it('records its description in index.json, and leaves it out when not given', () => {
    const app = new App();
    const described = new Stack(app, 'dev', { description: 'the dev environment' });
    const plain = new Stack(app, 'prod');
    expect(described.description).toBe('the dev environment');
    expect(Testing.parse(Testing.synth(described), 'dev/index.json')).toMatchObject({
      stack: 'dev',
      description: 'the dev environment',
    });
    expect(Testing.parse(Testing.synth(plain), 'prod/index.json')).not.toHaveProperty('description');
  });

  it('Stack.of finds the enclosing stack, and fails outside one', () => {
    const app = new App();
    const stack = new Stack(app, 'dev');
    const deep = new Construct(new Construct(stack, 'A'), 'B');
    expect(Stack.of(deep)).toBe(stack);
    expect(Stack.of(stack)).toBe(stack);
    const orphan = new Construct(app, 'Orphan');
    expect(() => Stack.of(orphan)).toThrow(
      new Error(`[Orphan] is not inside a Stack: create constructs under new Stack(app, 'dev')`),
    );
  });

  it('constructsOfType finds constructs of a type in tree order', () => {
    class Marker extends Construct {}
    const stack = new Stack(new App(), 'dev');
    const a = new Marker(stack, 'A');
    const group = new Construct(stack, 'Group');
    const b = new Marker(group, 'B');
    expect(stack.constructsOfType(Marker)).toEqual([a, b]);
  });

  it('constructsOfType keeps tree order across subclasses, frozen or not', () => {
    class Marker extends Construct {}
    class Special extends Marker {}
    const stack = new Stack(new App(), 'dev');
    const a = new Special(stack, 'A');
    const b = new Marker(stack, 'B');
    const c = new Special(new Construct(stack, 'Group'), 'C');
    const d = new Marker(stack, 'D');
    expect(stack.constructsOfType(Marker)).toEqual([a, b, c, d]);
    expect(stack._withFrozenTree(() => stack.constructsOfType(Marker))).toEqual([a, b, c, d]);
    expect(stack._withFrozenTree(() => stack.constructsOfType(Special))).toEqual([a, c]);
  });

  it('memoize caches only while the tree is frozen (during synthesis)', () => {
    const stack = new Stack(new App(), 'dev');
    let calls = 0;
    const compute = () => ++calls;
    expect(stack.memoize('k', compute)).toBe(1);
    expect(stack.memoize('k', compute)).toBe(2);
    const frozen = stack._withFrozenTree(() => [stack.memoize('k', compute), stack.memoize('k', compute)]);
    expect(frozen).toEqual([3, 3]);
    expect(stack.memoize('k', compute)).toBe(4);
  });
});

describe('App', () => {
  it('lists its stacks in definition order and finds them by name', () => {
    const app = new App();
    const dev = new Stack(app, 'dev');
    const prod = new Stack(app, 'prod');
    new Construct(app, 'NotAStack');
    expect(app.stacks).toEqual([dev, prod]);
    expect(app.stack('prod')).toBe(prod);
  });

  it('fails on an unknown stack name and lists the names that exist', () => {
    const app = new App();
    new Stack(app, 'dev');
    new Stack(app, 'prod');
    expect(() => app.stack('nope')).toThrow(StackNotFoundError);
    expect(() => app.stack('nope')).toThrow('no stack named "nope"; the app defines: dev, prod');
  });

  it('says (none) when the app has no stacks', () => {
    expect(() => new App().stack('dev')).toThrow('no stack named "dev"; the app defines: (none)');
  });

  it('defaults outdir to dist and refuses App.synth()', () => {
    const app = new App();
    expect(app.outdir).toBe('dist');
    expect(new App({ outdir: 'out' }).outdir).toBe('out');
    expect(() => app.synth()).toThrow(
      'App.synth() is not used by vks-bigip: run `vks-bigip synth` or call synthesizeApp()',
    );
  });
});
