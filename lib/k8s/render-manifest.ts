import { JsonPatch, type ApiObject } from 'cdk8s';

/**
 * The manifest of an object with its JSON patches applied last. cdk8s applies patches before the typed
 * serializer of the `k8s.Kube*` classes runs, and that serializer drops every field it does not know
 * and every IntOrString or Quantity given as plain JSON, so an escape-hatch patch would vanish silently.
 */
export function renderManifest(apiObject: ApiObject): Record<string, unknown> {
  const internals = apiObject as unknown as { patches?: JsonPatch[] };
  const patches = Array.isArray(internals.patches) ? internals.patches.splice(0) : [];
  try {
    const manifest = apiObject.toJson() as Record<string, unknown>;
    return patches.length === 0
      ? manifest
      : (JsonPatch.apply(manifest, ...patches) as Record<string, unknown>);
  } finally {
    internals.patches?.push(...patches);
  }
}
