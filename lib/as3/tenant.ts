import type { IConstruct } from 'constructs';
import type { BigipInventory } from './inventory';

/** The BIG-IP a tenant lives on, as the AS3 model needs it. */
export interface IAs3Device extends IConstruct {
  readonly deviceName: string;
  /** Objects declarations on this device may reference with `{ bigip }`. */
  readonly inventory: BigipInventory;
}

/** An AS3 tenant (a BIG-IP partition) that applications are declared in. */
export interface IAs3Tenant extends IConstruct {
  readonly tenantName: string;
  readonly device: IAs3Device;
}
