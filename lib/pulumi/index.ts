/** `pulumi up` per environment (`vks-bigip/pulumi`): the program and the As3Tenant dynamic resource. */
export { defineProgram, type ProgramOutputs } from './program';
export { As3Tenant, type As3TenantArgs } from './as3-tenant';
export type { As3TenantInputs, As3TenantOutputs } from './tenant-state';
