import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { writeStackOutput } from '../../lib/core/output';
import { synthesizeApp } from '../../lib/core/synth';
import {
  KUBECONFIG_CA_PLACEHOLDER,
  KUBECONFIG_TOKEN_PLACEHOLDER,
} from '../../components/multicluster/discovery-account';
import { createApp } from '../../stacks/index';
import { checkConformance, cisCrdsAvailable } from '../helpers/cis-crd';
import type { Doc } from '../helpers/fixture';

const outputs = synthesizeApp(createApp()).stacks;
const filesOf = (stack: string) =>
  outputs.find((o) => o.stackName === stack)?.files ?? new Map<string, string>();

/** The objects of a cluster folder that CIS watches: its custom resources, the extended ConfigMap, LB Services. */
function cisWatched(stack: string, folder: string): Record<string, Doc> {
  const prefix = `${stack}/k8s/${folder}/`;
  const watched: Record<string, Doc> = {};
  for (const [path, content] of filesOf(stack)) {
    if (!path.startsWith(prefix) || !path.endsWith('.yaml') || path.endsWith('kustomization.yaml')) continue;
    const object = YAML.parse(content) as Doc;
    const annotations = Object.keys(object.metadata?.annotations ?? {});
    if (
      String(object.apiVersion).startsWith('cis.f5.com/') ||
      object.metadata?.labels?.f5nr === 'true' ||
      annotations.some((k) => k.startsWith('cis.f5.com/'))
    )
      watched[path.slice(prefix.length)] = object;
  }
  return watched;
}

describe('stack multicluster (seed 000: two VKS clusters, one VIP, ratio mode, HA CIS pair)', () => {
  it('gives the primary and the secondary cluster identical CIS-watched manifests', () => {
    const east = cisWatched('multicluster', 'vks-east');
    expect(Object.keys(east).sort()).toEqual([
      'configmap-kube-system-extended-spec-config.yaml',
      'virtualserver-shop-shop.yaml',
    ]);
    expect(cisWatched('multicluster', 'vks-west')).toEqual(east);
  });

  it('runs CIS as primary and secondary of one partition, reading the ratio-mode ConfigMap', () => {
    const args = (folder: string) =>
      (
        YAML.parse(
          filesOf('multicluster').get(
            `multicluster/k8s/${folder}/deployment-kube-system-k8s-bigip-ctlr.yaml`,
          ) as string,
        ) as Doc
      ).spec.template.spec.containers[0].args as string[];
    expect(args('vks-east')).toEqual(
      expect.arrayContaining([
        '--bigip-partition=shop',
        '--multi-cluster-mode=primary',
        '--local-cluster-name=vks-east',
        '--extended-spec-configmap=kube-system/extended-spec-config',
      ]),
    );
    expect(args('vks-west')).toEqual(
      expect.arrayContaining([
        '--bigip-partition=shop',
        '--multi-cluster-mode=secondary',
        '--local-cluster-name=vks-west',
      ]),
    );
    const spec = YAML.parse(
      cisWatched('multicluster', 'vks-east')['configmap-kube-system-extended-spec-config.yaml']?.data
        .extendedSpec,
    ) as Doc;
    expect(spec.mode).toBe('ratio');
    expect(spec.highAvailabilityCIS.primaryCluster).toEqual({
      clusterName: 'vks-east',
      secret: 'kube-system/vks-east-kubeconfig',
      ratio: 3,
    });
  });

  it.skipIf(!cisCrdsAvailable())(
    'every CIS custom resource of the new stacks validates against the 2.20.4 CRD',
    () => {
      let checked = 0;
      for (const stack of ['multicluster', 'ipam-ipv6']) {
        for (const [path, content] of filesOf(stack)) {
          if (!path.endsWith('.yaml')) continue;
          const object = YAML.parse(content) as Doc;
          if (object?.apiVersion !== 'cis.f5.com/v1') continue;
          const result = checkConformance(object);
          expect({ path, schema: result.schemaErrors, cel: result.celErrors }).toEqual({
            path,
            schema: [],
            cel: [],
          });
          checked += 1;
        }
      }
      expect(checked).toBeGreaterThanOrEqual(2);
    },
  );
});

describe('stack ipam-ipv6 (seed 004)', () => {
  it('gives the LoadBalancer Service its VIP from an IPv6 IPAM label, with CIS in ipam and IPv6 mode', () => {
    const files = filesOf('ipam-ipv6');
    const service = YAML.parse(
      files.get('ipam-ipv6/k8s/vks-v6/service-default-svc-f5-demo-lb1.yaml') as string,
    ) as Doc;
    expect(service.spec.type).toBe('LoadBalancer');
    expect(service.metadata.annotations).toEqual({
      'cis.f5.com/ipamLabel': 'Test',
      'cis.f5.com/health': '{"interval":5,"timeout":10}',
    });
    const fic = YAML.parse(
      files.get('ipam-ipv6/k8s/vks-v6/deployment-kube-system-f5-ipam-controller.yaml') as string,
    ) as Doc;
    expect(fic.spec.template.spec.containers[0].args).toContain(
      '--ip-range={"Dev":"2001:db8:3::7-2001:db8:3::9","Test":"2001:db8:4::7-2001:db8:4::9"}',
    );
    const cis = YAML.parse(
      files.get('ipam-ipv6/k8s/vks-v6/deployment-kube-system-k8s-bigip-ctlr.yaml') as string,
    ) as Doc;
    expect(cis.spec.template.spec.containers[0].args).toEqual(
      expect.arrayContaining(['--custom-resource-mode=true', '--ipam=true', '--enable-ipv6=true']),
    );
  });
});

/** Every file under `dir`, with its path relative to it. */
function walk(dir: string, root = dir): Array<{ path: string; content: string }> {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory()
      ? walk(path, root)
      : [{ path: relative(root, path), content: readFileSync(path, 'utf8') }];
  });
}

/** Text that would be a credential if it appeared in the output. */
const CREDENTIAL_PATTERNS: Array<[string, RegExp]> = [
  ['a private key', /-----BEGIN [A-Z ]*PRIVATE KEY-----/],
  ['a JSON web token (service-account token)', /eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/],
  ['a kubeconfig client certificate or key', /client-(certificate|key)(-data)?\s*:/],
  ['a kubeconfig password or basic-auth user', /^\s*(password|username)\s*:\s*\S/m],
  ['credentials in a URL', /[a-z]+:\/\/[^\s/@:"']+:[^\s/@"']+@/],
];

describe('no Secret value, token or kubeconfig credential in dist/ of any stack', () => {
  const out = mkdtempSync(join(tmpdir(), 'vks-bigip-dist-'));
  for (const output of outputs) writeStackOutput(out, output);
  const files = walk(out);
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('writes every stack, including the kubeconfig templates', () => {
    const stacks = new Set(files.map((f) => f.path.split(/[\\/]/)[0]));
    expect([...stacks].sort()).toEqual(
      createApp()
        .stacks.map((s) => s.stackName)
        .sort(),
    );
    expect(files.filter((f) => f.path.endsWith('.kubeconfig.template')).length).toBeGreaterThanOrEqual(3);
  });

  it('renders every Secret without data: tokens are filled in by Kubernetes, logins created out of band', () => {
    const secrets = files
      .filter((f) => f.path.endsWith('.yaml'))
      .flatMap((f) =>
        YAML.parseAllDocuments(f.content).map((d) => ({ path: f.path, object: d.toJS() as Doc })),
      )
      .filter(({ object }) => object?.kind === 'Secret');
    expect(secrets.length).toBeGreaterThanOrEqual(3);
    for (const { path, object } of secrets) {
      expect({ path, data: object.data, stringData: object.stringData }).toEqual({
        path,
        data: undefined,
        stringData: undefined,
      });
      expect(object.type).toBe('kubernetes.io/service-account-token');
    }
  });

  it('holds no credential in any file', () => {
    const found = files.flatMap((f) =>
      CREDENTIAL_PATTERNS.filter(([, pattern]) => pattern.test(f.content)).map(
        ([what]) => `${f.path}: ${what}`,
      ),
    );
    expect(found).toEqual([]);
  });

  it('leaves the token and CA of every kubeconfig template as placeholders unless the CA was given', () => {
    for (const f of files.filter((x) => x.path.endsWith('.kubeconfig.template'))) {
      const kubeconfig = YAML.parse(f.content) as Doc;
      expect(kubeconfig.users.map((u: Doc) => u.user)).toEqual([{ token: KUBECONFIG_TOKEN_PLACEHOLDER }]);
      expect(kubeconfig.clusters[0].cluster['certificate-authority-data']).toBe(KUBECONFIG_CA_PLACEHOLDER);
    }
  });

  it('would catch a leaked token (the scan is not vacuous)', () => {
    const leaked = 'token: eyJhbGciOiJSUzI1NiIsImtpZCI6IjEifQ.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQifQ.sig';
    expect(CREDENTIAL_PATTERNS.some(([, p]) => p.test(leaked))).toBe(true);
    expect(CREDENTIAL_PATTERNS.some(([, p]) => p.test('    client-key-data: LS0tLS1CRUdJTg=='))).toBe(true);
    expect(CREDENTIAL_PATTERNS.some(([, p]) => p.test('url: https://admin:admin@192.0.2.1'))).toBe(true);
  });
});
