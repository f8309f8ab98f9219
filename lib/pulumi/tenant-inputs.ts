import type { StackOutput } from '../core/synth';

/** What index.json records about one AS3 declaration (see BigipPartition and As3ConfigMap). */
export interface DeclarationEntry {
  readonly name: string;
  readonly device: string;
  readonly url: string;
  readonly tenant: string;
  readonly file: string;
  readonly owner: string;
  readonly adopt?: boolean;
  readonly fronts?: string[];
}

/** One stack-owned tenant as the As3Tenant resource takes it, read from the synthesized output. */
export interface StackOwnedTenant {
  /** `<device>/<tenant>`: the resource name. */
  readonly name: string;
  readonly device: string;
  readonly url: string;
  readonly tenant: string;
  readonly declaration: Record<string, unknown>;
  readonly adopt: boolean;
  /** Stack-relative paths of the Kubernetes objects the tenant's virtuals send traffic to. */
  readonly fronts: readonly string[];
}

/** The synthesized text of a stack-relative path; a missing file is a synthesis bug. */
export function outputFile(output: StackOutput, path: string): string {
  const content = output.files.get(`${output.stackName}/${path}`);
  if (content === undefined) throw new Error(`synthesized output of ${output.stackName} has no ${path}`);
  return content;
}

/**
 * The tenants the stack writes itself (owner `stack`), from its index.json and `.as3.json` files: the
 * very files `vks-bigip synth` writes for review, so Pulumi applies nothing rendered twice.
 */
export function stackOwnedTenants(output: StackOutput): StackOwnedTenant[] {
  const index = JSON.parse(outputFile(output, 'index.json')) as { declarations?: DeclarationEntry[] };
  return (index.declarations ?? [])
    .filter((d) => d.owner === 'stack')
    .map((d) => ({
      name: d.name,
      device: d.device,
      url: d.url,
      tenant: d.tenant,
      declaration: JSON.parse(outputFile(output, d.file)) as Record<string, unknown>,
      adopt: d.adopt ?? false,
      fronts: d.fronts ?? [],
    }));
}
