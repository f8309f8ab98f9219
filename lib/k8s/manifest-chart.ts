import { ApiObject, Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import { registerArtifactSource, type IArtifactSource, type SynthContext } from '../core/artifacts';
import { Names } from '../core/names';
import { ManifestCollector } from './manifest-collector';

export interface ManifestChartProps {
  /** Folder of this chart's objects, relative to the stack's output folder (e.g. `k8s/dev-cluster`). */
  readonly outputDir: string;
  /** Namespace for objects that do not set one. @default - none (cluster-scoped or `default`) */
  readonly namespace?: string;
}

/**
 * A cdk8s Chart whose objects land in one output folder, one object per file, named from construct
 * paths relative to the chart (so the same cluster tree gives the same names in every stack).
 */
export class ManifestChart extends Chart implements IArtifactSource {
  /**
   * cdk8s makes `x instanceof Chart` true for any chart; subclasses here need the ordinary prototype
   * check, or `x instanceof VksCluster` would hold for every chart.
   */
  static override [Symbol.hasInstance](candidate: unknown): candidate is Chart {
    return Function.prototype[Symbol.hasInstance].call(this, candidate);
  }

  public readonly outputDir: string;

  constructor(scope: Construct, id: string, props: ManifestChartProps) {
    super(scope, id, { namespace: props.namespace });
    this.outputDir = props.outputDir;
    registerArtifactSource(this);
  }

  public override generateObjectName(apiObject: ApiObject): string {
    return Names.toDnsLabel(apiObject, { relativeTo: this });
  }

  /** The API objects that belong to this chart (not to a nested chart), in tree order. */
  public ownApiObjects(): ApiObject[] {
    return this.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject && Chart.of(c) === this);
  }

  public renderArtifacts(context: SynthContext): void {
    context.collector(ManifestCollector.KEY, () => new ManifestCollector()).addChart(this);
  }
}
