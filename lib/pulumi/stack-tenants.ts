import type { StackOutput } from '../core/synth';
import type { As3TenantInputs } from './tenant-state';

/** One stack-owned tenant as the program registers it: its As3Tenant inputs and what it fronts. */
export interface StackOwnedTenant {
  /** `<device>/<tenant>`: the resource name. */
  readonly name: string;
  readonly inputs: As3TenantInputs;
  /** Stack-relative paths of the Kubernetes objects the tenant's virtuals send traffic to. */
  readonly fronts: readonly string[];
}

/** The tenants the stack writes itself (owner `stack`), from the synthesis records. */
export function stackOwnedTenants(output: StackOutput): StackOwnedTenant[] {
  return output.records.declarations
    .filter((d) => d.owner === 'stack')
    .map((d) => ({
      name: d.name,
      inputs: {
        stack: output.stackName,
        device: d.device,
        url: d.url,
        tenant: d.tenant,
        declaration: d.declaration,
        adopt: d.adopt ?? false,
      },
      fronts: d.fronts ?? [],
    }));
}
