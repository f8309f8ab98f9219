import { YAML } from '../core/yaml-library';
import type { Stack } from '../core/stack';
import { synthesizeStack } from '../core/synth';

/** Helpers for tests of constructs and stacks; nothing here writes outside memory. */
export class Testing {
  /** The whole output tree of a stack as `{ '<stack>/path': content }`, Kubernetes and AS3 together. */
  public static synth(stack: Stack): Record<string, string> {
    return Object.fromEntries(synthesizeStack(stack).files);
  }

  /** Parses one synthesized YAML or JSON file of the tree. */
  public static parse(tree: Record<string, string>, path: string): unknown {
    const content = tree[path];
    if (content === undefined) {
      throw new Error(`no file ${path} in the output; files: ${Object.keys(tree).join(', ')}`);
    }
    return path.endsWith('.json') ? JSON.parse(content) : YAML.parse(content);
  }
}
