import { Construct } from 'constructs';
import { As3Application, type As3ApplicationProps } from '../../lib/as3/application';
import { BigipInventory, type InventoryItem } from '../../lib/as3/inventory';
import type { As3Object } from '../../lib/as3/object';
import type { IAs3Device, IAs3Tenant } from '../../lib/as3/tenant';
import { App } from '../../lib/core/app';
import { canonicalize, AS3_HEAD } from '../../lib/core/canonical';
import { Stack } from '../../lib/core/stack';

/** A parsed AS3 JSON document: tests read fields freely. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = Record<string, any>;

/** A BIG-IP as the AS3 model sees it, without the BigipDevice construct's own rules. */
export class FakeDevice extends Construct implements IAs3Device {
  public readonly inventory: BigipInventory;

  constructor(
    scope: Construct,
    id: string,
    public readonly deviceName: string,
    inventory: InventoryItem[] = [],
  ) {
    super(scope, id);
    this.inventory = new BigipInventory(inventory);
  }
}

/** A tenant as the AS3 model sees it; unlike BigipPartition it may be named `Common`. */
export class FakeTenant extends Construct implements IAs3Tenant {
  constructor(
    scope: Construct,
    id: string,
    public readonly tenantName: string,
    public readonly device: IAs3Device,
  ) {
    super(scope, id);
  }
}

export interface Model {
  readonly app: App;
  readonly stack: Stack;
  readonly device: FakeDevice;
  /** Tenant `T` on `device`. */
  readonly tenant: FakeTenant;
  /** Application `A` (path `test/A`) in `tenant`. */
  readonly application: As3Application;
}

/**
 * A stack `test` with a device `bigip` (built-in inventory plus `inventory`), a tenant `T` and an
 * application `A` at `test/A`: the scope every AS3 class is tested in.
 */
export function model(inventory: InventoryItem[] = []): Model {
  const app = new App();
  const stack = new Stack(app, 'test');
  const device = new FakeDevice(stack, 'Device', 'bigip', inventory);
  const tenant = new FakeTenant(stack, 'Tenant', 'T', device);
  const application = new As3Application(stack, 'A', { tenant });
  return { app, stack, device, tenant, application };
}

/** Another application in the model's stack. */
export function application(m: Model, id: string, props: Partial<As3ApplicationProps> = {}): As3Application {
  return new As3Application(m.stack, id, { tenant: m.tenant, ...props });
}

/** The JSON of an object as it appears in a declaration: canonical key order, undefined members dropped. */
export function rendered(object: As3Object | As3Application): Json {
  return canonicalize(object.render(), AS3_HEAD) as Json;
}

/** A minimal PEM certificate block (not a real certificate; only its shape matters here). */
export const PEM = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\nAbCd+/=\n-----END CERTIFICATE-----\n';
