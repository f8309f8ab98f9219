import { registerArtifactSource, type IArtifactSource, type SynthContext } from '../../lib/core/artifacts';
import { Construct } from 'constructs';
import { ApplicationTemplate, As3Application } from '../../lib/as3/application';
import { isF5Ip } from '../../lib/as3/addresses';
import type { BigipRef } from '../../lib/as3/inventory';
import type { As3IRule } from '../../lib/as3/irule';
import { LoadBalancingMethod } from '../../lib/as3/load-balancing';
import { As3Pool, type As3PoolMonitor } from '../../lib/as3/pool';
import {
  As3ServiceHttp,
  As3ServiceHttps,
  As3ServiceTcp,
  As3ServiceUdp,
  type As3Service,
  type Persistence,
} from '../../lib/as3/service';
import { Snat } from '../../lib/as3/snat';
import type { As3TlsClient, As3TlsServer } from '../../lib/as3/tls';
import { brand } from '../../lib/core/brand';
import {
  checkBoolean,
  checkEnum,
  checkId,
  checkPort,
  checkReference,
  fail,
  LABEL_VALUE,
  PropChecks,
  report,
} from '../../lib/core/checks';
import { quote } from '../../lib/core/errors';
import { Names } from '../../lib/core/names';
import { Stack } from '../../lib/core/stack';
import { As3ConfigMap } from './as3-config-map';
import { isBigipPartition, PartitionOwner, type IBigipPartition } from './bigip-partition';
import {
  checkBackend,
  checkVirtualAddress,
  registerVirtualAddressUser,
  type IVirtualAddressUser,
  type Listener,
} from '../cis/cis-publishing';
import {
  backendPort,
  isServiceBackend,
  Protocol,
  ServiceType,
  type IServiceBackend,
  type ServiceBackendPort,
} from '../workloads/service-backend';
import { VksCluster } from '../workloads/vks-cluster';
import type { VirtualServerRecord } from '../../lib/core/records';
import { cisMemberType, servicePoolRecord, staticPoolRecord } from '../cis/pool-records';

import { AS3_DISCOVERY_LABELS } from '../workloads/service-labels';
import { validateAtSynth } from '../../lib/core/deferred';
/** What the virtual server speaks. */
export enum VirtualServerProtocol {
  HTTP = 'http',
  HTTPS = 'https',
  TCP = 'tcp',
  UDP = 'udp',
}

export interface BigipVirtualServerProps {
  /**
   * The partition the virtual is declared in: stack-owned (reconciled by `pulumi up`) or posted by
   * CIS from an As3ConfigMap.
   */
  readonly partition: IBigipPartition;

  /** The virtual address (VIP). */
  readonly virtualAddress: string;

  /**
   * Protocol; decides the AS3 template and service class.
   * @default VirtualServerProtocol.HTTP
   */
  readonly protocol?: VirtualServerProtocol;

  /**
   * Port the virtual listens on.
   * @default - 80 for HTTP, 443 for HTTPS; required for TCP and UDP
   */
  readonly virtualPort?: number;

  /**
   * The Service behind the virtual. In a stack-owned partition its members are static: the cluster's
   * `nodeAddresses` on the Service's fixed `nodePort`. In a CIS-posted partition CIS discovers them
   * from the labels this construct puts on the Service.
   * @default - none; `serverAddresses` must be set
   */
  readonly service?: IServiceBackend;

  /**
   * The Service port to use.
   * @default - the Service's first port
   */
  readonly servicePort?: number;

  /**
   * Explicit member addresses, instead of a Service.
   * @default - none; `service` must be set
   */
  readonly serverAddresses?: string[];

  /**
   * Port of the explicit members.
   * @default - the virtual port
   */
  readonly memberPort?: number;

  /**
   * Health monitors of the pool: built-in names, declared As3Monitors (for example in the tenant's
   * Shared application) or existing BIG-IP monitors.
   * @default - none
   */
  readonly monitors?: As3PoolMonitor[];

  /**
   * Load-balancing method.
   * @default LoadBalancingMethod.ROUND_ROBIN
   */
  readonly loadBalancingMode?: LoadBalancingMethod;

  /**
   * Client-side TLS (HTTPS): certificates presented to clients.
   * @default - none; required for HTTPS
   */
  readonly serverTls?: As3TlsServer | BigipRef;

  /**
   * TLS from the BIG-IP to the members.
   * @default - plain to the members
   */
  readonly clientTls?: As3TlsClient | BigipRef;

  /**
   * Also redirect port 80 to HTTPS (HTTPS only).
   * @default false
   */
  readonly redirect80?: boolean;

  /**
   * Source address translation.
   * @default Snat.AUTO
   */
  readonly snat?: Snat;

  /**
   * iRules, in order.
   * @default - none
   */
  readonly iRules?: Array<As3IRule | BigipRef>;

  /**
   * Persistence methods; an empty list disables persistence.
   * @default - AS3's default for the protocol
   */
  readonly persistenceMethods?: Persistence[];

  /**
   * WAF policy (HTTP/HTTPS), by reference to an existing BIG-IP policy.
   * @default - none
   */
  readonly policyWaf?: BigipRef;

  /**
   * Name of the AS3 application.
   * @default - generated from the construct path
   */
  readonly applicationName?: string;
}

const TEMPLATES: Record<VirtualServerProtocol, ApplicationTemplate> = {
  [VirtualServerProtocol.HTTP]: ApplicationTemplate.HTTP,
  [VirtualServerProtocol.HTTPS]: ApplicationTemplate.HTTPS,
  [VirtualServerProtocol.TCP]: ApplicationTemplate.TCP,
  [VirtualServerProtocol.UDP]: ApplicationTemplate.UDP,
};

export { AS3_DISCOVERY_LABELS };

/**
 * A virtual server declared directly in AS3, for what CIS custom resources do not cover: the 2-tier
 * front of an in-cluster ingress controller on fixed node ports, static members, or an AS3 ConfigMap
 * app. It declares an application with `serviceMain` and `pool` from the same construct references
 * the CIS constructs use, so nobody hand-builds AS3 for a standard HTTP/HTTPS/TCP/UDP app.
 */
export class BigipVirtualServer extends Construct implements IArtifactSource, IVirtualAddressUser {
  public readonly partition: IBigipPartition;
  public readonly protocol: VirtualServerProtocol;
  public readonly virtualAddress: string;
  public readonly virtualPort: number;
  public readonly backend?: IServiceBackend;
  public readonly backendPort?: ServiceBackendPort;
  /** The AS3 objects, for escape hatches (`application.addJsonPatch`, further objects). */
  public readonly application: As3Application;
  public readonly pool: As3Pool;
  public readonly service: As3Service;
  /** Virtual-address bookkeeping shared with the CIS virtuals: an AS3 virtual never merges with another. */
  public readonly mergeableByHostGroup = false;
  public readonly hostGroup = undefined;
  private readonly redirect80: boolean;
  private readonly explicitMembers?: { readonly addresses: readonly string[]; readonly port: number };

  constructor(scope: Construct, id: string, props: BigipVirtualServerProps) {
    super(scope, checkId(scope, id));
    const checks: PropChecks = PropChecks.begin(this, props);
    let port: ServiceBackendPort | undefined;
    try {
      this.partition = checkReference(
        this,
        'partition',
        props.partition,
        isBigipPartition,
        'the stack-owned or AS3-ConfigMap BigipPartition to declare the virtual in',
      );
      if (this.partition.owner === PartitionOwner.CIS) {
        report(
          this,
          `'partition' ${quote(this.partition.partitionName)} is written by CIS from custom resources; declare AS3 only in a partition owned by the stack or an As3ConfigMap (use F5VirtualServer for CIS partitions)`,
        );
      }
      this.protocol = checkEnum(
        this,
        'protocol',
        props.protocol ?? VirtualServerProtocol.HTTP,
        VirtualServerProtocol,
      );
      if (!isF5Ip(props.virtualAddress))
        report(
          this,
          `'virtualAddress' must be an IP address (optionally %route-domain), got ${quote(props.virtualAddress)}`,
        );
      this.virtualAddress = props.virtualAddress;
      const defaultPort = { http: 80, https: 443 }[this.protocol as 'http' | 'https'];
      if (props.virtualPort === undefined && defaultPort === undefined) {
        // An unknown protocol is reported already; a known one without a default port needs one.
        if (Object.values<string>(VirtualServerProtocol).includes(this.protocol))
          report(this, `'virtualPort' is required for protocol ${this.protocol}`);
        this.virtualPort = 0;
      } else {
        this.virtualPort = checkPort(this, 'virtualPort', props.virtualPort ?? (defaultPort as number));
      }
      if ((props.service === undefined) === (props.serverAddresses === undefined)) {
        report(
          this,
          `exactly one of 'service' and 'serverAddresses' is required, got ${props.service ? 'both' : 'neither'}`,
        );
      }
      if (this.protocol !== VirtualServerProtocol.HTTPS) {
        for (const prop of ['serverTls', 'redirect80'] as const) {
          if (props[prop] !== undefined)
            report(this, `'${prop}' applies only to protocol https, got protocol ${this.protocol}`);
        }
      }
      if (
        props.policyWaf !== undefined &&
        (this.protocol === VirtualServerProtocol.TCP || this.protocol === VirtualServerProtocol.UDP)
      ) {
        report(this, `'policyWaf' needs protocol http or https, got ${this.protocol}`);
      }
      this.redirect80 =
        this.protocol === VirtualServerProtocol.HTTPS &&
        checkBoolean(this, 'redirect80', props.redirect80 ?? false);
      if (props.service !== undefined) {
        this.backend = checkReference(
          this,
          'service',
          props.service,
          isServiceBackend,
          'a Service construct (NplService, NodePortService, …)',
        );
        port = backendPort(this.backend, props.servicePort);
        if (!port) {
          report(
            this,
            `'servicePort' ${quote(props.servicePort)} is not a port of Service ${this.backend.serviceName} (ports: ${this.backend.ports.map((p) => p.port).join(', ')})`,
          );
        }
      } else if (props.memberPort !== undefined) {
        checkPort(this, 'memberPort', props.memberPort);
      }
      this.backendPort = port;
    } catch (error) {
      checks.abort(error);
    }
    checks.end();

    this.application = new As3Application(this, 'Application', {
      tenant: this.partition,
      name: props.applicationName ?? Names.toAs3Name(this),
      template: TEMPLATES[this.protocol],
    });
    this.pool = new As3Pool(this.application, 'Pool', {
      name: 'pool',
      monitors: props.monitors,
      loadBalancingMode: props.loadBalancingMode ?? LoadBalancingMethod.ROUND_ROBIN,
    });
    if (this.backend && port) {
      this.addServiceMembers(this.backend, port);
      this.application.addFrontedResource(this.backend.service);
    } else {
      this.pool.addMember({
        servicePort: props.memberPort ?? this.virtualPort,
        serverAddresses: props.serverAddresses,
      });
      this.explicitMembers = {
        addresses: Array.isArray(props.serverAddresses) ? [...props.serverAddresses] : [],
        port: props.memberPort ?? this.virtualPort,
      };
    }
    this.service = this.createService(props);
    registerArtifactSource(this);
    registerVirtualAddressUser(this);
    validateAtSynth(this, BigipVirtualServer.prototype.checkAtSynth);
  }

  private checkAtSynth(): string[] {
    return [...this.checkBackendDiscovery(), ...checkVirtualAddress(this)];
  }

  /** The route domain of the address: its `%<rd>` suffix, else the tenant's default. */
  public get bigipRouteDomain(): number {
    const suffix = /%(\d+)/.exec(this.virtualAddress);
    return suffix ? Number(suffix[1]) : this.partition.defaultRouteDomain;
  }

  /** The address and ports the virtual takes (HTTPS with redirect80 also takes port 80). */
  public listeners(): Listener[] {
    const address = this.virtualAddress.replace(/[%/].*$/, '');
    const ports = this.redirect80 ? [this.virtualPort, 80] : [this.virtualPort];
    const protocol = this.protocol === VirtualServerProtocol.UDP ? 'udp' : 'tcp';
    return ports.map((port) => ({ address, port, protocol }));
  }

  private addServiceMembers(service: IServiceBackend, port: ServiceBackendPort): void {
    // A UDP virtual needs a UDP port behind it; HTTP, HTTPS and TCP virtuals a TCP one.
    const transport = this.protocol === VirtualServerProtocol.UDP ? Protocol.UDP : Protocol.TCP;
    if (port.protocol !== transport) {
      fail(
        this,
        `'service' ${service.namespace}/${service.serviceName} port ${port.port} is ${port.protocol}, but protocol ${this.protocol} needs a ${transport} port`,
      );
    }
    if (this.partition.owner === PartitionOwner.CIS_AS3_CONFIGMAP) {
      // CIS fills the members of this pool with the Service's endpoints, found by these labels.
      this.pool.addMember({ servicePort: port.port, serverAddresses: [], shareNodes: true });
      const labels = {
        [AS3_DISCOVERY_LABELS.tenant]: this.partition.partitionName,
        [AS3_DISCOVERY_LABELS.application]: this.application.applicationName,
        [AS3_DISCOVERY_LABELS.pool]: this.pool.name,
      };
      for (const [key, value] of Object.entries(labels)) {
        if (!LABEL_VALUE.test(value))
          fail(
            this,
            `${key} label value ${quote(value)} must be a Kubernetes label value (at most 63 characters); shorten the name`,
          );
      }
      service.addServiceLabels(labels, this);
      return;
    }
    // Stack-owned: static members, every node of the cluster on the Service's fixed node port.
    if (service.serviceType !== ServiceType.NODE_PORT && service.serviceType !== ServiceType.LOAD_BALANCER) {
      fail(
        this,
        `'service' ${service.namespace}/${service.serviceName} is ${service.serviceType}; static BIG-IP members need a NodePort or LoadBalancer Service`,
      );
    }
    if (port.nodePort === undefined) {
      fail(
        this,
        `'service' ${service.namespace}/${service.serviceName} port ${port.port} has no fixed 'nodePort'; static BIG-IP members need one`,
      );
    }
    if (service.cluster.nodeAddresses.length === 0) {
      fail(
        this,
        `cluster ${quote(service.cluster.clusterName)} declares no 'nodeAddresses'; static BIG-IP members are the nodes`,
      );
    }
    this.pool.addMember({ servicePort: port.nodePort, serverAddresses: [...service.cluster.nodeAddresses] });
  }

  private createService(props: BigipVirtualServerProps): As3Service {
    const common = {
      name: 'serviceMain',
      virtualAddresses: [props.virtualAddress],
      virtualPort: this.virtualPort,
      pool: this.pool,
      snat: props.snat ?? Snat.AUTO,
      iRules: props.iRules,
      persistenceMethods: props.persistenceMethods,
    };
    switch (this.protocol) {
      case VirtualServerProtocol.HTTPS:
        if (!props.serverTls)
          fail(
            this,
            `'serverTls' is required for protocol https: the TLS_Server (certificates) presented to clients`,
          );
        return new As3ServiceHttps(this.application, 'Service', {
          ...common,
          serverTLS: props.serverTls,
          clientTLS: props.clientTls,
          policyWAF: props.policyWaf,
          redirect80: props.redirect80 ?? false,
        });
      case VirtualServerProtocol.HTTP:
        return new As3ServiceHttp(this.application, 'Service', {
          ...common,
          clientTLS: props.clientTls,
          policyWAF: props.policyWaf,
        });
      case VirtualServerProtocol.TCP:
        if (props.clientTls !== undefined) fail(this, `'clientTls' needs protocol http or https here`);
        return new As3ServiceTcp(this.application, 'Service', common);
      case VirtualServerProtocol.UDP:
        if (props.clientTls !== undefined) fail(this, `'clientTls' needs protocol http or https here`);
        return new As3ServiceUdp(this.application, 'Service', common);
    }
  }

  /** For CIS-posted pools: an As3ConfigMap in the Service's cluster, and a pool member mode that fits the Service. */
  private checkBackendDiscovery(): string[] {
    const service = this.backend;
    if (!service || this.partition.owner !== PartitionOwner.CIS_AS3_CONFIGMAP) return [];
    const configMap = configMapOf(Stack.of(this), this.partition);
    if (!configMap) return [];
    const errors: string[] = [];
    if (configMap.cluster !== VksCluster.enclosing(service)) {
      errors.push(
        `'service' ${service.namespace}/${service.serviceName} is in another cluster than [${configMap.node.path}]; CIS discovers members in its own cluster`,
      );
    }
    errors.push(...checkBackend(configMap.cluster, configMap.controller, service, 'service'));
    return errors;
  }

  /** Records the virtual in index.json (`virtualServers`): where each app is published. */
  public renderArtifacts(context: SynthContext): void {
    context.addRecord('virtualServers', {
      name: this.node.path,
      kind: 'AS3',
      device: this.partition.device.deviceName,
      partition: this.partition.partitionName,
      application: this.application.applicationName,
      address: this.virtualAddress,
      ports: this.listeners().map((l) => l.port),
      protocol: this.protocol,
      ...this.poolFields(),
    });
  }

  /** The pool and who fills it: CIS from the Service (AS3 ConfigMap), or static members. */
  private poolFields(): Pick<VirtualServerRecord, 'cluster' | 'pools'> {
    if (this.explicitMembers) {
      return { pools: [staticPoolRecord(this.explicitMembers.addresses, this.explicitMembers.port)] };
    }
    const service = this.backend;
    if (!service) return {};
    const servicePort = this.backendPort?.port;
    if (this.partition.owner === PartitionOwner.CIS_AS3_CONFIGMAP) {
      const configMap = configMapOf(Stack.of(this), this.partition);
      return {
        cluster: configMap?.cluster.clusterName ?? service.cluster.clusterName,
        pools: [servicePoolRecord(service, servicePort, cisMemberType(configMap?.controller, service))],
      };
    }
    return { pools: [servicePoolRecord(service, servicePort, 'static')] };
  }
}
brand(BigipVirtualServer, 'BigipVirtualServer');

/** The (first) As3ConfigMap that posts `partition`; the index is built once per synthesis. */
function configMapOf(stack: Stack, partition: IBigipPartition): As3ConfigMap | undefined {
  return stack
    .memoize(configMapOf, () => {
      const byPartition = new Map<IBigipPartition, As3ConfigMap>();
      for (const c of stack.constructsOfType(As3ConfigMap))
        if (!byPartition.has(c.partition)) byPartition.set(c.partition, c);
      return byPartition;
    })
    .get(partition);
}
