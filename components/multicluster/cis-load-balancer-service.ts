import type { Duration } from 'cdk8s';
import type { Construct } from 'constructs';
import { brand } from '../../lib/core/brand';
import {
  checkArray,
  checkInteger,
  checkPattern,
  checkReference,
  checkSeconds,
  PropChecks,
  report,
} from '../../lib/core/checks';
import { quote } from '../../lib/core/errors';
import { isIpAddress } from '../../lib/core/net';
import { checkCrdPattern } from '../../lib/k8s/cis-patterns';
import { isBigipPartition, type IBigipPartition } from '../bigip/bigip-partition';
import { NodePortService, type NodePortServiceProps } from '../workloads/node-port-service';
import { ServiceType } from '../workloads/service-backend';
import type { IVksCluster } from '../workloads/vks-cluster';
import { checkLoadBalancerService, IPAM_IP_WINS } from './ipam-rules';

/** Monitor types of `cis.f5.com/health`. */
export enum CisHealthMonitorType {
  HTTP = 'http',
  HTTPS = 'https',
  TCP = 'tcp',
  UDP = 'udp',
}

/** One health monitor of the Service's pool (`cis.f5.com/health`). */
export interface CisHealthMonitorOptions {
  /**
   * Monitor type.
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/serviceTypeLB.html
   * @default - CIS default (tcp)
   */
  readonly type?: CisHealthMonitorType;
  /**
   * Interval between probes.
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/serviceTypeLB.html
   * @default - CIS default
   */
  readonly interval?: Duration;
  /**
   * Time without a good answer before a member is down.
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/serviceTypeLB.html
   * @default - CIS default
   */
  readonly timeout?: Duration;
  /**
   * Port the monitor probes.
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/serviceTypeLB.html
   * @default - the member's port
   */
  readonly targetPort?: number;
  /**
   * An existing BIG-IP monitor (`reference: bigip`) instead of a new one, by full path.
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/serviceTypeLB.html
   * @default - a new monitor from the fields above
   */
  readonly bigipMonitor?: string;
}

/** Another cluster's share of a LoadBalancer Service in multi-cluster default mode. */
export interface CisServiceClusterWeightOptions {
  /**
   * The cluster (a cluster of the MultiCluster, with `serviceTypeLBDiscovery`).
   * @see https://clouddocs.f5.com/containers/latest/userguide/multicluster/
   */
  readonly cluster: IVksCluster;
  /**
   * Its share of the traffic.
   * @see https://clouddocs.f5.com/containers/latest/userguide/multicluster/
   * @default - CIS default
   */
  readonly weight?: number;
}

export interface CisLoadBalancerServiceProps extends Omit<NodePortServiceProps, 'serviceType'> {
  /**
   * F5 IPAM Controller label to take the VIP from (`cis.f5.com/ipamLabel`); needs `ipam` on CIS.
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/serviceTypeLB.html
   * @default - none; `ip` must be set
   */
  readonly ipamLabel?: string;
  /**
   * Static VIP (`cis.f5.com/ip`); wins over `ipamLabel` (synth warns when both are set).
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/serviceTypeLB.html
   * @default - none; `ipamLabel` must be set
   */
  readonly ip?: string;
  /**
   * Health monitors of the pool (`cis.f5.com/health`).
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/serviceTypeLB.html
   * @default - no monitor
   */
  readonly health?: CisHealthMonitorOptions[];
  /**
   * Name of a CIS Policy in the Service's namespace (`cis.f5.com/policyName`).
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/serviceTypeLB.html
   * @default - none
   */
  readonly policyName?: string;
  /**
   * Host name for GSLB with ExternalDNS (`cis.f5.com/host`).
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/serviceTypeLB.html
   * @default - none
   */
  readonly host?: string;
  /**
   * CIS partition of the virtual (`cis.f5.com/partition`).
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/serviceTypeLB.html
   * @default - the CIS default partition
   */
  readonly partition?: IBigipPartition;
  /**
   * Multi-cluster default mode: the clusters whose Services of the same name share the virtual, with
   * weights (`cis.f5.com/multiClusterServices`).
   * @see https://clouddocs.f5.com/containers/latest/userguide/multicluster/
   * @default - this cluster only
   */
  readonly multiClusterServices?: CisServiceClusterWeightOptions[];
}

/**
 * A Service of type LoadBalancer that CIS publishes as an L4 virtual (custom-resource mode), its VIP
 * static (`cis.f5.com/ip`) or from the F5 IPAM Controller (`cis.f5.com/ipamLabel`), every CIS annotation a
 * typed prop.
 */
export class CisLoadBalancerService extends NodePortService {
  public readonly ipamLabel?: string;
  public readonly ip?: string;
  public readonly policyName?: string;
  public readonly host?: string;
  public readonly partition?: IBigipPartition;
  public readonly multiClusterServices: readonly CisServiceClusterWeightOptions[];
  /** The annotations CIS reads. */
  public readonly cisAnnotations: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: CisLoadBalancerServiceProps) {
    super(scope, id, { ...props, serviceType: ServiceType.LOAD_BALANCER });
    const checks: PropChecks = PropChecks.begin(this, props);
    const annotations: Record<string, string> = {};
    try {
      this.ipamLabel =
        props.ipamLabel === undefined
          ? undefined
          : checkCrdPattern(
              this,
              'ipamLabel',
              props.ipamLabel,
              'ipamLabel',
              'an IPAM label of at least 3 characters starting with a letter',
            );
      if (props.ip !== undefined && !isIpAddress(props.ip)) {
        report(this, `'ip' must be an IPv4 or IPv6 address, got ${quote(props.ip)}`);
      }
      this.ip = props.ip;
      if (this.ip === undefined && this.ipamLabel === undefined) {
        report(
          this,
          `one of 'ip' and 'ipamLabel' is required: CIS gives a LoadBalancer Service without either no VIP`,
        );
      }
      this.policyName =
        props.policyName === undefined
          ? undefined
          : checkCrdPattern(
              this,
              'policyName',
              props.policyName,
              'ipamLabel',
              'a Policy name of at least 3 characters starting with a letter',
            );
      this.host =
        props.host === undefined
          ? undefined
          : checkCrdPattern(this, 'host', props.host, 'host', 'a DNS host name');
      this.partition =
        props.partition === undefined
          ? undefined
          : checkReference(this, 'partition', props.partition, isBigipPartition, 'a CIS BigipPartition');
      if (this.partition?.partitionName === 'Common') report(this, `'partition' must not be Common`);
      const health = checkArray(this, 'health', props.health ?? [], 'a list of health monitors').map((h, i) =>
        this.renderHealth(h, i),
      );
      this.multiClusterServices = checkArray(
        this,
        'multiClusterServices',
        props.multiClusterServices ?? [],
        'a list of { cluster, weight }',
      );
      const weights = this.multiClusterServices.map((m, i) => ({
        clusterName: m.cluster?.clusterName,
        weight:
          m.weight === undefined
            ? undefined
            : checkInteger(this, `multiClusterServices[${i}].weight`, m.weight, 0, 100),
      }));
      if (this.ipamLabel) annotations['cis.f5.com/ipamLabel'] = this.ipamLabel;
      if (this.ip) annotations['cis.f5.com/ip'] = this.ip;
      if (health.length)
        annotations['cis.f5.com/health'] = JSON.stringify(health.length === 1 ? health[0] : health);
      if (this.policyName) annotations['cis.f5.com/policyName'] = this.policyName;
      if (this.host) annotations['cis.f5.com/host'] = this.host;
      if (this.partition) annotations['cis.f5.com/partition'] = this.partition.partitionName;
      if (weights.length) annotations['cis.f5.com/multiClusterServices'] = JSON.stringify(weights);
    } catch (error) {
      checks.abort(error);
    }
    checks.end();
    this.cisAnnotations = annotations;
    if (this.ip !== undefined && this.ipamLabel !== undefined) {
      IPAM_IP_WINS.warn(
        this,
        `sets both 'ip' ${quote(this.ip)} and 'ipamLabel' ${quote(this.ipamLabel)}; CIS uses the ip and ignores the label`,
      );
    }
    for (const [key, value] of Object.entries(annotations)) this.service.metadata.addAnnotation(key, value);
    this.node.addValidation({ validate: () => checkLoadBalancerService(this) });
  }

  private renderHealth(h: CisHealthMonitorOptions, i: number): Record<string, unknown> {
    const prop = `health[${i}]`;
    PropChecks.begin(this, h).end();
    if (h.bigipMonitor !== undefined) {
      checkPattern(
        this,
        `${prop}.bigipMonitor`,
        h.bigipMonitor,
        /^\/[A-Za-z][\w.-]*\/[\w./-]+$/,
        'a full BIG-IP monitor path such as "/Common/tcp"',
      );
      for (const other of ['type', 'interval', 'timeout', 'targetPort'] as const) {
        if (h[other] !== undefined)
          report(this, `'${prop}.${other}' does not apply to an existing BIG-IP monitor ('bigipMonitor')`);
      }
      return { name: h.bigipMonitor, reference: 'bigip' };
    }
    const interval =
      h.interval === undefined ? undefined : checkSeconds(this, `${prop}.interval`, h.interval, 5, 1, 86_400);
    const timeout =
      h.timeout === undefined ? undefined : checkSeconds(this, `${prop}.timeout`, h.timeout, 16, 1, 86_400);
    return {
      ...(h.type === undefined ? {} : { type: h.type }),
      ...(interval === undefined ? {} : { interval }),
      ...(timeout === undefined ? {} : { timeout }),
      ...(h.targetPort === undefined
        ? {}
        : { targetPort: checkInteger(this, `${prop}.targetPort`, h.targetPort, 1, 65535) }),
    };
  }
}
brand(CisLoadBalancerService, 'CisLoadBalancerService');
