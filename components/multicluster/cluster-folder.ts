import type { Construct } from 'constructs';
import { ManifestChart } from '../../lib/k8s/manifest-chart';
import type { VksCluster } from '../workloads/vks-cluster';

/**
 * A chart of a construct that spans clusters (MultiCluster) whose objects land in one cluster's output
 * folder: the construct keeps its objects in its own tree and still renders them where they are applied.
 */
export class ClusterFolder extends ManifestChart {
  constructor(
    scope: Construct,
    id: string,
    public readonly cluster: VksCluster,
  ) {
    super(scope, id, { outputDir: cluster.outputDir });
  }
}
