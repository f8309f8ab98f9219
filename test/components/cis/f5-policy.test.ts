import { Duration } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { BigipObjectKind, BigipRef } from '../../../lib/as3/inventory';
import { PersistenceMethod } from '../../../lib/as3/persist';
import { Snat } from '../../../lib/as3/snat';
import { PoolMemberType } from '../../../components/cis/cis-controller';
import { AutoLastHop, F5Policy, PolicyPriority } from '../../../components/cis/f5-policy';
import { F5TransportServer } from '../../../components/cis/f5-transport-server';
import { F5VirtualServer } from '../../../components/cis/f5-virtual-server';
import { ServiceRef } from '../../../components/workloads/service-ref';
import { expectSynthProblems, expectValidationError } from '../../helpers/expect-errors';
import { Cni } from '../../../components/networking/cluster-network';
import { fixture, k8sObject, Testing } from '../../helpers/fixture';

function setup() {
  const f = fixture({
    // cluster mode needs a CNI that routes pod IPs and a route to them: Calico with static routing
    cluster: { cni: Cni.CALICO, nodePortLocalEnabled: false },
    cis: { poolMemberType: PoolMemberType.CLUSTER, staticRoutingMode: true },
    device: {
      inventory: [
        { kind: BigipObjectKind.WAF_POLICY, path: '/Common/WAF_Policy' },
        { kind: BigipObjectKind.DOS_PROFILE, path: '/Common/dos' },
        { kind: BigipObjectKind.BOT_DEFENSE_PROFILE, path: '/Common/bot-defense' },
        { kind: BigipObjectKind.FIREWALL_POLICY, path: '/Common/afm' },
        { kind: BigipObjectKind.IRULE, path: '/Common/insecure_rule' },
      ],
    },
  });
  const svc = ServiceRef.fromName(f.cluster, 'default', 'svc-1', 80);
  return { ...f, svc };
}

describe('F5Policy', () => {
  it('renders a Policy labelled f5cr with the l7/l3 policies, iRules, profiles, SNAT and pool settings it is given', () => {
    const f = setup();
    new F5Policy(f.cluster, 'Policy', {
      name: 'sample-policy',
      waf: BigipRef.wafPolicy('/Common/WAF_Policy'),
      dos: BigipRef.dosProfile('/Common/dos'),
      botDefense: BigipRef.botDefenseProfile('/Common/bot-defense'),
      firewallPolicy: BigipRef.firewallPolicy('/Common/afm'),
      allowSourceRange: ['10.0.0.0/8'],
      allowVlans: [BigipRef.vlan('/Common/external')],
      iRuleInsecure: BigipRef.iRule('/Common/insecure_rule'),
      iRulePriority: PolicyPriority.HIGH,
      persistenceProfile: PersistenceMethod.SOURCE_ADDRESS,
      profileTcpClient: BigipRef.tcpProfile('/Common/f5-tcp-wan'),
      autoLastHop: AutoLastHop.AUTO,
      snat: Snat.AUTO,
      slowRampTime: Duration.seconds(30),
      defaultPool: { service: f.svc },
    });
    new F5VirtualServer(f.cluster, 'Vs', {
      partition: f.partition,
      name: 'vs',
      virtualServerAddress: '192.0.2.10',
      pools: [{ service: f.svc }],
    });
    // The VLAN is not in the inventory: the Policy is only checked where a virtual uses it.
    const tree = Testing.synth(f.stack);
    const policy = k8sObject(tree, 'Policy', 'default', 'sample-policy');
    expect(policy.metadata.labels).toEqual({ f5cr: 'true' });
    expect(policy.spec).toEqual({
      l7Policies: { waf: '/Common/WAF_Policy' },
      l3Policies: {
        dos: '/Common/dos',
        botDefense: '/Common/bot-defense',
        firewallPolicy: '/Common/afm',
        allowSourceRange: ['10.0.0.0/8'],
        allowVlans: ['/Common/external'],
      },
      iRules: { insecure: '/Common/insecure_rule', priority: 'high' },
      profiles: { tcp: { client: '/Common/f5-tcp-wan' }, persistenceProfile: 'source-address' },
      autoLastHop: 'auto',
      snat: 'auto',
      poolSettings: { slowRampTime: 30 },
      defaultPool: { reference: 'service', service: 'svc-1', servicePort: 80, serviceNamespace: 'default' },
    });
  });

  it('is attached to virtuals by reference: policyName, and policyNamespace across namespaces', () => {
    const f = setup();
    const policy = new F5Policy(f.cluster, 'Policy', { name: 'shared-policy', namespace: 'policies' });
    new F5VirtualServer(f.cluster, 'Vs', {
      partition: f.partition,
      name: 'vs',
      namespace: 'default',
      virtualServerAddress: '192.0.2.10',
      policy,
      pools: [{ service: f.svc }],
    });
    new F5TransportServer(f.cluster, 'Ts', {
      partition: f.partition,
      name: 'ts',
      namespace: 'policies',
      virtualServerAddress: '192.0.2.11',
      virtualServerPort: 5432,
      policy,
      service: ServiceRef.fromName(f.cluster, 'policies', 'db', 5432),
    });
    const tree = Testing.synth(f.stack);
    expect(k8sObject(tree, 'VirtualServer', 'default', 'vs').spec).toMatchObject({
      policyName: 'shared-policy',
      policyNamespace: 'policies',
    });
    const ts = k8sObject(tree, 'TransportServer', 'policies', 'ts').spec;
    expect(ts.policyName).toBe('shared-policy');
    expect(ts.policyNamespace).toBeUndefined();
  });

  describe('fails when', () => {
    it('a reference has the wrong kind', () => {
      const f = setup();
      expectValidationError(
        () => new F5Policy(f.cluster, 'Policy', { waf: BigipRef.iRule('/Common/x') }),
        'test/Cluster/Policy',
        `'waf' must be a BigipRef of kind waf-policy (such as BigipRef.wafPolicy('/Common/…')), got "irule /Common/x"`,
      );
    });

    it('allowSourceRange holds something that is not a CIDR', () => {
      const f = setup();
      expectValidationError(
        () => new F5Policy(f.cluster, 'Policy', { allowSourceRange: ['10.0.0.0/33'] }),
        'test/Cluster/Policy',
        `'allowSourceRange[0]' must be a CIDR such as "10.0.0.0/8", got "10.0.0.0/33"`,
      );
    });

    it('slowRampTime is longer than 900 s', () => {
      const f = setup();
      expectValidationError(
        () => new F5Policy(f.cluster, 'Policy', { slowRampTime: Duration.minutes(20) }),
        'test/Cluster/Policy',
        `'slowRampTime' must be an integer from 0 to 900, got 1200`,
      );
    });

    it('a BIG-IP object it names is not in the inventory of a device whose virtual uses it', () => {
      const f = setup();
      const policy = new F5Policy(f.cluster, 'Policy', {
        profileL4: BigipRef.l4Profile('/Common/missing-l4'),
      });
      new F5VirtualServer(f.cluster, 'Vs', {
        partition: f.partition,
        virtualServerAddress: '192.0.2.10',
        policy,
        pools: [{ service: f.svc }],
      });
      expectSynthProblems(f.stack, [
        {
          path: 'test/Cluster/Vs',
          message:
            "'policy.profileL4' references l4-profile /Common/missing-l4, which is not in the inventory of device bigip (declared: /Common/fastL4); AS3 would reject the whole declaration (used through [test/Cluster/Policy])",
        },
      ]);
    });
  });
});
