import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { registerArtifactSource, type SynthContext } from '../../lib/core/artifacts';
import { renderManifest } from '../../lib/k8s/render-manifest';
import type { IBigipPartition } from '../bigip/bigip-partition';
import type { ClusterFolder } from './cluster-folder';

export interface HaMirrorProps {
  /**
   * The partition the HA pair writes; resources naming another partition are not copied.
   * @see https://clouddocs.f5.com/containers/latest/userguide/multicluster/
   */
  readonly partition: IBigipPartition;
  /**
   * The folders of the primary's and the secondary's cluster.
   * @see https://clouddocs.f5.com/containers/latest/userguide/multicluster/
   */
  readonly folders: readonly [ClusterFolder, ClusterFolder];
}

/** A copy of another cluster's object: it renders exactly what the original renders, patches included. */
class MirroredObject extends ApiObject {
  constructor(
    scope: Construct,
    id: string,
    private readonly original: ApiObject,
  ) {
    super(scope, id, {
      apiVersion: original.apiVersion,
      kind: original.kind,
      metadata: { name: original.name, namespace: original.metadata.namespace },
    });
  }

  public override toJson(): Record<string, unknown> {
    return structuredClone(renderManifest(this.original));
  }
}

/** Whether CIS watches the object: a custom resource of `cis.f5.com`, or a Service it publishes. */
function cisWatched(manifest: Record<string, unknown>, partition: string): boolean {
  const metadata = (manifest.metadata ?? {}) as { annotations?: Record<string, string> };
  const annotations = metadata.annotations ?? {};
  const apiVersion = String(manifest.apiVersion);
  const watched =
    apiVersion.startsWith('cis.f5.com/') ||
    (manifest.kind === 'Service' && Object.keys(annotations).some((k) => k.startsWith('cis.f5.com/')));
  if (!watched) return false;
  const named =
    ((manifest.spec ?? {}) as { partition?: string }).partition ?? annotations['cis.f5.com/partition'];
  return named === undefined || named === partition;
}

/**
 * The HA pair's CIS must both see the same custom resources (seed 000): every CIS-watched object of one
 * HA cluster is copied into the other's folder, so each cluster applies the union and the two are
 * identical. Copies are made when the stack renders (the resources may be declared after the
 * MultiCluster) and render the original's manifest byte for byte.
 */
export class HaMirror extends Construct {
  public readonly partition: IBigipPartition;
  public readonly folders: readonly [ClusterFolder, ClusterFolder];
  private readonly copies = new Map<ApiObject, MirroredObject>();

  constructor(scope: Construct, id: string, props: HaMirrorProps) {
    super(scope, id);
    this.partition = props.partition;
    this.folders = props.folders;
    registerArtifactSource(this);
  }

  /** The copies made so far, by original. */
  public get mirrored(): ReadonlyMap<ApiObject, ApiObject> {
    return this.copies;
  }

  public renderArtifacts(_context: SynthContext): void {
    const [a, b] = this.folders;
    this.copy(a, b);
    this.copy(b, a);
  }

  private copy(from: ClusterFolder, to: ClusterFolder): void {
    for (const original of from.cluster.ownApiObjects()) {
      if (this.copies.has(original)) continue;
      const manifest = renderManifest(original);
      if (!cisWatched(manifest, this.partition.partitionName)) continue;
      const namespace = original.metadata.namespace;
      const namespaceObject = namespace ? to.cluster.ensureNamespace(namespace) : undefined;
      const id = original.node.path.split('/').slice(1).join('-');
      const copy = new MirroredObject(to, id, original);
      if (namespaceObject) copy.node.addDependency(namespaceObject);
      this.copies.set(original, copy);
    }
  }
}
