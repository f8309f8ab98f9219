import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';

type YamlLibrary = typeof import('yaml');

/**
 * The `yaml` library, one copy per process. cdk8s bundles its own copy (a bundled dependency npm cannot
 * dedupe) and every synthesis loads cdk8s, so a second copy of the same release would compile its 72
 * modules again on every start-up. When cdk8s's copy is the very release we depend on, that copy is the
 * one we use; otherwise ours.
 */
export const YAML: YamlLibrary = loadYaml();

function loadYaml(): YamlLibrary {
  const ours = require.resolve('yaml/package.json');
  try {
    const bundled = require.resolve('yaml/package.json', { paths: [dirname(require.resolve('cdk8s'))] });
    if (bundled !== ours && versionAt(bundled) === versionAt(ours))
      return require(dirname(bundled)) as YamlLibrary;
  } catch {
    // cdk8s without a bundled yaml: ours it is.
  }
  return require('yaml') as YamlLibrary;
}

function versionAt(packageJson: string): string | undefined {
  return (JSON.parse(readFileSync(packageJson, 'utf8')) as { version?: string }).version;
}
