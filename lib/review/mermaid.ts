import type { SynthRecords } from '../core/records';
import { groupBy, memberKindOf, ownerOf, serviceOf, vipOf } from './describe';

/**
 * The topology of a stack as a Mermaid flowchart (GitHub and GitLab render it in the browser): clusters
 * with their CIS instances and Services, BIG-IP devices with their partitions and VIPs, and who writes
 * each partition. Ids are positional (`c0`, `d0p1`, …), so the text is as deterministic as the records.
 */

/** A label Mermaid accepts inside `["…"]`: no double quotes, no markdown or HTML of the user's. */
export function mermaidLabel(lines: readonly string[]): string {
  const escaped = lines.map((line) =>
    line
      .replace(/&/g, '#amp;')
      .replace(/"/g, '#quot;')
      .replace(/</g, '#lt;')
      .replace(/>/g, '#gt;')
      .replace(/[[\]{}|`]/g, (c) => `#${c.charCodeAt(0)};`),
  );
  return `"${escaped.join('<br/>')}"`;
}

export function renderMermaid(records: SynthRecords): string {
  const lines = ['flowchart LR'];
  const serviceIds = new Map<string, string>();
  const partitionIds = new Map<string, string>();
  const controllerIds = new Map<string, string>();

  // Each record is looked at once: the diagram of n virtuals costs O(n), not clusters × virtuals.
  const servicesByCluster = new Map<string, Set<string>>();
  for (const vs of records.virtualServers)
    for (const pool of vs.pools ?? []) {
      if (pool.cluster === undefined || pool.service === undefined) continue;
      const services = servicesByCluster.get(pool.cluster) ?? new Set<string>();
      services.add(serviceOf(pool));
      servicesByCluster.set(pool.cluster, services);
    }
  const virtualsByPartition = groupBy(records.virtualServers, (vs) => `${vs.device}|${vs.partition}`);
  const controllersByCluster = groupBy(records.controllers, (k) => k.cluster);
  const partitionsByDevice = groupBy(records.partitions, (p) => p.device);

  records.clusters.forEach((cluster, c) => {
    const cidrs = cluster.podCidrs.length ? `pods ${cluster.podCidrs.join(', ')}` : '';
    lines.push(
      `  subgraph c${c}[${mermaidLabel([
        `VKS cluster ${cluster.name}`,
        `${cluster.cni} on ${cluster.networking}, vSphere namespace ${cluster.vsphereNamespace}`,
        ...(cidrs ? [cidrs] : []),
        ...(cluster.nodeAddresses.length ? [`nodes ${cluster.nodeAddresses.join(', ')}`] : []),
      ])}]`,
    );
    (controllersByCluster.get(cluster.name) ?? []).forEach((controller, k) => {
      const id = `c${c}cis${k}`;
      controllerIds.set(controller.name, id);
      lines.push(
        `    ${id}[${mermaidLabel([
          `CIS ${controller.namespace} (${controller.name})`,
          `${controller.poolMemberType}, ${controller.customResourceMode ? 'custom resources' : 'ConfigMaps'}${controller.ipam ? ', IPAM' : ''}`,
        ])}]`,
      );
    });
    [...(servicesByCluster.get(cluster.name) ?? [])].sort().forEach((service, s) => {
      const id = `c${c}s${s}`;
      serviceIds.set(`${cluster.name}|${service}`, id);
      lines.push(`    ${id}([${mermaidLabel([`Service ${service}`])}])`);
    });
    lines.push('  end');
  });

  const vipIds: Array<{ id: string; vs: SynthRecords['virtualServers'][number] }> = [];
  records.devices.forEach((device, d) => {
    lines.push(`  subgraph d${d}[${mermaidLabel([`BIG-IP ${device.name}`, device.url])}]`);
    (partitionsByDevice.get(device.name) ?? []).forEach((partition, p) => {
      const id = `d${d}p${p}`;
      partitionIds.set(partition.name, id);
      lines.push(
        `    subgraph ${id}[${mermaidLabel([`partition ${partition.partition}`, `written by ${ownerOf(partition.owner)}`])}]`,
      );
      (virtualsByPartition.get(`${device.name}|${partition.partition}`) ?? []).forEach((vs, v) => {
        const vipId = `${id}v${v}`;
        vipIds.push({ id: vipId, vs });
        const hosts = [vs.host, ...(vs.hostAliases ?? [])].filter((h): h is string => h !== undefined);
        lines.push(
          `      ${vipId}[${mermaidLabel([`${vipOf(vs)} ${vs.protocol ?? ''}`.trim(), ...(hosts.length ? [hosts.join(', ')] : [])])}]`,
        );
      });
      lines.push('    end');
    });
    lines.push('  end');
  });

  if (records.partitions.some((p) => p.owner === 'stack')) {
    lines.push(`  up[${mermaidLabel(['pulumi up'])}]`);
  }
  for (const partition of records.partitions) {
    const target = partitionIds.get(partition.name);
    if (!target) continue;
    if (partition.owner === 'stack') lines.push(`  up -->|writes| ${target}`);
  }
  for (const controller of records.controllers) {
    const source = controllerIds.get(controller.name);
    const target = partitionIds.get(`${controller.device}/${controller.partition}`);
    if (source && target) lines.push(`  ${source} -->|writes| ${target}`);
  }
  for (const declaration of records.declarations) {
    if (declaration.owner !== 'cis-as3-configmap' || !declaration.postedBy) continue;
    const source = controllerIds.get(declaration.postedBy);
    const target = partitionIds.get(declaration.name);
    if (source && target) lines.push(`  ${source} -->|posts AS3 ConfigMap| ${target}`);
  }
  for (const { id, vs } of vipIds) {
    for (const pool of vs.pools ?? []) {
      const service =
        pool.cluster && pool.service ? serviceIds.get(`${pool.cluster}|${serviceOf(pool)}`) : undefined;
      if (service)
        lines.push(
          `  ${id} -->|${mermaidLabel([`${pool.path ?? 'pool'} ${memberKindOf(pool)}`])}| ${service}`,
        );
    }
  }
  return `${lines.join('\n')}\n`;
}
