import { Construct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { App } from '../../lib/core/app';
import { pathOf, quote, SynthError, ValidationError } from '../../lib/core/errors';
import { Stack } from '../../lib/core/stack';

describe('quote', () => {
  it('renders values the way messages show them', () => {
    expect(quote('Common')).toBe('"Common"');
    expect(quote('with "quotes"')).toBe('"with \\"quotes\\""');
    expect(quote(0)).toBe('0');
    expect(quote(1.5)).toBe('1.5');
    expect(quote(false)).toBe('false');
    expect(quote(null)).toBe('null');
    expect(quote(undefined)).toBe('nothing');
    expect(quote(['a', 1])).toBe('["a",1]');
    expect(quote({ a: 1 })).toBe('{"a":1}');
  });

  it('falls back to String() for objects JSON cannot render', () => {
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(quote(circular)).toBe('[object Object]');
  });
});

describe('ValidationError', () => {
  it('names the construct path and keeps the detail', () => {
    const app = new App();
    const stack = new Stack(app, 'dev');
    const construct = new Construct(new Construct(stack, 'Cluster'), 'Vs');
    const error = new ValidationError(construct, `'port' must be an integer from 1 to 65535, got 0`);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('ValidationError');
    expect(error.constructPath).toBe('dev/Cluster/Vs');
    expect(error.detail).toBe(`'port' must be an integer from 1 to 65535, got 0`);
    expect(error.message).toBe(`[dev/Cluster/Vs] 'port' must be an integer from 1 to 65535, got 0`);
  });

  it('calls the app root <app>', () => {
    const app = new App();
    expect(pathOf(app)).toBe('<app>');
    expect(new ValidationError(app, 'x').message).toBe('[<app>] x');
  });
});

describe('SynthError', () => {
  it('lists every problem with its construct path, one per line', () => {
    const error = new SynthError([
      { path: 'dev/Cluster/Vs1', message: 'first problem' },
      { path: 'dev/Partition', message: 'second problem' },
    ]);
    expect(error.name).toBe('SynthError');
    expect(error.message).toBe(
      'synthesis failed with 2 errors; nothing was written:\n  [dev/Cluster/Vs1] first problem\n  [dev/Partition] second problem',
    );
    expect(error.problems).toEqual([
      { path: 'dev/Cluster/Vs1', message: 'first problem' },
      { path: 'dev/Partition', message: 'second problem' },
    ]);
  });

  it('says "1 error" for one problem', () => {
    expect(new SynthError([{ path: 'dev', message: 'only' }]).message).toBe(
      'synthesis failed with 1 error; nothing was written:\n  [dev] only',
    );
  });
});
