import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PoolMemberType } from '../../../components/cis/cis-controller';
import { synthesizeStack } from '../../../lib/core/synth';
import { checkConformance, cisCrdsAvailable } from '../../helpers/cis-crd';
import {
  ExampleBuilder,
  F5_EXAMPLES_DIR,
  loadExamples,
  missingFields,
  pruneEmpty,
  type ExampleResource,
} from '../../helpers/f5-examples';
import { allObjects, fixture, type Doc } from '../../helpers/fixture';

const examples = loadExamples();
const available = cisCrdsAvailable() && examples.size > 0;
if (!available) console.warn(`[f5-examples] SKIPPED: ${F5_EXAMPLES_DIR} or the CRD file is absent`);

interface Outcome {
  readonly resource: ExampleResource;
  readonly valid: boolean;
  readonly problems: string[];
}

/** Valid against the CRD schema and CEL rules, and with a name the API server accepts (DNS-1123 subdomain). */
function crdValid(object: Doc): boolean {
  const r = checkConformance(object);
  const name = String(object.metadata?.name ?? '');
  return (
    r.schemaErrors.length === 0 && r.celErrors.length === 0 && /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(name)
  );
}

/** The fixture of a set of resources: examples with multiClusterServices get a MultiCluster (ExampleBuilder), whose CIS runs without IPAM. */
function optionsFor(resources: readonly ExampleResource[]) {
  const ipam = !resources.some((r) => JSON.stringify(r.object.spec ?? {}).includes('"multiClusterServices"'));
  return {
    cis: { poolMemberType: PoolMemberType.AUTO, ipam, staticRoutingMode: true, enableIpv6: true },
    cluster: { nodePortLocalEnabled: false, podCidrs: ['10.244.0.0/16'], serviceCidrs: ['172.30.0.0/16'] },
  };
}

/** Synthesizes `resources` in one app: the objects, or the message of the failure. */
function synthesizeTogether(resources: ExampleResource[]): { objects: Doc[]; failure?: string } {
  const options = optionsFor(resources);
  try {
    // First pass: the BIG-IP objects the resources name, for the device inventory of the second.
    const dry = new ExampleBuilder(fixture(options));
    dry.build(resources);
    const f = fixture({ ...options, device: { inventory: dry.inventory } });
    new ExampleBuilder(f).build(resources);
    return { objects: allObjects(Object.fromEntries(synthesizeStack(f.stack).files)).map((o) => o.object) };
  } catch (error) {
    return { objects: [], failure: (error as Error).message };
  }
}

const keyOf = (o: Doc) => `${o.kind}/${o.metadata?.namespace ?? 'default'}/${o.metadata?.name}`;

/**
 * The apps a file's resources are rebuilt in. Kubernetes holds one object per kind, namespace and name,
 * so where F5's file repeats one (alternative variants of one resource, e.g. PathRewrite) each variant
 * gets its own app, with the file's other resources; every other file is one app.
 */
function variantsOf(resources: readonly ExampleResource[]): ExampleResource[][] {
  const byKey = new Map<string, ExampleResource[]>();
  for (const r of resources) byKey.set(keyOf(r.object), [...(byKey.get(keyOf(r.object)) ?? []), r]);
  const count = Math.max(0, ...[...byKey.values()].map((list) => list.length));
  return Array.from({ length: count }, (_, i) =>
    resources.filter((r) => {
      const list = byKey.get(keyOf(r.object)) ?? [];
      return list.length === 1 || list[i] === r;
    }),
  );
}

/** Rebuilds the valid resources of one file from constructs and compares each with F5's, field by field. */
function rebuild(resources: ExampleResource[]): Outcome[] {
  const valid = resources.filter((r) => crdValid(r.object));
  const outcomes: Outcome[] = resources
    .filter((r) => !valid.includes(r))
    .map((resource) => ({ resource, valid: false, problems: ['not valid against the 2.20.4 CRD'] }));
  const done = new Set<ExampleResource>();
  for (const variant of variantsOf(valid)) {
    const { objects, failure } = synthesizeTogether(variant);
    for (const resource of variant.filter((r) => !done.has(r))) {
      done.add(resource);
      outcomes.push(compare(resource, objects, failure));
    }
  }
  return outcomes;
}

/** F5's resource against ours of the same kind, namespace and name. */
function compare(resource: ExampleResource, objects: Doc[], failure: string | undefined): Outcome {
  if (failure !== undefined) return { resource, valid: true, problems: [failure] };
  const ours = objects.find((x) => keyOf(x) === keyOf(resource.object));
  if (!ours) return { resource, valid: true, problems: ['not rendered'] };
  const result = checkConformance(ours);
  return {
    resource,
    valid: true,
    problems: [
      ...missingFields(pruneEmpty(resource.object.spec ?? {}), ours.spec),
      ...result.schemaErrors.map((e) => `ours: ${e}`),
      ...result.celErrors.map((e) => `ours: ${e}`),
    ],
  };
}

/** A representative set, one per feature: checked field by field against F5's file. */
const REPRESENTATIVE = [
  'customResource/VirtualServer/defaultpool/vs-with-defaultPool.yaml',
  'customResource/VirtualServer/iRules/vs-with-iRules-none.yaml',
  'customResource/VirtualServerWithTLSProfile/reencrypt-hybrid-reference/virtualserver.yml',
  'customResource/VirtualServer/static-pool-members/alternate-backend-static-pool-members.yaml',
  'customResource/VirtualServer/virtual-with-named-port/virtual-with-service-port-name.yaml',
  'customResource/VirtualServer/virtual-server-with-hostPersistence/vs-with-hostPersistence-disable.yaml',
  'customResource/TransportServer/monitors-transport-server.yaml',
  'customResource/TransportServer/ts-with-named-port.yaml',
  'customResource/TransportServer/transport-server-with-tls/ts-with-tls-bigip-ref.yaml',
  'customResource/VirtualServerWithTLSProfile/tls-with-tlsCipher/virtualserver-with-disbaleTLSVersions.yml',
  'customResource/Policy/policy-with-pool-settings.yaml',
  'customResource/Policy/policy-with-default-pool.yaml',
  'customResource/IngressLink/ingresslink.yaml',
  'customResource/ExternalDNS/externaldns-multiple-monitors.yaml',
];

describe.skipIf(!available)("F5's CIS examples, rebuilt from constructs", () => {
  const outcomes = [...examples.values()].flatMap(rebuild);
  const valid = outcomes.filter((o) => o.valid);
  const rebuilt = valid.filter((o) => o.problems.length === 0);

  it('records the count', () => {
    const line = `rebuilt ${rebuilt.length} of ${valid.length} CRD-valid example resources (${outcomes.length} in all, ${outcomes.length - valid.length} invalid against the 2.20.4 CRD)`;
    console.log(`[f5-examples] ${line}`);
    if (process.env.F5_EXAMPLES_REPORT) writeFileSync(process.env.F5_EXAMPLES_REPORT, `${line}\n`);
    expect(valid.length).toBeGreaterThan(100);
  });

  it.each(REPRESENTATIVE)('%s: every field of F5’s file, reproduced', (file) => {
    const mine = outcomes.filter((o) => o.resource.file === file);
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.map((o) => ({ kind: o.resource.object.kind, problems: o.problems }))).toEqual(
      mine.map((o) => ({ kind: o.resource.object.kind, problems: [] })),
    );
  });

  it('every other CRD-valid example is rebuilt too: none is refused', () => {
    const failed = valid.filter((o) => o.problems.length > 0);
    expect(
      failed.map((o) => ({ at: `${o.resource.file}#${o.resource.index}`, problems: o.problems })),
    ).toEqual([]);
    expect(rebuilt.length).toBe(valid.length);
  });

  it('rebuilds each variant of PathRewrite, whose three VirtualServers share one name, in an app of its own', () => {
    const file = 'customResource/VirtualServer/PathRewrite/virtual-server.yaml';
    const variants = variantsOf(examples.get(file) ?? []);
    expect(variants.map((v) => v.map((r) => r.index))).toEqual([[0], [1], [2]]);
    expect(outcomes.filter((o) => o.resource.file === file).map((o) => o.problems)).toEqual([[], [], []]);
  });

  it('one app per file where no kind, namespace and name repeats', () => {
    const file = 'customResource/VirtualServerWithTLSProfile/reencrypt-hybrid-reference/virtualserver.yml';
    const resources = examples.get(file) ?? [];
    expect(variantsOf(resources)).toEqual([resources]);
  });
});
