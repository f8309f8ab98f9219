import { ApiObject, App as Cdk8sApp, Chart, Lazy, type IResolver } from 'cdk8s';
import { k8s } from 'cdk8s-plus-34';
import { describe, expect, it } from 'vitest';
import { fastJson } from '../../lib/k8s/fast-json';
import { createApp } from '../../stacks/index';
import { buildFleet } from '../../bench/fleet';

function apiObjectsOf(scope: { node: { findAll(): unknown[] } }): ApiObject[] {
  return scope.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject);
}

describe('fastJson: cdk8s toJson without the generic resolver walk', () => {
  it('equals toJson() for every object of every example stack and of a fleet', () => {
    const objects = [...apiObjectsOf(createApp()), ...apiObjectsOf(buildFleet(40).app)];
    expect(objects.length).toBeGreaterThan(300);
    const kinds = new Set<string>();
    for (const object of objects) {
      const fast = fastJson(object);
      // Every class we render is one the fast path knows.
      expect(fast, object.node.path).toBeDefined();
      expect(JSON.stringify(fast), object.node.path).toBe(JSON.stringify(object.toJson()));
      kinds.add(object.kind);
    }
    expect(kinds.size).toBeGreaterThan(15);
  });

  it('resolves Lazy values, implicit tokens and number/string unions, drops nulls and sorts keys as cdk8s does', () => {
    const app = new Cdk8sApp();
    const chart = new Chart(app, 'C');
    const object = new ApiObject(chart, 'O', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'm',
        labels: { b: '2', a: '1' },
        annotations: {},
        finalizers: [],
        generateName: Lazy.any({ produce: () => 'gen-' }),
        extra: { empty: {}, none: [], kept: [{}] },
      },
      data: {
        z: Lazy.any({ produce: () => ({ nested: Lazy.any({ produce: () => 'deep' }), gone: null }) }),
        token: { resolve: () => ['x', null, undefined] },
        port: k8s.IntOrString.fromNumber(8080),
        name: k8s.IntOrString.fromString('http'),
        a: undefined,
        list: [{ y: 1, x: 2 }],
      },
    });
    const service = new k8s.KubeService(chart, 'S', {
      metadata: { name: 's' },
      spec: { ports: [{ port: 80, targetPort: k8s.IntOrString.fromString('http') }] },
    });
    for (const o of [object, service]) expect(JSON.stringify(fastJson(o))).toBe(JSON.stringify(o.toJson()));
  });

  it('steps aside for an app with other resolvers and for a class with its own toJson', () => {
    const custom: IResolver = { resolve: () => undefined };
    const app = new Cdk8sApp({ resolvers: [custom] });
    const chart = new Chart(app, 'C');
    const plain = new ApiObject(chart, 'O', { apiVersion: 'v1', kind: 'ConfigMap' });
    expect(fastJson(plain)).toBeUndefined();

    class Own extends ApiObject {
      public override toJson(): Record<string, unknown> {
        return { ...super.toJson(), extra: true };
      }
    }
    const own = new Own(new Chart(new Cdk8sApp(), 'D'), 'O', { apiVersion: 'v1', kind: 'ConfigMap' });
    expect(fastJson(own)).toBeUndefined();
  });

  it('refuses what cdk8s refuses: a value that is not plain JSON', () => {
    const chart = new Chart(new Cdk8sApp(), 'C');
    const object = new ApiObject(chart, 'O', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      data: { when: new Date(0) },
    });
    expect(() => object.toJson()).toThrow(/non-simple object/);
    expect(() => fastJson(object)).toThrow(/non-simple object of type 'Date'/);
  });
});
