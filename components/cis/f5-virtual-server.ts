import { Lazy } from 'cdk8s';
import type { Construct } from 'constructs';
import { LoadBalancingMethod } from '../../lib/as3/load-balancing';
import { MonitorType } from '../../lib/as3/monitor';
import { brand } from '../../lib/core/brand';
import {
  checkArray,
  checkEnum,
  checkPort,
  checkReference,
  fail,
  PropChecks,
  report,
} from '../../lib/core/checks';
import { quote } from '../../lib/core/errors';
import { addressKey } from '../../lib/core/net';
import type { VirtualServerRecord } from '../../lib/core/records';
import { Stack } from '../../lib/core/stack';
import {
  CIS_CUSTOM_RESOURCE_LABEL,
  VirtualServer,
  type VirtualServerPool,
  type VirtualServerSpec,
} from '../../lib/k8s/cis';
import { checkCrdPattern } from '../../lib/k8s/cis-patterns';
import { backendPort, isServiceBackend, type IServiceBackend } from '../workloads/service-backend';
import { VksCluster } from '../workloads/vks-cluster';
import type { CisController } from './cis-controller';
import { checkBackend, checkNamespaceReference, type Listener } from './cis-publishing';
import { CisVirtual, type CisVirtualProps } from './cis-virtual';
import { cisMonitor, type HealthMonitorOptions } from './pool-options';
import { cisMemberType, servicePoolRecord } from './pool-records';
import { multiClusterPool, type MultiClusterPoolOptions } from '../multicluster/multi-cluster-pool';
import { controllerFor } from './cis-publishing';
import { isTlsProfile, tlsProfileInventoryProblems, type ITlsProfile } from './tls-profile';

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
export interface F5VirtualServerPoolOptions extends HealthMonitorOptions, MultiClusterPoolOptions {
  /**
   * The Service to send traffic to.
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/virtualserver.html
   */
  readonly service: IServiceBackend;
  /**
   * The Service port.
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/virtualserver.html
   * @default - the Service's first port
   */
  readonly servicePort?: number;
  /**
   * URL path this pool serves.
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/virtualserver.html
   * @default '/'
   */
  readonly path?: string;
  /**
   * Load-balancing method (CIS `loadBalancingMethod`).
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/virtualserver.html
   * @default LoadBalancingMethod.ROUND_ROBIN
   */
  readonly loadBalancingMethod?: LoadBalancingMethod;
}

export interface F5VirtualServerProps extends CisVirtualProps {
  /**
   * Host name the virtual serves.
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/virtualserver.html
   * @default - any host
   */
  readonly host?: string;

  /**
   * Further host names; needs `host`.
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/virtualserver.html
   * @default - none
   */
  readonly hostAliases?: string[];

  /**
   * Groups virtual servers with different hosts onto one BIG-IP virtual; required to share a VIP.
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/virtualserver.html
   * @default - no group
   */
  readonly hostGroup?: string;

  /**
   * Plain HTTP port.
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/virtualserver.html
   * @default 80
   */
  readonly virtualServerHTTPPort?: number;

  /**
   * HTTPS port (with a TLS profile).
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/virtualserver.html
   * @default 443
   */
  readonly virtualServerHTTPSPort?: number;

  /**
   * TLS profile; makes this an HTTPS virtual.
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/tlsprofile.html
   * @default - plain HTTP
   */
  readonly tlsProfile?: ITlsProfile;

  /**
   * Handling of plain HTTP when TLS terminates here; only with `tlsProfile`.
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/virtualserver.html
   * @default - CIS default (allow)
   */
  readonly httpTraffic?: HttpTraffic;

  /**
   * Pools; more can be added with `addPool()`. At least one is required.
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/virtualserver.html
   * @default - none
   */
  readonly pools?: F5VirtualServerPoolOptions[];
}

/**
 * A CIS VirtualServer custom resource (labelled `f5cr: "true"`): an L7 virtual on the BIG-IP whose pools
 * point at Services by construct reference.
 */
export class F5VirtualServer extends CisVirtual {
  public readonly host?: string;
  public readonly hostAliases: readonly string[];
  public readonly hostGroup?: string;
  public readonly virtualServerHTTPPort: number;
  public readonly virtualServerHTTPSPort: number;
  public readonly tlsProfile?: ITlsProfile;
  public readonly httpTraffic?: HttpTraffic;
  public readonly mergeableByHostGroup = true;
  /** The raw custom resource, for escape hatches (`addJsonPatch`). */
  public readonly resource: VirtualServer;

  private readonly pools: Array<{ service: IServiceBackend; rendered: VirtualServerPool }> = [];

  constructor(scope: Construct, id: string, props: F5VirtualServerProps) {
    super(scope, id, props, 'VirtualServer');
    try {
      this.host =
        props.host === undefined
          ? undefined
          : checkCrdPattern(this, 'host', props.host, 'host', 'a DNS host name (labels may be "*")');
      this.hostAliases = checkArray(this, 'hostAliases', props.hostAliases ?? [], 'a list of host names').map(
        (h, i) => checkCrdPattern(this, `hostAliases[${i}]`, h, 'host', 'a DNS host name'),
      );
      if (this.hostAliases.length > 0 && this.host === undefined) {
        report(this, `'hostAliases' needs 'host' (CIS: "Host is not provided but HostAliases is present")`);
      }
      this.hostGroup =
        props.hostGroup === undefined
          ? undefined
          : checkCrdPattern(
              this,
              'hostGroup',
              props.hostGroup,
              'hostGroup',
              'a host group name starting with a letter',
            );
      this.virtualServerHTTPPort = checkPort(
        this,
        'virtualServerHTTPPort',
        props.virtualServerHTTPPort ?? 80,
      );
      this.virtualServerHTTPSPort = checkPort(
        this,
        'virtualServerHTTPSPort',
        props.virtualServerHTTPSPort ?? 443,
      );
      this.tlsProfile =
        props.tlsProfile === undefined
          ? undefined
          : checkReference(this, 'tlsProfile', props.tlsProfile, isTlsProfile, 'a TlsProfile construct');
      if (this.tlsProfile && this.tlsProfile.namespace !== this.namespace) {
        checkNamespaceReference(this, 'tlsProfile', this.tlsProfile.namespace, 'VirtualServer');
      }
      if (this.tlsProfile) {
        checkCrdPattern(
          this,
          'tlsProfile',
          this.tlsProfile.profileName,
          'tlsProfileName',
          'a TLSProfile a VirtualServer can name (at least 3 characters, a letter first, a letter or digit last)',
        );
      }
      if (props.httpTraffic !== undefined) {
        this.httpTraffic = checkEnum(this, 'httpTraffic', props.httpTraffic, HttpTraffic);
        if (!this.tlsProfile && Object.values<string>(HttpTraffic).includes(this.httpTraffic))
          report(
            this,
            `'httpTraffic' ${quote(this.httpTraffic)} needs 'tlsProfile' (CIS rejects httpTraffic on a plain HTTP virtual)`,
          );
      }
      for (const pool of checkArray(this, 'pools', props.pools ?? [], 'a list of pools')) this.addPool(pool);
    } catch (error) {
      this.checks.abort(error);
    }
    this.checks.end();

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
  }

  /** Adds a pool serving `options.path` from a Service; returns the rendered pool. */
  public addPool(options: F5VirtualServerPoolOptions): VirtualServerPool {
    const index = this.pools.length;
    const prop = `pools[${index}]`;
    const checks: PropChecks = PropChecks.begin(this, options);
    let rendered: VirtualServerPool;
    let service: IServiceBackend;
    try {
      service = checkReference(
        this,
        `${prop}.service`,
        options.service,
        isServiceBackend,
        'the NplService (or other Service construct) to send traffic to',
      );
      const port = backendPort(service, options.servicePort);
      if (!port) {
        const known = service.ports.map((p) => p.port).join(', ');
        fail(
          this,
          `'${prop}.servicePort' ${quote(options.servicePort)} is not a port of Service ${service.serviceName} (ports: ${known})`,
        );
      }
      const path = checkCrdPattern(
        this,
        `${prop}.path`,
        options.path ?? '/',
        'poolPath',
        'a URL path starting with "/"',
      );
      if (this.pools.some((p) => (p.rendered.path ?? '/') === path))
        report(this, `'${prop}.path' ${quote(path)} is served by another pool already`);
      const method = checkEnum(
        this,
        `${prop}.loadBalancingMethod`,
        options.loadBalancingMethod ?? LoadBalancingMethod.ROUND_ROBIN,
        LoadBalancingMethod,
      );
      if (service.namespace !== this.namespace) {
        checkNamespaceReference(this, `${prop}.service`, service.namespace, 'VirtualServer');
      }
      if (options.monitorType === MonitorType.UDP) {
        report(
          this,
          `'${prop}.monitorType' "udp" cannot check a VirtualServer pool (the CRD allows http, https and tcp); use an F5TransportServer of type udp`,
        );
      }
      rendered = {
        path,
        service: service.serviceName,
        servicePort: port.port,
        serviceNamespace: service.namespace === this.namespace ? undefined : service.namespace,
        loadBalancingMethod: method,
        monitor: cisMonitor(this, options, this.host, `${prop}.`),
        ...multiClusterPool(this, `${prop}.`, service, port.port, options, 256),
      };
      checks.end();
    } catch (error) {
      checks.abort(error);
    }
    this.pools.push({ service, rendered });
    this.node.addDependency(service.service);
    return rendered;
  }

  /** The addresses and ports this virtual takes on the BIG-IP. */
  public listeners(): Listener[] {
    if (this.virtualServerAddress === undefined) return [];
    return this.ports().map((port) => ({ address: this.virtualServerAddress as string, port }));
  }

  /** The ports the virtual listens on (also when IPAM assigns the address). */
  private ports(): number[] {
    return this.tlsProfile
      ? this.httpTraffic === HttpTraffic.NONE
        ? [this.virtualServerHTTPSPort]
        : [this.virtualServerHTTPSPort, this.virtualServerHTTPPort]
      : [this.virtualServerHTTPPort];
  }

  private renderSpec(): VirtualServerSpec {
    const tls = this.tlsProfile;
    return {
      ...this.renderCommonSpec(),
      host: this.host,
      hostAliases: this.hostAliases.length ? [...this.hostAliases] : undefined,
      hostGroup: this.hostGroup,
      virtualServerHTTPPort: this.virtualServerHTTPPort === 80 ? undefined : this.virtualServerHTTPPort,
      virtualServerHTTPSPort:
        tls && this.virtualServerHTTPSPort !== 443 ? this.virtualServerHTTPSPort : undefined,
      tlsProfileName: tls?.profileName,
      tlsProfileNamespace: tls && tls.namespace !== this.namespace ? tls.namespace : undefined,
      httpTraffic: this.httpTraffic,
      pools: this.pools.map((p) => p.rendered),
    };
  }

  protected checkOwn(controller: CisController | undefined): string[] {
    const errors: string[] = [];
    if (this.pools.length === 0) {
      errors.push(
        `needs at least one pool (addPool or 'pools'): CIS renders a pool-less VirtualServer into an AS3 declaration the BIG-IP rejects`,
      );
    }
    if (this.tlsProfile && VksCluster.enclosing(this.tlsProfile) !== this.cluster) {
      errors.push(
        `'tlsProfile' [${this.tlsProfile.node.path}] is in another cluster; CIS only reads TLSProfiles of its own cluster`,
      );
    }
    if (this.tlsProfile) errors.push(...tlsProfileInventoryProblems(this.tlsProfile, this.partition.device));
    this.pools.forEach((p, i) =>
      errors.push(...checkBackend(this.cluster, controller, p.service, `pools[${i}].service`)),
    );
    errors.push(...this.checkHostMapsToOneAddress());
    return errors;
  }

  /** A host name served on two different VIPs of one BIG-IP is an error in CIS. */
  private checkHostMapsToOneAddress(): string[] {
    if (this.host === undefined || this.virtualServerAddress === undefined) return [];
    const stack = Stack.of(this);
    const { byHost, position } = stack.memoize(F5VirtualServer.hostIndex, () =>
      F5VirtualServer.hostIndex(stack),
    );
    const entry = byHost.get(`${this.partition.device.node.path}|${this.host}`);
    if (!entry) return [];
    const at = position.get(this) ?? 0;
    const earlier = (s: F5VirtualServer | undefined): s is F5VirtualServer =>
      s !== undefined && (position.get(s) ?? 0) < at;
    const address = addressKey(this.virtualServerAddress);
    // Before firstOther every server has the first one's address: the first earlier server on another
    // address than this one is the first server or firstOther.
    const other =
      earlier(entry.first) && addressKey(entry.first.virtualServerAddress as string) !== address
        ? entry.first
        : earlier(entry.firstOther)
          ? entry.firstOther
          : undefined;
    return other
      ? [
          `'host' ${quote(this.host)} is already served on ${other.virtualServerAddress} by [${other.node.path}]; a host maps to one VIP, got ${this.virtualServerAddress}`,
        ]
      : [];
  }

  /**
   * Per device and host, the first server with a VIP and the first one on another VIP than it, plus the
   * declaration position of every server: built once per synthesis.
   */
  private static hostIndex(stack: Stack): {
    byHost: Map<string, { first: F5VirtualServer; firstOther?: F5VirtualServer }>;
    position: Map<F5VirtualServer, number>;
  } {
    const byHost = new Map<string, { first: F5VirtualServer; firstOther?: F5VirtualServer }>();
    const position = new Map<F5VirtualServer, number>();
    for (const server of stack.constructsOfType(F5VirtualServer)) {
      position.set(server, position.size);
      if (server.host === undefined || server.virtualServerAddress === undefined) continue;
      const key = `${server.partition.device.node.path}|${server.host}`;
      const entry = byHost.get(key);
      if (!entry) byHost.set(key, { first: server });
      else if (
        !entry.firstOther &&
        addressKey(server.virtualServerAddress) !== addressKey(entry.first.virtualServerAddress as string)
      )
        entry.firstOther = server;
    }
    return { byHost, position };
  }

  protected override recordFields(): Partial<VirtualServerRecord> {
    const controller = controllerFor(this.cluster, this.partition);
    return {
      host: this.host,
      ...(this.hostAliases.length ? { hostAliases: [...this.hostAliases] } : {}),
      protocol: this.tlsProfile ? 'https' : 'http',
      ports: this.ports(),
      cluster: this.cluster.clusterName,
      pools: this.pools.map((p) =>
        servicePoolRecord(
          p.service,
          typeof p.rendered.servicePort === 'number' ? p.rendered.servicePort : undefined,
          cisMemberType(controller, p.service),
          p.rendered.path ?? '/',
        ),
      ),
    };
  }
}
brand(F5VirtualServer, 'F5VirtualServer');
