import { describe, expect, it } from 'vitest';
import { ApiObject } from 'cdk8s';
import type { IConstruct } from 'constructs';
import { compactConstructTree } from '../../lib/core/compact-tree';
import { synthesizeApp } from '../../lib/core/synth';
import { buildFleet } from '../../bench/fleet';

/** What can be observed of a construct: its ancestors, its validations' results, its rendered object. */
function observe(constructs: readonly IConstruct[]) {
  return constructs.map((c) => ({
    path: c.node.path,
    scopes: c.node.scopes.map((s) => s.node.path),
    problems: c.node.validate(),
    json: c instanceof ApiObject ? JSON.stringify(c.toJson()) : undefined,
  }));
}

describe('compactConstructTree (memory given back once the tree is complete)', () => {
  it('changes nothing a construct shows: ancestors, validations, rendered objects', () => {
    const { stack } = buildFleet(30);
    const constructs = stack.node.findAll();
    const before = observe(constructs);
    compactConstructTree(constructs);
    expect(observe(constructs)).toEqual(before);
    expect(before.filter((o) => o.json !== undefined).length).toBeGreaterThan(60);
  });

  it('is applied by synthesis without changing its output', () => {
    const plain = synthesizeApp(buildFleet(30).app).stacks[0];
    const { app, stack } = buildFleet(30);
    compactConstructTree(stack.node.findAll());
    const compacted = synthesizeApp(app).stacks[0];
    expect(compacted?.outputHash).toBe(plain?.outputHash);
  });
});
