import { describe, expect, it } from 'vitest';
import { Testing } from '../../../lib/testing/testing';
import { BigipPartition } from '../../../components/bigip/bigip-partition';
import { CisController, PoolMemberType } from '../../../components/cis/cis-controller';
import { F5VirtualServer } from '../../../components/cis/f5-virtual-server';
import { expectSynthProblems } from '../../helpers/expect-errors';
import { fixture, k8sObject, nplService } from '../../helpers/fixture';

describe('CisController name (several CIS instances in one cluster)', () => {
  it('renders a second controller under its own name, labels and selector', () => {
    const f = fixture();
    const second = new BigipPartition(f.stack, 'Second', { device: f.device, partitionName: 'k8s_second' });
    new CisController(f.cluster, 'CisSecond', {
      device: f.device,
      partition: second,
      name: 'k8s-bigip-ctlr-second',
      ingressClassName: 'f5-second',
      poolMemberType: PoolMemberType.NODE_PORT_LOCAL,
      trustedCertsConfigMap: 'kube-system/bigip-ca',
    });
    const tree = Testing.synth(f.stack);
    const deployment = k8sObject(tree, 'Deployment', 'kube-system', 'k8s-bigip-ctlr-second');
    expect(deployment.spec.selector.matchLabels).toEqual({
      'app.kubernetes.io/name': 'k8s-bigip-ctlr',
      'app.kubernetes.io/instance': 'k8s-bigip-ctlr-second',
    });
    expect(deployment.spec.template.spec.serviceAccountName).toBe('k8s-bigip-ctlr-second');
    expect(deployment.spec.template.spec.containers[0].args).toContain('--bigip-partition=k8s_second');
    expect(
      k8sObject(tree, 'Deployment', 'kube-system', 'k8s-bigip-ctlr').spec.selector.matchLabels[
        'app.kubernetes.io/instance'
      ],
    ).toBe('k8s-bigip-ctlr');
  });

  it('fails when two controllers keep the default name', () => {
    const f = fixture();
    const second = new BigipPartition(f.stack, 'Second', { device: f.device, partitionName: 'k8s_second' });
    new CisController(f.cluster, 'CisSecond', {
      device: f.device,
      partition: second,
      ingressClassName: 'f5-second',
      trustedCertsConfigMap: 'kube-system/bigip-ca',
    });
    expect(() => Testing.synth(f.stack)).toThrow(
      /deployment-kube-system-k8s-bigip-ctlr\.yaml, which \[test\/Cluster\/Cis\/Deployment\] already renders/,
    );
  });
});

describe('namespaces CIS watches', () => {
  it('fails when a VirtualServer and its Service are outside watchNamespaces', () => {
    const f = fixture({ cis: { watchNamespaces: ['shop'] } });
    const web = nplService(f.cluster, { name: 'web', namespace: 'other' });
    new F5VirtualServer(f.cluster, 'Vs', {
      partition: f.partition,
      namespace: 'other',
      virtualServerAddress: '192.0.2.10',
      pools: [{ service: web }],
    });
    expectSynthProblems(f.stack, [
      {
        path: 'test/Cluster/Vs',
        message: `'pools[0].service' Service other/web is in namespace "other", which [test/Cluster/Cis] does not watch (watchNamespaces: shop); CIS would ignore it`,
      },
      {
        path: 'test/Cluster/Vs',
        message: `the VirtualServer resource is in namespace "other", which [test/Cluster/Cis] does not watch (watchNamespaces: shop); CIS would ignore it`,
      },
    ]);
  });

  it('accepts resources in a watched namespace', () => {
    const f = fixture({ cis: { watchNamespaces: ['shop'] } });
    const web = nplService(f.cluster, { name: 'web', namespace: 'shop' });
    new F5VirtualServer(f.cluster, 'Vs', {
      partition: f.partition,
      namespace: 'shop',
      virtualServerAddress: '192.0.2.10',
      pools: [{ service: web }],
    });
    expect(() => Testing.synth(f.stack)).not.toThrow();
  });
});
