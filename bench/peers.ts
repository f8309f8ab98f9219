import { ApiObject, App as Cdk8sApp, Chart } from 'cdk8s';
import YAML from 'yaml';
import { sha256 } from '../lib/core/artifacts';
import { canonicalize, KUBERNETES_HEAD, toCanonicalJson } from '../lib/core/canonical';
import type { StackOutput } from '../lib/core/synth';
import { emitYaml } from '../lib/core/yaml-emitter';

/** The final objects of a synthesized stack, parsed back once: what every peer starts from. */
export interface FinalObjects {
  /** Kubernetes objects (kustomizations included: they are files like any other). */
  readonly manifests: ReadonlyArray<Record<string, unknown>>;
  /** JSON files: AS3 declarations, index.json. */
  readonly json: readonly unknown[];
  /** Other files (REVIEW.md, .gitattributes), as text. */
  readonly text: readonly string[];
}

export function finalObjects(output: StackOutput): FinalObjects {
  const manifests: Array<Record<string, unknown>> = [];
  const json: unknown[] = [];
  const text: string[] = [];
  for (const [path, content] of output.files) {
    if (path.endsWith('.yaml')) manifests.push(YAML.parse(content) as Record<string, unknown>);
    else if (path.endsWith('.json')) json.push(JSON.parse(content));
    else text.push(content);
  }
  return { manifests, json, text };
}

/**
 * A hand-written cdk8s program of the same objects: one Chart of ApiObjects, synthesized by cdk8s
 * (`app.synthYaml()`: token resolution and the stock `yaml` library), the JSON files with JSON.stringify.
 */
export function cdk8sWithYamlLibrary(objects: FinalObjects): number {
  const app = new Cdk8sApp({ outdir: 'unused' });
  const chart = new Chart(app, 'Fleet');
  objects.manifests.forEach((manifest, n) => new ApiObject(chart, `Object${n}`, manifest as never));
  let length = app.synthYaml().length;
  for (const document of objects.json) length += JSON.stringify(document, null, 2).length;
  return length;
}

/** The same cdk8s program, each object's JSON (`chart.toJson()`) written by our YAML emitter. */
export function cdk8sWithOurEmitter(objects: FinalObjects): number {
  const app = new Cdk8sApp({ outdir: 'unused' });
  const chart = new Chart(app, 'Fleet');
  objects.manifests.forEach((manifest, n) => new ApiObject(chart, `Object${n}`, manifest as never));
  let length = 0;
  for (const manifest of chart.toJson()) length += emitYaml(manifest).length;
  for (const document of objects.json) length += JSON.stringify(document, null, 2).length;
  return length;
}

/**
 * The floor: what synth does per file once the objects exist — canonical key order, our emitter (or
 * canonical JSON), and the sha256 the output hash needs — for every file of the output.
 */
export function serializationFloor(objects: FinalObjects): number {
  let length = 0;
  for (const manifest of objects.manifests) {
    const text = emitYaml(canonicalize(manifest, KUBERNETES_HEAD));
    length += text.length + sha256(text).length;
  }
  for (const document of objects.json) {
    const text = toCanonicalJson(document);
    length += text.length + sha256(text).length;
  }
  for (const text of objects.text) length += sha256(text).length;
  return length;
}
