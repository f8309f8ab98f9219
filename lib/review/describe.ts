import type { PartitionRecord, PoolRecord, SynthRecords, VirtualServerRecord } from '../core/records';

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

/** Who writes the virtual onto the BIG-IP. */
export function writerOf(
  vs: VirtualServerRecord,
  records: Pick<SynthRecords, 'partitions' | 'controllers' | 'declarations'>,
): string {
  const partition = partitionOf(vs, records.partitions);
  if (isCisResource(vs)) {
    const candidates = records.controllers.filter((c) => c.cluster === vs.cluster && c.device === vs.device);
    const controller = candidates.find((c) => c.partition === vs.partition) ?? candidates[0];
    return `CIS${controller ? ` (${controller.name})` : ''} from ${vs.kind} ${vs.name}`;
  }
  if (partition?.owner === 'cis-as3-configmap') {
    const declaration = records.declarations.find((d) => d.device === vs.device && d.tenant === vs.partition);
    return `CIS${declaration?.postedBy ? ` (${declaration.postedBy})` : ''} from AS3 ConfigMap`;
  }
  return 'stack (pulumi up)';
}

/** Whether CIS writes the virtual from a Kubernetes resource (custom resource, Ingress, ConfigMap). */
export function isCisResource(vs: Pick<VirtualServerRecord, 'kind'>): boolean {
  return vs.kind !== 'AS3';
}

export function partitionOf(
  vs: Pick<VirtualServerRecord, 'device' | 'partition'>,
  partitions: readonly PartitionRecord[],
): PartitionRecord | undefined {
  return partitions.find((p) => p.device === vs.device && p.partition === vs.partition);
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
