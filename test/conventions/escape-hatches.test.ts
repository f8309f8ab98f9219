import { JsonPatch } from 'cdk8s';
import { BigipRef } from '../../lib/as3/inventory';
import { describe, expect, it } from 'vitest';
import { Testing } from '../../lib/testing/testing';
import { F5TransportServer } from '../../components/cis/f5-transport-server';
import { F5VirtualServer } from '../../components/cis/f5-virtual-server';
import { PoolMemberType } from '../../components/cis/cis-controller';
import { ServiceType } from '../../components/workloads/service-backend';
import { TlsProfile, TlsTermination } from '../../components/cis/tls-profile';
import { FakeBackend, fixture, k8sObject, nplService } from '../helpers/fixture';

/**
 * Every high-level construct exposes its raw objects; `addJsonPatch` on them changes the synthesized
 * YAML, so a prop the construct does not offer never blocks a user.
 */
describe('escape hatches', () => {
  it('F5VirtualServer.resource takes JSON patches on top of the rendered (lazy) spec', () => {
    const { stack, cluster, partition } = fixture();
    const web = nplService(cluster, { name: 'web' });
    const vs = new F5VirtualServer(cluster, 'Vs', {
      partition,
      name: 'vs',
      virtualServerAddress: '192.0.2.10',
      pools: [{ service: web }],
    });
    vs.resource.addJsonPatch(
      JsonPatch.add('/spec/connectionMirroring', 'L4'),
      JsonPatch.add('/spec/pools/0/reselectTries', 3),
      JsonPatch.replace('/spec/snat', 'self'),
    );
    const tree = Testing.synth(stack);
    const spec = k8sObject(tree, 'VirtualServer', 'default', 'vs').spec;
    expect(spec.connectionMirroring).toBe('L4');
    expect(spec.pools[0].reselectTries).toBe(3);
    expect(spec.snat).toBe('self');
    expect(tree['test/k8s/c1/virtualserver-default-vs.yaml']).toContain('connectionMirroring: L4\n');
  });

  it('CisController.deployment takes JSON patches (an extra CIS argument)', () => {
    const { stack, cis } = fixture();
    cis?.deployment.addJsonPatch(
      JsonPatch.add('/spec/template/spec/containers/0/args/-', '--log-as3-response=true'),
    );
    const tree = Testing.synth(stack);
    const args = k8sObject(tree, 'Deployment', 'kube-system', 'k8s-bigip-ctlr').spec.template.spec
      .containers[0].args;
    expect(args.at(-1)).toBe('--log-as3-response=true');
    expect(args).toHaveLength((cis?.args.length ?? 0) + 1);
  });

  it('CisController.clusterRole takes JSON patches', () => {
    const { stack, cis } = fixture();
    cis?.clusterRole.addJsonPatch(
      JsonPatch.add('/rules/-', {
        apiGroups: ['config.openshift.io'],
        resources: ['networks'],
        verbs: ['list'],
      }),
    );
    const rules = k8sObject(Testing.synth(stack), 'ClusterRole', undefined, 'k8s-bigip-ctlr').rules;
    expect(rules.at(-1)).toEqual({
      apiGroups: ['config.openshift.io'],
      resources: ['networks'],
      verbs: ['list'],
    });
  });

  it('NplService.service and .deployment take JSON patches', () => {
    const { stack, cluster } = fixture();
    const web = nplService(cluster, { name: 'web' });
    web.service.addJsonPatch(JsonPatch.add('/spec/sessionAffinity', 'ClientIP'));
    web.deployment?.addJsonPatch(
      JsonPatch.add('/spec/template/spec/containers/0/resources', { limits: { memory: '128Mi' } }),
    );
    const tree = Testing.synth(stack);
    expect(k8sObject(tree, 'Service', 'default', 'web').spec.sessionAffinity).toBe('ClientIP');
    expect(
      k8sObject(tree, 'Deployment', 'default', 'web').spec.template.spec.containers[0].resources,
    ).toEqual({
      limits: { memory: '128Mi' },
    });
  });

  it('keeps patched fields the typed k8s serializer does not know, and plain int-or-string values', () => {
    const { stack, cluster } = fixture();
    const web = nplService(cluster, { name: 'web' });
    web.deployment?.addJsonPatch(
      JsonPatch.add('/spec/template/spec/containers/0/fieldFromANewerKubernetes', { enabled: true }),
      JsonPatch.add('/spec/template/spec/containers/0/readinessProbe', {
        httpGet: { path: '/ready', port: 'http' },
      }),
    );
    const container = k8sObject(Testing.synth(stack), 'Deployment', 'default', 'web').spec.template.spec
      .containers[0];
    expect(container.fieldFromANewerKubernetes).toEqual({ enabled: true });
    expect(container.readinessProbe).toEqual({ httpGet: { path: '/ready', port: 'http' } });
  });

  it('can rename an object: the file name follows the patched name', () => {
    const { stack, cis } = fixture();
    cis?.ingressClass?.addJsonPatch(JsonPatch.replace('/metadata/name', 'f5-custom'));
    const tree = Testing.synth(stack);
    expect(Object.keys(tree)).toContain('test/k8s/c1/ingressclass-f5-custom.yaml');
    expect(Object.keys(tree)).not.toContain('test/k8s/c1/ingressclass-f5.yaml');
  });

  it('a patch that does not apply is a synth error on the object, and synthesis can be repeated', () => {
    const { stack, cluster } = fixture();
    const web = nplService(cluster, { name: 'web' });
    web.service.addJsonPatch(JsonPatch.replace('/spec/doesNotExist/x', 1));
    expect(() => Testing.synth(stack)).toThrow(/\[test\/Cluster\/App\/Service\] cannot be rendered: /);
    // The failed render leaves the patch in place (it is not lost or applied twice).
    expect(() => Testing.synth(stack)).toThrow(/\[test\/Cluster\/App\/Service\] cannot be rendered: /);
  });

  it('TlsProfile.resource takes JSON patches', () => {
    const { stack, cluster } = fixture();
    const tls = new TlsProfile(cluster, 'Tls', {
      name: 'tls',
      termination: TlsTermination.EDGE,
      clientSslProfiles: [BigipRef.clientSslProfile('/Common/clientssl')],
    });
    tls.resource.addJsonPatch(JsonPatch.add('/spec/tls/clientSSLParams', { renegotiationEnabled: false }));
    expect(k8sObject(Testing.synth(stack), 'TLSProfile', 'default', 'tls').spec.tls.clientSSLParams).toEqual({
      renegotiationEnabled: false,
    });
  });

  it('F5TransportServer.resource takes JSON patches', () => {
    const { stack, cluster, partition } = fixture({
      cis: { poolMemberType: PoolMemberType.NODE_PORT },
      cluster: { nodePortLocalEnabled: false },
    });
    const db = new FakeBackend(cluster, 'Db', ServiceType.NODE_PORT);
    const ts = new F5TransportServer(cluster, 'Ts', {
      partition,
      name: 'ts',
      virtualServerAddress: '192.0.2.20',
      virtualServerPort: 5432,
      service: db,
    });
    ts.resource.addJsonPatch(JsonPatch.add('/spec/profileL4', '/Common/fastL4'));
    expect(k8sObject(Testing.synth(stack), 'TransportServer', 'default', 'ts').spec.profileL4).toBe(
      '/Common/fastL4',
    );
  });

  it('VksCluster.antreaConfig takes JSON patches', () => {
    const { stack, cluster } = fixture();
    cluster.antreaConfig?.addJsonPatch(JsonPatch.add('/spec/antrea/config/featureGates/Multicast', true));
    const antrea = k8sObject(Testing.synth(stack), 'AntreaConfig', 'vsphere-ns', 'c1-antrea-package', {
      folder: 'supervisor/vsphere-ns',
    });
    expect(antrea.spec.antrea.config.featureGates).toEqual({ NodePortLocal: true, Multicast: true });
  });
});
