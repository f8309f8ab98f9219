import type * as pulumi from '@pulumi/pulumi';

/**
 * The `As3Tenant` dynamic provider as Pulumi serializes it into the state. It captures nothing: each
 * method loads the provider logic (lib/pulumi/tenant-logic.ts) at run time from the project folder —
 * the provider host's working directory, or VKS_BIGIP_ROOT — so no client, credential, address or
 * absolute path ends up in the serialized text.
 */
function loadTenantLogic(): typeof import('./tenant-logic') {
  const path = require('node:path');
  const fs = require('node:fs');
  const root = process.env.VKS_BIGIP_ROOT || process.cwd();
  const register = path.join(root, 'bin', 'register.js');
  if (!fs.existsSync(register)) {
    throw new Error(
      `vks-bigip: no project at ${root} (bin/register.js missing); run pulumi in the project folder or set VKS_BIGIP_ROOT`,
    );
  }
  require(register);
  return require(path.join(root, 'lib', 'pulumi', 'tenant-logic.ts'));
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
