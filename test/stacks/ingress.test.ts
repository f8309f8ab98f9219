import { describe, expect, it } from 'vitest';
import { App } from '../../lib/core/app';
import { synthesizeStack } from '../../lib/core/synth';
import { Testing } from '../../lib/testing/testing';
import { defineIngress } from '../../stacks/ingress';
import type { Doc } from '../helpers/fixture';

const CLUSTER = 'ingress/k8s/vks-ingress';

function synthIngress() {
  const stack = defineIngress(new App());
  return { stack, tree: Testing.synth(stack) };
}

describe('the ingress stack', () => {
  it('synthesizes without problems or warnings', () => {
    const { stack } = synthIngress();
    expect(synthesizeStack(stack).warnings).toEqual([]);
  });

  it('runs CIS in legacy (Ingress) mode with the default VIP and only the Ingress permissions', () => {
    const { tree } = synthIngress();
    const deployment = Testing.parse(tree, `${CLUSTER}/deployment-kube-system-k8s-bigip-ctlr.yaml`) as Doc;
    const args = deployment.spec.template.spec.containers[0].args as string[];
    expect(args).toContain('--custom-resource-mode=false');
    expect(args).toContain('--default-ingress-ip=192.0.2.20');
    const role = Testing.parse(tree, `${CLUSTER}/clusterrole-k8s-bigip-ctlr.yaml`) as Doc;
    const groups = (role.rules as Doc[]).flatMap((r) => r.apiGroups as string[]);
    expect(groups).toContain('networking.k8s.io');
    expect(groups).not.toContain('cis.f5.com');
  });

  it('publishes the shop through an Ingress of the controller class', () => {
    const { tree } = synthIngress();
    const ingress = Testing.parse(tree, `${CLUSTER}/ingress-shop-shop.yaml`) as Doc;
    expect(ingress.spec.ingressClassName).toBe('f5');
    expect(ingress.spec.rules[0].host).toBe('shop.example.com');
    expect(ingress.metadata.annotations['virtual-server.f5.com/ip']).toBeUndefined();
    expect(JSON.parse(ingress.metadata.annotations['virtual-server.f5.com/clientssl'])).toEqual([
      { hosts: ['shop.example.com'], bigIpProfile: '/Common/clientssl' },
    ]);
  });
});
