import { quote } from '../core/errors';
import { BigipObjectKind, BigipRef } from './inventory';
import type { As3SnatPool } from './snat-pool';

/** The fixed SNAT modes, as CIS (`snat`) and AS3 (`Service_*.snat`) both spell them. */
export type SnatMode = 'auto' | 'none' | 'self';

/**
 * Source address translation of a virtual server, for CIS custom resources and AS3 services alike: an
 * open set of `auto`, `none`, `self`, an existing BIG-IP SNAT pool, or (AS3 only) a SNAT pool declared
 * in the same declaration.
 * @see https://clouddocs.f5.com/containers/latest/userguide/crd/virtualserver.html (`snat`)
 * @see https://clouddocs.f5.com/products/extensions/f5-appsvcs-extension/latest/refguide/schema-reference.html#service-http (`snat`)
 */
export class Snat {
  /** SNAT automap to the BIG-IP's self IPs (the CIS and AS3 default). */
  public static readonly AUTO = new Snat('auto');
  /** No address translation: the pods must route their replies through the BIG-IP. */
  public static readonly NONE = new Snat('none');
  /** Use the virtual address itself as the source. */
  public static readonly SELF = new Snat('self');

  /** An existing BIG-IP SNAT pool (`BigipRef.snatPool('/Common/…')`), checked against the device inventory. */
  public static bigip(ref: BigipRef): Snat {
    if (!(ref instanceof BigipRef) || ref.kind !== BigipObjectKind.SNAT_POOL) {
      throw new Error(`Snat.bigip() needs a BigipRef.snatPool(...) reference, got ${quote(String(ref))}`);
    }
    return new Snat(ref);
  }

  /** A SNAT pool declared in the same AS3 application or a Shared one (AS3 services only; CIS cannot name it). */
  public static pool(pool: As3SnatPool): Snat {
    return new Snat(pool);
  }

  private constructor(public readonly value: SnatMode | As3SnatPool | BigipRef) {}

  /** Whether traffic leaves with a translated source address. */
  public get translates(): boolean {
    return this.value !== 'none';
  }

  /** The fixed mode, or undefined for a SNAT pool. */
  public get mode(): SnatMode | undefined {
    return typeof this.value === 'string' ? this.value : undefined;
  }

  /** Human-readable form for messages: the mode, or the pool. */
  public toString(): string {
    return typeof this.value === 'string' ? this.value : `SNAT pool ${this.value.path}`;
  }
}
