import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { npm, offlineInstall, run, runAny, tarballFiles, tarballManifest } from './offline-install';

/**
 * The package as another team gets it: `npm pack` of vks-bigip (from a copy of this checkout, so the
 * build writes nothing here), the example team library (examples/team-library) built, tested and packed
 * against that tarball, and both installed into a fresh copy of the example app (examples/consumer-app),
 * everything in one temp folder and without the network (offline-install.ts). Then, in the app's
 * folder: plain `require`, `tsc` against the .d.ts, `npx vks-bigip synth`, `npm ls`, the Pulumi program
 * under mocks and the As3Tenant provider against the simulator — each resolved from node_modules.
 * Takes a minute or two (two tsc builds, three offline installs).
 */

type Json = Record<string, unknown>;

const ROOT = path.resolve(__dirname, '../..');
const NODE = process.execPath;
const SECRET = 'Consumer-kubeconfig-9b2c';

let tmp: string;
let vksTarball: string;
let teamTarball: string;
let teamDir: string;
let app: string;

/** A copy of `from` without installs, builds and outputs. */
function copyTree(from: string, to: string): void {
  const skip = new Set(['node_modules', 'build', 'dist', '.git', 'coverage', '.scratch']);
  fs.cpSync(from, to, {
    recursive: true,
    filter: (source) => !skip.has(path.basename(source)) && !source.endsWith('.tsbuildinfo'),
  });
}

/** Points `dependencies`/`devDependencies` entries of dir/package.json at local tarballs. */
function useTarballs(dir: string, tarballs: Record<string, string>): void {
  const file = path.join(dir, 'package.json');
  const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, Record<string, string>>;
  for (const [name, tarball] of Object.entries(tarballs)) {
    const field = manifest.dependencies?.[name] ? 'dependencies' : 'devDependencies';
    expect(manifest[field]?.[name], `${name} in ${file}`).toBeDefined();
    (manifest[field] as Record<string, string>)[name] = `file:${path.relative(dir, tarball)}`;
  }
  fs.writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
}

/** `npm pack` in dir into tmp; the tarball's path. */
async function pack(dir: string): Promise<string> {
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as Json;
  await npm(dir, ['pack', '--pack-destination', tmp]);
  const name = `${String(manifest.name).replace(/^@/, '').replace('/', '-')}-${String(manifest.version)}.tgz`;
  const tarball = path.join(tmp, name);
  expect(fs.existsSync(tarball), `npm pack wrote ${name}`).toBe(true);
  return tarball;
}

/** Every file under dir, relative, sorted. */
function filesUnder(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => fs.statSync(path.join(dir, f)).isFile())
    .map((f) => f.split(path.sep).join('/'))
    .sort();
}

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vks-bigip-package-'));

  // vks-bigip: a copy of the checkout (tests, bench, stacks, examples and CI included, so `files` has
  // something to leave out), the repository's node_modules linked for the build, then `npm pack`.
  const source = path.join(tmp, 'vks-bigip');
  copyTree(ROOT, source);
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(source, 'node_modules'), 'dir');
  vksTarball = await pack(source);

  // The team library, built and packed against the vks-bigip tarball.
  teamDir = path.join(tmp, 'team-library');
  copyTree(path.join(ROOT, 'examples', 'team-library'), teamDir);
  useTarballs(teamDir, { 'vks-bigip': vksTarball });
  await offlineInstall(teamDir);
  teamTarball = await pack(teamDir); // prepack builds src/ and test/

  // The app: the example consumer, plus this repository's own stacks as a second app module.
  app = path.join(tmp, 'consumer-app');
  copyTree(path.join(ROOT, 'examples', 'consumer-app'), app);
  useTarballs(app, { 'vks-bigip': vksTarball, '@acme/vks-patterns': teamTarball });
  fs.mkdirSync(path.join(app, 'stacks', 'repo'));
  for (const file of fs.readdirSync(path.join(ROOT, 'stacks')).filter((f) => f.endsWith('.ts')))
    fs.copyFileSync(path.join(ROOT, 'stacks', file), path.join(app, 'stacks', 'repo', file));
  for (const script of ['pulumi-mocks.js', 'provider-roundtrip.js'])
    fs.copyFileSync(path.join(__dirname, 'scripts', script), path.join(app, script));
  await offlineInstall(app);
}, 900_000);

afterAll(async () => {
  if (tmp) await fs.promises.rm(tmp, { recursive: true, force: true });
}, 180_000);

describe('the vks-bigip tarball', () => {
  it('holds the compiled library, its declarations, the CLI and the README — no sources, tests or CI', () => {
    const files = tarballFiles(vksTarball);
    const outside = files.filter(
      (f) =>
        !/^build\/(lib|components)\/.+\.(js|d\.ts)$/.test(f) &&
        !/^bin\/[a-z-]+\.js$/.test(f) &&
        !['package.json', 'README.md'].includes(f),
    );
    expect(outside).toEqual([]);
    for (const entry of ['index', 'testing/index', 'simulator/index', 'bigip/index', 'pulumi/index'])
      expect(files).toEqual(expect.arrayContaining([`build/lib/${entry}.js`, `build/lib/${entry}.d.ts`]));
    expect(files).toContain('bin/vks-bigip.js');
    expect(files.filter((f) => /(^|\/)(test|tests|bench|stacks|examples|\.ci)\//.test(f))).toEqual([]);
    expect(files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
    expect(files.filter((f) => f.includes('.test.'))).toEqual([]);
  });

  it('strips @internal declarations from the .d.ts files', async () => {
    const extracted = path.join(tmp, 'extracted');
    fs.mkdirSync(extracted);
    await run(extracted, 'tar', ['-xzf', vksTarball]);
    const declarations = filesUnder(path.join(extracted, 'package', 'build')).filter((f) =>
      f.endsWith('.d.ts'),
    );
    expect(declarations.length).toBeGreaterThan(20);
    const internal = declarations.filter((f) =>
      fs.readFileSync(path.join(extracted, 'package', 'build', f), 'utf8').includes('@internal'),
    );
    expect(internal).toEqual([]);
  });

  it('is a public package with constructs and cdk8s as peer dependencies', () => {
    const manifest = tarballManifest(vksTarball);
    expect(manifest.private).toBeUndefined();
    expect(Object.keys(manifest.peerDependencies ?? {}).sort()).toEqual(['cdk8s', 'constructs']);
    expect(manifest.dependencies).not.toHaveProperty('cdk8s');
    expect(manifest.dependencies).not.toHaveProperty('constructs');
  });
});

describe('the team library', () => {
  it('passes its own tests against the installed vks-bigip', async () => {
    const result = await runAny(teamDir, 'npm', ['test']);
    expect(result.stdout + result.stderr).toMatch(/# pass 4\n# fail 0\n/);
    expect(result.code).toBe(0);
  });

  it('ships only its compiled sources and declares vks-bigip, constructs and cdk8s as peers', () => {
    expect(tarballFiles(teamTarball).sort()).toEqual([
      'README.md',
      'build/src/index.d.ts',
      'build/src/index.js',
      'build/src/standard-web-app.d.ts',
      'build/src/standard-web-app.js',
      'package.json',
    ]);
    const manifest = tarballManifest(teamTarball);
    expect(Object.keys(manifest.peerDependencies ?? {}).sort()).toEqual(['cdk8s', 'constructs', 'vks-bigip']);
    expect(manifest.dependencies).toBeUndefined();
  });
});

describe('an app that installs both', () => {
  it('requires vks-bigip and each subpath entry with plain node, and nothing outside the exports map', async () => {
    const script = [
      "const v = require('vks-bigip');",
      'console.log(typeof v.VksCluster);',
      "console.log(typeof require('vks-bigip/testing').Testing.synth);",
      "console.log(typeof require('vks-bigip/simulator').startSimulator);",
      "console.log(typeof require('vks-bigip/bigip').BigipClient);",
      "console.log(typeof require('vks-bigip/pulumi').defineProgram);",
      "console.log(require.resolve('vks-bigip').replace(process.cwd(), '.'));",
      "try { require('vks-bigip/build/lib/core/synth.js'); } catch (e) { console.log(e.code); }",
      "console.log(Object.keys(require.extensions).join(' '));",
    ].join('\n');
    expect((await run(app, NODE, ['-e', script])).split('\n')).toEqual([
      'function',
      'function',
      'function',
      'function',
      'function',
      './node_modules/vks-bigip/build/lib/index.js',
      'ERR_PACKAGE_PATH_NOT_EXPORTED',
      '.js .json .node',
      '',
    ]);
  });

  it('has one copy of constructs and one of cdk8s, and npm ls finds the tree valid', async () => {
    const parseable = await npm(app, ['ls', 'constructs', 'cdk8s', '--all', '--parseable']);
    expect(parseable.trim().split('\n').sort()).toEqual([
      path.join(app, 'node_modules', 'cdk8s'),
      path.join(app, 'node_modules', 'constructs'),
    ]);
    const tree = await npm(app, ['ls', 'constructs', 'cdk8s', '--all']);
    expect(tree).toMatch(/@acme\/vks-patterns@1\.0\.0\n.*cdk8s@2\.70\.106 deduped/);
    expect(tree).not.toMatch(/invalid|missing|UNMET/);
  });

  it('type-checks stacks that import vks-bigip and the team library against their .d.ts', async () => {
    // One tsc run over the app's stacks plus a file with a wrong prop type: the stacks pass, and the
    // wrong prop is caught, so the declarations are really checked (not `any`).
    fs.writeFileSync(
      path.join(app, 'stacks', 'wrong.ts'),
      [
        "import { StandardWebApp } from '@acme/vks-patterns';",
        "import type { IBigipPartition, VksCluster } from 'vks-bigip';",
        'export function wrong(cluster: VksCluster, partition: IBigipPartition): void {',
        "  new StandardWebApp(cluster, 'Wrong', {",
        '    partition,',
        "    image: 'x:1',",
        "    containerPort: '8080',",
        "    host: 'a.example.com',",
        "    virtualServerAddress: '192.0.2.1',",
        '  });',
        '}',
        '',
      ].join('\n'),
    );
    try {
      const result = await runAny(app, NODE, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json']);
      expect(result.stdout.trim().split('\n')).toEqual([
        "stacks/wrong.ts(7,5): error TS2322: Type 'string' is not assignable to type 'number'.",
      ]);
      expect(result.code).not.toBe(0);
    } finally {
      fs.rmSync(path.join(app, 'stacks', 'wrong.ts'));
    }
  });

  it('synthesizes with npx vks-bigip synth (compiled CLI, the app module loaded as TypeScript)', async () => {
    const result = await runAny(app, 'npx', ['--no', 'vks-bigip', 'synth']);
    expect(result.stderr).toContain('wrote 17 files to dist/shop/');
    expect(result.code).toBe(0);
    expect(filesUnder(path.join(app, 'dist'))).toEqual([
      // The writer's record of its own files (not part of the synthesized output).
      'shop/.gitattributes',
      'shop/.vks-bigip-output.json',
      'shop/REVIEW.md',
      'shop/bigip/bigip-shop/shop_legacy.as3.json',
      'shop/index.json',
      'shop/k8s/supervisor/shop/antreaconfig-shop-vks-shop-antrea-package.yaml',
      'shop/k8s/supervisor/shop/kustomization.yaml',
      'shop/k8s/vks-shop/clusterrole-k8s-bigip-ctlr.yaml',
      'shop/k8s/vks-shop/clusterrolebinding-k8s-bigip-ctlr.yaml',
      'shop/k8s/vks-shop/deployment-kube-system-k8s-bigip-ctlr.yaml',
      'shop/k8s/vks-shop/deployment-storefront-storefront-service-d1228520.yaml',
      'shop/k8s/vks-shop/ingressclass-f5.yaml',
      'shop/k8s/vks-shop/kustomization.yaml',
      'shop/k8s/vks-shop/namespace-storefront.yaml',
      'shop/k8s/vks-shop/service-storefront-storefront-service-d1228520.yaml',
      'shop/k8s/vks-shop/serviceaccount-kube-system-k8s-bigip-ctlr.yaml',
      'shop/k8s/vks-shop/tlsprofile-storefront-storefront-tls-55d73525.yaml',
      'shop/k8s/vks-shop/virtualserver-storefront-storefront-virtualserver-b63e93c7.yaml',
    ]);
    const vs = fs.readFileSync(
      path.join(
        app,
        'dist/shop/k8s/vks-shop/virtualserver-storefront-storefront-virtualserver-b63e93c7.yaml',
      ),
      'utf8',
    );
    expect(vs).toContain('tlsProfileName: storefront-tls-55d73525');
    expect(vs).toContain('httpTraffic: redirect');
    const tenant = JSON.parse(
      fs.readFileSync(path.join(app, 'dist/shop/bigip/bigip-shop/shop_legacy.as3.json'), 'utf8'),
    ) as { declaration: Record<string, Json> };
    expect(tenant.declaration.shop_legacy?.class).toBe('Tenant');
  });

  it('synthesizes this repository’s stacks byte for byte as the TypeScript sources do', async () => {
    await run(app, 'npx', [
      '--no',
      'vks-bigip',
      'synth',
      '--app',
      'stacks/repo/index.ts',
      '--out',
      'dist-repo',
    ]);
    const fromSources = path.join(tmp, 'dist-sources');
    await run(ROOT, NODE, ['bin/vks-bigip.js', 'synth', '--out', fromSources]);
    const files = filesUnder(fromSources);
    expect(files.length).toBeGreaterThan(20);
    expect(filesUnder(path.join(app, 'dist-repo'))).toEqual(files);
    for (const file of files)
      expect(fs.readFileSync(path.join(app, 'dist-repo', file), 'utf8'), file).toBe(
        fs.readFileSync(path.join(fromSources, file), 'utf8'),
      );
  });

  describe('Pulumi, from the app’s folder', () => {
    let mocks: {
      resources: Array<{ type: string; name: string }>;
      outputs: Json;
      providers: Array<{ name: string; provider: string; inputs: Json }>;
      unhandled: string[];
    };

    beforeAll(async () => {
      const config = {
        kubeconfigs: { 'vks-shop': SECRET, supervisor: SECRET },
        devices: { 'bigip-shop': { username: 'admin', password: SECRET } },
      };
      fs.writeFileSync(path.join(app, 'config.json'), JSON.stringify(config));
      mocks = JSON.parse(await run(app, NODE, ['pulumi-mocks.js', 'shop', 'config.json']));
    }, 120_000);

    it('runs the program (index.js → vks-bigip/pulumi) under mocks: every synthesized object, one tenant', () => {
      expect(mocks.unhandled).toEqual([]);
      const k8sFiles = filesUnder(path.join(app, 'dist', 'shop', 'k8s')).filter(
        (f) => !f.endsWith('kustomization.yaml'),
      );
      const k8sResources = mocks.resources.filter((r) => r.type.startsWith('kubernetes:'));
      expect(k8sResources.map((r) => r.name).sort()).toEqual(
        k8sFiles.map((f) => f.replace(/\.yaml$/, '')).sort(),
      );
      expect(mocks.resources.filter((r) => r.type.startsWith('pulumi-nodejs:dynamic/'))).toEqual([
        { type: 'pulumi-nodejs:dynamic/vks-bigip:As3Tenant', name: 'bigip-shop/shop_legacy' },
      ]);
      const index = JSON.parse(fs.readFileSync(path.join(app, 'dist/shop/index.json'), 'utf8')) as Json;
      expect(mocks.outputs.outputHash).toBe(index.outputHash);
      expect(mocks.outputs.tenants).toEqual({ 'bigip-shop': ['shop_legacy'] });
    });

    it('serializes a provider that names no path, secret or address of the app', () => {
      const [tenant] = mocks.providers;
      expect(tenant?.provider).toContain(".resolve('vks-bigip/package.json')");
      for (const leak of [app, tmp, SECRET, 'admin', '192.0.2.245', os.homedir(), 'node_modules'])
        expect(tenant?.provider).not.toContain(leak);
    });

    it('runs that provider against the simulator, its logic loaded from the installed package', async () => {
      const [tenant] = mocks.providers;
      fs.writeFileSync(path.join(app, 'tenant.json'), JSON.stringify(tenant));
      const outcome = JSON.parse(await run(app, NODE, ['provider-roundtrip.js', 'tenant.json'])) as Json;
      expect(outcome).toEqual({
        checkFailures: [],
        id: 'bigip-shop/shop_legacy',
        result: 'success',
        storedAfterCreate: ['class', 'label', 'orders', 'remark'],
        noOpDiff: { changes: false, replaces: [], deleteBeforeReplace: false },
        requestsOfNoOpDiff: 0,
        readInputsEqual: true,
        storedAfterDelete: null,
        loaded: [path.join(app, 'node_modules/vks-bigip/build/lib/pulumi/tenant-logic.js')],
      });
    });
  });
});
