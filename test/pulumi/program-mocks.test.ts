import * as path from 'node:path';
import YAML from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nativeRequire, PASSWORD, PROJECT, ROOT, serializeProvider, within } from './helpers';

/**
 * Tier 8: the Pulumi program's resource graph under `pulumi.runtime.setMocks`, loaded natively the way
 * `pulumi up` loads it (bin/pulumi.js → bin/register.js → lib/pulumi/program.ts) and run inside a root
 * Stack resource. The mock monitor's RegisterResource requests are recorded as the engine receives them:
 * type, name, parent, provider reference, dependencies and (deserialized, secret-marked) inputs.
 * Mocks never call the dynamic provider's methods; its serialization does run.
 */

type Json = Record<string, unknown>;
type Pulumi = typeof import('@pulumi/pulumi');

const SECRET_SIG = '4dabf18193072939515e22adb298388d';
const SECRET_VALUE_SIG = '1b47061264138c4ac30d75fd1eb44270';
const KUBECONFIGS = {
  'vks-dev': 'kubeconfig-of-vks-dev',
  'vks-prod': 'kubeconfig-of-vks-prod',
  supervisor: 'kubeconfig-of-supervisor',
};
const DEVICES = { 'bigip-prod': { username: 'admin', password: PASSWORD } };

interface Registration {
  readonly type: string;
  readonly name: string;
  readonly parent: string;
  readonly provider: string;
  readonly dependencies: string[];
  readonly custom: boolean;
  inputs?: Json;
  /** The URN the monitor answered (mocks keep only the parent's own type in the type chain). */
  urn?: string;
}

interface Run {
  readonly registrations: Registration[];
  readonly outputs?: Json;
  readonly error?: Error;
}

const req = nativeRequire();
const pulumi = req('@pulumi/pulumi') as Pulumi;
const settings = req('@pulumi/pulumi/runtime/settings') as {
  getMonitor(): { registerResource(request: unknown, callback: unknown): unknown };
  waitForRPCs(): Promise<void>;
};
const { synthesizeStack } = req('./lib/core/synth.ts') as typeof import('../../lib/core/synth');
const { createApp } = req('./stacks/index.ts') as typeof import('../../stacks/index');

// A provider that cannot be serialized surfaces only here (and as a URN that never resolves).
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
beforeAll(() => {
  process.on('unhandledRejection', onUnhandled);
});
afterAll(() => {
  process.off('unhandledRejection', onUnhandled);
});

/** Runs the program for one Pulumi stack with the given config; every wait is bounded. */
async function runProgram(stack: string, config: Json, inStack = true): Promise<Run> {
  const secretKeys = ['kubeconfigs', 'devices'].map((k) => `${PROJECT}:${k}`).filter((k) => k in config);
  pulumi.runtime.setAllConfig(
    Object.fromEntries(
      Object.entries(config).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
    ),
    secretKeys,
  );
  const registrations: Registration[] = [];
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        const found = registrations.find((r) => r.type === args.type && r.name === args.name);
        if (found) found.inputs = args.inputs as Json;
        return { id: `${args.name}_id`, state: args.inputs };
      },
      call: (args) => args.inputs,
    },
    PROJECT,
    stack,
    false,
  );
  const monitor = settings.getMonitor();
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (request: never, callback: unknown) => {
    const r = request as {
      getType(): string;
      getName(): string;
      getParent(): string;
      getProvider(): string;
      getDependenciesList(): string[];
      getCustom(): boolean;
    };
    const registration: Registration = {
      type: r.getType(),
      name: r.getName(),
      parent: r.getParent(),
      provider: r.getProvider(),
      dependencies: r.getDependenciesList(),
      custom: r.getCustom(),
    };
    registrations.push(registration);
    const answer = callback as (err: unknown, response?: { getUrn(): string }) => void;
    return register(request, (err: unknown, response?: { getUrn(): string }) => {
      registration.urn = response?.getUrn();
      answer(err, response);
    });
  };
  const { defineProgram } = req('./lib/pulumi/program.ts') as typeof import('../../lib/pulumi/program');
  let outputs: Json | undefined;
  let error: Error | undefined;
  try {
    outputs = inStack
      ? ((await within(
          pulumi.runtime.runInPulumiStack(async () => defineProgram()),
          20_000,
          'the program',
        )) as Json)
      : (defineProgram() as unknown as Json);
  } catch (e) {
    error = e as Error;
  }
  await within(settings.waitForRPCs(), 20_000, 'the registrations');
  return { registrations, outputs, error };
}

function byName(run: Run, name: string, type?: string): Registration {
  const found = run.registrations.filter((r) => r.name === name && (!type || r.type === type));
  expect(found, `one registration named ${name}`).toHaveLength(1);
  return found[0] as Registration;
}

/** `type name` of the resource a URN (or provider reference `urn::id`) points to. */
function resolve(run: Run, reference: string): string {
  const urn = reference.replace(/::[^:]*_id$/, '');
  const found = run.registrations.find((r) => r.urn === urn);
  return found ? `${found.type} ${found.name}` : `unknown ${reference}`;
}

/** Every string in `value`, except those inside a secret. */
function plainStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(plainStrings);
  if (value === null || typeof value !== 'object') return [];
  if ((value as Json)[SECRET_SIG] === SECRET_VALUE_SIG) return [];
  return Object.values(value as Json).flatMap(plainStrings);
}

function synthesized(stack: string) {
  return synthesizeStack(createApp().stack(stack));
}

describe('dev: Kubernetes only (its partition is CIS-owned)', () => {
  let run: Run;
  beforeAll(async () => {
    run = await runProgram('dev', {
      [`${PROJECT}:kubeconfigs`]: KUBECONFIGS,
      [`${PROJECT}:devices`]: DEVICES,
    });
  });

  it('registers exactly these resources: types and names', () => {
    expect(run.error).toBeUndefined();
    expect(run.registrations.map((r) => `${r.type} ${r.name}`).sort()).toEqual(
      [
        'pulumi:pulumi:Stack vks-bigip-dev',
        'vks-bigip:k8s:Cluster vks-dev',
        'vks-bigip:k8s:Cluster supervisor',
        'pulumi:providers:kubernetes vks-dev',
        'pulumi:providers:kubernetes supervisor',
        'kubernetes:core/v1:Namespace vks-dev/namespace-hello-world',
        'kubernetes:core/v1:ServiceAccount vks-dev/serviceaccount-kube-system-k8s-bigip-ctlr',
        'kubernetes:rbac.authorization.k8s.io/v1:ClusterRole vks-dev/clusterrole-k8s-bigip-ctlr',
        'kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding vks-dev/clusterrolebinding-k8s-bigip-ctlr',
        'kubernetes:apps/v1:Deployment vks-dev/deployment-kube-system-k8s-bigip-ctlr',
        'kubernetes:networking.k8s.io/v1:IngressClass vks-dev/ingressclass-f5',
        'kubernetes:apps/v1:Deployment vks-dev/deployment-hello-world-f5-hello-world',
        'kubernetes:core/v1:Service vks-dev/service-hello-world-f5-hello-world',
        'kubernetes:cis.f5.com/v1:VirtualServer vks-dev/virtualserver-hello-world-f5-hello-world',
        'kubernetes:cni.tanzu.vmware.com/v1alpha1:AntreaConfig supervisor/platform-dev/antreaconfig-platform-dev-vks-dev-antrea-package',
      ].sort(),
    );
    expect(unhandled).toEqual([]);
  });

  it('parents every object on its cluster component and applies it with that cluster’s provider', () => {
    for (const r of run.registrations.filter((x) => x.type.startsWith('kubernetes:'))) {
      const cluster = r.name.split('/')[0] as string;
      expect(resolve(run, r.parent), r.name).toBe(`vks-bigip:k8s:Cluster ${cluster}`);
      expect(resolve(run, r.provider), r.name).toBe(`pulumi:providers:kubernetes ${cluster}`);
      expect(r.provider, r.name).toMatch(new RegExp(`::${cluster}_id$`));
    }
    for (const cluster of ['vks-dev', 'supervisor']) {
      const provider = byName(run, cluster, 'pulumi:providers:kubernetes');
      expect(resolve(run, provider.parent)).toBe(`vks-bigip:k8s:Cluster ${cluster}`);
      expect(resolve(run, byName(run, cluster, 'vks-bigip:k8s:Cluster').parent)).toBe(
        'pulumi:pulumi:Stack vks-bigip-dev',
      );
    }
  });

  it('orders the apply with dependsOn: Namespace first, RBAC before the controller, Service before its VirtualServer', () => {
    const dependsOn = (name: string) =>
      byName(run, name)
        .dependencies.map((urn) => resolve(run, urn).split(' ')[1])
        .sort();
    expect(dependsOn('vks-dev/namespace-hello-world')).toEqual([]);
    expect(dependsOn('vks-dev/service-hello-world-f5-hello-world')).toEqual([
      'vks-dev/namespace-hello-world',
    ]);
    expect(dependsOn('vks-dev/deployment-hello-world-f5-hello-world')).toEqual([
      'vks-dev/namespace-hello-world',
    ]);
    expect(dependsOn('vks-dev/virtualserver-hello-world-f5-hello-world')).toEqual([
      'vks-dev/namespace-hello-world',
      'vks-dev/service-hello-world-f5-hello-world',
    ]);
    expect(dependsOn('vks-dev/clusterrolebinding-k8s-bigip-ctlr')).toEqual([
      'vks-dev/clusterrole-k8s-bigip-ctlr',
      'vks-dev/serviceaccount-kube-system-k8s-bigip-ctlr',
    ]);
    expect(dependsOn('vks-dev/deployment-kube-system-k8s-bigip-ctlr')).toEqual([
      'vks-dev/clusterrolebinding-k8s-bigip-ctlr',
      'vks-dev/serviceaccount-kube-system-k8s-bigip-ctlr',
    ]);
  });

  it('applies exactly the synthesized files (one source of truth), with their own names: no random suffix', () => {
    const output = synthesized('dev');
    const objects = run.registrations.filter((r) => r.type.startsWith('kubernetes:'));
    expect(objects).toHaveLength(
      // The Kubernetes folders' objects (the GitOps bundle is for Argo CD and Flux, not for pulumi up).
      [...output.files.keys()].filter(
        (f) => f.startsWith('dev/k8s/') && f.endsWith('.yaml') && !f.endsWith('kustomization.yaml'),
      ).length,
    );
    for (const r of objects) {
      const manifest = YAML.parse(output.files.get(`dev/k8s/${r.name}.yaml`) as string) as Json;
      expect(r.inputs, r.name).toEqual(manifest);
    }
  });

  it('passes each kubeconfig only as a secret, to its own provider; nothing else carries it', () => {
    for (const cluster of ['vks-dev', 'supervisor'] as const) {
      expect(byName(run, cluster, 'pulumi:providers:kubernetes').inputs?.kubeconfig).toEqual({
        [SECRET_SIG]: SECRET_VALUE_SIG,
        value: KUBECONFIGS[cluster],
      });
    }
    const plain = run.registrations.flatMap((r) => plainStrings(r.inputs)).join('\n');
    for (const secret of [...Object.values(KUBECONFIGS), PASSWORD]) expect(plain).not.toContain(secret);
  });

  it('registers the same URNs on every run: names derive from kind/namespace/name only', async () => {
    const again = await runProgram('dev', {
      [`${PROJECT}:kubeconfigs`]: KUBECONFIGS,
      [`${PROJECT}:devices`]: DEVICES,
    });
    const urns = (r: Run) => r.registrations.map((x) => x.urn).sort();
    expect(urns(again)).toEqual(urns(run));
    expect(urns(run).every((urn) => typeof urn === 'string')).toBe(true);
  });

  it('exports VIPs per app, tenants per device, the output hash and the clusters', () => {
    expect(run.outputs).toEqual({
      vips: { 'dev/Cluster/HelloWorldVs': ['192.0.2.10:80'] },
      tenants: {},
      outputHash: synthesized('dev').outputHash,
      clusters: ['vks-dev', 'supervisor'],
    });
  });
});

describe('prod: Kubernetes plus one stack-owned AS3 tenant', () => {
  let run: Run;
  beforeAll(async () => {
    run = await runProgram('prod', {
      [`${PROJECT}:kubeconfigs`]: KUBECONFIGS,
      [`${PROJECT}:devices`]: DEVICES,
    });
  });

  it('registers exactly these resources: types and names', () => {
    expect(run.error).toBeUndefined();
    expect(run.registrations.map((r) => `${r.type} ${r.name}`).sort()).toEqual(
      [
        'pulumi:pulumi:Stack vks-bigip-prod',
        'vks-bigip:k8s:Cluster vks-prod',
        'vks-bigip:bigip:Device bigip-prod',
        'pulumi:providers:kubernetes vks-prod',
        'kubernetes:core/v1:Namespace vks-prod/namespace-ingress-nginx',
        'kubernetes:core/v1:ServiceAccount vks-prod/serviceaccount-kube-system-k8s-bigip-ctlr',
        'kubernetes:core/v1:ConfigMap vks-prod/configmap-kube-system-as3-template',
        'kubernetes:networking.k8s.io/v1:IngressClass vks-prod/ingressclass-f5',
        'kubernetes:rbac.authorization.k8s.io/v1:ClusterRole vks-prod/clusterrole-k8s-bigip-ctlr',
        'kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding vks-prod/clusterrolebinding-k8s-bigip-ctlr',
        'kubernetes:apps/v1:Deployment vks-prod/deployment-kube-system-k8s-bigip-ctlr',
        'kubernetes:core/v1:Service vks-prod/service-ingress-nginx-ingress-nginx-http',
        'kubernetes:core/v1:Service vks-prod/service-ingress-nginx-nginx-ingress',
        'pulumi-nodejs:dynamic/vks-bigip:As3Tenant bigip-prod/vks_prod_apps',
      ].sort(),
    );
    expect(unhandled).toEqual([]);
  });

  it('registers the tenant under its device component, after the Service it fronts, on the default dynamic provider', () => {
    const tenant = byName(run, 'bigip-prod/vks_prod_apps');
    expect(tenant.custom).toBe(true);
    expect(resolve(run, tenant.parent)).toBe('vks-bigip:bigip:Device bigip-prod');
    expect(tenant.provider).toBe('');
    expect(tenant.dependencies.map((urn) => resolve(run, urn))).toEqual([
      'kubernetes:core/v1:Service vks-prod/service-ingress-nginx-ingress-nginx-http',
    ]);
    expect(resolve(run, byName(run, 'bigip-prod', 'vks-bigip:bigip:Device').parent)).toBe(
      'pulumi:pulumi:Stack vks-bigip-prod',
    );
  });

  it('gives the tenant structured inputs: the synthesized declaration itself, not a JSON string', () => {
    const inputs = byName(run, 'bigip-prod/vks_prod_apps').inputs as Json;
    const declaration = JSON.parse(
      synthesized('prod').files.get('prod/bigip/bigip-prod/vks_prod_apps.as3.json') as string,
    ) as Json;
    expect(Object.keys(inputs).sort()).toEqual(
      ['__provider', 'adopt', 'declaration', 'device', 'stack', 'tenant', 'url'].sort(),
    );
    expect(inputs).toMatchObject({
      stack: 'prod',
      device: 'bigip-prod',
      url: 'https://198.51.100.245',
      tenant: 'vks_prod_apps',
      adopt: false,
      declaration,
    });
  });

  it('serializes a provider that captures no credential, address or path', () => {
    const provider = byName(run, 'bigip-prod/vks_prod_apps').inputs?.__provider;
    expect(typeof provider).toBe('string');
    for (const leak of [
      PASSWORD,
      ...Object.values(KUBECONFIGS),
      '198.51.100.245',
      ROOT,
      path.sep + 'work' + path.sep,
    ])
      expect(provider as string).not.toContain(leak);
    const plain = run.registrations.flatMap((r) => plainStrings(r.inputs)).join('\n');
    for (const secret of [...Object.values(KUBECONFIGS), PASSWORD]) expect(plain).not.toContain(secret);
  });

  it('stores the same provider text serializeFunction gives (what the provider host rehydrates)', async () => {
    const serialized = await serializeProvider(req);
    expect(byName(run, 'bigip-prod/vks_prod_apps').inputs?.__provider).toBe(serialized.text);
  });

  it('leaves the CIS-posted tenant (Nginx_IC) to CIS: no resource for it', () => {
    expect(run.registrations.some((r) => r.name.includes('Nginx_IC'))).toBe(false);
  });

  it('exports VIPs per app, tenants per device, the output hash and the clusters', () => {
    expect(run.outputs).toEqual({
      vips: { 'prod/IngressFront': ['203.0.113.20:80'], 'prod/NginxIc': ['203.0.113.14:443'] },
      tenants: { 'bigip-prod': ['vks_prod_apps'] },
      outputHash: synthesized('prod').outputHash,
      clusters: ['vks-prod'],
    });
  });
});

describe('fails before any resource is registered', () => {
  const withAll = { [`${PROJECT}:kubeconfigs`]: KUBECONFIGS, [`${PROJECT}:devices`]: DEVICES };

  it('when the stack fails validation', async () => {
    const run = await runProgram(
      'dev',
      { ...withAll, [`${PROJECT}:app`]: 'test/pulumi/fixtures/invalid-app.ts' },
      false,
    );
    expect(run.error?.message).toMatch(/\[dev\/Empty\] declares no AS3 application/);
    expect(run.registrations).toEqual([]);
  });

  it('when the Pulumi stack names no environment of the app', async () => {
    const run = await runProgram('staging', withAll, false);
    const names = createApp()
      .stacks.map((s) => s.stackName)
      .join(', ');
    expect(run.error?.message).toBe(`no stack named "staging"; the app defines: ${names}`);
    expect(names).toMatch(/^dev, prod, /);
    expect(run.registrations).toEqual([]);
  });

  it('when a cluster’s kubeconfig is missing, saying how to set it as a secret', async () => {
    const run = await runProgram(
      'dev',
      { [`${PROJECT}:kubeconfigs`]: { 'vks-dev': 'kc' }, [`${PROJECT}:devices`]: DEVICES },
      false,
    );
    expect(run.error?.message).toContain(
      `pulumi config set --secret --path 'kubeconfigs.supervisor' "$(cat supervisor.kubeconfig)"`,
    );
    expect(run.registrations).toEqual([]);
  });

  it('when a device the stack writes has no credentials, saying how to set them', async () => {
    const run = await runProgram('prod', { [`${PROJECT}:kubeconfigs`]: KUBECONFIGS }, false);
    expect(run.error?.message).toContain(`pulumi config set --secret --path 'devices.bigip-prod.password'`);
    expect(run.registrations).toEqual([]);
  });
});
