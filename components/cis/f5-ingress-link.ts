import { Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { BigipObjectKind, type BigipRef } from '../../lib/as3/inventory';
import { brand } from '../../lib/core/brand';
import {
  checkArray,
  checkDnsLabel,
  checkDnsSubdomain,
  checkId,
  checkInteger,
  checkLabels,
  checkReference,
  PropChecks,
  report,
} from '../../lib/core/checks';
import { registerArtifactSource, type IArtifactSource, type SynthContext } from '../../lib/core/artifacts';
import { quote } from '../../lib/core/errors';
import { Names } from '../../lib/core/names';
import { Rule, RuleSeverity } from '../../lib/core/rules';
import { CIS_CUSTOM_RESOURCE_LABEL, IngressLink, type IngressLinkSpec } from '../../lib/k8s/cis';
import { checkCrdPattern } from '../../lib/k8s/cis-patterns';
import { isBigipPartition, type IBigipPartition } from '../bigip/bigip-partition';
import { isServiceBackend, type IServiceBackend } from '../workloads/service-backend';
import { VksCluster } from '../workloads/vks-cluster';
import { BigipReferences } from './bigip-references';
import { cisMemberType, servicePoolRecord } from './pool-records';
import {
  checkCisPartition,
  checkIpam,
  checkVirtualAddress,
  checkWatched,
  controllerFor,
  registerVirtualAddressUser,
  type IVirtualAddressUser,
  type Listener,
} from './cis-publishing';
import { renderServiceAddress, type ServiceAddressOptions } from './service-address';
import { checkMultiClusterPool } from '../multicluster/multi-cluster-pool';

const IPV4 =
  /^(([0-9]|[1-9][0-9]|1[0-9]{2}|2[0-4][0-9]|25[0-5])\.){3}([0-9]|[1-9][0-9]|1[0-9]{2}|2[0-4][0-9]|25[0-5])$/;

/** The label an F5IngressLink asks its NGINX Ingress Controller Service to carry, to select it by. */
export const INGRESS_LINK_LABEL = 'cis.f5.com/ingresslink';

export const INGRESS_LINK_PROXY_PROTOCOL_RULE = Rule.define({
  id: 'cis:ingresslink-without-proxy-protocol',
  severity: RuleSeverity.WARNING,
  summary: 'An IngressLink without the proxy-protocol iRule',
  why: 'NGINX Ingress Controller behind an IngressLink learns the client address from the PROXY protocol header the iRule adds; without it every request seems to come from the BIG-IP, so logs, allow-lists and rate limits see one client.',
  source: 'F5 CIS examples (customResource/IngressLink, Proxy_Protocol_iRule)',
});

export interface F5IngressLinkProps {
  /**
   * The CIS partition the virtuals are created in.
   * @see https://clouddocs.f5.com/containers/latest/userguide/ingresslink/
   */
  readonly partition: IBigipPartition;
  /**
   * The NGINX Ingress Controller Service to front; it is asked to carry the label the IngressLink selects
   * it by. Exactly one of `ingressController` and `selector` (unless `multiClusterServices`).
   * @see https://clouddocs.f5.com/containers/latest/userguide/ingresslink/
   * @default - none; `selector` must be set
   */
  readonly ingressController?: IServiceBackend;
  /**
   * Labels of an NGINX Ingress Controller Service deployed elsewhere (`selector.matchLabels`).
   * @see https://clouddocs.f5.com/containers/latest/userguide/ingresslink/
   * @default - the label asked of `ingressController`
   */
  readonly selector?: Record<string, string>;
  /**
   * IPv4 VIP; one of `virtualServerAddress` and `ipamLabel` is required.
   * @see https://clouddocs.f5.com/containers/latest/userguide/ingresslink/
   * @default - none; `ipamLabel` must be set
   */
  readonly virtualServerAddress?: string;
  /**
   * F5 IPAM Controller label to get the VIP from.
   * @default - none; `virtualServerAddress` must be set
   */
  readonly ipamLabel?: string;
  /**
   * Name of the BIG-IP virtuals.
   * @default - CIS derives it
   */
  readonly virtualServerName?: string;
  /**
   * Host name.
   * @default - any host
   */
  readonly host?: string;
  /**
   * BIG-IP route domain of the address.
   * @default 0
   */
  readonly bigipRouteDomain?: number;
  /**
   * iRules of the virtuals: NGINX needs the proxy-protocol iRule (`BigipRef.iRule('/Common/Proxy_Protocol_iRule')`)
   * to see client addresses; each must be in the device's inventory.
   * @see https://github.com/F5Networks/k8s-bigip-ctlr/tree/master/docs/config_examples/customResource/IngressLink
   * @default - none (a warning: NGINX then sees the BIG-IP, not the client)
   */
  readonly iRules?: BigipRef[];
  /**
   * BIG-IP monitors of the pool, by reference.
   * @default - none
   */
  readonly monitors?: BigipRef[];
  /**
   * Client-side TLS profiles on the BIG-IP (`tls.clientSSLs`, reference bigip).
   * @default - TLS passes through to NGINX
   */
  readonly tlsClientSslProfiles?: BigipRef[];
  /**
   * Server-side TLS profiles on the BIG-IP (`tls.serverSSLs`, reference bigip).
   * @default - none
   */
  readonly tlsServerSslProfiles?: BigipRef[];
  /**
   * Client-side TLS Secrets by name (`tls.clientSSLs` with `reference: secret`); excludes the profiles.
   * @default - none
   */
  readonly tlsClientSslSecrets?: string[];
  /**
   * Server-side TLS Secrets by name (`tls.serverSSLs` with `reference: secret`).
   * @default - none
   */
  readonly tlsServerSslSecrets?: string[];
  /**
   * NGINX Ingress Controller Services of other clusters (multi-cluster mode).
   * @default - none
   */
  readonly multiClusterServices?: Array<{ readonly service: IServiceBackend; readonly weight?: number }>;
  /**
   * Settings of the virtual address object.
   * @default - BIG-IP defaults
   */
  readonly serviceAddress?: ServiceAddressOptions;
  /**
   * Namespace of the IngressLink resource.
   * @default 'default'
   */
  readonly namespace?: string;
  /**
   * Name of the IngressLink resource.
   * @default - generated from the construct path
   */
  readonly name?: string;
}

/**
 * A CIS IngressLink custom resource: BIG-IP L4 virtuals on ports 80 and 443 in front of an NGINX Ingress
 * Controller, which does the L7 routing; the proxy-protocol iRule hands it the client address.
 */
export class F5IngressLink extends Construct implements IVirtualAddressUser, IArtifactSource {
  public readonly cluster: VksCluster;
  public readonly partition: IBigipPartition;
  public readonly namespace: string;
  public readonly resourceName: string;
  public readonly virtualServerAddress?: string;
  public readonly ipamLabel?: string;
  public readonly bigipRouteDomain: number;
  public readonly ingressController?: IServiceBackend;
  /** The host the virtuals serve (`host`), if one. */
  public readonly host?: string;
  public readonly mergeableByHostGroup = false;
  public readonly hostGroup = undefined;
  /** The raw custom resource, for escape hatches. */
  public readonly resource: IngressLink;
  private readonly refs: BigipReferences;

  constructor(scope: Construct, id: string, props: F5IngressLinkProps) {
    super(scope, checkId(scope, id));
    this.cluster = VksCluster.enclosing(this);
    const checks: PropChecks = PropChecks.begin(this, props);
    this.refs = new BigipReferences(this);
    let spec: IngressLinkSpec;
    try {
      this.partition = checkReference(
        this,
        'partition',
        props.partition,
        isBigipPartition,
        'a CIS BigipPartition',
      );
      this.namespace = checkDnsLabel(this, 'namespace', props.namespace ?? 'default');
      this.resourceName = checkDnsSubdomain(
        this,
        'name',
        props.name ?? Names.toDnsLabel(this, { relativeTo: this.cluster }),
      );
      if (props.virtualServerAddress !== undefined && !IPV4.test(props.virtualServerAddress))
        report(
          this,
          `'virtualServerAddress' must be an IPv4 address (the IngressLink CRD takes no IPv6), got ${quote(props.virtualServerAddress)}`,
        );
      this.virtualServerAddress = props.virtualServerAddress;
      this.ipamLabel =
        props.ipamLabel === undefined
          ? undefined
          : checkCrdPattern(
              this,
              'ipamLabel',
              props.ipamLabel,
              'ipamLabel',
              'an IPAM label of at least 3 characters',
            );
      if (this.virtualServerAddress === undefined && this.ipamLabel === undefined)
        report(
          this,
          `one of 'virtualServerAddress' and 'ipamLabel' is required (the CRD rejects an IngressLink with neither)`,
        );
      this.bigipRouteDomain = checkInteger(this, 'bigipRouteDomain', props.bigipRouteDomain ?? 0, 0, 65535);
      this.ingressController =
        props.ingressController === undefined
          ? undefined
          : checkReference(
              this,
              'ingressController',
              props.ingressController,
              isServiceBackend,
              'a Service construct or ServiceRef',
            );
      const multi =
        props.multiClusterServices === undefined
          ? undefined
          : checkArray(this, 'multiClusterServices', props.multiClusterServices, 'a list');
      if (!multi && (props.ingressController === undefined) === (props.selector === undefined))
        report(
          this,
          `exactly one of 'ingressController' and 'selector' is required (CIS finds the NGINX Service by its labels)`,
        );
      const selector =
        props.selector === undefined ? undefined : checkLabels(this, 'selector', props.selector);
      const r = this.refs;
      const iRules = r.many('iRules', props.iRules, BigipObjectKind.IRULE);
      const clientSSLs = r.many(
        'tlsClientSslProfiles',
        props.tlsClientSslProfiles,
        BigipObjectKind.CLIENT_SSL_PROFILE,
      );
      const serverSSLs = r.many(
        'tlsServerSslProfiles',
        props.tlsServerSslProfiles,
        BigipObjectKind.SERVER_SSL_PROFILE,
      );
      const secretSide = (side: 'Client' | 'Server') => {
        const names = props[`tls${side}SslSecrets`];
        return names === undefined
          ? undefined
          : checkArray(this, `tls${side}SslSecrets`, names, 'a list of Secret names').map((n, i) =>
              checkDnsSubdomain(this, `tls${side}SslSecrets[${i}]`, n),
            );
      };
      if ((clientSSLs || serverSSLs) && (props.tlsClientSslSecrets || props.tlsServerSslSecrets))
        report(
          this,
          `TLS profiles and Secrets are mutually exclusive on an IngressLink (one 'tls.reference'), got both`,
        );
      this.host =
        props.host === undefined
          ? undefined
          : checkCrdPattern(this, 'host', props.host, 'host', 'a DNS host name');
      spec = {
        partition: this.partition.partitionName,
        virtualServerAddress: this.virtualServerAddress,
        ipamLabel: this.ipamLabel,
        virtualServerName:
          props.virtualServerName === undefined
            ? undefined
            : checkCrdPattern(
                this,
                'virtualServerName',
                props.virtualServerName,
                'virtualServerName',
                'a BIG-IP virtual name',
              ),
        host: this.host,
        bigipRouteDomain: this.bigipRouteDomain === 0 ? undefined : this.bigipRouteDomain,
        iRules,
        monitors:
          props.monitors === undefined
            ? undefined
            : checkArray(this, 'monitors', props.monitors, 'a list of BigipRef.monitor(…)').map((m, i) => ({
                name: r.one(`monitors[${i}]`, m, BigipObjectKind.MONITOR) ?? '',
                reference: 'bigip' as const,
              })),
        tls:
          clientSSLs || serverSSLs
            ? { clientSSLs, serverSSLs, reference: 'bigip' }
            : secretSide('Client') || secretSide('Server')
              ? { clientSSLs: secretSide('Client'), serverSSLs: secretSide('Server'), reference: 'secret' }
              : undefined,
        multiClusterServices: multi?.map((m, i) => {
          const s = checkReference(
            this,
            `multiClusterServices[${i}].service`,
            m.service,
            isServiceBackend,
            'a Service',
          );
          return {
            clusterName: s.cluster.clusterName,
            namespace: s.namespace,
            service: s.serviceName,
            weight:
              m.weight === undefined
                ? undefined
                : checkInteger(this, `multiClusterServices[${i}].weight`, m.weight, 0, 256),
          };
        }),
        selector: selector
          ? { matchLabels: { ...selector } }
          : this.ingressController
            ? { matchLabels: { [INGRESS_LINK_LABEL]: this.resourceName } }
            : undefined,
        serviceAddress:
          props.serviceAddress === undefined
            ? undefined
            : [renderServiceAddress(this, r, props.serviceAddress)],
      };
      if (!iRules?.some((p) => /proxy_protocol/i.test(p)))
        INGRESS_LINK_PROXY_PROTOCOL_RULE.warn(
          this,
          `no proxy-protocol iRule in 'iRules': NGINX Ingress Controller sees the BIG-IP's address instead of the client's; attach BigipRef.iRule('/Common/Proxy_Protocol_iRule')`,
        );
    } catch (error) {
      checks.abort(error);
    }
    checks.end();
    const multiClusterServices = props.multiClusterServices?.map((m) => m.service);
    checkMultiClusterPool(this, {
      prefix: '',
      multiClusterServices,
      alternateBackends: [],
      requiredInDefaultMode: false,
    });
    this.ingressController?.addServiceLabels({ [INGRESS_LINK_LABEL]: this.resourceName }, this);
    const namespaceObject = this.cluster.ensureNamespace(this.namespace);
    this.resource = new IngressLink(this, 'Resource', {
      metadata: {
        name: this.resourceName,
        namespace: this.namespace,
        labels: { ...CIS_CUSTOM_RESOURCE_LABEL },
      },
      spec: Lazy.any({ produce: () => spec }) as unknown as IngressLinkSpec,
    });
    if (namespaceObject) this.resource.node.addDependency(namespaceObject);
    if (this.ingressController) this.node.addDependency(this.ingressController.service);
    registerVirtualAddressUser(this);
    registerArtifactSource(this);
    this.node.addValidation({ validate: () => this.checkAgainstStack() });
  }

  /**
   * Records the L4 virtuals CIS makes (`virtualServers`, REVIEW.md): ports 80 and 443 in front of the
   * ingress controller's Service, one pool per port of it.
   */
  public renderArtifacts(context: SynthContext): void {
    const controller = controllerFor(this.cluster, this.partition);
    const ic = this.ingressController;
    context.addRecord('virtualServers', {
      name: this.node.path,
      kind: 'IngressLink',
      device: this.partition.device.deviceName,
      partition: this.partition.partitionName,
      address: this.virtualServerAddress ?? `ipam:${this.ipamLabel}`,
      ports: [80, 443],
      protocol: 'tcp',
      ...(this.host !== undefined ? { host: this.host } : {}),
      cluster: this.cluster.clusterName,
      pools: ic ? ic.ports.map((p) => servicePoolRecord(ic, p.port, cisMemberType(controller, ic))) : [],
    });
  }

  /** CIS creates TCP virtuals on 80 and 443 for an IngressLink. */
  public listeners(): Listener[] {
    return this.virtualServerAddress === undefined
      ? []
      : [80, 443].map((port) => ({ address: this.virtualServerAddress as string, port }));
  }

  private checkAgainstStack(): string[] {
    const controller = controllerFor(this.cluster, this.partition);
    return [
      ...checkCisPartition(this.cluster, this.partition),
      ...checkWatched(controller, this.namespace, 'the IngressLink resource'),
      ...checkIpam(controller, this.ipamLabel),
      ...this.refs.problems(this.partition.device),
      ...checkVirtualAddress(this),
    ];
  }
}
brand(F5IngressLink, 'F5IngressLink');
