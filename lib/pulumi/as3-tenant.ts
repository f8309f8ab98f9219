import * as pulumi from '@pulumi/pulumi';
import { as3TenantProvider } from './as3-tenant-provider';
import type { As3TenantInputs } from './tenant-state';

/** Inputs of an As3Tenant: the provider's inputs (As3TenantInputs), each as a Pulumi input. */
export type As3TenantArgs = { readonly [K in keyof As3TenantInputs]: pulumi.Input<As3TenantInputs[K]> };

/**
 * One stack-owned AS3 tenant on one BIG-IP, reconciled through AS3 by a dynamic provider
 * (type `pulumi-nodejs:dynamic/vks-bigip:As3Tenant`).
 */
export class As3Tenant extends pulumi.dynamic.Resource {
  public readonly tenant!: pulumi.Output<string>;
  public readonly device!: pulumi.Output<string>;
  /** AS3's last per-tenant message (`success`, `no change`, or `declaration failed` after a partial failure). */
  public readonly result!: pulumi.Output<string>;
  /** `live` when a refresh with `liveDriftCheck` found the device's config drifted from the declaration. */
  public readonly drift!: pulumi.Output<string | undefined>;
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
