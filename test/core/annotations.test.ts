import { Construct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { Annotations } from '../../lib/core/annotations';
import { App } from '../../lib/core/app';
import { Stack } from '../../lib/core/stack';
import { synthesizeStack } from '../../lib/core/synth';

function tree() {
  const app = new App();
  const stack = new Stack(app, 'test');
  const group = new Construct(stack, 'Group');
  const child = new Construct(group, 'Child');
  const grandchild = new Construct(child, 'Grandchild');
  const sibling = new Construct(stack, 'Sibling');
  return { stack, group, child, grandchild, sibling };
}

describe('Annotations', () => {
  it('records warnings with their id, construct path and message, in tree order', () => {
    const { stack, grandchild, sibling, group } = tree();
    Annotations.of(sibling).addWarning('cis:first-rule', 'sibling warning');
    Annotations.of(grandchild).addWarning('tls:second', 'grandchild warning');
    Annotations.of(group).addWarning('a1:b2-c3', 'group warning');
    expect(Annotations.of(stack).unacknowledgedWarnings()).toEqual([
      { id: 'a1:b2-c3', path: 'test/Group', message: 'group warning' },
      { id: 'tls:second', path: 'test/Group/Child/Grandchild', message: 'grandchild warning' },
      { id: 'cis:first-rule', path: 'test/Sibling', message: 'sibling warning' },
    ]);
  });

  it('only reports warnings at or below the construct asked', () => {
    const { child, grandchild, sibling } = tree();
    Annotations.of(grandchild).addWarning('area:rule', 'below');
    Annotations.of(sibling).addWarning('area:rule', 'beside');
    expect(
      Annotations.of(child)
        .unacknowledgedWarnings()
        .map((w) => w.message),
    ).toEqual(['below']);
  });

  it.each(['no-colon', 'Area:rule', 'area:Rule', 'area:', ':rule', 'area:rule name', 'area:rule-', 'a:b:c'])(
    'rejects the warning id %j',
    (id) => {
      const { group } = tree();
      expect(() => Annotations.of(group).addWarning(id, 'message')).toThrow(
        new Error(`warning id must look like "area:rule-name", got ${JSON.stringify(id)}`),
      );
    },
  );

  it('acknowledging on a scope hides that warning for the scope and everything below it', () => {
    const { stack, group, child, grandchild } = tree();
    Annotations.of(child).addWarning('area:rule', 'child');
    Annotations.of(grandchild).addWarning('area:rule', 'grandchild');
    Annotations.of(group).acknowledgeWarning('area:rule', 'accepted for the whole group');
    expect(Annotations.of(stack).unacknowledgedWarnings()).toEqual([]);
  });

  it('acknowledging on the construct itself works too', () => {
    const { stack, child } = tree();
    Annotations.of(child).addWarning('area:rule', 'child');
    Annotations.of(child).acknowledgeWarning('area:rule', 'known');
    expect(Annotations.of(stack).unacknowledgedWarnings()).toEqual([]);
  });

  it('does not hide other ids, siblings or ancestors', () => {
    const { stack, group, child, sibling } = tree();
    Annotations.of(group).addWarning('area:rule', 'on the parent');
    Annotations.of(child).addWarning('area:other', 'other id');
    Annotations.of(sibling).addWarning('area:rule', 'on a sibling');
    Annotations.of(child).acknowledgeWarning('area:rule', 'only for the child');
    expect(
      Annotations.of(stack)
        .unacknowledgedWarnings()
        .map((w) => `${w.path} ${w.id}`),
    ).toEqual(['test/Group area:rule', 'test/Group/Child area:other', 'test/Sibling area:rule']);
  });

  it.each(['', '   ', undefined as unknown as string])('needs a reason to acknowledge (got %j)', (reason) => {
    const { child } = tree();
    expect(() => Annotations.of(child).acknowledgeWarning('area:rule', reason)).toThrow(
      new Error('acknowledging warning "area:rule" needs a reason'),
    );
  });

  it('synthesis returns the unacknowledged warnings of the stack', () => {
    const { stack, child, sibling } = tree();
    Annotations.of(child).addWarning('area:rule', 'reported');
    Annotations.of(sibling).addWarning('area:rule', 'hidden');
    Annotations.of(sibling).acknowledgeWarning('area:rule', 'accepted');
    expect(synthesizeStack(stack).warnings).toEqual([
      { id: 'area:rule', path: 'test/Group/Child', message: 'reported' },
    ]);
  });
});
