import type { F5IngressProps } from './f5-ingress';

/** Where an Ingress annotation CIS reads goes: an F5Ingress prop, or a refusal and its reason. */
export type IngressAnnotationMapping =
  { readonly prop: keyof F5IngressProps; readonly note?: string } | { readonly refused: string };

/**
 * Every annotation CIS's legacy controller reads on an Ingress (k8s-bigip-ctlr 2.20 `pkg/resource/types.go`)
 * and the F5Ingress prop that renders it.
 * @see https://clouddocs.f5.com/containers/latest/userguide/ingress.html
 */
export const CIS_INGRESS_ANNOTATIONS: Readonly<Record<string, IngressAnnotationMapping>> = {
  'virtual-server.f5.com/ip': { prop: 'ip', note: 'unset means controller-default' },
  'virtual-server.f5.com/partition': { prop: 'partition' },
  'virtual-server.f5.com/http-port': { prop: 'httpPort' },
  'virtual-server.f5.com/https-port': { prop: 'httpsPort' },
  'virtual-server.f5.com/balance': { prop: 'balance' },
  'virtual-server.f5.com/health': { prop: 'health' },
  'virtual-server.f5.com/clientssl': { prop: 'clientSsl' },
  'virtual-server.f5.com/serverssl': { prop: 'serverSsl' },
  'virtual-server.f5.com/secure-serverssl': { prop: 'secureServerSsl' },
  'virtual-server.f5.com/rewrite-app-root': { prop: 'rewriteAppRoot' },
  'virtual-server.f5.com/rewrite-target-url': { prop: 'rewriteTargetUrl' },
  'virtual-server.f5.com/allow-source-range': { prop: 'allowSourceRange' },
  'virtual-server.f5.com/whitelist-source-range': {
    prop: 'allowSourceRange',
    note: 'the older spelling; rendered as allow-source-range',
  },
  'virtual-server.f5.com/waf': { prop: 'waf' },
  'virtual-server.f5.com/translate-server-address': { prop: 'translateServerAddress' },
  'virtual-server.f5.com/multiClusterServices': {
    refused:
      'multi-cluster Services are published through custom resources (customResourceMode true), not Ingress',
  },
  'ingress.kubernetes.io/ssl-redirect': { prop: 'sslRedirect' },
  'ingress.kubernetes.io/allow-http': { prop: 'allowHttp' },
  'kubernetes.io/ingress.class': {
    prop: 'ingressClassName',
    note: 'deprecated annotation; rendered as spec.ingressClassName',
  },
};
