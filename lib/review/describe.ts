import type { PoolRecord, SynthRecords, VirtualServerRecord } from '../core/records';

/**
 * Phrases shared by REVIEW.md and `vks-bigip diff`: what BIG-IP will hold as a pool's members, who
 * writes a virtual, how a VIP reads.
 */

/** `192.0.2.10:80`, `192.0.2.10:443,80`, `[2001:db8::1]:80`, `ipam:<label>:80`. */
export function vipOf(vs: Pick<VirtualServerRecord, 'address' | 'ports'>): string {
  const address =
    vs.address.includes(':') && !vs.address.startsWith('ipam:') ? `[${vs.address}]` : vs.address;
  return vs.ports.length ? `${address}:${vs.ports.join(',')}` : address;
}

/** The Service of a pool as `namespace/name:port`, or `-` for explicit members. */
export function serviceOf(pool: PoolRecord): string {
  if (pool.service === undefined) return '-';
  return `${pool.namespace}/${pool.service}${pool.servicePort !== undefined ? `:${pool.servicePort}` : ''}`;
}

const MEMBER_KIND: Record<string, string> = {
  nodeport: 'NodePort',
  cluster: 'cluster (pod IPs)',
  nodeportlocal: 'NodePortLocal',
  static: 'static',
};

/** The member type as a reader knows it; static members of a Service are its nodes on its node port. */

export function memberKindOf(pool: PoolRecord): string {
  if (pool.memberType === 'static' && pool.service !== undefined) return 'static (nodes : node port)';
  return MEMBER_KIND[pool.memberType] ?? pool.memberType;
}

/** What BIG-IP will hold as members of the pool. */
export function membersOf(pool: PoolRecord): string {
  const port = pool.memberPort !== undefined ? String(pool.memberPort) : undefined;
  const listed = (fallbackPort: string) =>
    pool.members.map((m) => `${m.includes(':') ? `[${m}]` : m}:${port ?? fallbackPort}`).join(', ');
  switch (pool.memberType) {
    case 'nodeportlocal':
      return 'node IP : NodePortLocal port of each pod (Antrea)';
    case 'cluster':
      return 'pod IP : target port of each pod';
    case 'nodeport':
      if (!pool.members.length)
        return `node IP : ${port ?? 'the node port Kubernetes assigns'} of every node`;
      return port ? listed(port) : `${pool.members.join(', ')} : the node port Kubernetes assigns`;
    case 'static':
      return pool.members.length ? listed('?') : 'none (no members declared)';
    default:
      return pool.members.join(', ') || '-';
  }
}

/**
 * Who writes each virtual onto the BIG-IP: the partitions, controllers and declarations indexed once,
 * so a review of n virtuals looks each one up instead of scanning them all per virtual.
 */
export function writerLookup(
  records: Pick<SynthRecords, 'partitions' | 'controllers' | 'declarations'>,
): (vs: VirtualServerRecord) => string {
  const partitions = groupBy(records.partitions, (p) => `${p.device}|${p.partition}`);
  const controllers = groupBy(records.controllers, (c) => `${c.cluster}|${c.device}`);
  const declarations = groupBy(records.declarations, (d) => `${d.device}|${d.tenant}`);
  return (vs) => {
    if (isCisResource(vs)) {
      const candidates = controllers.get(`${vs.cluster}|${vs.device}`);
      const controller = candidates?.find((c) => c.partition === vs.partition) ?? candidates?.[0];
      return `CIS${controller ? ` (${controller.name})` : ''} from ${vs.kind} ${vs.name}`;
    }
    const key = `${vs.device}|${vs.partition}`;
    if (partitions.get(key)?.[0]?.owner === 'cis-as3-configmap') {
      const declaration = declarations.get(key)?.[0];
      return `CIS${declaration?.postedBy ? ` (${declaration.postedBy})` : ''} from AS3 ConfigMap`;
    }
    return 'stack (pulumi up)';
  };
}

/** Whether CIS writes the virtual from a Kubernetes resource (custom resource, Ingress, ConfigMap). */
export function isCisResource(vs: Pick<VirtualServerRecord, 'kind'>): boolean {
  return vs.kind !== 'AS3';
}

/** Records grouped by a key, each group in the records' order. */
export function groupBy<T>(records: readonly T[], keyOf: (record: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const record of records) {
    const key = keyOf(record);
    const group = groups.get(key);
    if (group) group.push(record);
    else groups.set(key, [record]);
  }
  return groups;
}

/** The owner of a partition as a reader knows it. */
export function ownerOf(owner: string): string {
  return (
    { cis: 'CIS (custom resources)', stack: 'stack (pulumi up)', 'cis-as3-configmap': 'CIS (AS3 ConfigMap)' }[
      owner
    ] ?? owner
  );
}

/** Escapes a markdown table cell. */
export function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
