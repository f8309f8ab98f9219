import { describe, expect, it } from 'vitest';
import { App } from '../../lib/core/app';
import { synthesizeStack } from '../../lib/core/synth';
import { Testing } from '../../lib/testing/testing';
import { INGRESS_LINK_LABEL } from '../../components/cis/f5-ingress-link';
import { definePolicy } from '../../stacks/policy';
import { checkConformance, cisCrdsAvailable } from '../helpers/cis-crd';
import { allObjects, type Doc } from '../helpers/fixture';

const CLUSTER = 'policy/k8s/vks-apps';

function synth() {
  const stack = definePolicy(new App());
  return { stack, tree: Testing.synth(stack) };
}

describe('the policy stack', () => {
  it('publishes through a Policy, an IngressLink and an ExternalDNS, with no warning', () => {
    const { stack, tree } = synth();
    const cis = allObjects(tree)
      .map((o) => o.object)
      .filter((o) => o.apiVersion === 'cis.f5.com/v1')
      .map((o: Doc) => `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`)
      .sort();
    expect(cis).toEqual([
      'ExternalDNS shop/shop-wideip',
      'IngressLink nginx-ingress/nginx-ingress',
      'Policy shop/shop-policy',
      'VirtualServer shop/billing',
      'VirtualServer shop/shop',
    ]);
    expect(synthesizeStack(stack).warnings).toEqual([]);
  });

  it('attaches the Policy by name, fronts the billing Service it does not deploy, labels the NGINX Service', () => {
    const { tree } = synth();
    const vs = Testing.parse(tree, `${CLUSTER}/virtualserver-shop-billing.yaml`) as Doc;
    expect(vs.spec).toMatchObject({
      policyName: 'shop-policy',
      pools: [{ service: 'billing', servicePort: 'https', path: '/billing' }],
    });
    expect(Object.keys(tree).some((path) => path.includes('service-shop-billing'))).toBe(false);
    const nginx = Testing.parse(tree, `${CLUSTER}/service-nginx-ingress-nginx-ingress.yaml`) as Doc;
    expect(nginx.metadata.labels[INGRESS_LINK_LABEL]).toBe('nginx-ingress');
    const policy = Testing.parse(tree, `${CLUSTER}/policy-shop-shop-policy.yaml`) as Doc;
    expect(policy.spec.l7Policies).toEqual({ waf: '/Common/shop-waf' });
  });

  it.skipIf(!cisCrdsAvailable())('renders only CIS resources that validate against the 2.20.4 CRD', () => {
    const { tree } = synth();
    for (const { object } of allObjects(tree).filter((o) => o.object.apiVersion === 'cis.f5.com/v1')) {
      const result = checkConformance(object);
      expect([object.metadata.name, result.schemaErrors, result.celErrors]).toEqual([
        object.metadata.name,
        [],
        [],
      ]);
    }
  });

  it('is deterministic', () => {
    expect(synthesizeStack(definePolicy(new App())).outputHash).toBe(
      synthesizeStack(definePolicy(new App())).outputHash,
    );
  });
});
