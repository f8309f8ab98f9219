import { JsonPatch, type ApiObject } from 'cdk8s';
import { fastJson } from './fast-json';

/**
 * The manifest of an object with its JSON patches applied last. cdk8s applies patches before the typed
 * serializer of the `k8s.Kube*` classes runs, and that serializer drops every field it does not know
 * and every IntOrString or Quantity given as plain JSON, so an escape-hatch patch would vanish silently.
 */
export function renderManifest(apiObject: ApiObject): Record<string, unknown> {
  const internals = apiObject as unknown as { patches?: JsonPatch[] };
  const patches = Array.isArray(internals.patches) ? internals.patches.splice(0) : [];
  try {
    const manifest = renderJson(apiObject);
    return patches.length === 0
      ? manifest
      : (JsonPatch.apply(manifest, ...patches) as Record<string, unknown>);
  } finally {
    internals.patches?.push(...patches);
  }
}

/** `apiObject.toJson()`, by the fast path where it is known to be equal; errors come from cdk8s's own path. */
function renderJson(apiObject: ApiObject): Record<string, unknown> {
  let manifest: Record<string, unknown> | undefined;
  try {
    manifest = fastJson(apiObject);
  } catch {
    manifest = undefined;
  }
  return manifest ?? (apiObject.toJson() as Record<string, unknown>);
}
