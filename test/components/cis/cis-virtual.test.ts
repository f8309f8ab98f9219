import { describe, expect, it } from 'vitest';
import { BigipObjectKind, BigipRef } from '../../../lib/as3/inventory';
import { Snat } from '../../../lib/as3/snat';
import { As3Application } from '../../../lib/as3/application';
import { As3SnatPool } from '../../../lib/as3/snat-pool';
import { BigipPartition, PartitionOwner } from '../../../components/bigip/bigip-partition';
import { PoolMemberType } from '../../../components/cis/cis-controller';
import type { CisVirtual, CisVirtualProps } from '../../../components/cis/cis-virtual';
import { F5TransportServer } from '../../../components/cis/f5-transport-server';
import { F5VirtualServer } from '../../../components/cis/f5-virtual-server';
import { ServiceType } from '../../../components/workloads/service-backend';
import { synthesizeStack } from '../../../lib/core/synth';
import {
  expectSynthProblems,
  expectValidationError,
  expectValidationErrors,
} from '../../helpers/expect-errors';
import { FakeBackend, fixture, type Fixture } from '../../helpers/fixture';

/**
 * What F5VirtualServer and F5TransportServer share (CisVirtual): the same props, checks and messages,
 * proven once for each kind.
 */
interface Kind {
  readonly kind: 'VirtualServer' | 'TransportServer';
  build(f: Fixture, props: Partial<CisVirtualProps>): CisVirtual;
}

const KINDS: Kind[] = [
  {
    kind: 'VirtualServer',
    build: (f, props) =>
      new F5VirtualServer(f.cluster, 'Virtual', {
        partition: f.partition,
        virtualServerAddress: '192.0.2.10',
        pools: [{ service: new FakeBackend(f.cluster, 'Web', ServiceType.NODE_PORT) }],
        ...props,
      }),
  },
  {
    kind: 'TransportServer',
    build: (f, props) =>
      new F5TransportServer(f.cluster, 'Virtual', {
        partition: f.partition,
        virtualServerAddress: '192.0.2.10',
        virtualServerPort: 5432,
        service: new FakeBackend(f.cluster, 'Db', ServiceType.NODE_PORT),
        ...props,
      }),
  },
];

const PATH = 'test/Cluster/Virtual';
const nodeport = (options: Parameters<typeof fixture>[0] = {}) =>
  fixture({
    cluster: { nodePortLocalEnabled: false },
    cis: { poolMemberType: PoolMemberType.NODE_PORT },
    ...options,
  });

describe.each(KINDS)('$kind (CisVirtual)', ({ kind, build }) => {
  it('applies the shared defaults on public fields', () => {
    const f = nodeport();
    const v = build(f, {});
    expect(v.kind).toBe(kind);
    expect(v.snat).toBe(Snat.AUTO);
    expect(v.bigipRouteDomain).toBe(0);
    expect(v.iRules).toEqual([]);
    expect(v.namespace).toBe('default');
    expect(v.partition).toBe(f.partition);
  });

  it('records where it is published', () => {
    const f = nodeport({ cis: { poolMemberType: PoolMemberType.NODE_PORT, ipam: true } });
    build(f, { ipamLabel: 'prod-range', virtualServerAddress: undefined });
    const output = synthesizeStack(f.stack);
    expect(output.records.virtualServers).toEqual([
      expect.objectContaining({
        name: PATH,
        kind,
        device: 'bigip',
        partition: 'k8s',
        address: 'ipam:prod-range',
      }),
    ]);
  });

  it('renders existing iRules and a SNAT pool by path once the device has them', () => {
    const f = nodeport({
      device: {
        inventory: [
          { kind: BigipObjectKind.IRULE, path: '/Common/log_rule' },
          { kind: BigipObjectKind.SNAT_POOL, path: '/Common/pool_a' },
        ],
      },
    });
    build(f, {
      iRules: [BigipRef.iRule('/Common/log_rule')],
      snat: Snat.bigip(BigipRef.snatPool('/Common/pool_a')),
    });
    const manifest = synthesizeStack(f.stack).records.manifests.find((m) => m.manifest.kind === kind);
    expect(manifest?.manifest.spec).toMatchObject({ iRules: ['/Common/log_rule'], snat: '/Common/pool_a' });
  });

  describe('fails when', () => {
    it('the partition is missing', () => {
      const f = nodeport();
      expectValidationError(
        () => build(f, { partition: undefined }),
        PATH,
        `'partition' is required: the CIS BigipPartition the virtual is created in`,
      );
    });

    it('neither an address nor an IPAM label is given', () => {
      const f = nodeport();
      expectValidationError(
        () => build(f, { virtualServerAddress: undefined }),
        PATH,
        `one of 'virtualServerAddress' and 'ipamLabel' is required (the CRD rejects a ${kind} with neither)`,
      );
    });

    it('several shared props are wrong: every problem at once', () => {
      const f = nodeport();
      expectValidationErrors(
        () =>
          build(f, {
            virtualServerAddress: 'fe80::1%eth0',
            virtualServerName: '_vs',
            bigipRouteDomain: 70_000,
            namespace: 'Shop',
          }),
        PATH,
        [
          `'namespace' must be a DNS-1123 label (lower-case letters, digits and "-", at most 63 characters), got "Shop"`,
          `'virtualServerAddress' must be an IPv4 or IPv6 address, got "fe80::1%eth0"`,
          `'virtualServerName' must be a BIG-IP virtual name starting with a letter, got "_vs"`,
          `'bigipRouteDomain' must be an integer from 0 to 65535, got 70000`,
        ],
      );
    });

    it('an iRule is not in the device inventory', () => {
      const f = nodeport();
      build(f, { iRules: [BigipRef.iRule('/Common/nope')] });
      expectSynthProblems(f.stack, [
        {
          path: PATH,
          message:
            "'iRules[0]' references irule /Common/nope, which is not in the inventory of device bigip (declared: none); AS3 would reject the whole declaration",
        },
      ]);
    });

    it('the SNAT pool is one declared in AS3 (CIS can only name existing ones)', () => {
      const f = nodeport();
      const apps = new BigipPartition(f.stack, 'Apps', { device: f.device, owner: PartitionOwner.STACK });
      const pool = new As3SnatPool(new As3Application(f.stack, 'Shared', { tenant: apps }), 'Snat', {
        snatAddresses: ['192.0.2.200'],
      });
      build(f, { snat: Snat.pool(pool) });
      expect(() => synthesizeStack(f.stack)).toThrow(
        `'snat' SNAT pool /Apps/Shared/Snat is declared in AS3; a CIS resource names an existing BIG-IP SNAT pool: Snat.bigip(BigipRef.snatPool('/Common/…'))`,
      );
    });

    it('the partition is not written by CIS', () => {
      const f = nodeport();
      const apps = new BigipPartition(f.stack, 'Apps', { device: f.device, owner: PartitionOwner.STACK });
      build(f, { partition: apps });
      expect(() => synthesizeStack(f.stack)).toThrow(
        `'partition' "Apps" is owned by stack, not CIS; CIS custom resources may only use CIS partitions`,
      );
    });
  });
});
