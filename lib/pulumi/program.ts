import { resolve } from 'node:path';
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { DEFAULT_APP_FILE, loadApp } from '../core/load-app';
import { synthesizeApp } from '../core/synth';
import { As3Tenant } from './as3-tenant';
import { registerManifest } from './kubernetes-objects';
import { stackOwnedTenants } from './stack-tenants';

/** Stack outputs of `pulumi up`. */
export interface ProgramOutputs {
  readonly vips: Record<string, string[]>;
  readonly tenants: Record<string, string[]>;
  readonly outputHash: string;
  readonly clusters: string[];
}

/** Kubernetes folder → the kubeconfig key: `k8s/<cluster>` → cluster, `k8s/supervisor/<ns>` → `supervisor`. */
function kubeconfigKeyOf(folder: string): string {
  const parts = folder.split('/');
  return parts[1] === 'supervisor' ? 'supervisor' : (parts[1] ?? folder);
}

/** Groups one cluster's (or the Supervisor's) Kubernetes provider and objects. */
class ClusterComponent extends pulumi.ComponentResource {
  constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
    super('vks-bigip:k8s:Cluster', name, {}, opts);
    this.registerOutputs({});
  }
}

/** Groups the stack-owned tenants of one BIG-IP. */
class DeviceComponent extends pulumi.ComponentResource {
  constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
    super('vks-bigip:bigip:Device', name, {}, opts);
    this.registerOutputs({});
  }
}

/**
 * The kubeconfig of every cluster the stack applies to, checked before any resource is registered.
 * Read as plain config only to check presence; each value reaches its Provider wrapped as a secret.
 */
function requiredKubeconfigs(
  config: pulumi.Config,
  stackName: string,
  keys: readonly string[],
): Record<string, string> {
  const all = config.getObject<Record<string, unknown>>('kubeconfigs') ?? {};
  const missing = keys.filter((key) => typeof all[key] !== 'string' || all[key] === '');
  if (missing.length > 0) {
    throw new Error(
      `stack '${stackName}' applies Kubernetes objects to ${missing.join(', ')}; set each kubeconfig as a secret:\n` +
        missing
          .map((key) => `  pulumi config set --secret --path 'kubeconfigs.${key}' "$(cat ${key}.kubeconfig)"`)
          .join('\n'),
    );
  }
  return all as Record<string, string>;
}

/** Fails the preview early when a device the stack writes has no credentials (the provider reads them). */
function requireDeviceSettings(config: pulumi.Config, stackName: string, devices: readonly string[]): void {
  const all = config.getObject<Record<string, { username?: unknown; password?: unknown }>>('devices') ?? {};
  const missing = devices.filter((d) => !all[d]?.username || !all[d]?.password);
  if (missing.length > 0) {
    throw new Error(
      `stack '${stackName}' writes AS3 tenants on ${missing.join(', ')}; set the credentials (password as a secret):\n` +
        missing
          .map(
            (d) =>
              `  pulumi config set --path 'devices.${d}.username' admin\n` +
              `  pulumi config set --secret --path 'devices.${d}.password' <password>`,
          )
          .join('\n'),
    );
  }
}

/**
 * The Pulumi program: one Pulumi stack per environment of `stacks/`. It synthesizes the environment
 * in memory (a stack that fails validation fails here, before any resource is registered) and applies
 * exactly the synthesized files: Kubernetes objects through @pulumi/kubernetes, stack-owned AS3
 * tenants through the As3Tenant dynamic provider.
 */
export function defineProgram(appFile: string = DEFAULT_APP_FILE): ProgramOutputs {
  const config = new pulumi.Config();
  const stackName = pulumi.getStack();
  const app = loadApp(config.get('app') ?? appFile);
  const [output] = synthesizeApp(app, { stacks: [stackName] }).stacks;
  if (!output) throw new Error(`internal: stack ${stackName} synthesized to nothing`);

  // Kubernetes: one provider per cluster (and one for the Supervisor), objects in apply order.
  const order = output.records.manifests;
  const folders = [...new Set(order.map((o) => o.folder))];
  const kubeconfigKeys = [...new Set(folders.map(kubeconfigKeyOf))];
  // `renderTo: DIR`: the Kubernetes providers write manifests to DIR/<cluster>/ instead of applying them
  // (the provider's renderYamlToDirectory, which takes no kubeconfig); BIG-IP tenants are applied as usual.
  const renderTo = config.get('renderTo');
  const kubeconfigs = renderTo ? {} : requiredKubeconfigs(config, stackName, kubeconfigKeys);
  const stackOwned = stackOwnedTenants(output);
  requireDeviceSettings(config, stackName, [...new Set(stackOwned.map((d) => d.inputs.device))]);

  const providers = new Map<string, k8s.Provider>();
  const components = new Map<string, ClusterComponent>();
  for (const key of kubeconfigKeys) {
    const component = new ClusterComponent(key);
    components.set(key, component);
    const args: k8s.ProviderArgs = renderTo
      ? { renderYamlToDirectory: resolve(renderTo, key) }
      : { kubeconfig: pulumi.secret(kubeconfigs[key] as string) };
    providers.set(key, new k8s.Provider(key, args, { parent: component }));
  }
  const registered = new Map<string, pulumi.CustomResource>();
  // Apply order guarantees every dependency is registered first; a miss is a synthesis bug, not a no-op.
  const resourceOf = (path: string): pulumi.CustomResource => {
    const resource = registered.get(path);
    if (!resource) throw new Error(`internal: ${path} is not registered before what depends on it`);
    return resource;
  };
  for (const entry of order) {
    const key = kubeconfigKeyOf(entry.folder);
    const name = entry.name.replace(/^k8s\//, '').replace(/\.yaml$/, '');
    registered.set(
      entry.name,
      registerManifest(name, structuredClone(entry.manifest), {
        provider: providers.get(key),
        parent: components.get(key),
        dependsOn: entry.dependsOn.map(resourceOf),
      }),
    );
  }

  // BIG-IP: one As3Tenant per stack-owned tenant, after the Kubernetes objects it fronts.
  const devices = new Map<string, DeviceComponent>();
  const tenants: Record<string, string[]> = {};
  for (const { name, inputs, fronts } of stackOwned) {
    let component = devices.get(inputs.device);
    if (!component) {
      component = new DeviceComponent(inputs.device);
      devices.set(inputs.device, component);
    }
    new As3Tenant(name, inputs, { parent: component, dependsOn: fronts.map(resourceOf) });
    (tenants[inputs.device] ??= []).push(inputs.tenant);
  }

  const vips: Record<string, string[]> = {};
  for (const vs of output.records.virtualServers)
    vips[vs.name] = vs.ports.map((port) => `${vs.address}:${port}`);
  return { vips, tenants, outputHash: output.outputHash, clusters: kubeconfigKeys };
}
