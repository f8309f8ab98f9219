import { Lazy } from 'cdk8s';
import type { Construct } from 'constructs';
import { LoadBalancingMethod } from '../../lib/as3/load-balancing';
import { MonitorType } from '../../lib/as3/monitor';
import { brand } from '../../lib/core/brand';
import { BigipObjectKind, type BigipRef } from '../../lib/as3/inventory';
import {
  checkArray,
  checkDnsSubdomain,
  checkEnum,
  checkPort,
  checkReference,
  report,
} from '../../lib/core/checks';
import { quote } from '../../lib/core/errors';
import {
  CIS_CUSTOM_RESOURCE_LABEL,
  TransportServer,
  type TransportServerPool,
  type TransportServerSpec,
} from '../../lib/k8s/cis';
import { checkCrdPattern } from '../../lib/k8s/cis-patterns';
import { isServiceBackend, Protocol, type IServiceBackend } from '../workloads/service-backend';
import { PoolMemberType, type CisController } from './cis-controller';
import { checkBackend, checkNamespaceReference, type Listener } from './cis-publishing';
import {
  checkPoolNames,
  registerPoolNameUser,
  TS_MONITOR_PROTOCOL_RULE,
  TS_PORT_PROTOCOL_RULE,
  warnSelectorless,
  type PoolNameUse,
} from './cis-rules';
import { CisVirtual, type CisVirtualProps } from './cis-virtual';
import {
  choosePort,
  cisMonitor,
  cisPoolFields,
  type CisPoolOptions,
  type PoolBackends,
} from './pool-options';
import { cisMemberType, servicePoolRecord } from './pool-records';
import { checkMultiClusterPool } from '../multicluster/multi-cluster-pool';
import { controllerFor } from './cis-publishing';
import type { VirtualServerRecord } from '../../lib/core/records';

/** Full proxy or FastL4 (`mode`). */
export enum TransportServerMode {
  /** Full proxy (TCP/UDP profiles). */
  STANDARD = 'standard',
  /** FastL4: packet-by-packet, fastest, fewest features. */
  PERFORMANCE = 'performance',
}

export interface F5TransportServerProps extends CisVirtualProps, CisPoolOptions {
  /**
   * Port the virtual listens on.
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/transportserver.html
   */
  readonly virtualServerPort: number;

  /**
   * The Service to send traffic to.
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/transportserver.html
   */
  readonly service: IServiceBackend;

  /**
   * Full proxy or FastL4.
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/transportserver.html
   * @default TransportServerMode.STANDARD
   */
  readonly mode?: TransportServerMode;

  /**
   * L4 protocol (CIS `type`, rendered in lower case).
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/transportserver.html
   * @default Protocol.TCP
   */
  readonly type?: Protocol;

  /**
   * Host name (for a TransportServer that shares a `hostGroup` with VirtualServers).
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/transportserver.html
   * @default - none
   */
  readonly host?: string;

  /**
   * Groups the TransportServer with VirtualServers of the same group on one address.
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/transportserver.html
   * @default - no group
   */
  readonly hostGroup?: string;

  /**
   * FastL4 profile of a performance-mode virtual (`BigipRef.l4Profile(…)`).
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/transportserver.html
   * @default - CIS default (/Common/fastL4)
   */
  readonly profileL4?: BigipRef;

  /**
   * Client-side TLS profiles on the BIG-IP (`tls.clientSSLs` with `reference: bigip`).
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/transportserver.html
   * @default - no TLS
   */
  readonly tlsClientSslProfiles?: BigipRef[];

  /**
   * Server-side TLS profiles on the BIG-IP (`tls.serverSSLs` with `reference: bigip`).
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
}

/** Monitor types that make sense for each L4 protocol. */
const MONITORS_FOR: Record<Protocol, MonitorType[]> = {
  [Protocol.TCP]: [MonitorType.TCP, MonitorType.HTTP, MonitorType.HTTPS],
  [Protocol.UDP]: [MonitorType.UDP],
  [Protocol.SCTP]: [MonitorType.TCP],
};

/** A CIS TransportServer custom resource (labelled `f5cr: "true"`): an L4 virtual in front of a Service. */
export class F5TransportServer extends CisVirtual {
  public readonly virtualServerPort: number;
  public readonly service: IServiceBackend;
  /** The Service port number (also when given by `servicePortName`). */
  public readonly servicePort: number;
  /** `servicePort` as rendered: the number, or the name when given by name. */
  private readonly servicePortWire: number | string;
  /** The Services of `alternateBackends`. */
  public readonly alternateBackends: readonly IServiceBackend[];
  public readonly mode: TransportServerMode;
  public readonly type: Protocol;
  public readonly loadBalancingMethod: LoadBalancingMethod;
  /** Protocol of the chosen Service port. */
  private readonly servicePortProtocol?: Protocol;
  /** The BIG-IP pool name when set (`poolName`). */
  public readonly poolName?: string;
  public readonly host?: string;
  public readonly hostGroup?: string;
  public readonly mergeableByHostGroup = false;
  /** The raw custom resource, for escape hatches (`addJsonPatch`). */
  public readonly resource: TransportServer;

  constructor(scope: Construct, id: string, props: F5TransportServerProps) {
    super(scope, id, props, 'TransportServer');
    let monitor: ReturnType<typeof cisMonitor>;
    let pool: Omit<TransportServerPool, 'service' | 'servicePort' | 'serviceNamespace' | 'monitor'>;
    let own: Partial<TransportServerSpec>;
    const backends: PoolBackends = { alternate: [], multiCluster: [] };
    try {
      this.virtualServerPort = checkPort(this, 'virtualServerPort', props.virtualServerPort);
      this.service = checkReference(
        this,
        'service',
        props.service,
        isServiceBackend,
        'the Service construct to send traffic to',
      );
      if (this.service.namespace !== this.namespace) {
        checkNamespaceReference(this, 'service', this.service.namespace, 'TransportServer');
      }
      this.mode = checkEnum(this, 'mode', props.mode ?? TransportServerMode.STANDARD, TransportServerMode);
      this.type = checkEnum(this, 'type', props.type ?? Protocol.TCP, Protocol);
      const port = choosePort(this, '', this.service, props.servicePort, props.servicePortName);
      this.servicePort = port.port?.port ?? 0;
      this.servicePortWire = port.wire;
      this.servicePortProtocol = port.port?.protocol;
      pool = cisPoolFields(this, '', props, this.refs, this.namespace, 100, backends);
      this.poolName = pool.name;
      this.loadBalancingMethod = pool.loadBalancingMethod as LoadBalancingMethod;
      if (props.monitorSslProfile !== undefined)
        report(
          this,
          `'monitorSslProfile' is not part of a TransportServer monitor (the CRD has it on VirtualServer pools)`,
        );
      if (props.staticPoolMembers !== undefined)
        report(
          this,
          `'staticPoolMembers' are not part of a TransportServer pool (the CRD has them on VirtualServer pools only)`,
        );
      props.alternateBackends?.forEach((b, i) => {
        if (b.staticPoolMembers !== undefined)
          report(this, `'alternateBackends[${i}].staticPoolMembers' are not part of a TransportServer pool`);
      });
      pool.alternateBackends?.forEach((b) => delete (b as { staticPoolMembers?: unknown }).staticPoolMembers);
      monitor = cisMonitor(this, props, undefined, '', this.refs);
      this.alternateBackends = backends.alternate;
      own = this.checkOwnProps(props);
    } catch (error) {
      this.checks.abort(error);
    }
    this.checks.end();
    this.warnMonitorProtocol(props.monitorType);
    checkMultiClusterPool(this, {
      prefix: '',
      service: this.service,
      weight: props.weight,
      multiClusterServices: props.multiClusterServices && backends.multiCluster,
      alternateBackends: backends.alternate,
      requiredInDefaultMode: true,
    });

    // Created here; the manifest collector applies every object after its Namespace (no explicit edge:
    // one dependency set per object costs about 150 bytes at fleet scale).
    this.cluster.ensureNamespace(this.namespace);
    this.resource = new TransportServer(this, 'Resource', {
      metadata: {
        name: this.resourceName,
        namespace: this.namespace,
        labels: { ...CIS_CUSTOM_RESOURCE_LABEL },
      },
      spec: Lazy.any({
        // Object.assign, not spreads: V8 copies these wide objects several times faster.
        produce: (): TransportServerSpec =>
          Object.assign(this.renderCommonSpec(), own, {
            virtualServerPort: this.virtualServerPort,
            mode: this.mode,
            type: this.type.toLowerCase() as TransportServerSpec['type'],
            pool: Object.assign({}, pool, {
              service: this.service.serviceName,
              servicePort: this.servicePortWire,
              serviceNamespace:
                this.service.namespace === this.namespace ? undefined : this.service.namespace,
              monitor,
            }),
          }),
      }) as unknown as TransportServerSpec,
    });
    this.node.addDependency(this.service.service);
    for (const backend of this.alternateBackends) this.node.addDependency(backend.service);
    registerPoolNameUser(this);
    warnSelectorless(this, [
      { prop: 'service', backend: this.service },
      ...this.alternateBackends.map((backend, i) => ({ prop: `alternateBackends[${i}].service`, backend })),
    ]);
    if (this.policy) this.node.addDependency(this.policy);
  }

  /** A monitor of another protocol probes what the pods may not answer; F5's examples do it, so a warning. */
  private warnMonitorProtocol(monitorType: MonitorType | undefined): void {
    const fitting = MONITORS_FOR[this.type] ?? [];
    if (monitorType === undefined || fitting.includes(monitorType)) return;
    TS_MONITOR_PROTOCOL_RULE.warn(
      this,
      `'monitorType' ${quote(monitorType)} may not check a ${this.type.toLowerCase()} service: it probes a port the pods answer in another protocol; use one of ${fitting.join(', ')}`,
    );
  }

  /** The TransportServer-only props beyond port, mode and pool. */
  private checkOwnProps(props: F5TransportServerProps): Partial<TransportServerSpec> {
    const self = this as { host?: string; hostGroup?: string };
    self.host =
      props.host === undefined
        ? undefined
        : checkCrdPattern(this, 'host', props.host, 'host', 'a DNS host name (labels may be "*")');
    self.hostGroup =
      props.hostGroup === undefined
        ? undefined
        : checkCrdPattern(
            this,
            'hostGroup',
            props.hostGroup,
            'hostGroup',
            'a host group name starting with a letter',
          );
    const r = this.refs;
    const profiles = (side: 'Client' | 'Server', kind: BigipObjectKind) =>
      r.many(`tls${side}SslProfiles`, props[`tls${side}SslProfiles`], kind);
    const secrets = (side: 'Client' | 'Server') =>
      props[`tls${side}SslSecrets`] === undefined
        ? undefined
        : checkArray(
            this,
            `tls${side}SslSecrets`,
            props[`tls${side}SslSecrets`] ?? [],
            'a list of Secret names',
          ).map((name, i) => checkDnsSubdomain(this, `tls${side}SslSecrets[${i}]`, name));
    const bigip = {
      client: profiles('Client', BigipObjectKind.CLIENT_SSL_PROFILE),
      server: profiles('Server', BigipObjectKind.SERVER_SSL_PROFILE),
    };
    const secret = { client: secrets('Client'), server: secrets('Server') };
    const usesBigip = bigip.client !== undefined || bigip.server !== undefined;
    const usesSecret = secret.client !== undefined || secret.server !== undefined;
    if (usesBigip && usesSecret)
      report(
        this,
        `TLS profiles and Secrets are mutually exclusive on a TransportServer (one 'tls.reference'), got both`,
      );
    return {
      host: this.host,
      hostGroup: this.hostGroup,
      profileL4: r.one('profileL4', props.profileL4, BigipObjectKind.L4_PROFILE),
      tls: usesBigip
        ? { clientSSLs: bigip.client, serverSSLs: bigip.server, reference: 'bigip' }
        : usesSecret
          ? { clientSSLs: secret.client, serverSSLs: secret.server, reference: 'secret' }
          : undefined,
    };
  }

  public listeners(): Listener[] {
    return this.virtualServerAddress === undefined
      ? []
      : [{ address: this.virtualServerAddress, port: this.virtualServerPort, protocol: this.wireType() }];
  }

  /** The pool name: `poolName`, or the `<service>_<port>_<namespace>` CIS derives. */
  public poolNames(): PoolNameUse[] {
    const explicit = this.poolName !== undefined;
    const name = this.poolName ?? `${this.service.serviceName}_${this.servicePort}_${this.service.namespace}`;
    return [{ owner: this, prop: explicit ? 'poolName' : 'service', name, explicit }];
  }

  private wireType(): 'tcp' | 'udp' | 'sctp' {
    return this.type.toLowerCase() as 'tcp' | 'udp' | 'sctp';
  }

  protected override recordFields(): Partial<VirtualServerRecord> {
    const controller = controllerFor(this.cluster, this.partition);
    return {
      protocol: this.type.toLowerCase(),
      ports: [this.virtualServerPort],
      cluster: this.cluster.clusterName,
      pools: [servicePoolRecord(this.service, this.servicePort, cisMemberType(controller, this.service))],
    };
  }

  protected checkOwn(controller: CisController | undefined): string[] {
    if (controller?.poolMemberType === PoolMemberType.NODE_PORT_LOCAL) {
      return [
        `cannot be published by [${controller.node.path}] in pool member type nodeportlocal: CIS does not support TransportServer with Antrea NodePortLocal on VKS; use a CisController in nodeport mode`,
      ];
    }
    return [
      ...this.checkPortProtocol(),
      ...checkBackend(this.cluster, controller, this.service, 'service', true),
      ...checkPoolNames(this),
    ];
  }

  /** A UDP virtual in front of a TCP port (or the reverse) forwards to a port nothing listens on. */
  private checkPortProtocol(): string[] {
    const protocol = this.servicePortProtocol;
    if (protocol === undefined || protocol === this.type) return [];
    const type = this.type.toLowerCase();
    return [
      TS_PORT_PROTOCOL_RULE.message(
        `'type' ${type} does not match Service ${this.service.serviceName} port ${this.servicePort}, which is ${protocol}; a ${type} virtual needs a ${this.type} Service port`,
      ),
    ];
  }
}
brand(F5TransportServer, 'F5TransportServer');
