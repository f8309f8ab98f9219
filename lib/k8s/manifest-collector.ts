import type { ApiObject } from 'cdk8s';
import type { IConstruct } from 'constructs';
import { YAML } from '../core/yaml-library';
import type { ICollector, SynthContext } from '../core/artifacts';
import type { FileStore } from '../core/file-store';
import type { ManifestRecord } from '../core/records';
import { KUBERNETES_HEAD, toCanonicalYaml } from '../core/canonical';
import { emitYaml } from '../core/yaml-emitter';
import { pathOf } from '../core/errors';
import { topologicalOrder } from '../core/topology';
import type { ManifestChart } from './manifest-chart';
import { renderManifest } from './render-manifest';
import { objectSyncWaves, SYNC_WAVE_ANNOTATION, wantsSyncWaves } from './sync-waves';

export { renderManifest };

/** One rendered Kubernetes object, where it goes, and what apply ordering reads of it. */
export interface RenderedObject {
  readonly apiObject: ApiObject;
  readonly folder: string;
  /** The rendered object; released (emptied) once its file is written, so a large stack holds it only once. */
  manifest: Record<string, unknown>;
  readonly file: string;
  /** `folder/file`, built once: records, ordering and dependency lists share this one string. */
  readonly path: string;
  readonly kind: string;
  readonly apiVersion: string;
  readonly name: string;
  readonly namespace?: string;
  /** Of a CustomResourceDefinition: `group|kind` of the resources it defines. */
  readonly defines?: string;
}

interface Metadata {
  readonly name?: string;
  readonly namespace?: string;
}

function metadataOf(manifest: Record<string, unknown>): Metadata {
  return (manifest.metadata ?? {}) as Metadata;
}

const RELEASED: Record<string, unknown> = Object.freeze({});

/** What a CustomResourceDefinition defines, as `group|kind`. */
function definedType(manifest: Record<string, unknown>): string | undefined {
  if (manifest.kind !== 'CustomResourceDefinition') return undefined;
  const spec = manifest.spec as { group?: string; names?: { kind?: string } } | undefined;
  return `${spec?.group}|${spec?.names?.kind}`;
}

/** Kinds applied before everything else; other kinds keep their declaration order after them. */
const APPLY_FIRST = ['Namespace', 'CustomResourceDefinition'];

function applyRank(kind: string): number {
  const rank = APPLY_FIRST.indexOf(kind);
  return rank === -1 ? APPLY_FIRST.length : rank;
}

function apiGroupOf(apiVersion: string): string {
  return apiVersion.includes('/') ? (apiVersion.split('/')[0] ?? '') : '';
}

/** `<kind>-<namespace>-<name>.yaml` (cluster-scoped objects: `<kind>-<name>.yaml`), lower case. */
export function fileNameFor(kind: string, namespace: string | undefined, name: string | undefined): string {
  const lower = kind.toLowerCase();
  return namespace ? `${lower}-${namespace}-${name}.yaml` : `${lower}-${name}.yaml`;
}

export function manifestFileName(manifest: Record<string, unknown>): string {
  const { name, namespace } = metadataOf(manifest);
  return fileNameFor(String(manifest.kind), namespace, name);
}

function withAnnotation(
  manifest: Record<string, unknown>,
  key: string,
  value: string,
): Record<string, unknown> {
  const metadata = (manifest.metadata ?? {}) as Record<string, unknown>;
  const annotations = (metadata.annotations ?? {}) as Record<string, string>;
  return { ...manifest, metadata: { ...metadata, annotations: { ...annotations, [key]: value } } };
}

/**
 * A manifest record whose object is read back from its file on each access (YAML 1.1, as written):
 * a synthesis of 100,000 apps would otherwise hold every object twice, once as text and once as a
 * tree. The getter lives on the prototype and the store is not enumerable, so `index.json` leaves both
 * out like any in-memory field, and every record shares one hidden class (a getter defined per object
 * gives each its own: hundreds of bytes per manifest).
 */
class StoredManifestRecord implements ManifestRecord {
  public readonly name: string;
  public readonly folder: string;
  public readonly dependsOn: readonly string[];
  public readonly path?: string;
  declare private readonly files: FileStore;

  constructor(fields: Omit<ManifestRecord, 'manifest'>, files: FileStore) {
    this.name = fields.name;
    this.folder = fields.folder;
    this.dependsOn = fields.dependsOn;
    if (fields.path !== undefined) this.path = fields.path;
    Object.defineProperty(this, 'files', { value: files, enumerable: false });
  }

  public get manifest(): Record<string, unknown> {
    return YAML.parse(this.files.get(this.name) ?? '', { version: '1.1' }) as Record<string, unknown>;
  }
}

/** Most objects depend on nothing: one shared empty list instead of one per record. */
const NO_DEPENDENCIES: readonly string[] = Object.freeze([]);

/**
 * Renders the objects of every chart of a stack, in dependency order: explicit `node.addDependency`
 * edges between constructs, plus the edges every Kubernetes apply needs (an object depends on its
 * Namespace, a custom resource on its CustomResourceDefinition). Each folder gets one file per object
 * and a kustomization.yaml listing them in that order.
 */
export class ManifestCollector implements ICollector {
  public static readonly KEY = 'kubernetes-manifests';
  private readonly charts: ManifestChart[] = [];

  public addChart(chart: ManifestChart): void {
    this.charts.push(chart);
  }

  public finish(context: SynthContext): void {
    // Without sync waves a file does not depend on the apply order: each object is written as soon as
    // it is rendered and only what ordering reads is kept, so a large stack never holds every object.
    const writeEarly = !wantsSyncWaves(context.stack);
    const entries = this.renderAll(context, writeEarly);
    if (entries.length === 0) return;
    const edges = new ApplyEdges(entries, this.charts);
    const ordered = this.order(context, entries, edges);
    if (!ordered) return;
    const pathOfEntry = (e: RenderedObject) => e.path;
    // Most objects depend on their Namespace alone: one list per namespace instead of one per object.
    const singleDependency = new Map<RenderedObject, readonly string[]>();
    const dependsOnList = (targets: readonly RenderedObject[]): readonly string[] => {
      if (targets.length === 0) return NO_DEPENDENCIES;
      if (targets.length > 1) return targets.map(pathOfEntry).sort();
      const only = targets[0] as RenderedObject;
      let list = singleDependency.get(only);
      if (!list) singleDependency.set(only, (list = Object.freeze([only.path])));
      return list;
    };
    const waves = wantsSyncWaves(context.stack)
      ? objectSyncWaves(
          ordered.map((e) => ({
            name: pathOfEntry(e),
            folder: e.folder,
            kind: e.kind,
            dependsOn: edges.targetsOf(e).map(pathOfEntry),
          })),
        )
      : undefined;
    const filesByFolder = new Map<string, string[]>();
    for (const entry of ordered) {
      const name = pathOfEntry(entry);
      if (!writeEarly) {
        const wave = waves?.get(name) ?? 0;
        const manifest =
          wave > 0 ? withAnnotation(entry.manifest, SYNC_WAVE_ANNOTATION, String(wave)) : entry.manifest;
        context.addFile(name, emitYaml(manifest, KUBERNETES_HEAD), entry.apiObject);
        entry.manifest = RELEASED;
      }
      context.addRecord(
        'manifests',
        new StoredManifestRecord(
          {
            name,
            folder: entry.folder,
            dependsOn: dependsOnList(edges.targetsOf(entry)),
            path: pathOf(entry.apiObject),
          },
          context._store(),
        ),
      );
      const files = filesByFolder.get(entry.folder) ?? [];
      files.push(entry.file);
      filesByFolder.set(entry.folder, files);
    }
    for (const [folder, files] of filesByFolder) {
      const kustomization = {
        apiVersion: 'kustomize.config.k8s.io/v1beta1',
        kind: 'Kustomization',
        // The list is already in dependency order; fifo keeps kustomize from re-sorting it.
        sortOptions: { order: 'fifo' },
        resources: files,
      };
      context.addFile(`${folder}/kustomization.yaml`, toCanonicalYaml(kustomization), this.chartOf(folder));
    }
  }

  private chartOf(folder: string): ManifestChart {
    return this.charts.find((c) => c.outputDir === folder) ?? (this.charts[0] as ManifestChart);
  }

  private renderAll(context: SynthContext, writeEarly: boolean): RenderedObject[] {
    const entries: RenderedObject[] = [];
    for (const chart of this.charts) {
      for (const apiObject of chart.ownApiObjects()) {
        try {
          const manifest = renderManifest(apiObject);
          const { name, namespace } = metadataOf(manifest);
          if (!name) {
            context.addProblem(apiObject, `renders no metadata.name; every Kubernetes object needs one`);
            continue;
          }
          const file = manifestFileName(manifest);
          const entry: RenderedObject = {
            apiObject,
            folder: chart.outputDir,
            manifest,
            file,
            path: `${chart.outputDir}/${file}`,
            kind: String(manifest.kind),
            apiVersion: String(manifest.apiVersion),
            name,
            namespace,
            defines: definedType(manifest),
          };
          if (writeEarly) {
            context.addFile(entry.path, emitYaml(manifest, KUBERNETES_HEAD), apiObject);
            entry.manifest = RELEASED;
          }
          entries.push(entry);
        } catch (error) {
          context.addProblem(apiObject, `cannot be rendered: ${(error as Error).message}`);
        }
      }
    }
    return entries;
  }

  private order(
    context: SynthContext,
    entries: RenderedObject[],
    edges: ApplyEdges,
  ): RenderedObject[] | undefined {
    // Ties are broken by file path, not by the order constructs were created in: reordering independent
    // constructs in a stack leaves the apply order (and every file) as it was.
    const byPath = (a: RenderedObject, b: RenderedObject) => {
      const x = a.path;
      const y = b.path;
      return x < y ? -1 : x > y ? 1 : 0;
    };
    try {
      return topologicalOrder(
        [...entries].sort(byPath),
        (e) => edges.targetsOf(e).sort(byPath),
        (e) => `[${pathOf(e.apiObject)}]`,
        (e) => applyRank(e.kind),
      );
    } catch (error) {
      context.addProblem(context.stack, (error as Error).message);
      return undefined;
    }
  }
}

/**
 * The apply-order edges between rendered objects: explicit `node.addDependency` edges between
 * constructs (every object under a construct depends on every object under what it depends on), plus
 * the edges every apply needs: an object after its Namespace, a custom resource after its
 * CustomResourceDefinition. Those two are looked up when asked for, not stored: a set per object would
 * cost about 150 bytes each at fleet scale.
 */
class ApplyEdges {
  private readonly explicit = new Map<RenderedObject, Set<RenderedObject>>();
  private readonly namespaces = new Map<string, RenderedObject>();
  private readonly crds = new Map<string, RenderedObject>();

  constructor(entries: readonly RenderedObject[], charts: readonly ManifestChart[]) {
    for (const entry of entries) {
      if (entry.kind === 'Namespace') this.namespaces.set(`${entry.folder}|${entry.name}`, entry);
      if (entry.defines !== undefined) this.crds.set(`${entry.folder}|${entry.defines}`, entry);
    }
    let byObject: Map<IConstruct, RenderedObject> | undefined;
    const objectsUnder = (scope: IConstruct) => {
      byObject ??= new Map(entries.map((e) => [e.apiObject, e]));
      const index = byObject;
      return scope.node
        .findAll()
        .map((c) => index.get(c))
        .filter((e): e is RenderedObject => e !== undefined);
    };
    for (const chart of charts) {
      for (const construct of chart.node.findAll()) {
        const dependencies = construct.node.dependencies;
        if (dependencies.length === 0) continue;
        const targets = dependencies.flatMap(objectsUnder);
        if (targets.length === 0) continue;
        for (const source of objectsUnder(construct)) {
          for (const target of targets) if (target !== source) this.addExplicit(source, target);
        }
      }
    }
  }

  /** What `entry` is applied after, each once, in no particular order. */
  public targetsOf(entry: RenderedObject): RenderedObject[] {
    const targets = [...(this.explicit.get(entry) ?? [])];
    const namespace =
      entry.namespace === undefined ? undefined : this.namespaces.get(`${entry.folder}|${entry.namespace}`);
    if (namespace && namespace !== entry && !targets.includes(namespace)) targets.push(namespace);
    const crd = this.crds.get(`${entry.folder}|${apiGroupOf(entry.apiVersion)}|${entry.kind}`);
    if (crd && crd !== entry && !targets.includes(crd)) targets.push(crd);
    return targets;
  }

  private addExplicit(source: RenderedObject, target: RenderedObject): void {
    const targets = this.explicit.get(source);
    if (targets) targets.add(target);
    else this.explicit.set(source, new Set([target]));
  }
}
