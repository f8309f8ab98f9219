/**
 * Spec types of the F5 CIS custom resources (`cis.f5.com/v1`), field for field from the CRDs of CIS 2.20.4.
 * These are the raw wire shapes; the constructs in components/ build them from typed props.
 * Fields the CRD declares `x-kubernetes-int-or-string` are typed `number | string` here, as in the CRD.
 * @see https://github.com/F5Networks/k8s-bigip-ctlr/blob/master/docs/config_examples/customResourceDefinitions/customresourcedefinitions.yml
 */

export type CisMonitorType = 'http' | 'https' | 'tcp' | 'udp';

export interface CisMonitor {
  readonly type?: CisMonitorType;
  readonly send?: string;
  readonly recv?: string;
  readonly interval?: number;
  readonly timeout?: number;
  /** 0–1800 seconds. */
  readonly timeUntilUp?: number;
  readonly targetPort?: number;
  /** Full BIG-IP path of an existing monitor when `reference: bigip`. */
  readonly name?: string;
  readonly reference?: 'bigip';
  readonly sslProfile?: string;
}

export interface CisStaticPoolMember {
  readonly address: string;
  readonly port: number;
}

export interface CisMultiClusterService {
  readonly clusterName: string;
  readonly service: string;
  readonly namespace: string;
  readonly servicePort: number | string;
  readonly weight?: number;
}

export interface CisAlternateBackend {
  readonly service: string;
  readonly serviceNamespace?: string;
  readonly weight?: number;
  readonly staticPoolMembers?: CisStaticPoolMember[];
}

export interface VirtualServerPool {
  readonly name?: string;
  readonly path?: string;
  readonly service?: string;
  readonly servicePort?: number | string;
  readonly serviceNamespace?: string;
  /** 0–256. */
  readonly weight?: number;
  readonly alternateBackends?: CisAlternateBackend[];
  readonly loadBalancingMethod?: string;
  readonly nodeMemberLabel?: string;
  readonly rewrite?: string;
  readonly hostRewrite?: string;
  readonly waf?: string;
  readonly monitor?: CisMonitor;
  readonly monitors?: CisMonitor[];
  readonly minimumMonitors?: number | string;
  readonly reselectTries?: number;
  readonly serviceDownAction?: string;
  readonly multiClusterServices?: CisMultiClusterService[];
  readonly staticPoolMembers?: CisStaticPoolMember[];
}

export interface VirtualServerDefaultPool {
  readonly reference: 'bigip' | 'service';
  readonly name?: string;
  readonly service?: string;
  readonly servicePort?: number | string;
  readonly serviceNamespace?: string;
  readonly loadBalancingMethod?: string;
  readonly nodeMemberLabel?: string;
  readonly monitors?: CisMonitor[];
  readonly reselectTries?: number;
  readonly serviceDownAction?: string;
  readonly staticPoolMembers?: CisStaticPoolMember[];
}

export interface CisServiceAddress {
  readonly arpEnabled?: boolean;
  readonly icmpEcho?: 'enable' | 'disable' | 'selective';
  readonly routeAdvertisement?: 'enable' | 'disable' | 'selective' | 'always' | 'any' | 'all';
  readonly spanningEnabled?: boolean;
  readonly trafficGroup?: string;
}

export interface CisHostPersistence {
  readonly method:
    | 'sourceAddress'
    | 'destinationAddress'
    | 'cookieInsert'
    | 'cookieRewrite'
    | 'cookiePassive'
    | 'cookieHash'
    | 'universal'
    | 'hash'
    | 'carp'
    | 'none';
  readonly metaData?: {
    readonly name?: string;
    readonly key?: string;
    readonly netmask?: string;
    readonly timeout?: number;
    readonly offset?: number;
    readonly length?: number;
    readonly expiry?: string;
  };
}

export interface VirtualServerSpec {
  readonly partition?: string;
  readonly host?: string;
  readonly hostAliases?: string[];
  readonly hostGroup?: string;
  readonly hostGroupVirtualServerName?: string;
  readonly httpTraffic?: 'allow' | 'none' | 'redirect';
  readonly ipamLabel?: string;
  readonly bigipRouteDomain?: number;
  readonly snat?: string;
  readonly connectionMirroring?: 'none' | 'L4';
  readonly tlsProfileName?: string;
  readonly tlsProfileNamespace?: string;
  readonly persistenceProfile?: string;
  readonly httpCompressionProfile?: string;
  readonly hostPersistence?: CisHostPersistence;
  readonly htmlProfile?: string;
  readonly profiles?: {
    readonly tcp?: { readonly client?: string; readonly server?: string };
    readonly http2?: { readonly client?: string; readonly server?: string };
    readonly profileProtocolInspection?: string;
  };
  readonly dos?: string;
  readonly profileAccess?: string;
  readonly profileApiProtection?: string;
  readonly policyPerRequestAccess?: string;
  readonly botDefense?: string;
  readonly policyName?: string;
  readonly policyNamespace?: string;
  readonly rewriteAppRoot?: string;
  readonly waf?: string;
  readonly profileAnalyticsTcp?: string;
  readonly profileMultiplex?: string;
  readonly profileAdapt?: { readonly request?: string; readonly response?: string };
  readonly allowVlans?: string[];
  readonly allowSourceRange?: string[];
  readonly httpMrfRoutingEnabled?: boolean;
  readonly iRules?: string[];
  /** At most one item. */
  readonly serviceAddress?: CisServiceAddress[];
  readonly defaultPool?: VirtualServerDefaultPool;
  readonly pools?: VirtualServerPool[];
  readonly virtualServerAddress?: string;
  readonly additionalVirtualServerAddresses?: string[];
  readonly virtualServerName?: string;
  readonly virtualServerHTTPPort?: number;
  readonly virtualServerHTTPSPort?: number;
}

export interface TlsSslParams {
  readonly renegotiationEnabled?: boolean;
  readonly profileReference?: 'bigip' | 'secret';
  readonly dtlsEnabled?: boolean;
  readonly singleUseDhEnabled?: boolean;
}

export interface TLSProfileSpec {
  readonly tls?: {
    readonly termination: 'edge' | 'reencrypt' | 'passthrough';
    readonly clientSSL?: string;
    readonly clientSSLs?: string[];
    readonly serverSSL?: string;
    readonly serverSSLs?: string[];
    readonly reference?: 'bigip' | 'secret' | 'hybrid';
    readonly clientSSLParams?: TlsSslParams;
    readonly serverSSLParams?: TlsSslParams & { readonly serverName?: string };
  };
  readonly hosts?: string[];
  readonly tlsCipher?: {
    readonly tlsVersion?: '1.0' | '1.1' | '1.2' | '1.3';
    readonly disableTLSVersions?: Array<'1.0' | '1.1' | '1.2' | '1.3'>;
    readonly ciphers?: string;
    readonly cipherGroup?: string;
  };
}

export interface TransportServerPool {
  readonly name?: string;
  readonly service?: string;
  readonly servicePort?: number | string;
  readonly serviceNamespace?: string;
  /** 0–100 (a VirtualServer pool allows 0–256). */
  readonly weight?: number;
  readonly alternateBackends?: Array<{
    readonly service: string;
    readonly serviceNamespace?: string;
    readonly weight?: number;
  }>;
  readonly loadBalancingMethod?: string;
  readonly nodeMemberLabel?: string;
  readonly monitor?: CisMonitor;
  readonly monitors?: CisMonitor[];
  readonly reselectTries?: number;
  readonly serviceDownAction?: string;
  readonly multiClusterServices?: CisMultiClusterService[];
}

export interface TransportServerSpec {
  readonly virtualServerPort: number;
  readonly mode: 'standard' | 'performance';
  readonly pool: TransportServerPool;
  readonly type?: 'tcp' | 'udp' | 'sctp';
  readonly partition?: string;
  readonly virtualServerAddress?: string;
  readonly virtualServerName?: string;
  readonly host?: string;
  readonly hostGroup?: string;
  readonly policyName?: string;
  readonly policyNamespace?: string;
  readonly tls?: {
    readonly clientSSLs?: string[];
    readonly serverSSLs?: string[];
    readonly reference?: 'bigip' | 'secret';
  };
  readonly snat?: string;
  readonly connectionMirroring?: 'none' | 'L4';
  readonly profiles?: {
    readonly tcp?: { readonly client?: string; readonly server?: string };
    readonly profileProtocolInspection?: string;
  };
  readonly persistenceProfile?: string;
  readonly profileAnalyticsTcp?: string;
  readonly dos?: string;
  readonly profileL4?: string;
  readonly allowVlans?: string[];
  readonly iRules?: string[];
  readonly ipamLabel?: string;
  readonly bigipRouteDomain?: number;
  readonly serviceAddress?: CisServiceAddress[];
}

export interface PolicySpec {
  readonly l7Policies?: {
    readonly waf?: string;
    readonly profileAccess?: string;
    readonly policyPerRequestAccess?: string;
    readonly profileApiProtection?: string;
    readonly profileAdapt?: { readonly request?: string; readonly response?: string };
  };
  readonly l3Policies?: {
    readonly dos?: string;
    readonly botDefense?: string;
    readonly firewallPolicy?: string;
    readonly ipIntelligencePolicy?: string;
    readonly allowSourceRange?: string[];
    readonly allowVlans?: string[];
  };
  readonly ltmPolicies?: {
    readonly insecure?: string;
    readonly secure?: string;
    readonly priority?: 'low' | 'high';
  };
  readonly iRules?: {
    readonly insecure?: string;
    readonly secure?: string;
    readonly priority?: 'low' | 'high';
  };
  readonly iRuleList?: string[];
  readonly defaultPool?: VirtualServerDefaultPool;
  readonly profiles?: {
    readonly tcp?: { readonly client?: string; readonly server?: string };
    readonly udp?: string;
    readonly http?: string;
    readonly httpProfiles?: { readonly insecure?: string; readonly secure?: string };
    readonly http2?: { readonly client?: string; readonly server?: string };
    readonly persistenceProfile?: string;
    readonly profileAnalyticsTcp?: string;
    readonly profileL4?: string;
    readonly profileWebSocket?: string;
    readonly profileMultiplex?: string;
    readonly rewriteProfile?: string;
    readonly logProfiles?: string[];
    readonly requestLogProfile?: string;
    readonly httpMrfRoutingEnabled?: boolean;
    readonly sslProfiles?: { readonly clientProfiles?: string[]; readonly serverProfiles?: string[] };
    readonly analyticsProfiles?: { readonly http?: string };
    readonly htmlProfile?: string;
    readonly ftpProfile?: string;
    readonly httpCompressionProfile?: string;
    readonly profileProtocolInspection?: string;
  };
  readonly autoLastHop?: 'default' | 'auto' | 'disable';
  readonly snat?: string;
  readonly poolSettings?: {
    readonly reselectTries?: number;
    readonly serviceDownAction?: string;
    readonly slowRampTime?: number;
    readonly multiPoolPersistence?: { readonly method?: string; readonly timeOut?: number };
  };
}

export interface IngressLinkSpec {
  readonly partition?: string;
  readonly virtualServerAddress?: string;
  readonly virtualServerName?: string;
  readonly host?: string;
  readonly ipamLabel?: string;
  readonly bigipRouteDomain?: number;
  readonly iRules?: string[];
  readonly monitors?: Array<{ readonly name: string; readonly reference: 'bigip' }>;
  readonly tls?: {
    readonly clientSSLs?: string[];
    readonly serverSSLs?: string[];
    readonly reference?: 'bigip' | 'secret';
  };
  readonly multiClusterServices?: Array<{
    readonly clusterName: string;
    readonly namespace: string;
    readonly service: string;
    readonly weight?: number;
  }>;
  readonly selector?: { readonly matchLabels?: Record<string, string> };
  readonly serviceAddress?: CisServiceAddress[];
}

export interface ExternalDnsMonitor {
  readonly type: 'http' | 'https' | 'tcp';
  readonly send?: string;
  readonly recv?: string;
  readonly interval: number;
  readonly timeout?: number;
}

export interface ExternalDNSSpec {
  readonly domainName: string;
  readonly dnsRecordType?: string;
  readonly loadBalanceMethod?: string;
  readonly clientSubnetPreferred?: boolean;
  readonly persistenceEnabled?: boolean;
  readonly persistCidrIpv4?: number;
  readonly persistCidrIpv6?: number;
  readonly ttlPersistence?: number;
  readonly pools?: Array<{
    readonly dataServerName: string;
    readonly dnsRecordType?: string;
    readonly loadBalanceMethod?: string;
    readonly lbModeFallback?: string;
    readonly order?: number;
    readonly ratio?: number;
    readonly monitor?: ExternalDnsMonitor;
    readonly monitors?: ExternalDnsMonitor[];
  }>;
}
