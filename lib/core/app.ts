import { App as Cdk8sApp } from 'cdk8s';
import { brand } from './brand';
import { StackNotFoundError } from './errors';
import type { Stack } from './stack';
import { isStack } from './stack-marker';

export interface AppProps {
  /**
   * Directory the CLI writes synthesized stacks into.
   * @default 'dist'
   */
  readonly outdir?: string;
}

/**
 * The root of the construct tree: one App holds one Stack per environment.
 * It extends the cdk8s App so that cdk8s objects anywhere below resolve their tokens.
 */
export class App extends Cdk8sApp {
  constructor(props: AppProps = {}) {
    super({ outdir: props.outdir ?? 'dist' });
  }

  /** The stacks of this app, in the order they were defined. */
  public get stacks(): Stack[] {
    return this.node.children.filter(isStack);
  }

  /** Finds a stack by name; the error lists the names that exist. */
  public stack(name: string): Stack {
    const found = this.stacks.find((s) => s.stackName === name);
    if (!found)
      throw new StackNotFoundError(
        name,
        this.stacks.map((s) => s.stackName),
      );
    return found;
  }

  /** Writing is the CLI's job (`vks-bigip synth`), so that it can validate every stack first. */
  public override synth(): void {
    throw new Error('App.synth() is not used by vks-bigip: run `vks-bigip synth` or call synthesizeApp()');
  }
}
brand(App, 'App');
