import { registerArtifactSource, type IArtifactSource, type SynthContext } from '../../lib/core/artifacts';
import { Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import {
  checkDnsLabel,
  checkDnsSubdomain,
  checkEnum,
  checkInteger,
  checkPattern,
  checkPort,
  fail,
} from '../../lib/core/checks';
import { quote } from '../../lib/core/errors';
import { addressKey } from '../../lib/core/net';
import { Names } from '../../lib/core/names';
import { Stack } from '../../lib/core/stack';
import {
  CIS_CUSTOM_RESOURCE_LABEL,
  VirtualServer,
  type VirtualServerPool,
  type VirtualServerSpec,
} from '../../lib/k8s/cis';
import type { IBigipPartition } from '../bigip/bigip-partition';
import {
  checkBackend,
  checkCisPartition,
  checkIpam,
  checkNamespaceReference,
  checkSnat,
  checkVirtualAddress,
  checkWatched,
  controllerFor,
  type IVirtualAddressUser,
  registerVirtualAddressUser,
  type Listener,
} from './cis-publishing';
import {
  cisMonitor,
  LoadBalancingMethod,
  MonitorType,
  Snat,
  type HealthMonitorOptions,
} from './pool-options';
import { backendPort, type IServiceBackend } from '../workloads/service-backend';
import type { ITlsProfile } from './tls-profile';
import { checkAddressOrIpam, BIGIP_PATH, HOSTNAME, VIRTUAL_SERVER_NAME } from './cis-patterns';
import { VksCluster } from '../workloads/vks-cluster';

/** What the virtual does with plain HTTP when it terminates TLS (`httpTraffic`). */
export enum HttpTraffic {
  /** Serve plain HTTP too. */
  ALLOW = 'allow',
  /** Refuse plain HTTP. */
  NONE = 'none',
  /** Redirect plain HTTP to HTTPS. */
  REDIRECT = 'redirect',
}

/** One pool of a virtual server: a Service behind a path. */
export interface F5VirtualServerPoolOptions extends HealthMonitorOptions {
  /** The Service to send traffic to. */
  readonly service: IServiceBackend;
  /**
   * The Service port.
   * @default - the Service's first port
   */
  readonly servicePort?: number;
  /**
   * URL path this pool serves.
   * @default '/'
   */
  readonly path?: string;
  /**
   * Load-balancing method.
   * @default LoadBalancingMethod.ROUND_ROBIN
   */
  readonly loadBalancingMethod?: LoadBalancingMethod;
}

export interface F5VirtualServerProps {
  /**
   * The CIS partition the virtual is created in.
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/virtualserver.html
   */
  readonly partition: IBigipPartition;

  /**
   * Virtual address (VIP). One of `virtualServerAddress` and `ipamLabel` is required.
   * @default - none; `ipamLabel` must be set
   */
  readonly virtualServerAddress?: string;

  /**
   * F5 IPAM Controller label to get the VIP from (CIS needs `ipam: true`).
   * @default - none; `virtualServerAddress` must be set
   */
  readonly ipamLabel?: string;

  /**
   * Host name the virtual serves.
   * @default - any host
   */
  readonly host?: string;

  /**
   * Further host names; needs `host`.
   * @default - none
   */
  readonly hostAliases?: string[];

  /**
   * Groups virtual servers with different hosts onto one BIG-IP virtual; required to share a VIP.
   * @default - no group
   */
  readonly hostGroup?: string;

  /**
   * Name of the BIG-IP virtual.
   * @default - CIS derives it from the address and port
   */
  readonly virtualServerName?: string;

  /**
   * Plain HTTP port.
   * @default 80
   */
  readonly virtualServerHTTPPort?: number;

  /**
   * HTTPS port (with a TLS profile).
   * @default 443
   */
  readonly virtualServerHTTPSPort?: number;

  /**
   * TLS profile; makes this an HTTPS virtual.
   * @default - plain HTTP
   */
  readonly tlsProfile?: ITlsProfile;

  /**
   * Handling of plain HTTP when TLS terminates here; only with `tlsProfile`.
   * @default - CIS default (allow)
   */
  readonly httpTraffic?: HttpTraffic;

  /**
   * Source address translation; NSX needs translation.
   * @default Snat.AUTO
   */
  readonly snat?: Snat;

  /**
   * BIG-IP route domain of the address.
   * @default 0
   */
  readonly bigipRouteDomain?: number;

  /**
   * iRules to attach, by full BIG-IP path.
   * @default - none
   */
  readonly iRules?: string[];

  /**
   * Pools; more can be added with `addPool()`. At least one is required.
   * @default - none
   */
  readonly pools?: F5VirtualServerPoolOptions[];

  /**
   * Namespace of the VirtualServer resource.
   * @default 'default'
   */
  readonly namespace?: string;

  /**
   * Name of the VirtualServer resource.
   * @default - generated from the construct path
   */
  readonly name?: string;
}

const HOST_GROUP = /^[a-zA-Z]+[-A-Za-z0-9_.:]*[A-Za-z0-9]*$/;
const POOL_PATH = /^\/([A-Za-z0-9-_+]+\/)*([-A-Za-z0-9_.:]+\/?)*$/;

/**
 * A CIS VirtualServer custom resource (labelled `f5cr: "true"`): an L7 virtual on the BIG-IP whose pools
 * point at Services by construct reference.
 */
export class F5VirtualServer extends Construct implements IArtifactSource, IVirtualAddressUser {
  public readonly cluster: VksCluster;
  public readonly partition: IBigipPartition;
  public readonly virtualServerAddress?: string;
  public readonly ipamLabel?: string;
  public readonly host?: string;
  public readonly hostAliases: readonly string[];
  public readonly hostGroup?: string;
  public readonly virtualServerName?: string;
  public readonly virtualServerHTTPPort: number;
  public readonly virtualServerHTTPSPort: number;
  public readonly tlsProfile?: ITlsProfile;
  public readonly httpTraffic?: HttpTraffic;
  public readonly snat: Snat;
  public readonly bigipRouteDomain: number;
  public readonly iRules: readonly string[];
  public readonly namespace: string;
  public readonly resourceName: string;
  public readonly mergeableByHostGroup = true;
  /** The raw custom resource, for escape hatches (`addJsonPatch`). */
  public readonly resource: VirtualServer;

  private readonly pools: Array<{ options: F5VirtualServerPoolOptions; rendered: VirtualServerPool }> = [];

  constructor(scope: Construct, id: string, props: F5VirtualServerProps) {
    super(scope, id);
    this.cluster = VksCluster.enclosing(this);
    if (!props.partition)
      fail(this, `'partition' is required: the CIS BigipPartition the virtual is created in`);
    this.partition = props.partition;
    this.namespace = checkDnsLabel(this, 'namespace', props.namespace ?? 'default');
    this.resourceName = checkDnsSubdomain(
      this,
      'name',
      props.name ?? Names.toDnsLabel(this, { relativeTo: this.cluster }),
    );
    const addressing = checkAddressOrIpam(this, 'VirtualServer', props.virtualServerAddress, props.ipamLabel);
    this.virtualServerAddress = addressing.virtualServerAddress;
    this.ipamLabel = addressing.ipamLabel;
    this.host =
      props.host === undefined
        ? undefined
        : checkPattern(this, 'host', props.host, HOSTNAME, 'a DNS host name (labels may be "*")');
    this.hostAliases = (props.hostAliases ?? []).map((h, i) =>
      checkPattern(this, `hostAliases[${i}]`, h, HOSTNAME, 'a DNS host name'),
    );
    if (this.hostAliases.length > 0 && this.host === undefined) {
      fail(this, `'hostAliases' needs 'host' (CIS: "Host is not provided but HostAliases is present")`);
    }
    this.hostGroup =
      props.hostGroup === undefined
        ? undefined
        : checkPattern(
            this,
            'hostGroup',
            props.hostGroup,
            HOST_GROUP,
            'a host group name starting with a letter',
          );
    this.virtualServerName =
      props.virtualServerName === undefined
        ? undefined
        : checkPattern(
            this,
            'virtualServerName',
            props.virtualServerName,
            VIRTUAL_SERVER_NAME,
            'a BIG-IP virtual name starting with a letter',
          );
    this.virtualServerHTTPPort = checkPort(this, 'virtualServerHTTPPort', props.virtualServerHTTPPort ?? 80);
    this.virtualServerHTTPSPort = checkPort(
      this,
      'virtualServerHTTPSPort',
      props.virtualServerHTTPSPort ?? 443,
    );
    this.tlsProfile = props.tlsProfile;
    if (this.tlsProfile && this.tlsProfile.namespace !== this.namespace) {
      checkNamespaceReference(this, 'tlsProfile', this.tlsProfile.namespace, 'VirtualServer');
    }
    if (props.httpTraffic !== undefined) {
      this.httpTraffic = checkEnum(this, 'httpTraffic', props.httpTraffic, HttpTraffic);
      if (!this.tlsProfile)
        fail(
          this,
          `'httpTraffic' ${quote(this.httpTraffic)} needs 'tlsProfile' (CIS rejects httpTraffic on a plain HTTP virtual)`,
        );
    }
    this.snat = props.snat ?? Snat.AUTO;
    this.bigipRouteDomain = checkInteger(this, 'bigipRouteDomain', props.bigipRouteDomain ?? 0, 0, 65535);
    this.iRules = (props.iRules ?? []).map((r, i) =>
      checkPattern(
        this,
        `iRules[${i}]`,
        r,
        BIGIP_PATH,
        'a full BIG-IP iRule path such as "/Common/my_irule"',
      ),
    );
    for (const pool of props.pools ?? []) this.addPool(pool);

    const namespaceObject = this.cluster.ensureNamespace(this.namespace);
    this.resource = new VirtualServer(this, 'Resource', {
      metadata: {
        name: this.resourceName,
        namespace: this.namespace,
        labels: { ...CIS_CUSTOM_RESOURCE_LABEL },
      },
      spec: Lazy.any({ produce: () => this.renderSpec() }) as unknown as VirtualServerSpec,
    });
    if (namespaceObject) this.resource.node.addDependency(namespaceObject);
    if (this.tlsProfile) this.node.addDependency(this.tlsProfile);
    registerVirtualAddressUser(this);
    registerArtifactSource(this);
    this.node.addValidation({ validate: () => this.checkAgainstStack() });
  }

  /** Adds a pool serving `options.path` from a Service; returns the rendered pool. */
  public addPool(options: F5VirtualServerPoolOptions): VirtualServerPool {
    const index = this.pools.length;
    const prop = `pools[${index}]`;
    if (!options?.service)
      fail(
        this,
        `'${prop}.service' is required: the NplService (or other Service construct) to send traffic to`,
      );
    const port = backendPort(options.service, options.servicePort);
    if (!port) {
      const known = options.service.ports.map((p) => p.port).join(', ');
      fail(
        this,
        `'${prop}.servicePort' ${quote(options.servicePort)} is not a port of Service ${options.service.serviceName} (ports: ${known})`,
      );
    }
    const path = checkPattern(
      this,
      `${prop}.path`,
      options.path ?? '/',
      POOL_PATH,
      'a URL path starting with "/"',
    );
    if (this.pools.some((p) => (p.rendered.path ?? '/') === path))
      fail(this, `'${prop}.path' ${quote(path)} is served by another pool already`);
    const method = checkEnum(
      this,
      `${prop}.loadBalancingMethod`,
      options.loadBalancingMethod ?? LoadBalancingMethod.ROUND_ROBIN,
      LoadBalancingMethod,
    );
    if (options.service.namespace !== this.namespace) {
      checkNamespaceReference(this, `${prop}.service`, options.service.namespace, 'VirtualServer');
    }
    if (options.monitorType === MonitorType.UDP) {
      fail(
        this,
        `'${prop}.monitorType' "udp" cannot check a VirtualServer pool (the CRD allows http, https and tcp); use an F5TransportServer of type udp`,
      );
    }
    const rendered: VirtualServerPool = {
      path,
      service: options.service.serviceName,
      servicePort: port.port,
      serviceNamespace: options.service.namespace === this.namespace ? undefined : options.service.namespace,
      loadBalancingMethod: method,
      monitor: cisMonitor(this, options, this.host, `${prop}.`),
    };
    this.pools.push({ options, rendered });
    this.node.addDependency(options.service.service);
    return rendered;
  }

  /** The addresses and ports this virtual takes on the BIG-IP. */
  public listeners(): Listener[] {
    if (this.virtualServerAddress === undefined) return [];
    const ports = this.tlsProfile
      ? this.httpTraffic === HttpTraffic.NONE
        ? [this.virtualServerHTTPSPort]
        : [this.virtualServerHTTPSPort, this.virtualServerHTTPPort]
      : [this.virtualServerHTTPPort];
    return ports.map((port) => ({ address: this.virtualServerAddress as string, port }));
  }

  private renderSpec(): VirtualServerSpec {
    const tls = this.tlsProfile;
    return {
      partition: this.partition.partitionName,
      virtualServerAddress: this.virtualServerAddress,
      ipamLabel: this.ipamLabel,
      host: this.host,
      hostAliases: this.hostAliases.length ? [...this.hostAliases] : undefined,
      hostGroup: this.hostGroup,
      virtualServerName: this.virtualServerName,
      virtualServerHTTPPort: this.virtualServerHTTPPort === 80 ? undefined : this.virtualServerHTTPPort,
      virtualServerHTTPSPort:
        tls && this.virtualServerHTTPSPort !== 443 ? this.virtualServerHTTPSPort : undefined,
      tlsProfileName: tls?.profileName,
      tlsProfileNamespace: tls && tls.namespace !== this.namespace ? tls.namespace : undefined,
      httpTraffic: this.httpTraffic,
      snat: this.snat.value,
      bigipRouteDomain: this.bigipRouteDomain === 0 ? undefined : this.bigipRouteDomain,
      iRules: this.iRules.length ? [...this.iRules] : undefined,
      pools: this.pools.map((p) => p.rendered),
    };
  }

  private checkAgainstStack(): string[] {
    const errors: string[] = [];
    if (this.pools.length === 0) {
      errors.push(
        `needs at least one pool (addPool or 'pools'): CIS renders a pool-less VirtualServer into an AS3 declaration the BIG-IP rejects`,
      );
    }
    errors.push(...checkCisPartition(this.cluster, this.partition));
    if (this.tlsProfile && VksCluster.enclosing(this.tlsProfile) !== this.cluster) {
      errors.push(
        `'tlsProfile' [${this.tlsProfile.node.path}] is in another cluster; CIS only reads TLSProfiles of its own cluster`,
      );
    }
    const controller = controllerFor(this.cluster, this.partition);
    this.pools.forEach((p, i) =>
      errors.push(...checkBackend(this.cluster, controller, p.options.service, `pools[${i}].service`)),
    );
    errors.push(
      ...checkWatched(controller, this.namespace, `the VirtualServer resource`),
      ...checkIpam(controller, this.ipamLabel),
      ...checkSnat(this.cluster, this.snat),
    );
    errors.push(...checkVirtualAddress(this), ...this.checkHostMapsToOneAddress());
    return errors;
  }

  /** A host name served on two different VIPs of one BIG-IP is an error in CIS. */
  private checkHostMapsToOneAddress(): string[] {
    if (this.host === undefined || this.virtualServerAddress === undefined) return [];
    const stack = Stack.of(this);
    const byHost = stack.memoize(F5VirtualServer.hostIndex, () => F5VirtualServer.hostIndex(stack));
    const servers = byHost.get(`${this.partition.device.node.path}|${this.host}`) ?? [];
    const other = servers
      .slice(0, servers.indexOf(this))
      .find(
        (s) =>
          s.virtualServerAddress !== undefined &&
          addressKey(s.virtualServerAddress) !== addressKey(this.virtualServerAddress as string),
      );
    return other
      ? [
          `'host' ${quote(this.host)} is already served on ${other.virtualServerAddress} by [${other.node.path}]; a host maps to one VIP, got ${this.virtualServerAddress}`,
        ]
      : [];
  }

  /** Virtual servers by device and host, in declaration order. */
  private static hostIndex(stack: Stack): Map<string, F5VirtualServer[]> {
    const index = new Map<string, F5VirtualServer[]>();
    for (const server of stack.constructsOfType(F5VirtualServer)) {
      if (server.host === undefined) continue;
      const key = `${server.partition.device.node.path}|${server.host}`;
      const servers = index.get(key) ?? [];
      servers.push(server);
      index.set(key, servers);
    }
    return index;
  }

  /** Records the virtual in index.json (`virtualServers`): where each app is published. */
  public renderArtifacts(context: SynthContext): void {
    context.addIndexEntry('virtualServers', {
      name: this.node.path,
      kind: 'VirtualServer',
      device: this.partition.device.deviceName,
      partition: this.partition.partitionName,
      address: this.virtualServerAddress ?? `ipam:${this.ipamLabel}`,
      ports: this.listeners().map((l) => l.port),
      host: this.host,
    });
  }
}
