import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { YAML } from '../core/yaml-library';
import type {
  CisControllerRecord,
  ClusterRecord,
  DeclarationRecord,
  DeviceRecord,
  ManifestRecord,
  PartitionRecord,
  VirtualServerRecord,
  WarningRecord,
} from '../core/records';
import type { StackOutput } from '../core/synth';

/** A declaration or manifest record as `index.json` stores it (the body is the file). */
export type StoredDeclaration = Omit<DeclarationRecord, 'declaration'>;
export type StoredManifest = Omit<ManifestRecord, 'manifest'>;

/**
 * One side of a comparison: a stack's records and the objects of its files. From a synthesis in memory
 * it takes the typed records as they are; from an output folder (an earlier synth, a git ref) it reads
 * `index.json` and parses only the files the records name.
 */
export interface StackSnapshot {
  readonly stackName: string;
  readonly clusters: readonly ClusterRecord[];
  readonly devices: readonly DeviceRecord[];
  readonly partitions: readonly PartitionRecord[];
  readonly declarations: readonly StoredDeclaration[];
  readonly virtualServers: readonly VirtualServerRecord[];
  readonly controllers: readonly CisControllerRecord[];
  /** Undefined when the output predates warning records (nothing can be said about them). */
  readonly warnings?: readonly WarningRecord[];
  readonly manifests: readonly StoredManifest[];
  /** Manifest objects by stack-relative path. */
  readonly objects: ReadonlyMap<string, Record<string, unknown>>;
  /** Declaration bodies by declaration name (`<device>/<tenant>`). */
  readonly bodies: ReadonlyMap<string, Record<string, unknown>>;
  /** sha256 of every file by stack-relative path (index.json excluded). */
  readonly fileHashes: Readonly<Record<string, string>>;
}

/** The snapshot of a stack synthesized in memory: nothing is parsed. */
export function snapshotOf(output: StackOutput): StackSnapshot {
  const { records } = output;
  const prefix = `${output.stackName}/`;
  const index = JSON.parse(output.files.get(`${prefix}index.json`) ?? '{}') as {
    files?: Record<string, string>;
  };
  return {
    stackName: output.stackName,
    clusters: records.clusters,
    devices: records.devices,
    partitions: records.partitions,
    declarations: records.declarations.map(({ declaration: _body, ...rest }) => rest),
    virtualServers: records.virtualServers,
    controllers: records.controllers,
    warnings: records.warnings,
    manifests: records.manifests.map(({ manifest: _object, ...rest }) => rest),
    objects: new Map(records.manifests.map((m) => [m.name, m.manifest])),
    bodies: new Map(records.declarations.map((d) => [d.name, d.declaration])),
    fileHashes: index.files ?? {},
  };
}

/** A folder that is not a readable synth output. */
export class SnapshotError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SnapshotError';
  }
}

function list<T>(value: unknown): T[] {
  return Array.isArray(value) ? (value as T[]) : [];
}

/** Every file below `dir`, relative to it, with `/` separators. */
function filesBelow(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix))
    .sort()
    .flatMap((name) => {
      const rel = prefix ? `${prefix}/${name}` : name;
      return statSync(join(dir, rel)).isDirectory() ? filesBelow(dir, rel) : [rel];
    });
}

/**
 * Reads `<dir>/<stack>/` as written by `vks-bigip synth`. Outputs of older versions without manifest or
 * declaration records are read from their files (`k8s/**.yaml`, `bigip/<device>/<tenant>.as3.json`).
 */
export function readStackSnapshot(dir: string, stackName: string): StackSnapshot {
  const root = join(dir, stackName);
  const indexFile = join(root, 'index.json');
  if (!existsSync(indexFile))
    throw new SnapshotError(`${root} holds no index.json: not the output of vks-bigip synth`);
  let index: Record<string, unknown>;
  try {
    index = JSON.parse(readFileSync(indexFile, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    throw new SnapshotError(`${indexFile} is not JSON: ${(error as Error).message}`);
  }
  const read = (file: string): string => {
    try {
      return readFileSync(join(root, file), 'utf8');
    } catch {
      throw new SnapshotError(`${join(root, file)} is listed in index.json but cannot be read`);
    }
  };
  const parse = (file: string): Record<string, unknown> => {
    const text = read(file);
    try {
      const value: unknown = file.endsWith('.json') ? JSON.parse(text) : YAML.parse(text);
      return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
    } catch (error) {
      throw new SnapshotError(`${join(root, file)} cannot be parsed: ${(error as Error).message}`);
    }
  };
  const fileHashes = (index.files ?? {}) as Record<string, string>;
  const files = Object.keys(fileHashes).length ? Object.keys(fileHashes).sort() : filesBelow(root);

  let manifests = list<StoredManifest>(index.manifests);
  if (!Array.isArray(index.manifests)) {
    manifests = files
      .filter((f) => f.startsWith('k8s/') && f.endsWith('.yaml') && !f.endsWith('/kustomization.yaml'))
      .map((f) => ({ name: f, folder: f.slice(0, f.lastIndexOf('/')), dependsOn: [] }));
  }
  let declarations = list<StoredDeclaration>(index.declarations);
  if (!Array.isArray(index.declarations)) {
    declarations = files
      .map((f) => /^bigip\/([^/]+)\/([^/]+)\.as3\.json$/.exec(f))
      .filter((m): m is RegExpExecArray => m !== null)
      .map(([file, device, tenant]) => ({
        name: `${device}/${tenant}`,
        device: device as string,
        url: '',
        tenant: tenant as string,
        file: file as string,
        id: '',
        label: '',
        owner: 'unknown',
      }));
  }
  return {
    stackName,
    clusters: list(index.clusters),
    devices: list(index.devices),
    partitions: list(index.partitions),
    declarations,
    virtualServers: list(index.virtualServers),
    controllers: list(index.controllers),
    // Empty sections are left out of index.json; outputs with REVIEW.md record warnings whenever there are any.
    warnings: Array.isArray(index.warnings) || 'REVIEW.md' in fileHashes ? list(index.warnings) : undefined,
    manifests,
    objects: new Map(manifests.map((m) => [m.name, parse(m.name)])),
    bodies: new Map(declarations.map((d) => [d.name, parse(d.file)])),
    fileHashes,
  };
}

/** The stacks of an output folder: every subfolder with an index.json. */
export function stacksIn(dir: string): string[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new SnapshotError(`${dir} is not a folder`);
  return readdirSync(dir)
    .filter((name) => !name.startsWith('.') && existsSync(join(dir, name, 'index.json')))
    .sort();
}
