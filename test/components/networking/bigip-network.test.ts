import { describe, expect, it } from 'vitest';
import { Annotations } from '../../../lib/core/annotations';
import { PoolMemberType } from '../../../components/cis/cis-controller';
import { BigipFormFactor, BigipNetwork } from '../../../components/networking/bigip-network';
import { Networking } from '../../../components/networking/cluster-network';
import { expectSynthProblems, expectValidationErrors } from '../../helpers/expect-errors';
import { fixture } from '../../helpers/fixture';

function nsx() {
  return fixture({
    cluster: { networking: Networking.NSX, nodeSegment: '10.20.0.0/24' },
    cis: { poolMemberType: PoolMemberType.NODE_PORT_LOCAL },
  });
}

describe('BigipNetwork', () => {
  it('checks its segment and self IPs all at once', () => {
    const f = nsx();
    expectValidationErrors(
      () =>
        new BigipNetwork(f.stack, 'Net', {
          device: f.device,
          dataSegment: '10.30.0.0/24',
          selfIps: [
            { unit: 'bigip1', address: '10.31.0.11' },
            { unit: 'bigip1', address: 'nope' },
          ],
          floatingSelfIp: '10.30.1.10',
        }),
      'test/Net',
      [
        `'selfIps[0].address' "10.31.0.11" must be inside 'dataSegment' "10.30.0.0/24"`,
        `'selfIps[1].unit' "bigip1" is used twice`,
        `'selfIps[1].address' must be an IPv4 or IPv6 address, got "nope"`,
        `'floatingSelfIp' "10.30.1.10" must be inside 'dataSegment' "10.30.0.0/24"`,
      ],
    );
  });

  it("fails when a self IP is inside the NSX cluster's segment ('network:self-ip-in-cluster-segment')", () => {
    const f = nsx();
    new BigipNetwork(f.stack, 'Net', {
      device: f.device,
      dataSegment: '10.20.0.0/23',
      selfIps: [{ unit: 'bigip1', address: '10.20.0.200' }],
      networking: Networking.NSX,
    });
    expectSynthProblems(f.stack, [
      {
        path: 'test/Net',
        message: `'selfIps[0].address' "10.20.0.200" is inside 'nodeSegment' "10.20.0.0/24" of NSX cluster [test/Cluster]; allowed: an address in another segment of the same VPC gateway [network:self-ip-in-cluster-segment]`,
      },
    ]);
  });

  it("warns when the BIG-IP on NSX is not a Virtual Edition ('network:virtual-edition-recommended')", () => {
    const f = nsx();
    const net = new BigipNetwork(f.stack, 'Net', {
      device: f.device,
      dataSegment: '10.30.0.0/24',
      selfIps: [{ unit: 'bigip1', address: '10.30.0.11' }],
      networking: Networking.NSX,
      formFactor: BigipFormFactor.APPLIANCE,
    });
    expect(Annotations.of(net).allWarnings()).toEqual([
      {
        id: 'network:virtual-edition-recommended',
        path: 'test/Net',
        message: `'formFactor' "appliance" on NSX: the recommended form factor is BigipFormFactor.VIRTUAL_EDITION, which connects to NSX segments directly`,
      },
    ]);
  });

  it('one network per device', () => {
    const f = nsx();
    const props = {
      device: f.device,
      dataSegment: '10.30.0.0/24',
      selfIps: [{ unit: 'a', address: '10.30.0.11' }],
    };
    new BigipNetwork(f.stack, 'Net', props);
    new BigipNetwork(f.stack, 'Net2', props);
    expectSynthProblems(f.stack, [
      {
        path: 'test/Net2',
        message: `'device' bigip already has the BigipNetwork [test/Net]; declare one per device`,
      },
    ]);
  });
});
