import type { PoolRecord, VirtualServerRecord, WarningRecord } from '../core/records';
import { isCisResource, membersOf, memberKindOf, serviceOf, vipOf } from './describe';
import { diffFields, type FieldChange } from './field-diff';
import { restartWarnings } from './restart-warnings';
import type { StackSnapshot, StoredDeclaration } from './snapshot';

/**
 * What a change does, per stack: Kubernetes objects per cluster folder and AS3 per device → tenant →
 * application → object, field by field; what will be deleted and by whom; the virtual servers whose
 * VIP, port, host or members change; warnings added, resolved or acknowledged.
 */

export type ChangeStatus = 'added' | 'removed' | 'changed';

export interface ObjectDiff {
  /** `Kind namespace/name`, or an AS3 object name. */
  readonly name: string;
  readonly status: ChangeStatus;
  /** Field changes (changed objects only). */
  readonly fields: readonly FieldChange[];
}

export interface FolderDiff {
  /** Stack-relative folder, e.g. `k8s/vks-dev`. */
  readonly folder: string;
  readonly objects: readonly ObjectDiff[];
}

export interface ApplicationDiff {
  readonly name: string;
  readonly status: ChangeStatus;
  /** The application's own properties (`template`, …). */
  readonly fields: readonly FieldChange[];
  readonly objects: readonly ObjectDiff[];
}

export interface TenantDiff {
  readonly device: string;
  readonly tenant: string;
  /** `stack`, `cis-as3-configmap`. */
  readonly owner: string;
  readonly status: ChangeStatus;
  /** Envelope and tenant properties (schemaVersion, label, defaultRouteDomain, …). */
  readonly fields: readonly FieldChange[];
  readonly applications: readonly ApplicationDiff[];
}

export interface Deletion {
  /** What goes: `Service shop/api`, `AS3 tenant shop_legacy`, `BIG-IP virtual 192.0.2.11:80`. */
  readonly what: string;
  /** Where: a cluster folder or `<device>/<partition>`. */
  readonly where: string;
  /** Who owns it: the construct path in the app, or the tenant's writer. */
  readonly owner: string;
  /** Who deletes it. */
  readonly by: string;
}

export interface VirtualServerDiff {
  /** Construct path. */
  readonly name: string;
  readonly status: ChangeStatus;
  readonly vipBefore?: string;
  readonly vipAfter?: string;
  readonly changes: ReadonlyArray<{
    readonly field: string;
    readonly before: string;
    readonly after: string;
  }>;
}

export interface WarningDiff {
  readonly id: string;
  readonly path: string;
  readonly message: string;
  /** `added`, `resolved` (gone), `acknowledged` (now), `unacknowledged` (no longer). */
  readonly change: 'added' | 'resolved' | 'acknowledged' | 'unacknowledged';
  readonly reason?: string;
}

export interface StackDiff {
  readonly stack: string;
  /** `unchanged` when nothing in the output differs. */
  readonly status: ChangeStatus | 'unchanged';
  readonly kubernetes: readonly FolderDiff[];
  readonly as3: readonly TenantDiff[];
  readonly willDelete: readonly Deletion[];
  readonly virtualServers: readonly VirtualServerDiff[];
  readonly warnings: readonly WarningDiff[];
  /** Other files of the output that differ (REVIEW.md, kustomizations, GitOps bundles). */
  readonly files: {
    readonly added: readonly string[];
    readonly removed: readonly string[];
    readonly changed: readonly string[];
  };
}

function metadataOf(object: Record<string, unknown>): { name?: string; namespace?: string } {
  return (object.metadata ?? {}) as { name?: string; namespace?: string };
}

/** `Kind namespace/name` (cluster-scoped: `Kind name`). */
export function objectName(object: Record<string, unknown>): string {
  const { name, namespace } = metadataOf(object);
  return `${String(object.kind)} ${namespace ? `${namespace}/` : ''}${name}`;
}

function byKey<T>(items: readonly T[], key: (item: T) => string): Map<string, T> {
  return new Map(items.map((item) => [key(item), item]));
}

function keysOf<T>(before: Map<string, T>, after: Map<string, T>): string[] {
  return [...new Set([...before.keys(), ...after.keys()])].sort();
}

function clusterOfFolder(snapshot: StackSnapshot, folder: string): string {
  const cluster = snapshot.clusters.find((c) => c.folder === folder);
  if (cluster) return `cluster ${cluster.name}`;
  return folder.startsWith('k8s/supervisor/')
    ? `Supervisor namespace ${folder.slice('k8s/supervisor/'.length)}`
    : folder;
}

function diffKubernetes(before: StackSnapshot, after: StackSnapshot): FolderDiff[] {
  const a = byKey(before.manifests, (m) => m.name);
  const b = byKey(after.manifests, (m) => m.name);
  const folders = new Map<string, ObjectDiff[]>();
  const add = (folder: string, diff: ObjectDiff) =>
    folders.set(folder, [...(folders.get(folder) ?? []), diff]);
  for (const path of keysOf(a, b)) {
    const old = before.objects.get(path);
    const now = after.objects.get(path);
    const record = b.get(path) ?? a.get(path);
    if (!record) continue;
    if (!old && now) add(record.folder, { name: objectName(now), status: 'added', fields: [] });
    else if (old && !now) add(record.folder, { name: objectName(old), status: 'removed', fields: [] });
    else if (old && now) {
      const fields = diffFields(old, now);
      if (fields.length) add(record.folder, { name: objectName(now), status: 'changed', fields });
    }
  }
  return [...folders.keys()].sort().map((folder) => ({ folder, objects: folders.get(folder) ?? [] }));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The ADC of a request body (or the body itself when it is a bare ADC). */
function adcOf(body: Record<string, unknown> | undefined): Record<string, unknown> {
  if (!body) return {};
  return isRecord(body.declaration) ? body.declaration : body;
}

/** A tenant split into its own properties and its applications; an application into properties and objects. */
function splitClassed(
  value: Record<string, unknown>,
  childClass?: string,
): {
  own: Record<string, unknown>;
  children: Record<string, Record<string, unknown>>;
} {
  const own: Record<string, unknown> = {};
  const children: Record<string, Record<string, unknown>> = {};
  for (const [key, child] of Object.entries(value)) {
    if (
      isRecord(child) &&
      typeof child.class === 'string' &&
      (childClass === undefined || child.class === childClass)
    )
      children[key] = child;
    else own[key] = child;
  }
  return { own, children };
}

function diffChildren(
  before: Record<string, Record<string, unknown>>,
  after: Record<string, Record<string, unknown>>,
): ObjectDiff[] {
  const names = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return names.flatMap((name): ObjectDiff[] => {
    const a = before[name];
    const b = after[name];
    const label = `${String((b ?? a)?.class)} ${name}`;
    if (!a) return [{ name: label, status: 'added', fields: [] }];
    if (!b) return [{ name: label, status: 'removed', fields: [] }];
    const fields = diffFields(a, b);
    return fields.length ? [{ name: label, status: 'changed', fields }] : [];
  });
}

/**
 * One tenant, before and after. The envelope fields AS3 treats as metadata of the request (`class`,
 * `action`, `persist`, `id`) are not compared; everything the tenant holds is.
 */
export function diffTenant(
  device: string,
  tenant: string,
  owner: string,
  before: Record<string, unknown> | undefined,
  after: Record<string, unknown> | undefined,
): TenantDiff | undefined {
  const envelope = (body: Record<string, unknown> | undefined) => {
    const { [tenant]: _tenant, class: _c, id: _id, ...rest } = adcOf(body);
    return rest;
  };
  const tenantOf = (body: Record<string, unknown> | undefined) => {
    const value = adcOf(body)[tenant];
    return isRecord(value) ? value : undefined;
  };
  const a = tenantOf(before);
  const b = tenantOf(after);
  const status: ChangeStatus = !a ? 'added' : !b ? 'removed' : 'changed';
  const sa = splitClassed(a ?? {}, 'Application');
  const sb = splitClassed(b ?? {}, 'Application');
  const fields =
    status === 'changed'
      ? [
          ...diffFields(envelope(before), envelope(after)).map((f) => ({
            ...f,
            path: `(declaration).${f.path}`,
          })),
          ...diffFields(sa.own, sb.own),
        ]
      : [];
  const apps = [...new Set([...Object.keys(sa.children), ...Object.keys(sb.children)])].sort();
  const applications = apps.flatMap((name): ApplicationDiff[] => {
    const x = sa.children[name];
    const y = sb.children[name];
    const ox = splitClassed(x ?? {});
    const oy = splitClassed(y ?? {});
    const objects = diffChildren(ox.children, oy.children);
    if (!x || !y) return [{ name, status: x ? 'removed' : 'added', fields: [], objects }];
    const own = diffFields(ox.own, oy.own);
    return own.length || objects.length ? [{ name, status: 'changed', fields: own, objects }] : [];
  });
  if (status === 'changed' && fields.length === 0 && applications.length === 0) return undefined;
  return { device, tenant, owner, status, fields, applications };
}

function diffAs3(before: StackSnapshot, after: StackSnapshot): TenantDiff[] {
  const a = byKey(before.declarations, (d) => d.name);
  const b = byKey(after.declarations, (d) => d.name);
  return keysOf(a, b).flatMap((name) => {
    const record = (b.get(name) ?? a.get(name)) as StoredDeclaration;
    const diff = diffTenant(
      record.device,
      record.tenant,
      record.owner,
      before.bodies.get(name),
      after.bodies.get(name),
    );
    return diff ? [diff] : [];
  });
}

/** Who removes what a tenant of this owner loses. */
function tenantWriter(declaration: StoredDeclaration | undefined, stack: string): string {
  if (!declaration) return 'unknown';
  if (declaration.owner === 'stack') return `pulumi up of stack ${stack}`;
  if (declaration.owner === 'cis-as3-configmap')
    return `CIS${declaration.postedBy ? ` (${declaration.postedBy})` : ''}, from the AS3 ConfigMap`;
  return declaration.owner;
}

function deletions(
  before: StackSnapshot,
  after: StackSnapshot,
  kubernetes: FolderDiff[],
  as3: TenantDiff[],
): Deletion[] {
  const items: Deletion[] = [];
  const oldManifests = byKey(before.manifests, (m) => m.name);
  const newNames = new Set(after.manifests.map((m) => m.name));
  for (const [path, record] of oldManifests) {
    if (newNames.has(path)) continue;
    const object = before.objects.get(path) ?? {};
    items.push({
      what: objectName(object),
      where: `${record.folder} (${clusterOfFolder(before, record.folder)})`,
      owner: record.path ?? '-',
      by: 'pulumi up, or the GitOps engine with prune',
    });
  }
  const newVirtuals = new Set(after.virtualServers.map((v) => v.name));
  for (const vs of before.virtualServers) {
    if (newVirtuals.has(vs.name) || !isCisResource(vs)) continue;
    const controller =
      before.controllers.find(
        (c) => c.cluster === vs.cluster && c.device === vs.device && c.partition === vs.partition,
      ) ?? before.controllers.find((c) => c.cluster === vs.cluster && c.device === vs.device);
    items.push({
      what: `BIG-IP virtual ${vipOf(vs)} of ${vs.kind}`,
      where: `${vs.device}/${vs.partition}`,
      owner: vs.name,
      by: `CIS${controller ? ` (${controller.name})` : ''}, once the ${vs.kind} is deleted`,
    });
  }
  const oldDeclarations = byKey(before.declarations, (d) => d.name);
  for (const tenant of as3) {
    const record = oldDeclarations.get(`${tenant.device}/${tenant.tenant}`);
    const by = tenantWriter(record, before.stackName);
    if (tenant.status === 'removed') {
      items.push({
        what: `AS3 tenant ${tenant.tenant} (partition and every object in it)`,
        where: tenant.device,
        owner: `${record?.owner ?? 'unknown'}${record?.label ? ` (label ${record.label})` : ''}`,
        by: record?.owner === 'stack' ? `${by} (DELETE /declare/${tenant.tenant})` : by,
      });
      continue;
    }
    for (const app of tenant.applications) {
      if (app.status !== 'removed') continue;
      const vs = before.virtualServers.find(
        (v) => v.device === tenant.device && v.partition === tenant.tenant && v.application === app.name,
      );
      items.push({
        what: `AS3 application ${app.name}`,
        where: `${tenant.device}/${tenant.tenant}`,
        owner: vs?.name ?? `${record?.owner ?? 'unknown'}`,
        by: `${by} (the tenant is posted without it)`,
      });
    }
  }
  void kubernetes;
  return items;
}

function hostsOf(vs: VirtualServerRecord): string {
  return [vs.host, ...(vs.hostAliases ?? [])].filter((h) => h !== undefined).join(', ') || 'any';
}

function poolsOf(pools: readonly PoolRecord[] | undefined): string {
  return (
    (pools ?? [])
      .map((p) => `${p.path ? `${p.path} ` : ''}${serviceOf(p)} [${memberKindOf(p)}: ${membersOf(p)}]`)
      .join('; ') || '-'
  );
}

function diffVirtualServers(before: StackSnapshot, after: StackSnapshot): VirtualServerDiff[] {
  const a = byKey(before.virtualServers, (v) => v.name);
  const b = byKey(after.virtualServers, (v) => v.name);
  return keysOf(a, b).flatMap((name): VirtualServerDiff[] => {
    const x = a.get(name);
    const y = b.get(name);
    if (!x && y) return [{ name, status: 'added', vipAfter: vipOf(y), changes: [] }];
    if (x && !y) return [{ name, status: 'removed', vipBefore: vipOf(x), changes: [] }];
    if (!x || !y) return [];
    // Outputs of older versions have no protocol or pools in their records: nothing to compare there.
    const fields: Array<[string, string, string]> = [
      ['VIP', x.address, y.address],
      ['ports', x.ports.join(','), y.ports.join(',')],
      ...(x.protocol !== undefined
        ? ([['protocol', x.protocol, y.protocol ?? '-']] as Array<[string, string, string]>)
        : []),
      ['hosts', hostsOf(x), hostsOf(y)],
      ['partition', `${x.device}/${x.partition}`, `${y.device}/${y.partition}`],
      ...(x.pools !== undefined
        ? ([['pool members', poolsOf(x.pools), poolsOf(y.pools)]] as Array<[string, string, string]>)
        : []),
    ];
    const changes = fields
      .filter(([, p, q]) => p !== q)
      .map(([field, p, q]) => ({ field, before: p, after: q }));
    return changes.length
      ? [{ name, status: 'changed', vipBefore: vipOf(x), vipAfter: vipOf(y), changes }]
      : [];
  });
}

function diffWarnings(before: StackSnapshot, after: StackSnapshot): WarningDiff[] {
  if (!after.warnings) return [];
  const a = byKey<WarningRecord>(before.warnings ?? [], (w) => w.name);
  const b = byKey<WarningRecord>(after.warnings, (w) => w.name);
  if (!before.warnings && before.manifests.length) return [];
  return keysOf(a, b).flatMap((key): WarningDiff[] => {
    const x = a.get(key);
    const y = b.get(key);
    const base = (w: WarningRecord) => ({ id: w.id, path: w.path, message: w.message });
    if (y && !x)
      return [
        { ...base(y), change: 'added', ...(y.acknowledged !== undefined ? { reason: y.acknowledged } : {}) },
      ];
    if (x && !y) return [{ ...base(x), change: 'resolved' }];
    if (!x || !y) return [];
    if (x.acknowledged === undefined && y.acknowledged !== undefined)
      return [{ ...base(y), change: 'acknowledged', reason: y.acknowledged }];
    if (x.acknowledged !== undefined && y.acknowledged === undefined)
      return [{ ...base(y), change: 'unacknowledged' }];
    return [];
  });
}

function diffFiles(before: StackSnapshot, after: StackSnapshot, covered: Set<string>): StackDiff['files'] {
  const a = before.fileHashes;
  const b = after.fileHashes;
  const names = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((f) => !covered.has(f)).sort();
  return {
    added: names.filter((f) => !(f in a)),
    removed: names.filter((f) => !(f in b)),
    changed: names.filter((f) => f in a && f in b && a[f] !== b[f]),
  };
}

const EMPTY_FILES = { added: [], removed: [], changed: [] };

/** An empty snapshot, for a stack that exists on one side only. */
export function emptySnapshot(stackName: string): StackSnapshot {
  return {
    stackName,
    clusters: [],
    devices: [],
    partitions: [],
    declarations: [],
    virtualServers: [],
    controllers: [],
    warnings: [],
    manifests: [],
    objects: new Map(),
    bodies: new Map(),
    fileHashes: {},
  };
}

/** Compares two snapshots of one stack; either may be missing (a stack added or removed). */
export function diffStack(
  name: string,
  before: StackSnapshot | undefined,
  after: StackSnapshot | undefined,
): StackDiff {
  const a = before ?? emptySnapshot(name);
  const b = after ?? emptySnapshot(name);
  const kubernetes = diffKubernetes(a, b);
  const as3 = diffAs3(a, b);
  const covered = new Set([
    ...a.manifests.map((m) => m.name),
    ...b.manifests.map((m) => m.name),
    ...a.declarations.map((d) => d.file),
    ...b.declarations.map((d) => d.file),
  ]);
  const files = before && after ? diffFiles(a, b, covered) : EMPTY_FILES;
  const diff = {
    stack: name,
    kubernetes,
    as3,
    willDelete: deletions(a, b, kubernetes, as3),
    virtualServers: diffVirtualServers(a, b),
    warnings: [...diffWarnings(a, b), ...restartWarnings(a, b)],
    files,
  };
  const changed =
    kubernetes.length +
      as3.length +
      diff.virtualServers.length +
      diff.warnings.length +
      files.added.length +
      files.removed.length +
      files.changed.length >
    0;
  const status = !before ? 'added' : !after ? 'removed' : changed ? 'changed' : 'unchanged';
  return { ...diff, status };
}
