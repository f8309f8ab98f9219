import { Chart } from 'cdk8s';
import { k8s } from '../../lib/k8s/kube-api';
import { Construct } from 'constructs';
import { YAML } from '../../lib/core/yaml-library';
import { registerArtifactSource, type SynthContext } from '../../lib/core/artifacts';
import { brand } from '../../lib/core/brand';
import {
  checkArray,
  checkDnsLabel,
  checkDnsSubdomain,
  checkId,
  checkPattern,
  checkReference,
  fail,
  NAMESPACED_REF,
  PropChecks,
} from '../../lib/core/checks';
import { ManifestChart } from '../../lib/k8s/manifest-chart';
import { VksCluster, type IVksCluster } from '../workloads/vks-cluster';

export interface DiscoveryAccountProps {
  /**
   * URL of the cluster's Kubernetes API server, written into the kubeconfig template
   * (`clusters[].cluster.server`).
   * @see https://kubernetes.io/docs/concepts/configuration/organize-cluster-access-kubeconfig/
   */
  readonly apiServer: string;

  /**
   * Base64 of the PEM CA bundle that signs the API server's certificate
   * (`certificate-authority-data`). Public data; it is never a credential.
   * @see https://kubernetes.io/docs/concepts/configuration/organize-cluster-access-kubeconfig/
   * @default - a placeholder the operator replaces
   */
  readonly certificateAuthorityData?: string;

  /**
   * Name of the ServiceAccount, ClusterRole and ClusterRoleBinding; the token Secret is `<name>-token`.
   * @see https://kubernetes.io/docs/reference/access-authn-authz/service-accounts-admin/
   * @default 'f5-service-discovery'
   */
  readonly name?: string;

  /**
   * Namespace of the ServiceAccount and its token Secret.
   * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/
   * @default 'kube-system'
   */
  readonly namespace?: string;

  /**
   * Where the filled kubeconfig goes: a Secret reference `<namespace>/<name>` (data key `kubeconfig`) in
   * the clusters that read this one; the template then says how to create it. Never rendered.
   * @see https://clouddocs.f5.com/containers/latest/userguide/multicluster/
   * @default - no Secret instructions (F5 Distributed Cloud takes the kubeconfig file itself)
   */
  readonly kubeconfigSecret?: string;

  /**
   * The clusters whose CIS reads this cluster with the kubeconfig, named in the Secret instructions.
   * @see https://clouddocs.f5.com/containers/latest/userguide/multicluster/
   * @default - none
   */
  readonly kubeconfigSecretReaders?: IVksCluster[];

  /**
   * The cluster the account is for. Needed only when the account is created outside the cluster's tree
   * (MultiCluster renders one into each remote cluster's folder).
   * @default - the VksCluster the account is created in
   */
  readonly cluster?: VksCluster;
}

/** The placeholders of the kubeconfig template: the operator fills them in, nothing here is a secret. */
export const KUBECONFIG_TOKEN_PLACEHOLDER = '<paste the token of the Secret named in the comment above>';
export const KUBECONFIG_CA_PLACEHOLDER = '<base64 of the cluster CA bundle>';

/** What service discovery reads (CIS's external-cluster RBAC; F5 Distributed Cloud reads the same). */
const DISCOVERY_RULES: k8s.PolicyRule[] = [
  {
    apiGroups: [''],
    resources: ['endpoints', 'namespaces', 'nodes', 'pods', 'services'],
    verbs: ['get', 'list', 'watch'],
  },
];

/**
 * A read-only account for service discovery from outside the cluster (seed 004: F5 Distributed Cloud;
 * CIS of another cluster in multi-cluster mode): a ServiceAccount, a ClusterRole that can only get, list
 * and watch Services, Endpoints, Pods, Nodes and Namespaces, its binding, and a token Secret Kubernetes
 * fills in. A kubeconfig template (server and CA, no credential) is rendered next to the manifests as
 * `<name>.kubeconfig.template`; the token never appears in the output.
 */
export class DiscoveryAccount extends Construct {
  public readonly cluster: VksCluster;
  public readonly apiServer: string;
  public readonly certificateAuthorityData?: string;
  public readonly accountName: string;
  public readonly namespace: string;
  public readonly kubeconfigSecret?: string;
  public readonly kubeconfigSecretReaders: readonly IVksCluster[];
  /** Name of the token Secret (type `kubernetes.io/service-account-token`). */
  public readonly tokenSecretName: string;

  /** Raw objects, for escape hatches (`addJsonPatch`). */
  public readonly serviceAccount: k8s.KubeServiceAccount;
  public readonly clusterRole: k8s.KubeClusterRole;
  public readonly clusterRoleBinding: k8s.KubeClusterRoleBinding;
  public readonly tokenSecret: k8s.KubeSecret;

  constructor(scope: Construct, id: string, props: DiscoveryAccountProps) {
    super(scope, checkId(scope, id));
    const checks: PropChecks = PropChecks.begin(this, props);
    try {
      this.cluster =
        props.cluster === undefined
          ? VksCluster.enclosing(this)
          : checkReference(
              this,
              'cluster',
              props.cluster,
              (x): x is VksCluster => x instanceof VksCluster,
              'a VksCluster',
            );
      const chart: Chart = Chart.of(this);
      if (
        !(chart instanceof ManifestChart) ||
        (chart as ManifestChart).outputDir !== this.cluster.outputDir
      ) {
        fail(
          this,
          `must be created inside cluster ${this.cluster.clusterName} (or a chart rendering into its folder ${this.cluster.outputDir})`,
        );
      }
      this.apiServer = checkPattern(
        this,
        'apiServer',
        props.apiServer,
        /^https:\/\/[^\s/@]+(:\d{1,5})?(\/[^\s@]*)?$/,
        'an https URL of the API server without credentials, such as "https://10.0.0.10:6443"',
      );
      this.certificateAuthorityData =
        props.certificateAuthorityData === undefined
          ? undefined
          : checkPattern(
              this,
              'certificateAuthorityData',
              props.certificateAuthorityData,
              /^[A-Za-z0-9+/]+={0,2}$/,
              'base64 of a PEM CA bundle',
            );
      this.kubeconfigSecret =
        props.kubeconfigSecret === undefined
          ? undefined
          : checkPattern(
              this,
              'kubeconfigSecret',
              props.kubeconfigSecret,
              NAMESPACED_REF,
              'a Secret reference "<namespace>/<name>"',
            );
      this.kubeconfigSecretReaders = checkArray(
        this,
        'kubeconfigSecretReaders',
        props.kubeconfigSecretReaders ?? [],
        'a list of VksClusters',
      );
      this.accountName = checkDnsLabel(this, 'name', props.name ?? 'f5-service-discovery');
      this.namespace = checkDnsLabel(this, 'namespace', props.namespace ?? 'kube-system');
      this.tokenSecretName = checkDnsSubdomain(this, 'name', `${this.accountName}-token`);
    } catch (error) {
      checks.abort(error);
    }
    checks.end();

    const labels = { 'app.kubernetes.io/name': this.accountName, 'app.kubernetes.io/component': 'discovery' };
    const namespaceObject = this.cluster.ensureNamespace(this.namespace);
    this.serviceAccount = new k8s.KubeServiceAccount(this, 'ServiceAccount', {
      metadata: { name: this.accountName, namespace: this.namespace, labels },
    });
    this.clusterRole = new k8s.KubeClusterRole(this, 'ClusterRole', {
      metadata: { name: this.accountName, labels },
      rules: DISCOVERY_RULES,
    });
    this.clusterRoleBinding = new k8s.KubeClusterRoleBinding(this, 'ClusterRoleBinding', {
      metadata: { name: this.accountName, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: this.accountName },
      subjects: [{ kind: 'ServiceAccount', name: this.accountName, namespace: this.namespace }],
    });
    // No data: Kubernetes writes the token into a Secret of this type that names the ServiceAccount.
    this.tokenSecret = new k8s.KubeSecret(this, 'TokenSecret', {
      metadata: {
        name: this.tokenSecretName,
        namespace: this.namespace,
        labels,
        annotations: { 'kubernetes.io/service-account.name': this.accountName },
      },
      type: 'kubernetes.io/service-account-token',
    });
    this.clusterRoleBinding.node.addDependency(this.clusterRole, this.serviceAccount);
    this.tokenSecret.node.addDependency(this.serviceAccount);
    if (namespaceObject) this.serviceAccount.node.addDependency(namespaceObject);
    registerArtifactSource(this);
  }

  /** Stack-relative path of the kubeconfig template. */
  public get kubeconfigTemplateFile(): string {
    return `${this.cluster.outputDir}/${this.accountName}.kubeconfig.template`;
  }

  /** The kubeconfig template: server and CA filled in, the token a placeholder. */
  public renderKubeconfigTemplate(): string {
    const name = this.cluster.clusterName;
    const user = `${this.accountName}@${name}`;
    const header = [
      `# kubeconfig template for ServiceAccount ${this.namespace}/${this.accountName} of cluster ${name}.`,
      `# It holds no credential. Fill in the token from Secret ${this.namespace}/${this.tokenSecretName}:`,
      `#   kubectl --context ${name} -n ${this.namespace} get secret ${this.tokenSecretName} -o jsonpath='{.data.token}' | base64 -d`,
      ...this.secretInstructions(),
      '',
    ].join('\n');
    const body = {
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [
        {
          name,
          cluster: {
            server: this.apiServer,
            'certificate-authority-data': this.certificateAuthorityData ?? KUBECONFIG_CA_PLACEHOLDER,
          },
        },
      ],
      users: [{ name: user, user: { token: KUBECONFIG_TOKEN_PLACEHOLDER } }],
      contexts: [{ name, context: { cluster: name, user } }],
      'current-context': name,
    };
    return header + YAML.stringify(body, { lineWidth: 0 });
  }

  /** How to store the filled kubeconfig as the Secret its readers reference. */
  private secretInstructions(): string[] {
    if (this.kubeconfigSecret === undefined) return [];
    const [namespace, name] = this.kubeconfigSecret.split('/');
    const readers = this.kubeconfigSecretReaders.map((r) => r.clusterName);
    return [
      `# Store the filled file as Secret ${this.kubeconfigSecret} (data key kubeconfig) in ${readers.length ? 'each cluster that reads this one' : 'the cluster that reads this one'}:`,
      ...(readers.length ? readers : ['<reader>']).map(
        (reader) =>
          `#   kubectl --context ${reader} -n ${namespace} create secret generic ${name} --from-file=kubeconfig=<filled file>`,
      ),
    ];
  }

  public renderArtifacts(context: SynthContext): void {
    context.addFile(this.kubeconfigTemplateFile, this.renderKubeconfigTemplate(), this);
  }
}
brand(DiscoveryAccount, 'DiscoveryAccount');
