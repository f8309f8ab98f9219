import * as pulumi from '@pulumi/pulumi';
import { as3TenantProvider } from './as3-tenant-provider';

/** Inputs of an As3Tenant; see tenant-state.ts for their meaning. */
export interface As3TenantArgs {
  readonly stack: pulumi.Input<string>;
  readonly device: pulumi.Input<string>;
  readonly url: pulumi.Input<string>;
  readonly tenant: pulumi.Input<string>;
  readonly declaration: pulumi.Input<Record<string, unknown>>;
  readonly adopt: pulumi.Input<boolean>;
}

/**
 * One stack-owned AS3 tenant on one BIG-IP, reconciled through AS3 by a dynamic provider
 * (type `pulumi-nodejs:dynamic/vks-bigip:As3Tenant`).
 */
export class As3Tenant extends pulumi.dynamic.Resource {
  public readonly tenant!: pulumi.Output<string>;
  public readonly device!: pulumi.Output<string>;
  public readonly result!: pulumi.Output<string>;
  public readonly declaration!: pulumi.Output<Record<string, unknown>>;

  constructor(name: string, args: As3TenantArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      as3TenantProvider,
      name,
      { ...args, result: undefined, drift: undefined },
      opts,
      'vks-bigip',
      'As3Tenant',
    );
  }
}
