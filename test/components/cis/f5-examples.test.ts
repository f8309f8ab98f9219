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

/** Rebuilds the valid resources of one file from constructs and compares each with F5's, field by field. */
function rebuild(resources: ExampleResource[]): Outcome[] {
  const valid = resources.filter((r) => crdValid(r.object));
  const outcomes: Outcome[] = resources
    .filter((r) => !valid.includes(r))
    .map((resource) => ({ resource, valid: false, problems: ['not valid against the 2.20.4 CRD'] }));
  if (valid.length === 0) return outcomes;
  // Examples with multiClusterServices get a MultiCluster (ExampleBuilder), whose CIS runs without IPAM.
  const ipam = !resources.some((r) => JSON.stringify(r.object.spec ?? {}).includes('"multiClusterServices"'));
  const options = {
    cis: { poolMemberType: PoolMemberType.AUTO, ipam, staticRoutingMode: true, enableIpv6: true },
    cluster: { nodePortLocalEnabled: false, podCidrs: ['10.244.0.0/16'], serviceCidrs: ['172.30.0.0/16'] },
  };
  let objects: Doc[] = [];
  let failure: string | undefined;
  try {
    // First pass: the BIG-IP objects the resources name, for the device inventory of the second.
    const dry = new ExampleBuilder(fixture(options));
    dry.build(valid);
    const f = fixture({ ...options, device: { inventory: dry.inventory } });
    new ExampleBuilder(f).build(valid);
    objects = allObjects(Object.fromEntries(synthesizeStack(f.stack).files)).map((o) => o.object);
  } catch (error) {
    failure = (error as Error).message;
  }
  for (const resource of valid) {
    if (failure !== undefined) {
      outcomes.push({ resource, valid: true, problems: [failure] });
      continue;
    }
    const o = resource.object;
    const ours = objects.find(
      (x) =>
        x.kind === o.kind &&
        x.metadata.name === o.metadata.name &&
        x.metadata.namespace === (o.metadata.namespace ?? 'default'),
    );
    if (!ours) {
      outcomes.push({ resource, valid: true, problems: ['not rendered'] });
      continue;
    }
    const result = checkConformance(ours);
    outcomes.push({
      resource,
      valid: true,
      problems: [
        ...missingFields(pruneEmpty(o.spec ?? {}), ours.spec),
        ...result.schemaErrors.map((e) => `ours: ${e}`),
        ...result.celErrors.map((e) => `ours: ${e}`),
      ],
    });
  }
  return outcomes;
}

/**
 * F5 examples the constructs refuse on purpose, with the rule that refuses them: each is a mistake on a real
 * BIG-IP even though the CRD accepts it.
 */
const REFUSED: Record<string, string> = {
  'customResource/TransportServer/transport-server-with-tls/ts-with-tls-secret-ref.yaml#0':
    'a udp monitor on a tcp TransportServer checks a port nothing answers on UDP',
  'customResource/VirtualServer/PathRewrite/virtual-server.yaml#0':
    'three VirtualServers on one VIP:port without a hostGroup (CIS lets one overwrite the other, CIS#2277)',
  'customResource/VirtualServer/PathRewrite/virtual-server.yaml#1': 'same file, same VIP',
  'customResource/VirtualServer/PathRewrite/virtual-server.yaml#2': 'same file, same VIP',
  'customResource/VirtualServerWithTLSProfile/tls-with-tls-options/virtualserver-with-tlsOptions-no-dtls-single-dh-use.yml#0':
    'ciphers and cipherGroup together (mutually exclusive for CIS: it builds one or the other)',
};

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

  it('every other CRD-valid example is rebuilt too, except the listed refusals, each refused by a construct check', () => {
    const failed = valid.filter((o) => o.problems.length > 0);
    expect(failed.map((o) => `${o.resource.file}#${o.resource.index}`).sort()).toEqual(
      Object.keys(REFUSED).sort(),
    );
    // Refused by our checks (errors naming a construct), not by a gap in the props.
    for (const o of failed) expect(o.problems.join('\n')).toMatch(/\[test\/Cluster\//);
  });
});
