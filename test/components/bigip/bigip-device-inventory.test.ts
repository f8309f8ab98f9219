import { describe, expect, it } from 'vitest';
import { BigipDevice } from '../../../components/bigip/bigip-device';
import { BigipVirtualServer } from '../../../components/bigip/bigip-virtual-server';
import { BigipObjectKind, BigipRef, type InventoryItem } from '../../../lib/as3/inventory';
import { App } from '../../../lib/core/app';
import { Stack } from '../../../lib/core/stack';
import { synthesizeStack } from '../../../lib/core/synth';
import { expectValidationError, synthProblems } from '../../helpers/expect-errors';
import { as3Fixture, json, Testing } from '../../helpers/as3-fixture';

function stack() {
  return new Stack(new App(), 'test');
}

describe('BigipDevice inventory', () => {
  it('holds the BIG-IP built-ins by default', () => {
    const device = new BigipDevice(stack(), 'Bigip', { url: 'https://192.0.2.1' });
    expect(device.inventory.has(BigipRef.clientSslProfile('/Common/clientssl'))).toBe(true);
    expect(device.inventory.has(BigipRef.iRule('/Common/insert_xff'))).toBe(false);
    expect(device.inventory.pathsOf(BigipObjectKind.IRULE)).toEqual([]);
  });

  it('adds the declared objects, which declarations may then reference', () => {
    const f = as3Fixture({ inventory: [{ kind: BigipObjectKind.IRULE, path: '/Common/insert_xff' }] });
    expect(f.device.inventory.pathsOf(BigipObjectKind.IRULE)).toEqual(['/Common/insert_xff']);
    new BigipVirtualServer(f.stack, 'Vs', {
      partition: f.apps,
      virtualAddress: '192.0.2.10',
      serverAddresses: ['10.0.0.5'],
      iRules: [BigipRef.iRule('/Common/insert_xff')],
    });
    const tenant = json(Testing.synth(f.stack), 'test/bigip/bigip/apps.as3.json').declaration.apps;
    const [application] = Object.values(tenant).filter((v) => typeof v === 'object') as Array<
      Record<string, never>
    >;
    expect(application?.serviceMain).toMatchObject({ iRules: [{ bigip: '/Common/insert_xff' }] });
  });

  it('keeps inventories per device: an object of one BIG-IP is unknown on another', () => {
    const f = as3Fixture({ inventory: [{ kind: BigipObjectKind.IRULE, path: '/Common/insert_xff' }] });
    const other = new BigipDevice(f.stack, 'Other', { url: 'https://192.0.2.2' });
    expect(other.inventory.has(BigipRef.iRule('/Common/insert_xff'))).toBe(false);
  });

  describe('fails when', () => {
    it.each([
      [
        { kind: 'rule' as BigipObjectKind, path: '/Common/x' },
        `'inventory' inventory item kind must be a BigipObjectKind, got "rule"`,
      ],
      [
        { kind: BigipObjectKind.VLAN, path: 'external' },
        `'inventory' inventory item vlan needs a full path such as "/Common/name", got "external"`,
      ],
      [
        { kind: BigipObjectKind.IRULE, path: '/Common/' },
        `'inventory' inventory item irule needs a full path such as "/Common/name", got "/Common/"`,
      ],
    ] as Array<[InventoryItem, string]>)('an inventory item is %j', (item, detail) => {
      expectValidationError(
        () => new BigipDevice(stack(), 'Bigip', { url: 'https://192.0.2.1', inventory: [item] }),
        'test/Bigip',
        detail,
      );
    });

    it('two devices of a stack have the same management URL', () => {
      const s = stack();
      new BigipDevice(s, 'Bigip', { url: 'https://192.0.2.1' });
      new BigipDevice(s, 'Again', { url: 'https://192.0.2.1:443/' });
      expect(synthProblems(s)).toEqual([
        {
          path: 'test/Again',
          message: `'url' "https://192.0.2.1" is already the device [test/Bigip]; declare each BIG-IP once and share the construct`,
        },
      ]);
    });

    it('two devices of a stack have the same name', () => {
      const s = stack();
      new BigipDevice(s, 'Bigip', { url: 'https://192.0.2.1' });
      new BigipDevice(s, 'Other', { url: 'https://192.0.2.2', deviceName: 'bigip' });
      expect(synthProblems(s)).toEqual([
        { path: 'test/Other', message: `'deviceName' "bigip" is already used by [test/Bigip]` },
      ]);
    });
  });

  it('accepts two devices with distinct names and URLs', () => {
    const s = stack();
    new BigipDevice(s, 'Bigip', { url: 'https://192.0.2.1' });
    new BigipDevice(s, 'Other', { url: 'https://192.0.2.2' });
    expect(() => synthesizeStack(s)).not.toThrow();
  });
});
