import { Construct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { brand, foreignCopyOf, hasBrand } from '../../lib/core/brand';
import { App } from '../../lib/core/app';
import { Stack } from '../../lib/core/stack';
import { VksCluster } from '../../components/workloads/vks-cluster';
import { synthProblems } from '../helpers/expect-errors';

describe('brands: type checks across copies of the package', () => {
  class Widget {}
  brand(Widget, 'TestWidget');
  class SubWidget extends Widget {}

  it('instanceof holds for an object of the same class from another copy (same brand)', () => {
    // Another copy's class: a different constructor whose prototype carries the same brand.
    class OtherCopyWidget {}
    brand(OtherCopyWidget, 'TestWidget');
    expect(new OtherCopyWidget() instanceof Widget).toBe(true);
    expect(hasBrand(new OtherCopyWidget(), 'TestWidget')).toBe(true);
    expect({} instanceof Widget).toBe(false);
  });

  it('subclasses keep the ordinary prototype check', () => {
    expect(new SubWidget() instanceof Widget).toBe(true);
    expect(new Widget() instanceof SubWidget).toBe(false);
  });

  it('synthesis names a construct of another copy instead of failing obscurely', () => {
    const stack = new Stack(new App(), 'dev');
    const cluster = new VksCluster(stack, 'Cluster', { clusterName: 'c1', vsphereNamespace: 'ns' });
    expect(foreignCopyOf(cluster)).toBeUndefined();
    const foreign = new VksCluster(stack, 'Other', { clusterName: 'c2', vsphereNamespace: 'ns' });
    // What a VksCluster created by a second installed copy carries: that copy's folder.
    Object.defineProperty(foreign, Symbol.for('vks-bigip.copy'), {
      value: '/elsewhere/node_modules/vks-bigip',
    });
    expect(synthProblems(stack)).toEqual([
      {
        path: 'dev/Other',
        message:
          "was created by another copy of vks-bigip (loaded from /elsewhere/node_modules/vks-bigip) than the one synthesizing; two copies do not see each other's constructs. Install vks-bigip once: team libraries list it as a peer dependency (check with npm ls vks-bigip)",
      },
    ]);
  });

  it('a plain construct carries no copy', () => {
    expect(foreignCopyOf(new Construct(new App(), 'X'))).toBeUndefined();
  });
});
