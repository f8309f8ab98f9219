import type * as pulumi from '@pulumi/pulumi';

/**
 * The provider logic (tenant-logic) of the installed `vks-bigip` package, found from the Pulumi program's
 * folder: the provider host's working directory (the engine starts it there), or `VKS_BIGIP_ROOT`. Node
 * resolves `vks-bigip/package.json` from that folder as it would for the program: the consumer's
 * node_modules, or — in this source checkout — the package itself through its own exports map. A package
 * with its TypeScript sources (a source checkout) runs them through its transpile hook; an installed one
 * runs the compiled JavaScript next to its other files.
 *
 * Everything is required inside the function, and only relative path segments appear in it, so the
 * serialized provider captures no client, credential, address or absolute path.
 */
function loadTenantLogic(): typeof import('./tenant-logic') {
  const path = require('node:path');
  const fs = require('node:fs');
  const { createRequire } = require('node:module');
  const programDir = process.env.VKS_BIGIP_ROOT || process.cwd();
  let manifest: string;
  try {
    manifest = createRequire(path.join(programDir, 'index.js')).resolve('vks-bigip/package.json');
  } catch {
    throw new Error(
      `vks-bigip: the package is not installed where the Pulumi program runs (${programDir}); ` +
        'run npm install vks-bigip there, or set VKS_BIGIP_ROOT to the program folder',
    );
  }
  const packageDir = path.dirname(manifest);
  const sources = path.join(packageDir, 'lib', 'pulumi', 'tenant-logic.ts');
  if (fs.existsSync(sources)) {
    require(path.join(packageDir, 'bin', 'transpile-hook.js'));
    return require(sources);
  }
  return require(path.join(packageDir, 'build', 'lib', 'pulumi', 'tenant-logic.js'));
}

export const as3TenantProvider: pulumi.dynamic.ResourceProvider = {
  async configure(req: pulumi.dynamic.ConfigureRequest) {
    loadTenantLogic().configure(req.config);
  },
  async check(olds: Record<string, unknown>, news: Record<string, unknown>) {
    return loadTenantLogic().check(olds, news);
  },
  async diff(id: string, olds: Record<string, unknown>, news: Record<string, unknown>) {
    return loadTenantLogic().diff(id, olds, news);
  },
  async create(inputs: Record<string, unknown>) {
    return loadTenantLogic().create(inputs as never);
  },
  async read(id: string, props: Record<string, unknown>) {
    return loadTenantLogic().read(id, props);
  },
  async update(id: string, olds: Record<string, unknown>, news: Record<string, unknown>) {
    return loadTenantLogic().update(id, olds, news as never);
  },
  async delete(id: string, props: Record<string, unknown>) {
    return loadTenantLogic().remove(id, props);
  },
};
