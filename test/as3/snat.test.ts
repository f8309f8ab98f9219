import { describe, expect, it } from 'vitest';
import { BigipRef } from '../../lib/as3/inventory';
import { Snat } from '../../lib/as3/snat';

describe('Snat', () => {
  it('offers auto, none, self and SNAT pools, one class for CIS and AS3', () => {
    expect(Snat.AUTO.mode).toBe('auto');
    expect(Snat.NONE.mode).toBe('none');
    expect(Snat.SELF.mode).toBe('self');
    const ref = BigipRef.snatPool('/Common/snat-pool_1');
    expect(Snat.bigip(ref).value).toBe(ref);
    expect(Snat.bigip(ref).mode).toBeUndefined();
    expect(String(Snat.bigip(ref))).toBe('SNAT pool /Common/snat-pool_1');
  });

  it('knows which values translate the source address', () => {
    expect(Snat.AUTO.translates).toBe(true);
    expect(Snat.SELF.translates).toBe(true);
    expect(Snat.bigip(BigipRef.snatPool('/Common/p1')).translates).toBe(true);
    expect(Snat.NONE.translates).toBe(false);
  });

  it('Snat.bigip() fails for a reference of another kind', () => {
    expect(() => Snat.bigip(BigipRef.iRule('/Common/x1'))).toThrow(
      'Snat.bigip() needs a BigipRef.snatPool(...) reference, got "irule /Common/x1"',
    );
  });
});
