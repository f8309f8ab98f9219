import { createHash } from 'node:crypto';
import type { IConstruct } from 'constructs';
import { pathOf, type SynthProblem } from './errors';
import type { Stack } from './stack';

const ARTIFACT_SOURCE = Symbol.for('vks-bigip.ArtifactSource');

/** A construct that contributes files to its stack's output. */
export interface IArtifactSource extends IConstruct {
  renderArtifacts(context: SynthContext): void;
}

/** Marks a construct as an artifact source; synth calls `renderArtifacts` on it, in tree order. */
export function registerArtifactSource(source: IArtifactSource): void {
  Object.defineProperty(source, ARTIFACT_SOURCE, { value: true });
}

export function isArtifactSource(x: unknown): x is IArtifactSource {
  return typeof x === 'object' && x !== null && ARTIFACT_SOURCE in x;
}

/**
 * Gathers contributions of many constructs into shared files (a folder's kustomization, a device's
 * declarations) and writes them once every source has rendered.
 */
export interface ICollector {
  finish(context: SynthContext): void;
}

/** An entry of one section of `index.json` (clusters, devices, partitions, …), keyed by its name. */
export type IndexEntry = { readonly name: string } & Record<string, unknown>;

/** What renderers see during one synthesis of one stack. */
export class SynthContext {
  private readonly files = new Map<string, string>();
  private readonly owners = new Map<string, string>();
  private readonly collectors = new Map<string, ICollector>();
  private readonly index = new Map<string, Map<string, IndexEntry>>();
  private readonly metadata = new Map<string, unknown>();
  public readonly problems: SynthProblem[] = [];

  constructor(public readonly stack: Stack) {}

  /** Adds a file at a path relative to the stack's folder; two sources writing one path is an error. */
  public addFile(path: string, content: string, source: IConstruct): void {
    const owner = this.owners.get(path);
    if (owner !== undefined) {
      this.addProblem(
        source,
        `renders ${path}, which ${owner} already renders; give one of them another name`,
      );
      return;
    }
    this.files.set(path, content);
    this.owners.set(path, `[${pathOf(source)}]`);
  }

  public addProblem(scope: IConstruct, message: string): void {
    this.problems.push({ path: pathOf(scope), message });
  }

  /** The collector registered under `key`, created on first use. */
  public collector<T extends ICollector>(key: string, create: () => T): T {
    let collector = this.collectors.get(key);
    if (!collector) {
      collector = create();
      this.collectors.set(key, collector);
    }
    return collector as T;
  }

  public addIndexEntry(section: string, entry: IndexEntry): void {
    let entries = this.index.get(section);
    if (!entries) {
      entries = new Map();
      this.index.set(section, entries);
    }
    entries.set(entry.name, entry);
  }

  /**
   * Attaches in-memory data to the stack's output (not written to disk): what the Pulumi program needs
   * beyond the files, such as dependency edges between rendered objects.
   */
  public setMetadata(key: string, value: unknown): void {
    this.metadata.set(key, value);
  }

  /** @internal */
  public _metadata(): ReadonlyMap<string, unknown> {
    return this.metadata;
  }

  /** @internal */
  public _finishCollectors(): void {
    for (const collector of this.collectors.values()) collector.finish(this);
  }

  /** @internal files sorted by path */
  public _files(): Array<[string, string]> {
    return [...this.files.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }

  /** @internal index sections with entries sorted by name */
  public _indexSections(): Record<string, IndexEntry[]> {
    const sections: Record<string, IndexEntry[]> = {};
    for (const [section, entries] of this.index) {
      sections[section] = [...entries.values()].sort((a, b) =>
        a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
      );
    }
    return sections;
  }
}

export function sha256(content: string): string {
  return createHash('sha256').update(content).digest('hex');
}
