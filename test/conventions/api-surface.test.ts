import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as root from '../../lib/index';

/**
 * Conventions 16–18 (docs/conventions.md): one name per concept in the public API, and the layering
 * that keeps the package face honest.
 */

const REPO = resolve(__dirname, '../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return sourceFiles(path);
      return name.endsWith('.ts') ? [path] : [];
    });
}

/** Relative import specifiers of a file, resolved to repository paths. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:from|import|require)\s*\(?\s*'(\.[^']+)'/g)].map(
    (m) => m[1] as string,
  );
  return specifiers.map((s) => relative(REPO, resolve(file, '..', s)));
}

describe('the public API', () => {
  const names = Object.keys(root);

  it('exports the constructs, the AS3 model and the core API', () => {
    for (const name of [
      'App',
      'Stack',
      'Annotations',
      'Names',
      'SynthError',
      'ValidationError',
      'VksCluster',
    ]) {
      expect(names).toContain(name);
    }
    for (const name of [
      'CisController',
      'F5VirtualServer',
      'F5TransportServer',
      'TlsProfile',
      'NplService',
    ]) {
      expect(names).toContain(name);
    }
    for (const name of [
      'BigipDevice',
      'BigipPartition',
      'BigipVirtualServer',
      'As3ConfigMap',
      'As3Application',
    ]) {
      expect(names).toContain(name);
    }
    expect(typeof root.synthesizeApp).toBe('function');
    expect(typeof root.cis.VirtualServer).toBe('function');
  });

  it('has no two names that differ only by case', () => {
    const byLower = new Map<string, string[]>();
    for (const name of names)
      byLower.set(name.toLowerCase(), [...(byLower.get(name.toLowerCase()) ?? []), name]);
    expect([...byLower.values()].filter((group) => group.length > 1)).toEqual([]);
  });

  it('has no name that is another with an As3 prefix (one name per concept)', () => {
    const set = new Set(names);
    expect(names.filter((name) => name.startsWith('As3') && set.has(name.slice(3)))).toEqual([]);
  });

  it('does not export the internal helpers of the constructs', () => {
    for (const name of [
      'PropChecks',
      'report',
      'checkCrdPattern',
      'registerArtifactSource',
      'SynthContext',
    ]) {
      expect(names).not.toContain(name);
    }
  });
});

describe('layering', () => {
  const files = ['lib', 'components', 'stacks', 'bench'].flatMap((dir) => sourceFiles(join(REPO, dir)));
  const rel = (file: string) => relative(REPO, file);

  it('the CLI does not import the Pulumi program, nor the program the CLI', () => {
    const bad = files.flatMap((file) => {
      const from = rel(file);
      const imports = importsOf(file);
      if (from.startsWith('lib/cli/'))
        return imports.filter((i) => i.startsWith('lib/pulumi')).map((i) => `${from} → ${i}`);
      if (from.startsWith('lib/pulumi/'))
        return imports.filter((i) => i.startsWith('lib/cli')).map((i) => `${from} → ${i}`);
      return [];
    });
    expect(bad).toEqual([]);
  });

  it('components do not import Kubernetes layer internals (file names, the collector)', () => {
    const bad = files
      .filter((file) => rel(file).startsWith('components/'))
      .flatMap((file) =>
        importsOf(file)
          .filter((i) => i === 'lib/k8s/manifest-collector')
          .map((i) => `${rel(file)} → ${i}`),
      );
    expect(bad).toEqual([]);
  });

  it('stacks import only the package root', () => {
    const bad = files
      .filter((file) => rel(file).startsWith('stacks/'))
      .flatMap((file) =>
        importsOf(file)
          .filter((i) => !i.startsWith('stacks/'))
          .map((i) => `${rel(file)} → ${i}`),
      );
    expect(bad).toEqual([]);
  });

  it('one function synthesizes an app: commands, the program and the bench call synthesizeApp', () => {
    const callers = files.filter((file) => /\bsynthesizeStack\(/.test(readFileSync(file, 'utf8'))).map(rel);
    // Testing.synth renders one stack for a construct test; everything else goes through synthesizeApp.
    expect(callers.sort()).toEqual(['lib/core/synth.ts', 'lib/testing/testing.ts']);
  });
});
