import type { CisControllerProps } from './cis-controller';

/**
 * Where a key of F5's Helm chart values goes: a CisController prop, a value the construct always renders
 * itself (`fixed`), or a refusal and its reason.
 */
export type CisHelmMapping =
  | { readonly prop: keyof CisControllerProps | 'device' | 'partition'; readonly note?: string }
  | { readonly fixed: string }
  | { readonly refused: string };

const SECRET_BY_REFERENCE =
  'credentials stay in the login Secret, referenced by loginSecretName; a value here would put them in the pod spec or in Git';
const OPENSHIFT_ONLY = 'OpenShift only; VKS clusters are not OpenShift';
const NO_TUNNELS =
  'VXLAN tunnels to the BIG-IP are for flannel, Cilium and OpenShift SDN; VKS runs Antrea or Calico: use poolMemberType nodeportlocal, or cluster with staticRoutingMode';

/**
 * Every `args.<key>` of F5's chart (`f5-bigip-ctlr` 0.0.36 values and F5's sample values), keyed by the
 * flag the chart renders (`_` becomes `-`), and the further flags of CIS 2.20 that have a prop.
 * @see https://clouddocs.f5.com/containers/latest/userguide/config-parameters.html
 */
export const CIS_HELM_ARGS: Readonly<Record<string, CisHelmMapping>> = {
  'bigip-url': { prop: 'device', note: 'the BigipDevice url' },
  'bigip-partition': { prop: 'partition', note: 'a CIS-owned BigipPartition' },
  'bigip-username': { refused: SECRET_BY_REFERENCE },
  'bigip-password': { refused: SECRET_BY_REFERENCE },
  'credentials-directory': { fixed: 'always /tmp/creds, where the login Secret is mounted' },
  'verify-interval': { prop: 'verifyInterval' },
  'node-poll-interval': { prop: 'nodePollInterval' },
  'periodic-sync-interval': { prop: 'periodicSyncInterval' },
  'log-level': { prop: 'logLevel' },
  'python-basedir': { refused: 'the Python CCCL agent is not in CIS 2.x images; CIS posts AS3' },
  agent: { refused: 'always as3, the default: the CCCL agent is deprecated since CIS 2.0 (#1420)' },
  'openshift-sdn-name': { refused: `${OPENSHIFT_ONLY}; ${NO_TUNNELS}` },
  'flannel-name': { refused: NO_TUNNELS },
  'cilium-name': { refused: NO_TUNNELS },
  'default-ingress-ip': { prop: 'defaultIngressIp' },
  kubeconfig: {
    refused:
      'CIS runs in the cluster with its ServiceAccount; a kubeconfig file would be a credential in the pod',
  },
  'running-in-cluster': { refused: 'always true: the Deployment runs in the cluster it watches' },
  namespaces: { prop: 'watchNamespaces', note: 'rendered as repeated --namespace' },
  namespace: { prop: 'watchNamespaces' },
  'namespace-label': { prop: 'namespaceLabel' },
  'node-label-selector': { prop: 'nodeLabelSelector' },
  'pool-member-type': { prop: 'poolMemberType' },
  'resolve-ingress-names': { prop: 'resolveIngressNames' },
  'use-node-internal': { prop: 'useNodeInternal' },
  'use-secrets': { prop: 'useSecrets' },
  insecure: { prop: 'insecure' },
  'trusted-certs-cfgmap': { prop: 'trustedCertsConfigMap' },
  'custom-resource-mode': { prop: 'customResourceMode' },
  'controller-mode': {
    prop: 'customResourceMode',
    note: "'customresource' is customResourceMode true; 'openshift' is refused (OpenShift only)",
  },
  'log-as3-response': { prop: 'logAs3Response' },
  'as3-validation': { prop: 'as3Validation' },
  'as3-post-delay': { prop: 'as3PostDelay' },
  'filter-tenants': { prop: 'filterTenants' },
  'gtm-bigip-url': {
    refused: 'a separate GTM BIG-IP is not modelled: ExternalDNS records are published on the device',
  },
  'gtm-bigip-username': { refused: SECRET_BY_REFERENCE },
  'gtm-bigip-password': { refused: SECRET_BY_REFERENCE },
  ipam: { prop: 'ipam' },
  'ipam-namespace': { prop: 'ipamNamespace' },
  'extended-spec-configmap': { prop: 'extendedSpecConfigMap' },
  'route-spec-configmap': { refused: OPENSHIFT_ONLY },
  'route-label': { refused: OPENSHIFT_ONLY },
  'manage-routes': { refused: OPENSHIFT_ONLY },
  'route-vserver-addr': { refused: OPENSHIFT_ONLY },
  'multi-cluster-mode': { prop: 'multiClusterMode' },
  'local-cluster-name': { prop: 'localClusterName' },
  'allowed-partitions': { prop: 'allowedPartitions' },
  'denied-partitions': { prop: 'deniedPartitions' },
  'enable-ipv6': { prop: 'enableIpv6' },
  'manage-ingress': { prop: 'manageIngress' },
  'manage-configmaps': { prop: 'manageConfigmaps' },
  'manage-ingress-class-only': { prop: 'manageIngressClassOnly' },
  'ingress-class': { prop: 'ingressClassName' },
  hubmode: { prop: 'hubmode' },
  'override-as3-declaration': { prop: 'overrideAs3Declaration' },
  'share-nodes': { prop: 'shareNodes' },
  'default-route-domain': { prop: 'defaultRouteDomain' },
  'static-routing-mode': { prop: 'staticRoutingMode' },
  'orchestration-cni': { prop: 'orchestrationCni' },
  'shared-static-routes': { prop: 'sharedStaticRoutes' },
  'static-route-node-cidr': { refused: 'ovn-k8s only (multi-NIC OpenShift nodes)' },
  'load-balancer-class': { prop: 'loadBalancerClass' },
  'manage-load-balancer-class-only': { prop: 'manageLoadBalancerClassOnly' },
  'disable-teems': { prop: 'disableTeems' },
};

/**
 * The keys of F5's chart values other than `args` (nested keys joined by `.`).
 * @see https://github.com/F5Networks/k8s-bigip-ctlr/tree/master/helm-charts/f5-bigip-ctlr
 */
export const CIS_HELM_VALUES: Readonly<Record<string, CisHelmMapping>> = {
  bigip_login_secret: { prop: 'loginSecretName' },
  bigip_secret: { refused: `the chart can create the login Secret from values; ${SECRET_BY_REFERENCE}` },
  rbac: {
    refused:
      'RBAC is always rendered, as a ClusterRole narrowed to the features in use (least privilege), not the chart’s broad one',
  },
  serviceAccount: {
    prop: 'name',
    note: 'ServiceAccount, ClusterRole, binding and Deployment share the name',
  },
  namespace: { prop: 'namespace' },
  'ingressClass.create': { prop: 'createIngressClass' },
  'ingressClass.ingressClassName': { prop: 'ingressClassName' },
  'ingressClass.isDefaultIngressController': { prop: 'isDefaultIngressController' },
  'image.user': { prop: 'imageRepository', note: '"<user>/<repo>"' },
  'image.repo': { prop: 'imageRepository' },
  'image.pullPolicy': { prop: 'imagePullPolicy' },
  'image.pullSecrets': { prop: 'imagePullSecrets' },
  version: { prop: 'imageTag', note: 'pinned: latest is refused' },
  affinity: { prop: 'affinity' },
  nodeSelector: { prop: 'nodeSelector' },
  tolerations: { prop: 'tolerations' },
  'securityContext.runAsUser': { prop: 'runAsUser' },
  'securityContext.runAsGroup': { prop: 'runAsGroup' },
  'securityContext.fsGroup': { prop: 'fsGroup' },
  limits_cpu: { prop: 'limitsCpu' },
  limits_memory: { prop: 'limitsMemory' },
  requests_cpu: { prop: 'requestsCpu' },
  requests_memory: { prop: 'requestsMemory' },
  'podSecurityContext.runAsNonRoot': { prop: 'runAsNonRoot' },
  'podSecurityContext.runAsUser': { prop: 'runAsUser' },
  'podSecurityContext.runAsGroup': { prop: 'runAsGroup' },
  'podSecurityContext.allowPrivilegeEscalation': { fixed: 'always false: CIS needs no privilege' },
  'podSecurityContext.capabilities': { fixed: 'always drop ALL: CIS needs no capability' },
  'podSecurityContext.seccompProfile': { fixed: 'always RuntimeDefault' },
  'podSecurityContext.privileged': { refused: 'never: CIS needs no privilege (restricted Pod Security)' },
};
