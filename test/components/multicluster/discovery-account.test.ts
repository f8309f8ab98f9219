import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { Testing } from '../../../lib/testing/testing';
import { DiscoveryAccount } from '../../../components/multicluster/discovery-account';
import { expectValidationErrors } from '../../helpers/expect-errors';
import { fixture, k8sObject, type Doc } from '../../helpers/fixture';

describe('DiscoveryAccount (F5 Distributed Cloud service discovery, seed 004)', () => {
  it('renders a ServiceAccount, a read-only ClusterRole and binding, an empty token Secret and a kubeconfig template', () => {
    const f = fixture({ cis: false });
    new DiscoveryAccount(f.cluster, 'Xc', {
      apiServer: 'https://192.0.2.20:6443',
      certificateAuthorityData: 'TFMwdExTMUNSVWRKVGc=',
      namespace: 'f5-xc',
    });
    const tree = Testing.synth(f.stack);
    expect(k8sObject(tree, 'ServiceAccount', 'f5-xc', 'f5-service-discovery').metadata.name).toBe(
      'f5-service-discovery',
    );
    expect(k8sObject(tree, 'Namespace', undefined, 'f5-xc').kind).toBe('Namespace');
    const role = k8sObject(tree, 'ClusterRole', undefined, 'f5-service-discovery');
    expect(role.rules.flatMap((r: Doc) => r.verbs)).toEqual(['get', 'list', 'watch']);
    const binding = k8sObject(tree, 'ClusterRoleBinding', undefined, 'f5-service-discovery');
    expect(binding.subjects).toEqual([
      { kind: 'ServiceAccount', name: 'f5-service-discovery', namespace: 'f5-xc' },
    ]);
    const secret = k8sObject(tree, 'Secret', 'f5-xc', 'f5-service-discovery-token');
    expect(secret).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        name: 'f5-service-discovery-token',
        namespace: 'f5-xc',
        labels: {
          'app.kubernetes.io/component': 'discovery',
          'app.kubernetes.io/name': 'f5-service-discovery',
        },
        annotations: { 'kubernetes.io/service-account.name': 'f5-service-discovery' },
      },
      type: 'kubernetes.io/service-account-token',
    });
    const template = tree['test/k8s/c1/f5-service-discovery.kubeconfig.template'] as string;
    expect(template).toContain(
      "kubectl --context c1 -n f5-xc get secret f5-service-discovery-token -o jsonpath='{.data.token}' | base64 -d",
    );
    const kubeconfig = YAML.parse(template) as Doc;
    expect(kubeconfig.clusters).toEqual([
      {
        name: 'c1',
        cluster: { server: 'https://192.0.2.20:6443', 'certificate-authority-data': 'TFMwdExTMUNSVWRKVGc=' },
      },
    ]);
    expect(kubeconfig.users).toEqual([
      {
        name: 'f5-service-discovery@c1',
        user: { token: '<paste the token of the Secret named in the comment above>' },
      },
    ]);
    // The template is not a manifest: kubectl apply -f on the folder and the kustomization skip it.
    const kustomization = Testing.parse(tree, 'test/k8s/c1/kustomization.yaml') as { resources: string[] };
    expect(kustomization.resources.some((r) => r.includes('kubeconfig'))).toBe(false);
  });

  it('fails when the API server URL carries credentials or is not https', () => {
    const f = fixture({ cis: false });
    expectValidationErrors(
      () =>
        new DiscoveryAccount(f.cluster, 'Xc', {
          apiServer: 'https://admin:secret@192.0.2.20:6443',
          certificateAuthorityData: 'not base64!',
        }),
      'test/Cluster/Xc',
      [
        `'apiServer' must be an https URL of the API server without credentials, such as "https://10.0.0.10:6443", got "https://admin:secret@192.0.2.20:6443"`,
        `'certificateAuthorityData' must be base64 of a PEM CA bundle, got "not base64!"`,
      ],
    );
  });

  it('fails when created outside a cluster', () => {
    const f = fixture({ cis: false });
    expect(() => new DiscoveryAccount(f.stack, 'Xc', { apiServer: 'https://192.0.2.20:6443' })).toThrow(
      /must be created inside a VksCluster/,
    );
  });
});
