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

/** Whether `x` is a tenant applications can be declared in (an interface other libraries implement too). */
export function isAs3Tenant(x: unknown): x is IAs3Tenant {
  const t = x as Partial<IAs3Tenant> | null;
  return (
    typeof t === 'object' &&
    t !== null &&
    typeof t.tenantName === 'string' &&
    typeof t.device === 'object' &&
    t.device !== null &&
    typeof (t.device as Partial<IAs3Device>).inventory === 'object'
  );
}
