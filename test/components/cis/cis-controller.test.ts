import { describe, expect, it } from 'vitest';
import { Annotations } from '../../../lib/core/annotations';
import { synthesizeStack } from '../../../lib/core/synth';
import { Testing } from '../../../lib/testing/testing';
import { BigipDevice } from '../../../components/bigip/bigip-device';
import { BigipPartition, PartitionOwner } from '../../../components/bigip/bigip-partition';
import {
  CisController,
  CisLogLevel,
  MultiClusterMode,
  PoolMemberType,
  type CisControllerProps,
} from '../../../components/cis/cis-controller';
import { cisRbacRules } from '../../../components/cis/cis-rbac';
import { VksCluster } from '../../../components/workloads/vks-cluster';
import { Cni, Networking } from '../../../components/networking/cluster-network';
import { expectSynthProblems, expectValidationError } from '../../helpers/expect-errors';
import { fixture, k8sObject, kustomizationResources, type FixtureOptions } from '../../helpers/fixture';

const CIS = 'test/Cluster/Cis';
const DEPLOYMENT_ARGS = (tree: Record<string, string>, namespace = 'kube-system') =>
  k8sObject(tree, 'Deployment', namespace, 'k8s-bigip-ctlr').spec.template.spec.containers[0]
    .args as string[];

/** A fixture whose CisController gets `cis` props (the default is nodeportlocal with a trusted-certs ConfigMap). */
const withCis = (cis: Partial<CisControllerProps>, options: FixtureOptions = {}) =>
  fixture({ ...options, cis });

/** A cluster without CIS, to build a CisController in the test itself. */
function bare(options: FixtureOptions = {}) {
  const f = fixture({ ...options, cis: false });
  const build = (props: Partial<CisControllerProps> = {}) =>
    new CisController(f.cluster, 'Cis', {
      device: f.device,
      partition: f.partition,
      poolMemberType: PoolMemberType.NODE_PORT_LOCAL,
      trustedCertsConfigMap: 'kube-system/bigip-ca',
      ...props,
    });
  return { ...f, build };
}

describe('CisController', () => {
  it('default snapshot (nodeportlocal, trusted certs)', () => {
    expect(Testing.synth(fixture().stack)).toMatchSnapshot();
  });

  it('applies its defaults once, on public fields', () => {
    const { build } = bare();
    const c = build({ poolMemberType: undefined, trustedCertsConfigMap: undefined, insecure: true });
    expect(c.poolMemberType).toBe(PoolMemberType.NODE_PORT);
    expect(c.customResourceMode).toBe(true);
    expect(c.logLevel).toBe(CisLogLevel.INFO);
    expect(c.insecure).toBe(true);
    expect(c.trustedCertsConfigMap).toBeUndefined();
    expect(c.loginSecretName).toBe('f5-bigip-ctlr-login');
    expect(c.namespace).toBe('kube-system');
    expect(c.watchNamespaces).toEqual([]);
    expect(c.namespaceLabel).toBeUndefined();
    expect(c.allowedPartitions).toEqual([]);
    expect(c.deniedPartitions).toEqual([]);
    expect(c.ipam).toBe(false);
    expect(c.multiClusterMode).toBeUndefined();
    expect(c.staticRoutingMode).toBe(false);
    expect(c.ingressClassName).toBe('f5');
    expect(c.image).toBe('f5networks/k8s-bigip-ctlr:2.20.4');
    expect(c.resourceName).toBe('k8s-bigip-ctlr');
    expect(c.cluster.clusterName).toBe('c1');
  });

  it('renders the k8s-bigip-ctlr arguments of the default (nodeportlocal) case in a fixed order', () => {
    const { stack } = fixture();
    expect(DEPLOYMENT_ARGS(Testing.synth(stack))).toEqual([
      '--credentials-directory=/tmp/creds',
      '--bigip-url=https://192.0.2.1',
      '--bigip-partition=k8s',
      '--pool-member-type=nodeportlocal',
      '--custom-resource-mode=true',
      '--log-level=INFO',
      '--as3-validation=true',
      '--ingress-class=f5',
      '--trusted-certs-cfgmap=kube-system/bigip-ca',
      '--insecure=false',
    ]);
  });

  it('renders every optional argument it offers', () => {
    const f = fixture({ cis: false, cluster: { cni: Cni.CALICO, nodePortLocalEnabled: false } });
    const allowed = new BigipPartition(f.stack, 'Allowed', { device: f.device, partitionName: 'k8s_extra' });
    const denied = new BigipPartition(f.stack, 'Denied', { device: f.device, partitionName: 'k8s_denied' });
    const cis = new CisController(f.cluster, 'Cis', {
      device: f.device,
      partition: f.partition,
      poolMemberType: PoolMemberType.CLUSTER,
      logLevel: CisLogLevel.DEBUG,
      insecure: true,
      namespace: 'f5-cis',
      watchNamespaces: ['apps', 'shop'],
      allowedPartitions: [allowed],
      deniedPartitions: [denied],
      ipam: true,
      multiClusterMode: MultiClusterMode.PRIMARY,
      extendedSpecConfigMap: 'kube-system/extended-spec',
      staticRoutingMode: true,
      ingressClassName: 'f5-internal',
      imageRepository: 'registry.example.com:5000/f5/k8s-bigip-ctlr',
      imageTag: '@sha256:' + 'a'.repeat(64),
    });
    expect(cis.args).toEqual([
      '--credentials-directory=/tmp/creds',
      '--bigip-url=https://192.0.2.1',
      '--bigip-partition=k8s',
      '--pool-member-type=cluster',
      '--custom-resource-mode=true',
      '--log-level=DEBUG',
      '--as3-validation=true',
      '--ingress-class=f5-internal',
      '--insecure=true',
      '--namespace=apps',
      '--namespace=shop',
      '--allowed-partitions=k8s_extra',
      '--denied-partitions=k8s_denied',
      '--ipam=true',
      '--multi-cluster-mode=primary',
      '--local-cluster-name=c1',
      '--extended-spec-configmap=kube-system/extended-spec',
      '--static-routing-mode=true',
      '--orchestration-cni=calico-k8s',
    ]);
    expect(cis.image).toBe(`registry.example.com:5000/f5/k8s-bigip-ctlr@sha256:${'a'.repeat(64)}`);
    const tree = Testing.synth(f.stack);
    expect(DEPLOYMENT_ARGS(tree, 'f5-cis')).toEqual(cis.args);
  });

  it('renders --namespace-label, and --orchestration-cni=antrea for static routes on Antrea', () => {
    const { cis } = withCis({
      poolMemberType: PoolMemberType.AUTO,
      namespaceLabel: 'cis=enabled',
      staticRoutingMode: true,
    });
    expect(cis?.args).toContain('--namespace-label=cis=enabled');
    expect(cis?.args).toContain('--pool-member-type=auto');
    expect(cis?.args.slice(-2)).toEqual(['--static-routing-mode=true', '--orchestration-cni=antrea']);
  });

  it('renders a single-replica Deployment with the pinned image, no hostNetwork and the login Secret mounted', () => {
    const { stack } = withCis({ loginSecretName: 'bigip-login' });
    const deployment = k8sObject(Testing.synth(stack), 'Deployment', 'kube-system', 'k8s-bigip-ctlr');
    expect(deployment.spec.replicas).toBe(1);
    expect(deployment.spec.selector).toEqual({
      matchLabels: {
        'app.kubernetes.io/name': 'k8s-bigip-ctlr',
        'app.kubernetes.io/instance': 'k8s-bigip-ctlr',
      },
    });
    const pod = deployment.spec.template.spec;
    expect(pod.hostNetwork).toBeUndefined();
    expect(pod.serviceAccountName).toBe('k8s-bigip-ctlr');
    expect(pod.volumes).toEqual([{ name: 'bigip-creds', secret: { secretName: 'bigip-login' } }]);
    const container = pod.containers[0];
    expect(container.image).toBe('f5networks/k8s-bigip-ctlr:2.20.4');
    expect(container.command).toEqual(['/app/bin/k8s-bigip-ctlr']);
    expect(container.ports).toEqual([{ name: 'http', containerPort: 8080, protocol: 'TCP' }]);
    expect(container.volumeMounts).toEqual([
      { name: 'bigip-creds', mountPath: '/tmp/creds', readOnly: true },
    ]);
    // F5's chart timings: in legacy mode /health calls the API server, so a 1 s timeout restarts CIS.
    const health = { httpGet: { path: '/health', port: 8080, scheme: 'HTTP' }, successThreshold: 1 };
    expect(container.livenessProbe).toEqual({
      ...health,
      initialDelaySeconds: 15,
      periodSeconds: 15,
      timeoutSeconds: 15,
      failureThreshold: 3,
    });
    expect(container.readinessProbe).toEqual({
      ...health,
      initialDelaySeconds: 30,
      periodSeconds: 30,
      timeoutSeconds: 15,
      failureThreshold: 3,
    });
    // F5's image declares USER ctlr by name: without a numeric user the kubelet refuses runAsNonRoot.
    expect(pod.securityContext).toEqual({
      runAsNonRoot: true,
      runAsUser: 1000,
      runAsGroup: 1000,
      fsGroup: 1000,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(deployment.spec.template.metadata.labels).toEqual({
      'app.kubernetes.io/name': 'k8s-bigip-ctlr',
      'app.kubernetes.io/instance': 'k8s-bigip-ctlr',
    });
  });

  it('renders ServiceAccount, ClusterRole, ClusterRoleBinding and IngressClass, applied before the Deployment', () => {
    const { stack } = fixture();
    const tree = Testing.synth(stack);
    expect(k8sObject(tree, 'ServiceAccount', 'kube-system', 'k8s-bigip-ctlr').metadata.name).toBe(
      'k8s-bigip-ctlr',
    );
    expect(k8sObject(tree, 'ClusterRoleBinding', undefined, 'k8s-bigip-ctlr')).toMatchObject({
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'k8s-bigip-ctlr' },
      subjects: [{ kind: 'ServiceAccount', name: 'k8s-bigip-ctlr', namespace: 'kube-system' }],
    });
    expect(k8sObject(tree, 'IngressClass', undefined, 'f5').spec).toEqual({
      controller: 'f5.com/cntr-ingress-svcs',
    });
    const order = kustomizationResources(tree, 'test/k8s/c1');
    const at = (file: string) => order.indexOf(file);
    expect(at('deployment-kube-system-k8s-bigip-ctlr.yaml')).toBeGreaterThan(
      at('serviceaccount-kube-system-k8s-bigip-ctlr.yaml'),
    );
    expect(at('deployment-kube-system-k8s-bigip-ctlr.yaml')).toBeGreaterThan(
      at('clusterrolebinding-k8s-bigip-ctlr.yaml'),
    );
    expect(at('clusterrolebinding-k8s-bigip-ctlr.yaml')).toBeGreaterThan(
      at('clusterrole-k8s-bigip-ctlr.yaml'),
    );
  });

  it('creates its namespace when it is not built in, and applies it first', () => {
    const { stack } = withCis({ namespace: 'f5-cis' });
    const tree = Testing.synth(stack);
    expect(k8sObject(tree, 'Namespace', undefined, 'f5-cis').metadata).toEqual({ name: 'f5-cis' });
    expect(kustomizationResources(tree, 'test/k8s/c1')[0]).toBe('namespace-f5-cis.yaml');
  });

  it('creates no IngressClass when createIngressClass is false', () => {
    const { stack, cis } = withCis({ createIngressClass: false });
    expect(cis?.ingressClass).toBeUndefined();
    expect(Object.keys(Testing.synth(stack)).some((p) => p.includes('ingressclass'))).toBe(false);
  });

  describe('RBAC', () => {
    const READ = ['get', 'list', 'watch'];
    const WRITE_STATUS = ['get', 'list', 'watch', 'update', 'patch'];
    const BASE = [
      {
        apiGroups: [''],
        resources: ['nodes', 'services', 'endpoints', 'namespaces', 'pods', 'secrets'],
        verbs: READ,
      },
      { apiGroups: [''], resources: ['configmaps'], verbs: [...WRITE_STATUS, 'create'] },
      { apiGroups: [''], resources: ['events'], verbs: ['create', 'patch', 'update'] },
      { apiGroups: [''], resources: ['services/status'], verbs: WRITE_STATUS },
    ];
    const CRDS = {
      apiGroups: ['cis.f5.com'],
      resources: [
        'virtualservers',
        'virtualservers/status',
        'transportservers',
        'transportservers/status',
        'tlsprofiles',
        'ingresslinks',
        'ingresslinks/status',
        'externaldnses',
        'policies',
      ],
      verbs: WRITE_STATUS,
    };

    it('custom-resource mode reads the CIS custom resources and writes their status', () => {
      expect(cisRbacRules({ customResourceMode: true, ipam: false, staticRoutingWithCalico: false })).toEqual(
        [...BASE, CRDS],
      );
    });

    it('the legacy controller reads Ingresses instead', () => {
      expect(
        cisRbacRules({ customResourceMode: false, ipam: false, staticRoutingWithCalico: false }),
      ).toEqual([
        ...BASE,
        { apiGroups: ['networking.k8s.io'], resources: ['ingresses', 'ingressclasses'], verbs: READ },
        { apiGroups: ['networking.k8s.io'], resources: ['ingresses/status'], verbs: WRITE_STATUS },
      ]);
    });

    it('IPAM adds the IPAM resources and CRD creation', () => {
      expect(cisRbacRules({ customResourceMode: true, ipam: true, staticRoutingWithCalico: false })).toEqual([
        ...BASE,
        CRDS,
        {
          apiGroups: ['fic.f5.com'],
          resources: ['ipams', 'ipams/status'],
          verbs: [...WRITE_STATUS, 'create', 'delete'],
        },
        {
          apiGroups: ['apiextensions.k8s.io'],
          resources: ['customresourcedefinitions'],
          verbs: [...WRITE_STATUS, 'create'],
        },
      ]);
    });

    it('static routes on Calico add blockaffinities', () => {
      expect(cisRbacRules({ customResourceMode: true, ipam: false, staticRoutingWithCalico: true })).toEqual([
        ...BASE,
        CRDS,
        { apiGroups: ['crd.projectcalico.org'], resources: ['blockaffinities'], verbs: READ },
      ]);
    });

    it('the ClusterRole renders the rules of the chosen features', () => {
      const calico = fixture({
        cis: {
          poolMemberType: PoolMemberType.CLUSTER,
          staticRoutingMode: true,
          ipam: true,
          customResourceMode: true,
        },
        cluster: { cni: Cni.CALICO, nodePortLocalEnabled: false },
      });
      expect(
        k8sObject(Testing.synth(calico.stack), 'ClusterRole', undefined, 'k8s-bigip-ctlr').rules,
      ).toEqual(cisRbacRules({ customResourceMode: true, ipam: true, staticRoutingWithCalico: true }));
      // Static routes on Antrea need no Calico permissions.
      const antrea = withCis({ poolMemberType: PoolMemberType.AUTO, staticRoutingMode: true });
      expect(
        k8sObject(Testing.synth(antrea.stack), 'ClusterRole', undefined, 'k8s-bigip-ctlr').rules,
      ).toEqual([...BASE, CRDS]);
      const legacy = withCis({ poolMemberType: PoolMemberType.NODE_PORT_LOCAL, customResourceMode: false });
      expect(
        k8sObject(Testing.synth(legacy.stack), 'ClusterRole', undefined, 'k8s-bigip-ctlr').rules,
      ).toEqual(cisRbacRules({ customResourceMode: false, ipam: false, staticRoutingWithCalico: false }));
    });
  });

  it('manages its own partition and the allowed CIS partitions of its device, never denied ones', () => {
    const f = fixture({ cis: false });
    const extra = new BigipPartition(f.stack, 'Extra', { device: f.device, partitionName: 'extra' });
    const denied = new BigipPartition(f.stack, 'Denied', { device: f.device, partitionName: 'denied' });
    const other = new BigipDevice(f.stack, 'Other', { url: 'https://192.0.2.2' });
    const elsewhere = new BigipPartition(f.stack, 'Elsewhere', { device: other, partitionName: 'k8s' });
    const open = new CisController(f.cluster, 'Cis', {
      device: f.device,
      partition: f.partition,
      poolMemberType: PoolMemberType.NODE_PORT_LOCAL,
      trustedCertsConfigMap: 'kube-system/ca',
      deniedPartitions: [denied],
    });
    expect(open.manages(f.partition)).toBe(true);
    expect(open.manages(extra)).toBe(true);
    expect(open.manages(denied)).toBe(false);
    expect(open.manages(elsewhere)).toBe(false);

    const g = fixture({ cis: false });
    const allowed = new BigipPartition(g.stack, 'Allowed', { device: g.device, partitionName: 'allowed' });
    const notListed = new BigipPartition(g.stack, 'NotListed', { device: g.device, partitionName: 'other' });
    const closed = new CisController(g.cluster, 'Cis', {
      device: g.device,
      partition: g.partition,
      poolMemberType: PoolMemberType.NODE_PORT_LOCAL,
      trustedCertsConfigMap: 'kube-system/ca',
      allowedPartitions: [allowed],
    });
    expect(closed.manages(g.partition)).toBe(true);
    expect(closed.manages(allowed)).toBe(true);
    expect(closed.manages(notListed)).toBe(false);
  });

  it('warns cis:insecure-bigip-tls when certificate checks are off', () => {
    const { stack } = withCis({ trustedCertsConfigMap: undefined, insecure: true });
    expect(synthesizeStack(stack).warnings).toEqual([
      {
        id: 'cis:insecure-bigip-tls',
        path: CIS,
        message: `CIS will not verify the BIG-IP certificate (--insecure=true); prefer 'trustedCertsConfigMap'`,
      },
    ]);
    const acknowledged = withCis({ trustedCertsConfigMap: undefined, insecure: true });
    Annotations.of(acknowledged.stack).acknowledgeWarning(
      'cis:insecure-bigip-tls',
      'lab BIG-IP with a self-signed cert',
    );
    expect(synthesizeStack(acknowledged.stack).warnings).toEqual([]);
  });

  describe('fails when', () => {
    it('device is missing', () => {
      const { build } = bare();
      expectValidationError(
        () => build({ device: undefined }),
        CIS,
        `'device' is required: the BigipDevice CIS configures`,
      );
    });

    it('partition is missing', () => {
      const { build } = bare();
      expectValidationError(
        () => build({ partition: undefined }),
        CIS,
        `'partition' is required: the BigipPartition CIS writes (--bigip-partition)`,
      );
    });

    it('poolMemberType is not a PoolMemberType', () => {
      const { build } = bare();
      expectValidationError(
        () => build({ poolMemberType: 'nodePort' as PoolMemberType }),
        CIS,
        `'poolMemberType' must be one of "nodeport", "cluster", "nodeportlocal", "auto", got "nodePort"`,
      );
    });

    it('logLevel is not a CisLogLevel', () => {
      const { build } = bare();
      expectValidationError(
        () => build({ logLevel: 'TRACE' as CisLogLevel }),
        CIS,
        `'logLevel' must be one of "AS3DEBUG", "DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL", got "TRACE"`,
      );
    });

    it.each(['bigip-ca', 'kube-system/', 'Kube-System/ca', 'a/b/c'])('trustedCertsConfigMap is %j', (ref) => {
      const { build } = bare();
      expectValidationError(
        () => build({ trustedCertsConfigMap: ref }),
        CIS,
        `'trustedCertsConfigMap' must be a ConfigMap reference "<namespace>/<name>", got ${JSON.stringify(ref)}`,
      );
    });

    it('loginSecretName is not a DNS subdomain', () => {
      const { build } = bare();
      expectValidationError(
        () => build({ loginSecretName: 'BigIP_Login' }),
        CIS,
        `'loginSecretName' must be a DNS-1123 subdomain (lower-case letters, digits, "-" and ".", at most 253 characters), got "BigIP_Login"`,
      );
    });

    it('namespace is not a DNS label', () => {
      const { build } = bare();
      expectValidationError(
        () => build({ namespace: 'F5' }),
        CIS,
        `'namespace' must be a DNS-1123 label (lower-case letters, digits and "-", at most 63 characters), got "F5"`,
      );
    });

    it('a watchNamespaces entry is not a DNS label', () => {
      const { build } = bare();
      expectValidationError(
        () => build({ watchNamespaces: ['apps', 'Shop'] }),
        CIS,
        `'watchNamespaces[1]' must be a DNS-1123 label (lower-case letters, digits and "-", at most 63 characters), got "Shop"`,
      );
    });

    it('namespaceLabel is empty', () => {
      const { build } = bare();
      expectValidationError(
        () => build({ namespaceLabel: ' ' }),
        CIS,
        `'namespaceLabel' must be a non-empty string, got " "`,
      );
    });

    it('multiClusterMode is not a MultiClusterMode', () => {
      const { build } = bare({ cluster: { nodePortLocalEnabled: false } });
      expectValidationError(
        () =>
          build({ poolMemberType: PoolMemberType.NODE_PORT, multiClusterMode: 'active' as MultiClusterMode }),
        CIS,
        `'multiClusterMode' must be one of "standalone", "primary", "secondary", got "active"`,
      );
    });

    it('extendedSpecConfigMap is not "<namespace>/<name>"', () => {
      const { build } = bare();
      expectValidationError(
        () => build({ extendedSpecConfigMap: 'extended-spec' }),
        CIS,
        `'extendedSpecConfigMap' must be a ConfigMap reference "<namespace>/<name>", got "extended-spec"`,
      );
    });

    it('ingressClassName is not a DNS subdomain', () => {
      const { build } = bare();
      expectValidationError(
        () => build({ ingressClassName: 'F5' }),
        CIS,
        `'ingressClassName' must be a DNS-1123 subdomain (lower-case letters, digits, "-" and ".", at most 253 characters), got "F5"`,
      );
    });

    it('imageRepository is not an image repository', () => {
      const { build } = bare();
      expectValidationError(
        () => build({ imageRepository: 'F5Networks/k8s-bigip-ctlr' }),
        CIS,
        `'imageRepository' must be an image repository such as "f5networks/k8s-bigip-ctlr", got "F5Networks/k8s-bigip-ctlr"`,
      );
    });

    it.each([':2.20.4', 'sha256:abc', '@sha256:abc', ''])('imageTag is %j', (imageTag) => {
      const { build } = bare();
      expectValidationError(
        () => build({ imageTag }),
        CIS,
        `'imageTag' must be an image tag such as "2.20.4" or a digest "@sha256:…", got ${JSON.stringify(imageTag)}`,
      );
    });

    it('imageTag is latest', () => {
      const { build } = bare();
      expectValidationError(
        () => build({ imageTag: 'latest' }),
        CIS,
        `'imageTag' must pin a CIS release such as "2.20.4", got "latest" [cis:image-pinned]`,
      );
    });

    it('partition is owned by the stack, not CIS', () => {
      const { build, stack, device } = bare();
      const owned = new BigipPartition(stack, 'Owned', {
        device,
        partitionName: 'apps',
        owner: PartitionOwner.STACK,
      });
      expectValidationError(
        () => build({ partition: owned }),
        CIS,
        `'partition' "apps" is owned by stack, not CIS; two writers would erase each other's tenant [cis:partition-owned-by-cis]`,
      );
    });

    it('partition is on another device', () => {
      const { build, stack } = bare();
      const other = new BigipDevice(stack, 'Other', { url: 'https://192.0.2.2' });
      const foreign = new BigipPartition(stack, 'Foreign', { device: other, partitionName: 'k8s' });
      expectValidationError(
        () => build({ partition: foreign }),
        CIS,
        `'partition' "k8s" is on device other, but 'device' is bigip [cis:partition-on-device]`,
      );
    });

    it('poolMemberType is auto without custom-resource mode', () => {
      const { build } = bare();
      expectValidationError(
        () => build({ poolMemberType: PoolMemberType.AUTO, customResourceMode: false }),
        CIS,
        `'poolMemberType' auto needs 'customResourceMode' true (CIS accepts auto only in custom-resource mode) [cis:auto-needs-custom-resource-mode]`,
      );
    });

    it('neither trustedCertsConfigMap nor insecure is given', () => {
      const { build } = bare();
      expectValidationError(
        () => build({ trustedCertsConfigMap: undefined }),
        CIS,
        `'insecure' must be set explicitly to true when no 'trustedCertsConfigMap' is given: since CIS 2.16 an unverified BIG-IP certificate stops CIS [cis:bigip-tls-explicit]`,
      );
    });

    it('insecure is false and no trustedCertsConfigMap is given', () => {
      const { build } = bare();
      expectValidationError(
        () => build({ trustedCertsConfigMap: undefined, insecure: false }),
        CIS,
        `'insecure' must be set explicitly to true when no 'trustedCertsConfigMap' is given: since CIS 2.16 an unverified BIG-IP certificate stops CIS [cis:bigip-tls-explicit]`,
      );
    });

    it('insecure is true and a trustedCertsConfigMap is given', () => {
      const { build } = bare();
      expectValidationError(
        () => build({ insecure: true }),
        CIS,
        `'insecure' true and 'trustedCertsConfigMap' "kube-system/bigip-ca" contradict each other; choose one [cis:insecure-contradicts-trusted-certs]`,
      );
    });

    it('both watchNamespaces and namespaceLabel are given', () => {
      const { build } = bare();
      expectValidationError(
        () => build({ watchNamespaces: ['apps'], namespaceLabel: 'cis=true' }),
        CIS,
        `'watchNamespaces' and 'namespaceLabel' are mutually exclusive (--namespace vs --namespace-label), got both [cis:namespaces-xor-namespace-label]`,
      );
    });

    it('deniedPartitions contains the default partition', () => {
      const { build, partition } = bare();
      expectValidationError(
        () => build({ deniedPartitions: [partition] }),
        CIS,
        `'deniedPartitions' must not contain the default partition "k8s" [cis:default-partition-not-denied]`,
      );
    });

    it('an allowedPartitions entry is on another device', () => {
      const { build, stack, device } = bare();
      const other = new BigipDevice(stack, 'Other', { url: 'https://192.0.2.2' });
      const mine = new BigipPartition(stack, 'Mine', { device, partitionName: 'mine' });
      const foreign = new BigipPartition(stack, 'Foreign', { device: other, partitionName: 'foreign' });
      expectValidationError(
        () => build({ allowedPartitions: [mine, foreign] }),
        CIS,
        `'allowedPartitions[1]' "foreign" must be a CIS-owned partition on device bigip [cis:listed-partitions-cis-owned]`,
      );
    });

    it('a deniedPartitions entry is not owned by CIS', () => {
      const { build, stack, device } = bare();
      const owned = new BigipPartition(stack, 'Owned', {
        device,
        partitionName: 'apps',
        owner: PartitionOwner.STACK,
      });
      expectValidationError(
        () => build({ deniedPartitions: [owned] }),
        CIS,
        `'deniedPartitions[0]' "apps" must be a CIS-owned partition on device bigip [cis:listed-partitions-cis-owned]`,
      );
    });

    it('allowedPartitions would name Common: no such partition can be built', () => {
      const { stack, device } = bare();
      expectValidationError(
        () => new BigipPartition(stack, 'Common', { device }),
        'test/Common',
        `'partitionName' must not be "Common": it is BIG-IP's shared partition, which CIS and AS3 reserve`,
      );
    });

    it('multiClusterMode is set without extendedSpecConfigMap', () => {
      const { build } = bare({ cluster: { nodePortLocalEnabled: false } });
      expectValidationError(
        () =>
          build({ poolMemberType: PoolMemberType.NODE_PORT, multiClusterMode: MultiClusterMode.STANDALONE }),
        CIS,
        `'multiClusterMode' "standalone" needs 'extendedSpecConfigMap' ("<namespace>/<name>") [cis:multi-cluster-needs-extended-spec]`,
      );
    });

    it.each([PoolMemberType.NODE_PORT, PoolMemberType.NODE_PORT_LOCAL])(
      'staticRoutingMode is set with poolMemberType %s',
      (poolMemberType) => {
        const { build } = bare();
        expectValidationError(
          () => build({ poolMemberType, staticRoutingMode: true }),
          CIS,
          `'staticRoutingMode' needs 'poolMemberType' cluster or auto, got "${poolMemberType}" [cis:static-routing-needs-cluster-members]`,
        );
      },
    );

    it('poolMemberType is nodeportlocal on an Antrea cluster without NodePortLocal', () => {
      const { build } = bare({ cluster: { nodePortLocalEnabled: false } });
      expectValidationError(
        () => build(),
        CIS,
        `'poolMemberType' nodeportlocal needs a cluster with cni Cni.ANTREA and 'nodePortLocalEnabled' true; cluster "c1" has cni "antrea", nodePortLocalEnabled false [cis:nodeportlocal-needs-antrea-npl]`,
      );
    });

    it('poolMemberType is nodeportlocal on a Calico cluster', () => {
      const { build } = bare({ cluster: { cni: Cni.CALICO, nodePortLocalEnabled: false } });
      expectValidationError(
        () => build(),
        CIS,
        `'poolMemberType' nodeportlocal needs a cluster with cni Cni.ANTREA and 'nodePortLocalEnabled' true; cluster "c1" has cni "calico", nodePortLocalEnabled false [cis:nodeportlocal-needs-antrea-npl]`,
      );
    });

    it('poolMemberType nodeportlocal is combined with multi-cluster', () => {
      const { build } = bare();
      expectValidationError(
        () => build({ multiClusterMode: MultiClusterMode.PRIMARY, extendedSpecConfigMap: 'kube-system/ext' }),
        CIS,
        `'poolMemberType' nodeportlocal cannot be combined with 'multiClusterMode' (CIS does not support NodePortLocal with multi-cluster on VKS) [cis:nodeportlocal-not-multi-cluster]`,
      );
    });

    it('poolMemberType is cluster on NSX', () => {
      const { build } = bare({ cluster: { networking: Networking.NSX } });
      expectValidationError(
        () => build({ poolMemberType: PoolMemberType.CLUSTER }),
        CIS,
        `'poolMemberType' cluster cannot work on NSX: the BIG-IP cannot sit in the cluster's segment nor route to its pod CIDRs; use nodeportlocal (Antrea) or nodeport [cis:no-cluster-members-on-nsx]`,
      );
    });

    it('static routes (auto) are asked for on NSX', () => {
      const { build } = bare({ cluster: { networking: Networking.NSX } });
      expectValidationError(
        () => build({ poolMemberType: PoolMemberType.AUTO, staticRoutingMode: true }),
        CIS,
        `'poolMemberType' cluster cannot work on NSX: the BIG-IP cannot sit in the cluster's segment nor route to its pod CIDRs; use nodeportlocal (Antrea) or nodeport [cis:no-cluster-members-on-nsx]`,
      );
    });

    it('it is created outside a VksCluster', () => {
      const { stack, device, partition } = bare();
      expectValidationError(
        () => new CisController(stack, 'Cis', { device, partition, insecure: true }),
        'test/Cis',
        `must be created inside a VksCluster (new X(cluster, 'Id', …)), but its scopes are test/Cis`,
      );
    });

    it('two controllers write the same partition of a device', () => {
      const f = fixture();
      const other = new VksCluster(f.stack, 'Other', {
        clusterName: 'c2',
        vsphereNamespace: 'vsphere-ns',
        nodePortLocalEnabled: true,
      });
      new CisController(other, 'Cis', {
        device: f.device,
        partition: f.partition,
        poolMemberType: PoolMemberType.NODE_PORT_LOCAL,
        trustedCertsConfigMap: 'kube-system/bigip-ca',
      });
      expectSynthProblems(f.stack, [
        {
          path: 'test/Other/Cis',
          message: `'partition' "k8s" on device bigip is already the partition of [${CIS}]; one CIS instance per partition, or they overwrite each other [cis:one-controller-per-partition]`,
        },
      ]);
    });
  });
});
