import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { PoolMemberType, type CisControllerProps } from '../../../components/cis/cis-controller';
import { cisPropsFromHelmValues } from '../../../components/cis/cis-helm-import';
import { CIS_HELM_ARGS, CIS_HELM_VALUES } from '../../../components/cis/cis-helm-values';
import { ImagePullPolicy } from '../../../components/cis/cis-pod';
import { OrchestrationCni } from '../../../components/cis/cis-args';
import { synthesizeStack } from '../../../lib/core/synth';
import { expectValidationError, expectValidationErrors } from '../../helpers/expect-errors';
import { fixture, k8sObject, Testing, type Doc } from '../../helpers/fixture';

/** F5's files, from the sibling `shared/` folder (absent in some checkouts: these tests then skip). */
const SHARED = resolve(__dirname, '../../../../shared/cis');
const CHART_VALUES = resolve(SHARED, 'f5-bigip-ctlr-chart-0.0.36.values.yaml');
const SAMPLE_VALUES = resolve(SHARED, 'sample-helm-values.k8s.v2.20.4.yaml');
const SAMPLE_MANIFEST = resolve(SHARED, 'examples/Install/k8s/sample-k8s-bigip-ctlr.yaml');
const available = [CHART_VALUES, SAMPLE_VALUES, SAMPLE_MANIFEST].every((f) => existsSync(f));
if (!available) {
  console.warn(
    `[cis-controller-f5] SKIPPED: F5's chart values or sample manifest are absent under ${SHARED}`,
  );
}

/**
 * The keys under `args:` of a values file, commented-out ones included (the chart documents most of its
 * arguments as comments), as the flags the chart renders (`_` becomes `-`).
 */
function helmArgKeys(text: string): string[] {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => /^args:\s*$/.test(l));
  const keys: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (/^[A-Za-z]/.test(line)) break;
    const match = /^\s*(?:#+\s*)?([a-z][a-z0-9_-]*)\s*(:(?!\/\/).*)?$/.exec(line);
    if (match?.[1]) keys.push(match[1].replace(/_/g, '-'));
  }
  return keys;
}

/** The keys of a values file other than args: YAML keys (nested ones joined by ".") and commented-out top-level keys. */
function helmValueKeys(text: string): string[] {
  const keys = text
    .split('\n')
    .map((l) => /^# ([a-z][A-Za-z_]*):(?!\/\/)/.exec(l)?.[1])
    .filter((k): k is string => k !== undefined);
  const walk = (value: unknown, path: string) => {
    if (path === 'args') return;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const entries = Object.entries(value as Record<string, unknown>);
      if (path !== '' && (entries.length === 0 || path in CIS_HELM_VALUES)) keys.push(path);
      else for (const [k, v] of entries) walk(v, path ? `${path}.${k}` : k);
    } else keys.push(path);
  };
  walk(YAML.parse(text), '');
  return keys;
}

/** A values key is mapped by its own entry or, for a commented-out block, by entries of its children. */
function isMapped(key: string): boolean {
  return key in CIS_HELM_VALUES || Object.keys(CIS_HELM_VALUES).some((k) => k.startsWith(`${key}.`));
}

/** Every prop the tables name is a real prop: a controller with all of them set synthesizes. */
const EVERY_ARG_PROP: Partial<CisControllerProps> = {
  poolMemberType: PoolMemberType.CLUSTER,
  staticRoutingMode: true,
  sharedStaticRoutes: true,
  ipam: true,
  ipamNamespace: 'ipam',
  watchNamespaces: ['apps'],
  verifyInterval: 60,
  nodePollInterval: 45,
  periodicSyncInterval: 120,
  as3PostDelay: 5,
  as3Validation: false,
  logAs3Response: true,
  filterTenants: true,
  enableIpv6: true,
  customResourceMode: false,
  manageIngress: false,
  manageConfigmaps: true,
  hubmode: true,
  manageIngressClassOnly: true,
  defaultIngressIp: '192.0.2.80',
  resolveIngressNames: 'LOOKUP',
  useSecrets: false,
  overrideAs3Declaration: 'kube-system/override',
  useNodeInternal: false,
  nodeLabelSelector: 'f5role=worker',
  shareNodes: true,
  defaultRouteDomain: 2,
  localClusterName: 'site-a',
  loadBalancerClass: 'f5.com/bigip',
  manageLoadBalancerClassOnly: true,
  disableTeems: true,
};

/** Flags EVERY_ARG_PROP cannot render at once, and where they are tested. */
const NOT_IN_EVERY_ARG_PROP: Record<string, string> = {
  namespaces: 'the chart spelling of --namespace',
  'controller-mode': 'rendered as --custom-resource-mode (sample values test below)',
  'multi-cluster-mode': 'cis-controller.test.ts (needs the extended spec ConfigMap)',
  'extended-spec-configmap': 'cis-controller.test.ts',
  'allowed-partitions': 'cis-controller.test.ts (needs more partitions)',
  'denied-partitions': 'cis-controller.test.ts (needs more partitions)',
  'namespace-label': 'exclusive with --namespace; cis-controller.test.ts',
  'manage-configmaps': 'rendered only when false; hubmode above needs it true (fails-when test)',
};

function flagsOf(args: readonly string[]): Set<string> {
  return new Set(args.map((a) => /^--([a-z0-9-]+)/.exec(a)?.[1] ?? a));
}

describe.skipIf(!available)("CisController against F5's chart values", () => {
  const files = available ? [CHART_VALUES, SAMPLE_VALUES].map((f) => readFileSync(f, 'utf8')) : [];

  it('maps every args key of the chart values and the sample values to a prop or a refusal', () => {
    const keys = new Set(files.flatMap(helmArgKeys));
    expect(keys.size).toBeGreaterThan(30);
    expect([...keys].filter((k) => !(k in CIS_HELM_ARGS))).toEqual([]);
  });

  it('maps every other key of the chart values and the sample values to a prop or a refusal', () => {
    const keys = new Set(files.flatMap(helmValueKeys));
    expect(keys).toContain('podSecurityContext.runAsNonRoot');
    expect(keys).toContain('securityContext');
    expect([...keys].filter((k) => !isMapped(k))).toEqual([]);
  });

  it('names only real props, and every argument prop renders its flag', () => {
    const { cis } = fixture({ cis: EVERY_ARG_PROP });
    const rendered = flagsOf(cis?.args ?? []);
    for (const [flag, mapping] of Object.entries(CIS_HELM_ARGS)) {
      if ('fixed' in mapping) {
        expect(rendered.has(flag), `--${flag} is always rendered`).toBe(true);
      } else if ('refused' in mapping) {
        expect(mapping.refused.length, flag).toBeGreaterThan(10);
        expect(rendered.has(flag), `refused --${flag} is never rendered`).toBe(false);
      } else if (!(flag in NOT_IN_EVERY_ARG_PROP)) {
        expect(rendered.has(flag), `--${flag} (${mapping.prop})`).toBe(true);
      }
    }
  });
});

/** Leaf paths of an object (`a.b[0].c`) and their values. */
function leaves(value: unknown, path = '', out = new Map<string, unknown>()): Map<string, unknown> {
  if (Array.isArray(value)) value.forEach((v, i) => leaves(v, `${path}[${i}]`, out));
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) leaves(v, path ? `${path}.${k}` : k, out);
  } else out.set(path, value);
  return out;
}

/**
 * Where our Deployment differs from F5's sample manifest on purpose (prefixes of leaf paths), and why.
 * Everything else F5's manifest sets, ours sets to the same value.
 */
const DELIBERATE_DIFFERENCES: Record<string, string> = {
  'metadata.name': 'one name for the ServiceAccount, ClusterRole, binding and Deployment',
  'spec.selector': 'app.kubernetes.io labels instead of app=',
  'spec.template.metadata': 'app.kubernetes.io labels instead of app=',
  'spec.template.spec.serviceAccountName': 'our ServiceAccount, rendered with least-privilege RBAC',
  'spec.template.spec.containers[0].image': 'pinned release instead of latest',
  'spec.template.spec.containers[0].livenessProbe.periodSeconds':
    "F5's chart timings (15 s) over the sample's 120 s",
  'spec.template.spec.containers[0].readinessProbe.periodSeconds':
    "F5's chart timings (30 s) over the sample's 120 s",
  'spec.template.spec.containers[0].args': 'compared as a set below',
  // Set once for the pod instead of per container: same effect, covers every container.
  'spec.template.spec.containers[0].securityContext.runAsNonRoot': 'pod securityContext',
  'spec.template.spec.containers[0].securityContext.seccompProfile': 'pod securityContext',
};

/** Arguments we add to F5's sample, and why. */
const ADDED_ARGS: Record<string, string> = {
  '--bigip-url=https://192.0.2.1': 'the URL comes from the BigipDevice, not a url file in the Secret',
  '--ingress-class=f5': "always rendered, as F5's chart does",
  '--insecure=false': 'certificate verification stated explicitly',
};

describe.skipIf(!available)("CisController renders F5's sample manifest", () => {
  const f5 = available ? (YAML.parse(readFileSync(SAMPLE_MANIFEST, 'utf8')) as Doc) : {};
  const { stack } = fixture({
    cis: {
      poolMemberType: PoolMemberType.NODE_PORT,
      trustedCertsConfigMap: 'kube-system/trusted-certs',
      runAsGroup: 3000,
      fsGroup: 2000,
    },
  });
  const ours = k8sObject(Testing.synth(stack), 'Deployment', 'kube-system', 'k8s-bigip-ctlr');

  it('sets every field of the sample the same way, but for the listed deliberate differences', () => {
    const mine = leaves(ours);
    const podSecurity = ours.spec.template.spec.securityContext as Doc;
    const mismatches: string[] = [];
    for (const [path, value] of leaves(f5)) {
      if (
        Object.keys(DELIBERATE_DIFFERENCES).some(
          (p) => path === p || path.startsWith(`${p}.`) || path.startsWith(`${p}[`),
        )
      )
        continue;
      if (mine.get(path) !== value)
        mismatches.push(`${path}: F5 ${String(value)}, ours ${String(mine.get(path))}`);
    }
    expect(mismatches).toEqual([]);
    // The container-level fields we set at pod level instead.
    expect(podSecurity.runAsNonRoot).toBe(true);
    expect(podSecurity.seccompProfile).toEqual({ type: 'RuntimeDefault' });
  });

  it('passes every argument of the sample, plus only the listed ones', () => {
    const theirs = f5.spec.template.spec.containers[0].args as string[];
    const mine = ours.spec.template.spec.containers[0].args as string[];
    expect(mine.filter((a) => !theirs.includes(a)).sort()).toEqual(Object.keys(ADDED_ARGS).sort());
    expect(theirs.filter((a) => !mine.includes(a))).toEqual([]);
  });
});

describe.skipIf(!available)("CisController renders F5's sample Helm values", () => {
  const values = available ? (YAML.parse(readFileSync(SAMPLE_VALUES, 'utf8')) as Doc) : {};
  // Deliberate difference: `version: latest` is refused (cis:image-pinned); the tag is pinned instead.
  const { stack } = fixture({ cis: { ...cisPropsFromHelmValues(values), imageTag: '2.20.4' } });
  const tree = Testing.synth(stack);
  const ours = k8sObject(tree, 'Deployment', 'kube-system', 'k8s-bigip-ctlr');
  const pod = ours.spec.template.spec as Doc;
  const container = pod.containers[0] as Doc;

  it('renders the arguments the chart renders from them (placeholders replaced by the device and partition)', () => {
    const chart = Object.entries(values.args as Record<string, unknown>).map(([k, v]) => {
      if (k === 'bigip_url') return '--bigip-url=https://192.0.2.1';
      if (k === 'bigip_partition') return '--bigip-partition=k8s';
      // controller-mode=customresource selects the same controller as custom-resource-mode=true.
      if (k === 'controller_mode') return '--custom-resource-mode=true';
      return `--${k.replace(/_/g, '-')}=${String(v)}`;
    });
    chart.push(
      '--credentials-directory=/tmp/creds',
      `--ingress-class=${values.ingressClass.ingressClassName}`,
    );
    expect(chart.filter((a) => !container.args.includes(a))).toEqual([]);
    expect((container.args as string[]).filter((a) => !chart.includes(a))).toEqual(['--insecure=false']);
  });

  it('renders the pod the values describe', () => {
    expect(pod.securityContext).toMatchObject(values.securityContext);
    expect(pod.securityContext.runAsNonRoot).toBe(true);
    expect(container.securityContext).toEqual({
      allowPrivilegeEscalation: values.podSecurityContext.allowPrivilegeEscalation,
      capabilities: values.podSecurityContext.capabilities,
    });
    expect(pod.securityContext.seccompProfile).toEqual(values.podSecurityContext.seccompProfile);
    expect(container.resources).toEqual({
      limits: { cpu: values.limits_cpu, memory: values.limits_memory },
      requests: { cpu: values.requests_cpu, memory: values.requests_memory },
    });
    expect(container.imagePullPolicy).toBe('Always');
    expect(pod.volumes[0].secret.secretName).toBe(values.bigip_login_secret);
    expect(pod.serviceAccountName).toBe(values.serviceAccount.name);
    // Deliberate difference: `version: latest` is refused; the image is pinned.
    expect(container.image).toBe('f5networks/k8s-bigip-ctlr:2.20.4');
    expect(Object.keys(tree).some((p) => p.includes('ingressclass'))).toBe(false);
  });
});

describe.skipIf(!available)('cisPropsFromHelmValues', () => {
  it("converts F5's sample values and the chart's defaults, refusing only the unpinned image", () => {
    const sample = cisPropsFromHelmValues(YAML.parse(readFileSync(SAMPLE_VALUES, 'utf8')) as Doc);
    expect(sample).toMatchObject({
      poolMemberType: PoolMemberType.NODE_PORT,
      trustedCertsConfigMap: 'kube-system/trusted-certs',
      customResourceMode: true,
      imageRepository: 'f5networks/k8s-bigip-ctlr',
      imageTag: 'latest',
      runAsUser: 1000,
      runAsGroup: 3000,
      createIngressClass: false,
    });
    const chart = cisPropsFromHelmValues(YAML.parse(readFileSync(CHART_VALUES, 'utf8')) as Doc);
    expect(chart).toMatchObject({ loginSecretName: 'f5-bigip-ctlr-login', isDefaultIngressController: true });
    expectValidationError(
      () => fixture({ cis: sample }),
      'test/Cluster/Cis',
      `'imageTag' must pin a CIS release such as "2.20.4", got "latest" [cis:image-pinned]`,
    );
  });

  it('refuses every refused or unknown key at once, with its reason', () => {
    expect(() =>
      cisPropsFromHelmValues({
        bigip_secret: { create: true, username: 'admin', password: 'secret' },
        args: {
          openshift_sdn_name: '/Common/openshift_vxlan',
          gtm_bigip_password: 'secret',
          kubeconfig: '/root/.kube/config',
          controller_mode: 'openshift',
          bogus_flag: 1,
        },
        podSecurityContext: { privileged: true, allowPrivilegeEscalation: true },
      }),
    ).toThrow(
      [
        'Helm values the CisController cannot take:',
        `- bigip_secret is refused: ${(CIS_HELM_VALUES.bigip_secret as { refused: string }).refused}`,
        `- args.openshift-sdn-name is refused: ${(CIS_HELM_ARGS['openshift-sdn-name'] as { refused: string }).refused}`,
        `- args.gtm-bigip-password is refused: ${(CIS_HELM_ARGS['gtm-bigip-password'] as { refused: string }).refused}`,
        `- args.kubeconfig is refused: ${(CIS_HELM_ARGS.kubeconfig as { refused: string }).refused}`,
        '- args.controller-mode: "openshift" is refused; only "customresource" (customResourceMode true) is supported on VKS',
        '- args.bogus-flag: no CisController prop or refusal knows this key',
        `- podSecurityContext.privileged is refused: ${(CIS_HELM_VALUES['podSecurityContext.privileged'] as { refused: string }).refused}`,
        '- podSecurityContext.allowPrivilegeEscalation: true is refused; the construct always renders false',
      ].join('\n'),
    );
  });

  it('reads booleans and numbers given as strings (helm --set)', () => {
    expect(
      cisPropsFromHelmValues({
        args: { verify_interval: '60', log_as3_response: 'true', log_level: 'debug' },
      }),
    ).toEqual({
      verifyInterval: 60,
      logAs3Response: true,
      logLevel: 'DEBUG',
    });
  });
});

describe('CisController RBAC follows the arguments', () => {
  it('grants no Ingress access to a legacy controller with manageIngress false', () => {
    const groups = (cis: Partial<CisControllerProps>) => {
      const { stack } = fixture({ cis });
      const role = k8sObject(Testing.synth(stack), 'ClusterRole', undefined, 'k8s-bigip-ctlr');
      return (role.rules as Doc[]).flatMap((r) => r.apiGroups as string[]);
    };
    expect(groups({ customResourceMode: false })).toContain('networking.k8s.io');
    expect(groups({ customResourceMode: false, manageIngress: false })).not.toContain('networking.k8s.io');
  });
});

describe('CisController pod options', () => {
  it('renders pull secrets, node selector, tolerations, affinity, priority class, env and volumes', () => {
    const affinity = {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/arch', operator: 'Exists' }] }],
        },
      },
    };
    const { stack } = fixture({
      cis: {
        imagePullSecrets: ['registry-login'],
        nodeSelector: { 'node-role.kubernetes.io/infra': 'true' },
        tolerations: [{ key: 'infra', operator: 'Exists', effect: 'NoSchedule' }],
        affinity,
        priorityClassName: 'system-cluster-critical',
        env: { HTTPS_PROXY: 'http://proxy:3128' },
        volumes: [{ name: 'extra-ca', configMap: { name: 'extra-ca' } }],
        volumeMounts: [{ name: 'extra-ca', mountPath: '/etc/extra-ca', readOnly: true }],
        requestsCpu: '200m',
        limitsMemory: '1Gi',
      },
    });
    const pod = k8sObject(Testing.synth(stack), 'Deployment', 'kube-system', 'k8s-bigip-ctlr').spec.template
      .spec as Doc;
    expect(pod.imagePullSecrets).toEqual([{ name: 'registry-login' }]);
    expect(pod.nodeSelector).toEqual({ 'node-role.kubernetes.io/infra': 'true' });
    expect(pod.tolerations).toEqual([{ key: 'infra', operator: 'Exists', effect: 'NoSchedule' }]);
    expect(pod.affinity).toEqual(affinity);
    expect(pod.priorityClassName).toBe('system-cluster-critical');
    const container = pod.containers[0] as Doc;
    expect(container.env).toEqual([{ name: 'HTTPS_PROXY', value: 'http://proxy:3128' }]);
    expect(container.resources.requests.cpu).toBe('200m');
    expect(container.resources.limits.memory).toBe('1Gi');
    expect(pod.volumes.map((v: Doc) => v.name)).toEqual(['bigip-creds', 'extra-ca']);
    expect(container.volumeMounts.map((v: Doc) => v.mountPath)).toEqual(['/tmp/creds', '/etc/extra-ca']);
  });

  it('marks the IngressClass default when isDefaultIngressController is set', () => {
    const { stack } = fixture({ cis: { isDefaultIngressController: true } });
    const ingressClass = k8sObject(Testing.synth(stack), 'IngressClass', undefined, 'f5');
    expect(ingressClass.metadata.annotations).toEqual({
      'ingressclass.kubernetes.io/is-default-class': 'true',
    });
  });

  it('exposes the effective pod settings', () => {
    const { cis } = fixture();
    expect(cis?.podOptions).toMatchObject({
      runAsNonRoot: true,
      runAsUser: 1000,
      runAsGroup: 1000,
      fsGroup: 1000,
      imagePullPolicy: ImagePullPolicy.IF_NOT_PRESENT,
    });
  });
});

describe('CisController options fail when', () => {
  const CIS = 'test/Cluster/Cis';
  const build = (cis: Partial<CisControllerProps>) => () => fixture({ cis });

  it("'cis:run-as-non-root-numeric-user': runAsUser is 0 (root) with runAsNonRoot", () => {
    expectValidationError(
      build({ runAsUser: 0 }),
      CIS,
      `'runAsUser' 0 is root, but 'runAsNonRoot' is true: the kubelet would refuse the container; use a non-zero user such as 1000 [cis:run-as-non-root-numeric-user]`,
    );
    expect(() => fixture({ cis: { runAsUser: 0, runAsNonRoot: false } })).not.toThrow();
  });

  it("'cis:ipam-namespace-needs-ipam': ipamNamespace is set without ipam", () => {
    expectValidationError(
      build({ ipamNamespace: 'ipam' }),
      CIS,
      `'ipamNamespace' "ipam" needs 'ipam' true: without --ipam CIS creates no IPAM resource [cis:ipam-namespace-needs-ipam]`,
    );
  });

  it("'cis:shared-static-routes-need-static-routing': sharedStaticRoutes without staticRoutingMode", () => {
    expectValidationError(
      build({ sharedStaticRoutes: true }),
      CIS,
      `'sharedStaticRoutes' true needs 'staticRoutingMode' true [cis:shared-static-routes-need-static-routing]`,
    );
  });

  it("'cis:hubmode-needs-configmaps': hubmode without manageConfigmaps", () => {
    expectValidationError(
      build({ customResourceMode: false, hubmode: true, manageConfigmaps: false }),
      CIS,
      `'hubmode' true needs 'manageConfigmaps' true: CIS refuses --hubmode without ConfigMaps [cis:hubmode-needs-configmaps]`,
    );
  });

  it("'cis:orchestration-cni-matches-cluster': orchestrationCni is not the cluster's CNI", () => {
    expectValidationError(
      build({
        poolMemberType: PoolMemberType.CLUSTER,
        staticRoutingMode: true,
        orchestrationCni: OrchestrationCni.CALICO,
      }),
      CIS,
      `'orchestrationCni' "calico-k8s" is not the cluster's CNI "antrea" ("antrea") [cis:orchestration-cni-matches-cluster]`,
    );
  });

  it('pod options are malformed, all reported at once', () => {
    expectValidationErrors(
      build({
        runAsGroup: -1,
        requestsCpu: 'lots',
        imagePullSecrets: ['Bad_Name'],
        env: { BIGIP_PASSWORD: 'secret' },
        volumes: [{ name: 'bigip-creds', emptyDir: {} }],
        volumeMounts: [
          { name: 'missing', mountPath: '/data' },
          { name: 'bigip-creds', mountPath: '/tmp/creds' },
        ],
      }),
      CIS,
      [
        `'runAsGroup' must be an integer from 0 to 2147483647, got -1`,
        `'requestsCpu' must be a Kubernetes quantity such as "100m" or "512Mi", got "lots"`,
        /^'imagePullSecrets\[0\]' must be a DNS-1123 subdomain/,
        `'env' "BIGIP_PASSWORD" would put BIG-IP credentials in the pod spec; they come from 'loginSecretName'`,
        `'volumes[0]' name "bigip-creds" is taken by the login Secret`,
        `'volumeMounts[0]' names volume "missing", which is not one of 'volumes' ("bigip-creds")`,
        `'volumeMounts[1]' mountPath "/tmp/creds" is taken by the login Secret`,
      ],
    );
  });

  it('defaultIngressIp is not an IP address', () => {
    expectValidationError(
      build({ customResourceMode: false, defaultIngressIp: '10.0.0' }),
      CIS,
      `'defaultIngressIp' must be an IPv4 or IPv6 address, got "10.0.0"`,
    );
  });
});

describe('CisController options warn when', () => {
  it("'cis:legacy-option-ignored': a legacy-controller option is set in custom-resource mode", () => {
    const { stack } = fixture({ cis: { manageIngress: false, defaultIngressIp: '192.0.2.80' } });
    expect(synthesizeStack(stack).warnings).toEqual([
      {
        id: 'cis:legacy-option-ignored',
        path: 'test/Cluster/Cis',
        message: `'manageIngress', 'defaultIngressIp' only affect the legacy controller; with 'customResourceMode' true CIS ignores them`,
      },
    ]);
    const legacy = fixture({ cis: { customResourceMode: false, manageIngress: false } });
    expect(synthesizeStack(legacy.stack).warnings).toEqual([]);
  });
});
