/**
 * Field paths of the CIS CRD schemas and of rendered resources (`pools[].monitor.type`), for the test that
 * every field of the 2.20.4 CRDs is a typed prop or a documented refusal.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Schema = Record<string, any>;

/** The leaf fields of a CRD's `spec` (objects without properties, such as label maps, count as leaves). */
export function crdLeafPaths(openApiSchema: Schema): string[] {
  const out: string[] = [];
  const walk = (schema: Schema, path: string) => {
    if (schema.properties) {
      for (const [name, sub] of Object.entries(schema.properties as Schema))
        walk(sub as Schema, path ? `${path}.${name}` : name);
    } else if (schema.items) walk(schema.items as Schema, `${path}[]`);
    else out.push(path);
  };
  walk(openApiSchema.properties.spec as Schema, '');
  return out;
}

/** Every field path present in a rendered spec, leaves and the objects and lists on the way. */
export function renderedLeafPaths(spec: unknown): string[] {
  const out: string[] = [];
  const walk = (value: unknown, path: string) => {
    if (path) out.push(path);
    if (Array.isArray(value)) for (const item of value) walk(item, `${path}[]`);
    else if (typeof value === 'object' && value !== null)
      for (const [key, sub] of Object.entries(value)) walk(sub, path ? `${path}.${key}` : key);
  };
  walk(spec, '');
  return out;
}

/**
 * CRD fields no prop renders, with the reason. Each must stay unrendered (the test fails on a stale entry).
 */
export const CRD_REFUSALS: Readonly<Record<string, Readonly<Record<string, string>>>> = {};

/**
 * Typed fields this single-cluster stack cannot render (CIS accepts them only in multi-cluster mode,
 * rule multicluster:multi-cluster-services-mode); test/components/multicluster/multi-cluster-pool.test.ts
 * renders them with a MultiCluster.
 */
const MULTI_CLUSTER = 'rendered by the multi-cluster tests (multiClusterServices needs a multi-cluster CIS)';
export const COVERED_ELSEWHERE: Readonly<Record<string, readonly string[]>> = {
  VirtualServer: ['clusterName', 'service', 'namespace', 'servicePort', 'weight'].map(
    (f) => `pools[].multiClusterServices[].${f}`,
  ),
  TransportServer: ['clusterName', 'service', 'namespace', 'servicePort', 'weight'].map(
    (f) => `pool.multiClusterServices[].${f}`,
  ),
  IngressLink: ['clusterName', 'namespace', 'service', 'weight'].map((f) => `multiClusterServices[].${f}`),
};
export const COVERED_ELSEWHERE_REASON = MULTI_CLUSTER;
