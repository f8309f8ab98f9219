import {
  ApiObject,
  App,
  ImplicitTokenResolver,
  Lazy,
  LazyResolver,
  NumberStringUnionResolver,
  type IResolver,
} from 'cdk8s';
import { k8s } from './kube-api';
import { sortKeys as sortInPlace } from '../core/sort-keys';

/**
 * `apiObject.toJson()` without cdk8s's generic resolver walk, for the objects we know how cdk8s renders:
 * plain ApiObjects (our custom resources) and the generated `k8s.Kube*` classes. cdk8s resolves every
 * node of the tree with three resolver calls, a fresh key path and an `App.of` walk up the construct
 * tree, then sanitizes the result in a second walk and deep-clones it for JSON patches; at 100,000 apps
 * that is most of the rendering time. Here one walk does what the three default resolvers and the
 * sanitizer do, in the same order. Returns undefined where that equivalence is not known (an app with
 * other resolvers, a class with its own `toJson`): the caller then uses `toJson()` itself.
 * test/k8s/fast-json.test.ts proves it equal to `toJson()` for every object of every stack.
 */
export function fastJson(apiObject: ApiObject): Record<string, unknown> | undefined {
  const plan = planFor(apiObject);
  if (plan === undefined) return undefined;
  const props = (apiObject as unknown as { props?: unknown }).props;
  if (typeof props !== 'object' || props === null) return undefined;
  const sortKeys = !process.env.CDK8S_DISABLE_SORT;
  const data = Object.assign({}, props, { metadata: metadataJson(apiObject) });
  const resolved = resolveAndSanitize(data, sortKeys, false) as Record<string, unknown>;
  // ApiObject.toJson puts apiVersion, kind and metadata first.
  const base: Record<string, unknown> = {};
  for (const key of ['apiVersion', 'kind', 'metadata', ...Object.keys(resolved)])
    if (key in resolved) base[key] = resolved[key];
  if (plan === BASE) return base;
  return Object.assign({}, plan.gvk, plan.convert(base) as Record<string, unknown>);
}

/** The fields of cdk8s's ApiObjectMetadataDefinition its `toJson()` reads. */
interface MetadataFields {
  readonly _additionalAttributes?: unknown;
  readonly name?: unknown;
  readonly namespace?: unknown;
  readonly annotations?: unknown;
  readonly finalizers?: unknown;
  readonly ownerReferences?: unknown;
  readonly labels?: unknown;
}

/** `apiObject.metadata.toJson()`: resolved, sorted, empty arrays and objects dropped. */
function metadataJson(apiObject: ApiObject): unknown {
  const m = apiObject.metadata as unknown as MetadataFields;
  const known =
    typeof m._additionalAttributes === 'object' &&
    m._additionalAttributes !== null &&
    Array.isArray(m.finalizers) &&
    Array.isArray(m.ownerReferences) &&
    typeof m.labels === 'object' &&
    typeof m.annotations === 'object';
  if (!known) return apiObject.metadata.toJson();
  const data = Object.assign({}, m._additionalAttributes, {
    name: m.name,
    namespace: m.namespace,
    annotations: m.annotations,
    finalizers: m.finalizers,
    ownerReferences: m.ownerReferences,
    labels: m.labels,
  });
  return resolveAndSanitize(data, true, true);
}

interface TypedPlan {
  readonly gvk: Record<string, string>;
  readonly convert: (obj: unknown) => unknown;
}
const BASE = Symbol('ApiObject.prototype.toJson');
type Plan = TypedPlan | typeof BASE;

const DEFAULT_RESOLVERS = [LazyResolver, ImplicitTokenResolver, NumberStringUnionResolver];
const appsWithDefaultResolvers = new WeakMap<App, boolean>();
const plans = new Map<unknown, Plan | undefined>();

function planFor(apiObject: ApiObject): Plan | undefined {
  const app = App.of(apiObject);
  let defaults = appsWithDefaultResolvers.get(app);
  if (defaults === undefined) {
    const resolvers: readonly IResolver[] = app.resolvers;
    defaults =
      resolvers.length === DEFAULT_RESOLVERS.length &&
      resolvers.every((r, i) => Object.getPrototypeOf(r) === DEFAULT_RESOLVERS[i]?.prototype);
    appsWithDefaultResolvers.set(app, defaults);
  }
  if (!defaults) return undefined;
  const type = apiObject.constructor;
  if (!plans.has(type)) plans.set(type, computePlan(type as typeof ApiObject));
  return plans.get(type);
}

const kubeExports = k8s as unknown as Record<string, unknown>;

/**
 * BASE for a class whose `toJson` is ApiObject's; for a generated `k8s.Kube*` class, its GVK and its
 * `toJson_Kube*Props` converter (generated code: `{ ...GVK, ...toJson_KubeXProps(super.toJson()) }`).
 */
function computePlan(type: typeof ApiObject): Plan | undefined {
  if (type.prototype.toJson === ApiObject.prototype.toJson) return BASE;
  const name = type.name;
  const convert = kubeExports[`toJson_${name}Props`];
  const gvk = (type as unknown as { GVK?: Record<string, string> }).GVK;
  const isGenerated =
    name.startsWith('Kube') &&
    kubeExports[name] === type &&
    Object.getPrototypeOf(type) === ApiObject &&
    typeof convert === 'function' &&
    gvk !== undefined;
  return isGenerated ? { gvk: { ...gvk }, convert: convert as TypedPlan['convert'] } : undefined;
}

/**
 * cdk8s's `resolve` (Lazy, then implicit `resolve()` tokens, then number/string unions) and
 * `sanitizeValue` (nulls dropped, keys sorted, only plain objects; with `filterEmpty`, empty arrays and
 * objects dropped too, as for metadata) in one walk.
 */
function resolveAndSanitize(value: unknown, sortKeys: boolean, filterEmpty: boolean): unknown {
  if (value === null || value === undefined) return undefined;
  // Most nodes are strings and numbers: no resolver applies to a primitive, so they return first.
  const type = typeof value;
  if (type !== 'object' && type !== 'function') return value;
  if (value instanceof Lazy) return resolveAndSanitize(value.produce(), sortKeys, filterEmpty);
  const v = value as { resolve?: unknown; constructor?: unknown; value?: unknown };
  if (typeof v.resolve === 'function')
    return resolveAndSanitize((v.resolve as () => unknown)(), sortKeys, filterEmpty);
  if (type !== 'object') return value;
  if (Array.isArray(value)) {
    if (filterEmpty && value.length === 0) return undefined;
    return value.map((x) => resolveAndSanitize(x, sortKeys, filterEmpty));
  }
  if (v.constructor !== Object) {
    if (typeof v.value === 'number' || typeof v.value === 'string') return { value: v.value };
    // What cdk8s's sanitizer refuses.
    throw new Error(`can't render non-simple object of type '${(v.constructor as { name?: string })?.name}'`);
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  if (sortKeys) sortInPlace(keys);
  const result: Record<string, unknown> = {};
  let empty = true;
  for (const key of keys) {
    const resolved = resolveAndSanitize(record[key], sortKeys, filterEmpty);
    if (resolved !== undefined && resolved !== null) {
      result[key] = resolved;
      empty = false;
    }
  }
  return filterEmpty && empty ? undefined : result;
}
