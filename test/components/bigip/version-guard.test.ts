import { describe, expect, it } from 'vitest';
import { JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import { App } from '../../../lib/core/app';
import { Stack } from '../../../lib/core/stack';
import { synthesizeStack } from '../../../lib/core/synth';
import { BigipDevice } from '../../../components/bigip/bigip-device';
import { BigipPartition, PartitionOwner } from '../../../components/bigip/bigip-partition';
import { BigipVirtualServer } from '../../../components/bigip/bigip-virtual-server';
import { cisAs3Compatibility, compareVersions, schemaVersionFor } from '../../../lib/as3/versions';
import { expectValidationError, synthProblems } from '../../helpers/expect-errors';
import { fixture } from '../../helpers/fixture';

function setup(device: { as3Version?: string; tmosVersion?: string } = {}) {
  const stack = new Stack(new App(), 'test');
  const bigip = new BigipDevice(stack, 'Bigip', { url: 'https://192.0.2.1', ...device });
  const partition = new BigipPartition(stack, 'Apps', {
    device: bigip,
    partitionName: 'apps',
    owner: PartitionOwner.STACK,
  });
  new BigipVirtualServer(stack, 'Web', {
    partition,
    applicationName: 'web',
    virtualAddress: '192.0.2.10',
    serverAddresses: ['10.0.0.1'],
    memberPort: 8080,
  });
  return { stack, bigip, partition };
}

/** A construct shaped like a CisController (cisVersion + device), as the guard finds them. */
class FakeCis extends Construct {
  constructor(
    scope: Construct,
    id: string,
    public readonly device: BigipDevice,
    public readonly cisVersion: string,
  ) {
    super(scope, id);
  }
}

function declarationOf(stack: Stack): { schemaVersion?: string } {
  const output = synthesizeStack(stack);
  const record = output.records.declarations[0];
  return (record?.declaration.declaration ?? {}) as { schemaVersion?: string };
}

describe('version guard', () => {
  it('defaults: AS3 3.56.0 and TMOS 17.1.0, declarations at schemaVersion 3.56.0, no warning', () => {
    const { stack, bigip } = setup();
    expect(bigip.as3Version).toBe('3.56.0');
    expect(bigip.tmosVersion).toBe('17.1.0');
    expect(declarationOf(stack).schemaVersion).toBe('3.56.0');
    expect(synthesizeStack(stack).warnings).toEqual([]);
  });

  it('renders a schemaVersion no newer than the device AS3', () => {
    expect(declarationOf(setup({ as3Version: '3.50.1' }).stack).schemaVersion).toBe('3.50.1');
    expect(schemaVersionFor('3.57.0')).toBe('3.56.0');
    expect(compareVersions('3.54.2', '3.54')).toBeGreaterThan(0);
  });

  it("warns when the device's AS3 has no schema offline ('as3:no-offline-schema')", () => {
    const { stack } = setup({ as3Version: '3.50.0' });
    const warnings = synthesizeStack(stack).warnings;
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ id: 'as3:no-offline-schema', path: 'test/Bigip' });
    expect(warnings[0]?.message).toMatch(
      /declares AS3 3\.50\.0, but the only AS3 schema available offline is 3\.56\.0/,
    );
  });

  describe('fails when', () => {
    it("a declaration's schemaVersion is newer than the device AS3 ('as3:schema-version-above-device')", () => {
      const { stack, partition } = setup({ as3Version: '3.50.0' });
      partition.addAs3JsonPatch(JsonPatch.replace('/declaration/schemaVersion', '3.56.0'));
      const problems = synthProblems(stack);
      expect(problems).toContainEqual({
        path: 'test/Apps',
        message:
          "the declaration's schemaVersion 3.56.0 is newer than AS3 3.50.0 on device 'bigip' (its 'as3Version'); AS3 would refuse it [as3:schema-version-above-device]",
      });
    });

    it("a stack-owned partition needs tenant-scoped writes the device's AS3 lacks ('as3:feature-needs-newer-as3')", () => {
      const { stack } = setup({ as3Version: '3.13.0' });
      const messages = synthProblems(stack).map((p) => p.message);
      expect(messages).toContainEqual(
        expect.stringMatching(
          /tenant-scoped writes with optimisticLockKey .* needs AS3 3\.14\.0 or later; device 'bigip' declares AS3 3\.13\.0 .*\[as3:feature-needs-newer-as3\]$/,
        ),
      );
    });

    it("a CIS release needs a newer AS3 than the device has ('cis:as3-version-incompatible')", () => {
      const { stack, bigip } = setup({ as3Version: '3.51.0' });
      new FakeCis(stack, 'Cis', bigip, '2.20.4');
      expect(synthProblems(stack)).toContainEqual({
        path: 'test/Bigip',
        message:
          '[test/Cis] CIS 2.20.4 needs AS3 3.52.0 or later on the device, which declares AS3 3.51.0 (cis-facts §8 (RELEASE-NOTES 2.19.1, 2.20.4)) [cis:as3-version-incompatible]',
      });
    });

    it("a CisController's release needs a newer AS3 than its device declares ('cis:as3-version-incompatible')", () => {
      const f = fixture({ device: { as3Version: '3.50.0' }, cis: { cisVersion: '2.20.4' } });
      expect(f.cis?.cisVersion).toBe('2.20.4');
      expect(synthProblems(f.stack).map((p) => p.message)).toContainEqual(
        '[test/Cluster/Cis] CIS 2.20.4 needs AS3 3.52.0 or later on the device, which declares AS3 3.50.0 (cis-facts §8 (RELEASE-NOTES 2.19.1, 2.20.4)) [cis:as3-version-incompatible]',
      );
    });

    it('cisVersion contradicts the image tag', () => {
      expect(() => fixture({ cis: { cisVersion: '2.19.1', imageTag: '2.20.4' } })).toThrow(
        /'cisVersion' "2\.19\.1" does not match 'imageTag' "2\.20\.4"/,
      );
    });

    it('as3Version or tmosVersion is not a version', () => {
      const stack = new Stack(new App(), 'test');
      expectValidationError(
        () => new BigipDevice(stack, 'Bigip', { url: 'https://192.0.2.1', as3Version: 'latest' }),
        'test/Bigip',
        `'as3Version' must be an AS3 release such as "3.56.0", got "latest"`,
      );
    });
  });

  it("warns when the device's AS3 is newer than the CIS release is documented with ('cis:as3-version-untested')", () => {
    const { stack, bigip } = setup({ as3Version: '3.57.0' });
    new FakeCis(stack, 'Cis', bigip, '2.20.4');
    const ids = synthesizeStack(stack).warnings.map((w) => `${w.id} ${w.path}`);
    expect(ids).toContain('cis:as3-version-untested test/Cis');
    expect(cisAs3Compatibility('2.18.0', '3.40.0')).toEqual({});
  });
});
