import type { k8s } from '../../lib/k8s/kube-api';

/** What CIS is configured to do; each feature adds only the permissions it needs. */
export interface CisRbacFeatures {
  readonly customResourceMode: boolean;
  readonly ipam: boolean;
  readonly staticRoutingWithCalico: boolean;
  /** Legacy controller only: whether it publishes Ingresses (`--manage-ingress`); default true. */
  readonly manageIngress?: boolean;
}

const READ = ['get', 'list', 'watch'];
const WRITE_STATUS = ['get', 'list', 'watch', 'update', 'patch'];

/**
 * ClusterRole rules for k8s-bigip-ctlr, from the Helm chart's ClusterRole narrowed to the chosen
 * features (no OpenShift routes; Ingress only in the legacy controller; IPAM and Calico only when used).
 * @see https://github.com/F5Networks/k8s-bigip-ctlr/tree/master/helm-charts/f5-bigip-ctlr/templates
 */
export function cisRbacRules(features: CisRbacFeatures): k8s.PolicyRule[] {
  const rules: k8s.PolicyRule[] = [
    // Pool members come from nodes, Services, Endpoints and Pods (NPL annotations); Secrets hold TLS material.
    {
      apiGroups: [''],
      resources: ['nodes', 'services', 'endpoints', 'namespaces', 'pods', 'secrets'],
      verbs: READ,
    },
    { apiGroups: [''], resources: ['configmaps'], verbs: [...WRITE_STATUS, 'create'] },
    { apiGroups: [''], resources: ['events'], verbs: ['create', 'patch', 'update'] },
    { apiGroups: [''], resources: ['services/status'], verbs: WRITE_STATUS },
  ];
  if (features.customResourceMode) {
    rules.push({
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
    });
  } else if (features.manageIngress ?? true) {
    rules.push(
      { apiGroups: ['networking.k8s.io'], resources: ['ingresses', 'ingressclasses'], verbs: READ },
      { apiGroups: ['networking.k8s.io'], resources: ['ingresses/status'], verbs: WRITE_STATUS },
    );
  }
  if (features.ipam) {
    rules.push(
      {
        apiGroups: ['fic.f5.com'],
        resources: ['ipams', 'ipams/status'],
        verbs: [...WRITE_STATUS, 'create', 'delete'],
      },
      // CIS creates the IPAM CRD when it is missing.
      {
        apiGroups: ['apiextensions.k8s.io'],
        resources: ['customresourcedefinitions'],
        verbs: [...WRITE_STATUS, 'create'],
      },
    );
  }
  if (features.staticRoutingWithCalico) {
    rules.push({ apiGroups: ['crd.projectcalico.org'], resources: ['blockaffinities'], verbs: READ });
  }
  return rules;
}
