import { createHash } from 'node:crypto';
import type { IConstruct } from 'constructs';
import { pathOf, type SynthProblem } from './errors';
import { FileStore } from './file-store';
import type { SynthRecordOf, SynthRecords } from './records';
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

/** What renderers see during one synthesis of one stack. */
export class SynthContext {
  private readonly files = new FileStore();
  private readonly hashes = new Map<string, string>();
  private readonly owners = new Map<string, IConstruct>();
  private readonly fileOfSource = new Map<IConstruct, string>();
  private readonly collectors = new Map<string, ICollector>();
  private readonly records = new Map<keyof SynthRecords, Map<string, { readonly name: string }>>();
  private readonly finishers: Array<() => void> = [];
  public readonly problems: SynthProblem[] = [];

  constructor(public readonly stack: Stack) {}

  /** Adds a file at a path relative to the stack's folder; two sources writing one path is an error. */
  public addFile(path: string, content: string, source: IConstruct): void {
    if (!this.claim(path, source)) return;
    this.files.set(path, content);
    this.hashes.set(path, sha256(content));
  }

  /**
   * `addFile` for a large text produced in chunks (REVIEW.md of a large stack): `produce` writes them
   * in order, and they are hashed and stored as they come, never joined into one string.
   */
  public addFileInChunks(
    path: string,
    source: IConstruct,
    produce: (write: (chunk: string) => void) => void,
  ): void {
    if (!this.claim(path, source)) return;
    const hash = createHash('sha256');
    const writer = this.files.writer(path);
    produce((chunk) => {
      hash.update(chunk);
      writer.write(chunk);
    });
    writer.end();
    this.hashes.set(path, hash.digest('hex'));
  }

  /** Records `source` as the writer of `path`; false (and a problem) when another source has it. */
  private claim(path: string, source: IConstruct): boolean {
    const owner = this.owners.get(path);
    if (owner !== undefined) {
      this.addProblem(
        source,
        `renders ${path}, which [${pathOf(owner)}] already renders; give one of them another name`,
      );
      return false;
    }
    this.owners.set(path, source);
    if (!this.fileOfSource.has(source)) this.fileOfSource.set(source, path);
    return true;
  }

  /**
   * The stack-relative path of the (first) file `source` rendered, e.g. a Kubernetes object's manifest.
   * Collectors write their files last: ask from an `onFinish` callback.
   */
  public fileOf(source: IConstruct): string | undefined {
    return this.fileOfSource.get(source);
  }

  /** Runs `work` after every source and collector has rendered (for records that name other files). */
  public onFinish(work: () => void): void {
    this.finishers.push(work);
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

  /** Adds a typed record to a section of the synthesis result (and of `index.json`), keyed by its name. */
  public addRecord<K extends keyof SynthRecords>(section: K, record: SynthRecordOf<K>): void {
    let entries = this.records.get(section);
    if (!entries) {
      entries = new Map();
      this.records.set(section, entries);
    }
    entries.set(record.name, record);
  }

  /**
   * The records of a section added so far, in the order `index.json` lists them. Collectors add theirs
   * last: read from an `onFinish` callback to see every record.
   */
  public recordsOf<K extends keyof SynthRecords>(section: K): SynthRecords[K] {
    return this._records()[section];
  }

  /** @internal */
  public _finish(): void {
    for (const collector of this.collectors.values()) collector.finish(this);
    for (const work of this.finishers) work();
  }

  /** @internal the paths of every file, sorted */
  public _paths(): string[] {
    return [...this.files.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }

  /** @internal sha256 of a file's content, by path */
  public _hashOf(path: string): string {
    return this.hashes.get(path) as string;
  }

  /** @internal the contents, by stack-relative path (records read their files back from it) */
  public _store(): FileStore {
    return this.files;
  }

  /** @internal every section; entries sorted by name, except manifests (in apply order) */
  public _records(): SynthRecords {
    const section = <K extends keyof SynthRecords>(key: K): SynthRecords[K] => {
      const entries = [...(this.records.get(key)?.values() ?? [])];
      if (key !== 'manifests') entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      return entries as unknown as SynthRecords[K];
    };
    return {
      clusters: section('clusters'),
      devices: section('devices'),
      partitions: section('partitions'),
      declarations: section('declarations'),
      virtualServers: section('virtualServers'),
      controllers: section('controllers'),
      staticRoutes: section('staticRoutes'),
      warnings: section('warnings'),
      manifests: section('manifests'),
    };
  }
}

export function sha256(content: string): string {
  return createHash('sha256').update(content).digest('hex');
}

/** `sha256` of the text the chunks make up, without joining them. */
export function sha256OfChunks(chunks: Iterable<string>): string {
  const hash = createHash('sha256');
  for (const chunk of chunks) hash.update(chunk);
  return hash.digest('hex');
}
