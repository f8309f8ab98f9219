/**
 * Tier 9, Kubernetes side: `pulumi up` of the repository's `dev` stack with program config
 * `renderTo: DIR`, through the real engine and the Kubernetes provider plugin built from Go modules
 * (its `renderYamlToDirectory` mode: manifests written to DIR/<cluster>/, no cluster needed). The
 * rendered objects must be exactly the objects `vks-bigip synth` writes (those its kustomization.yaml
 * files list), with the same content.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { after, before, describe, it } from 'node:test';
import YAML from 'yaml';
import { engineBin, EngineWorkspace, resourcesOf, ROOT } from './harness';

type Json = Record<string, unknown>;

const STACK = 'dev';

let ws: EngineWorkspace;
let bin: string;
let rendered: string;

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.yaml'))
    .map((name) => join(dir, name))
    .sort();
}

function keyOf(target: string, object: Json): string {
  const metadata = (object.metadata ?? {}) as Json;
  return [target, object.apiVersion, object.kind, metadata.namespace ?? '', metadata.name].join(' ');
}

/** `k8s/<cluster>` → cluster, `k8s/supervisor/<ns>` → `supervisor` (the program's provider names). */
function targetOf(folder: string): string {
  const parts = folder.split('/');
  return parts[1] === 'supervisor' ? 'supervisor' : (parts[1] as string);
}

/** What `vks-bigip synth` writes for the stack: every object its kustomization.yaml files list. */
function synthesizedObjects(out: string): Map<string, Json> {
  const objects = new Map<string, Json>();
  const k8s = join(out, STACK, 'k8s');
  for (const file of filesUnder(k8s).filter((f) => f.endsWith('/kustomization.yaml'))) {
    const folder = relative(join(out, STACK), join(file, '..'));
    const kustomization = YAML.parse(readFileSync(file, 'utf8')) as { resources: string[] };
    for (const resource of kustomization.resources) {
      const object = YAML.parse(readFileSync(join(file, '..', resource), 'utf8')) as Json;
      objects.set(keyOf(targetOf(folder), object), object);
    }
  }
  return objects;
}

/** What the provider rendered under DIR/<cluster>/ (0-crd/, 1-manifest/), as it wrote it. */
function renderedObjects(dir: string): Map<string, Json> {
  const objects = new Map<string, Json>();
  for (const file of filesUnder(dir)) {
    const target = relative(dir, file).split('/')[0] as string;
    for (const document of YAML.parseAllDocuments(readFileSync(file, 'utf8'))) {
      const object = document.toJSON() as Json | null;
      if (object) objects.set(keyOf(target, object), object);
    }
  }
  return objects;
}

before(async () => {
  bin = engineBin();
});

after(() => {
  ws?.dispose();
});

describe('pulumi engine: Kubernetes objects through the Kubernetes provider plugin', () => {
  it('up with renderTo writes exactly the objects vks-bigip synth writes', async (t) => {
    if (!existsSync(join(bin, 'pulumi-resource-kubernetes'))) {
      t.skip(`no pulumi-resource-kubernetes in ${bin} (tools/build-pulumi-engine.sh could not build it)`);
      return;
    }
    ws = await EngineWorkspace.create(bin, STACK);
    rendered = join(ws.root, 'rendered');
    await ws.pulumi(['config', 'set', 'app', join(ROOT, 'stacks', 'index.ts')]);
    await ws.pulumi(['config', 'set', 'renderTo', rendered]);
    await ws.pulumi(['up', '--yes', '--skip-preview']);

    const out = join(ws.root, 'dist');
    const synth = spawnSync(process.execPath, ['bin/vks-bigip.js', 'synth', '--stack', STACK, '--out', out], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    assert.equal(synth.status, 0, synth.stderr);

    const expected = synthesizedObjects(out);
    const objects = renderedObjects(rendered);
    assert.ok(expected.size > 0);
    assert.deepEqual([...objects.keys()].sort(), [...expected.keys()].sort());
    // No normalization: the provider (server-side apply mode) adds nothing, not even a managed-by label.
    for (const [key, object] of expected) assert.deepEqual(objects.get(key), object, key);

    // The cluster providers render and hold no kubeconfig; every object went through one of them.
    const { deployment } = await ws.exportState();
    const providers = resourcesOf(deployment, 'pulumi:providers:kubernetes');
    assert.deepEqual([...providers.keys()].sort(), ['supervisor', 'vks-dev']);
    for (const [name, provider] of providers) {
      assert.equal(provider.inputs?.renderYamlToDirectory, join(rendered, name));
      assert.equal(provider.inputs?.kubeconfig, undefined);
    }
  });
});
