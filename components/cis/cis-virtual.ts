import { Construct } from 'constructs';
import { BigipObjectKind, BigipRef, inventoryProblem } from '../../lib/as3/inventory';
import { PersistenceMethod } from '../../lib/as3/persist';
import { Snat } from '../../lib/as3/snat';
import { registerArtifactSource, type IArtifactSource, type SynthContext } from '../../lib/core/artifacts';
import {
  checkArray,
  checkBoolean,
  checkDnsLabel,
  checkEnum,
  checkDnsSubdomain,
  checkId,
  checkInteger,
  checkReference,
  PropChecks,
  report,
} from '../../lib/core/checks';
import { quote } from '../../lib/core/errors';
import { Names } from '../../lib/core/names';
import { isIpAddress } from '../../lib/core/net';
import type { VirtualServerRecord } from '../../lib/core/records';
import type { CisServiceAddress } from '../../lib/k8s/cis';
import { checkCrdPattern, type CisCrdPattern } from '../../lib/k8s/cis-patterns';
import { isBigipPartition, type IBigipPartition } from '../bigip/bigip-partition';
import { VksCluster } from '../workloads/vks-cluster';
import { BigipReferences } from './bigip-references';
import { renderServiceAddress, type ServiceAddressOptions } from './service-address';
import type { CisController } from './cis-controller';
import { checkPolicyReference, isF5Policy, type IF5Policy } from './f5-policy';
import { validateAtSynth } from '../../lib/core/deferred';
import {
  checkCisPartition,
  checkCisSnat,
  checkIpam,
  checkSnat,
  checkVirtualAddress,
  checkWatched,
  cisSnatValue,
  controllerFor,
  registerVirtualAddressUser,
  type IVirtualAddressUser,
  type Listener,
} from './cis-publishing';

/** Whether BIG-IP mirrors connections to its HA peer (`connectionMirroring`). */
export enum ConnectionMirroring {
  NONE = 'none',
  L4 = 'L4',
}

/** Props every CIS virtual (VirtualServer, TransportServer) has. */
export interface CisVirtualProps {
  /**
   * The CIS partition the virtual is created in.
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/virtualserver.html
   */
  readonly partition: IBigipPartition;

  /**
   * Virtual address (VIP). One of `virtualServerAddress` and `ipamLabel` is required.
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/virtualserver.html
   * @default - none; `ipamLabel` must be set
   */
  readonly virtualServerAddress?: string;

  /**
   * F5 IPAM Controller label to get the VIP from (CIS needs `ipam: true`).
   * @see https://clouddocs.f5.com/containers/latest/userguide/ipam/
   * @default - none; `virtualServerAddress` must be set
   */
  readonly ipamLabel?: string;

  /**
   * Name of the BIG-IP virtual.
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/virtualserver.html
   * @default - CIS derives it from the address and port
   */
  readonly virtualServerName?: string;

  /**
   * Source address translation: a mode, or an existing BIG-IP SNAT pool (`Snat.bigip(BigipRef.snatPool(…))`),
   * which must be in the device's inventory. NSX needs translation.
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/virtualserver.html
   * @default Snat.AUTO
   */
  readonly snat?: Snat;

  /**
   * BIG-IP route domain of the address.
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/virtualserver.html
   * @default 0
   */
  readonly bigipRouteDomain?: number;

  /**
   * iRules to attach: existing BIG-IP iRules (`BigipRef.iRule('/Common/…')`), which must be in the
   * device's inventory.
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/virtualserver.html
   * @default - none
   */
  readonly iRules?: BigipRef[];

  /**
   * VLANs the virtual listens on (`BigipRef.vlan('/Common/…')`), in the device's inventory.
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/virtualserver.html
   * @default - all VLANs
   */
  readonly allowVlans?: BigipRef[];

  /**
   * Settings of the virtual address object; fixed at creation (the CRD refuses adding or removing it).
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/virtualserver.html
   * @default - BIG-IP defaults
   */
  readonly serviceAddress?: ServiceAddressOptions;

  /**
   * Connection mirroring to the HA peer.
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/virtualserver.html
   * @default - CIS default (none)
   */
  readonly connectionMirroring?: ConnectionMirroring;

  /**
   * Persistence: a built-in method (`PersistenceMethod.COOKIE`) or an existing profile
   * (`BigipRef.persistenceProfile('/Common/…')`).
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/virtualserver.html
   * @default - CIS default (cookie for VirtualServer, source-address for TransportServer)
   */
  readonly persistenceProfile?: PersistenceMethod | BigipRef;

  /**
   * TCP analytics profile (`BigipRef.analyticsProfile(…)`).
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/virtualserver.html
   * @default - none
   */
  readonly profileAnalyticsTcp?: BigipRef;

  /**
   * DoS protection profile (`BigipRef.dosProfile(…)`).
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/virtualserver.html
   * @default - none
   */
  readonly dos?: BigipRef;

  /**
   * Client-side TCP profile (`profiles.tcp.client`).
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/virtualserver.html
   * @default - CIS default (/Common/tcp)
   */
  readonly profileTcpClient?: BigipRef;

  /**
   * Server-side TCP profile (`profiles.tcp.server`); needs `profileTcpClient`.
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/virtualserver.html
   * @default - the client-side profile
   */
  readonly profileTcpServer?: BigipRef;

  /**
   * Protocol inspection profile (`profiles.profileProtocolInspection`).
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/virtualserver.html
   * @default - none
   */
  readonly profileProtocolInspection?: BigipRef;

  /**
   * A Policy custom resource (F5Policy) whose profiles and policies the virtual takes; the virtual's own
   * fields win over the Policy's.
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/policy.html
   * @default - none
   */
  readonly policy?: IF5Policy;

  /**
   * Whether CIS adds its default iRule to the virtual; false renders `iRules: [none]` (then no other
   * iRules may be given).
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/virtualserver.html
   * @default true
   */
  readonly defaultIRule?: boolean;

  /**
   * Namespace of the custom resource.
   * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/
   * @default 'default'
   */
  readonly namespace?: string;

  /**
   * Name of the custom resource.
   * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/names/
   * @default - generated from the construct path
   */
  readonly name?: string;
}

/** The spec fields VirtualServer and TransportServer share beyond address and name. */
interface CisCommonFields {
  readonly allowVlans?: string[];
  readonly serviceAddress?: CisServiceAddress[];
  readonly persistenceProfile?: string;
  readonly profileAnalyticsTcp?: string;
  readonly dos?: string;
  readonly profiles?: {
    readonly tcp?: { readonly client?: string; readonly server?: string };
    readonly profileProtocolInspection?: string;
  };
}

/** The CIS custom resource kinds that publish a virtual. */
export type CisVirtualKind = 'VirtualServer' | 'TransportServer';

const IRULE_PATTERN: Record<CisVirtualKind, CisCrdPattern> = {
  VirtualServer: 'virtualServerIRule',
  TransportServer: 'transportServerIRule',
};

/**
 * What F5VirtualServer and F5TransportServer share: partition, address or IPAM label, virtual name,
 * SNAT, route domain, iRules, the checks against the stack that apply to both, and their record of where
 * the app is published. A subclass adds its own props, renders its resource and checks its own rules.
 */
export abstract class CisVirtual extends Construct implements IArtifactSource, IVirtualAddressUser {
  public readonly cluster: VksCluster;
  public readonly partition: IBigipPartition;
  public readonly virtualServerAddress?: string;
  public readonly ipamLabel?: string;
  public readonly virtualServerName?: string;
  public readonly snat: Snat;
  public readonly bigipRouteDomain: number;
  public readonly iRules: readonly BigipRef[];
  public readonly policy?: IF5Policy;
  public readonly connectionMirroring?: ConnectionMirroring;
  public readonly namespace: string;
  public readonly resourceName: string;
  public abstract readonly hostGroup?: string;
  public abstract readonly mergeableByHostGroup: boolean;
  /** The open check session of the constructor: the subclass checks its own props, then ends it. *
   * @internal
   */
  protected readonly checks: PropChecks;
  /** The BIG-IP objects the resource names, checked against the device inventory at synth.
   * @internal
   */
  protected readonly refs: BigipReferences;
  private readonly commonFields: CisCommonFields;
  /** Whether CIS adds its default iRule (`iRules: [none]` when false). */
  public readonly defaultIRule: boolean;
  private readonly routeDomainGiven: boolean;

  protected constructor(
    scope: Construct,
    id: string,
    props: CisVirtualProps,
    public readonly kind: CisVirtualKind,
  ) {
    super(scope, checkId(scope, id));
    this.cluster = VksCluster.enclosing(this);
    this.checks = PropChecks.begin(this, props);
    this.refs = new BigipReferences(this);
    try {
      this.partition = checkReference(
        this,
        'partition',
        props.partition,
        isBigipPartition,
        'the CIS BigipPartition the virtual is created in',
      );
      this.namespace = checkDnsLabel(this, 'namespace', props.namespace ?? 'default');
      this.resourceName = checkDnsSubdomain(
        this,
        'name',
        props.name ?? Names.toDnsLabel(this, { relativeTo: this.cluster }),
      );
      if (props.virtualServerAddress !== undefined && !isIpAddress(props.virtualServerAddress)) {
        report(
          this,
          `'virtualServerAddress' must be an IPv4 or IPv6 address, got ${quote(props.virtualServerAddress)}`,
        );
      }
      this.virtualServerAddress = props.virtualServerAddress;
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
      if (props.virtualServerAddress === undefined && props.ipamLabel === undefined) {
        report(
          this,
          `one of 'virtualServerAddress' and 'ipamLabel' is required (the CRD rejects a ${kind} with neither)`,
        );
      }
      this.virtualServerName =
        props.virtualServerName === undefined
          ? undefined
          : checkCrdPattern(
              this,
              'virtualServerName',
              props.virtualServerName,
              'virtualServerName',
              'a BIG-IP virtual name starting with a letter',
            );
      this.snat = checkReference(
        this,
        'snat',
        props.snat ?? Snat.AUTO,
        (x): x is Snat => x instanceof Snat,
        'a Snat (Snat.AUTO, Snat.NONE, Snat.SELF or Snat.bigip(…))',
      );
      this.bigipRouteDomain = checkInteger(this, 'bigipRouteDomain', props.bigipRouteDomain ?? 0, 0, 65535);
      this.iRules = checkArray(this, 'iRules', props.iRules ?? [], 'a list of BigipRef.iRule(…)').map(
        (rule, i) => {
          if (!(rule instanceof BigipRef) || rule.kind !== BigipObjectKind.IRULE) {
            report(this, `'iRules[${i}]' must be a BigipRef.iRule('/Common/…'), got ${quote(String(rule))}`);
            return rule;
          }
          if (!rule.problem)
            checkCrdPattern(
              this,
              `iRules[${i}]`,
              rule.path,
              IRULE_PATTERN[kind],
              'a full BIG-IP iRule path such as "/Common/my_irule"',
            );
          return rule;
        },
      );
      this.routeDomainGiven = props.bigipRouteDomain !== undefined;
      this.defaultIRule =
        props.defaultIRule === undefined ? true : checkBoolean(this, 'defaultIRule', props.defaultIRule);
      if (!this.defaultIRule && kind === 'TransportServer')
        report(
          this,
          `'defaultIRule' false is a VirtualServer setting (the TransportServer CRD takes no "none" iRule)`,
        );
      if (!this.defaultIRule && this.iRules.length > 0)
        report(this, `'defaultIRule' false renders iRules [none], which cannot be combined with 'iRules'`);
      this.policy =
        props.policy === undefined
          ? undefined
          : checkReference(this, 'policy', props.policy, isF5Policy, 'an F5Policy construct');
      if (this.policy) checkPolicyReference(this, this.policy, this.namespace);
      this.connectionMirroring =
        props.connectionMirroring === undefined
          ? undefined
          : checkEnum(this, 'connectionMirroring', props.connectionMirroring, ConnectionMirroring);
      this.commonFields = this.checkCommonProfiles(props);
    } catch (error) {
      this.checks.abort(error);
    }
    registerVirtualAddressUser(this);
    registerArtifactSource(this);
    validateAtSynth(this, CisVirtual.prototype.checkAgainstStack);
  }

  /** The addresses and ports this virtual takes on the BIG-IP. */
  public abstract listeners(): Listener[];

  private checkCommonProfiles(props: CisVirtualProps): CisCommonFields {
    const r = this.refs;
    const persistence = props.persistenceProfile;
    const tcpClient = r.one('profileTcpClient', props.profileTcpClient, BigipObjectKind.TCP_PROFILE);
    const tcpServer = r.one('profileTcpServer', props.profileTcpServer, BigipObjectKind.TCP_PROFILE);
    if (tcpServer !== undefined && tcpClient === undefined)
      report(
        this,
        `'profileTcpServer' needs 'profileTcpClient' (CIS ignores a server-side TCP profile alone)`,
      );
    const inspection = r.one(
      'profileProtocolInspection',
      props.profileProtocolInspection,
      BigipObjectKind.PROTOCOL_INSPECTION_PROFILE,
    );
    return {
      allowVlans: r.many('allowVlans', props.allowVlans, BigipObjectKind.VLAN),
      serviceAddress:
        props.serviceAddress === undefined
          ? undefined
          : [renderServiceAddress(this, this.refs, props.serviceAddress)],
      persistenceProfile:
        persistence === undefined
          ? undefined
          : persistence instanceof BigipRef
            ? r.one('persistenceProfile', persistence, BigipObjectKind.PERSISTENCE_PROFILE)
            : checkEnum(this, 'persistenceProfile', persistence, PersistenceMethod),
      profileAnalyticsTcp: r.one(
        'profileAnalyticsTcp',
        props.profileAnalyticsTcp,
        BigipObjectKind.ANALYTICS_PROFILE,
      ),
      dos: r.one('dos', props.dos, BigipObjectKind.DOS_PROFILE),
      profiles:
        tcpClient !== undefined || inspection !== undefined
          ? {
              tcp: tcpClient === undefined ? undefined : { client: tcpClient, server: tcpServer },
              profileProtocolInspection: inspection,
            }
          : undefined,
    };
  }

  /** Rules of the subclass that need the rest of the stack. */
  protected abstract checkOwn(controller: CisController | undefined): string[];

  /** Further fields of its record (`virtualServers` of the synthesis result). */
  protected recordFields(): Partial<VirtualServerRecord> {
    return {};
  }

  /** The spec fields every CIS virtual renders (defaults omitted). */
  protected renderCommonSpec() {
    return Object.assign(
      {
        partition: this.partition.partitionName,
        virtualServerAddress: this.virtualServerAddress,
        ipamLabel: this.ipamLabel,
        virtualServerName: this.virtualServerName,
        snat: cisSnatValue(this.snat),
        bigipRouteDomain: this.routeDomainGiven ? this.bigipRouteDomain : undefined,
        iRules: this.defaultIRule
          ? this.iRules.length
            ? this.iRules.map((r) => r.path)
            : undefined
          : ['none'],
        connectionMirroring: this.connectionMirroring,
        policyName: this.policy?.policyName,
        policyNamespace:
          this.policy && this.policy.namespace !== this.namespace ? this.policy.namespace : undefined,
      },
      this.commonFields,
    );
  }

  private checkAgainstStack(): string[] {
    const controller = controllerFor(this.cluster, this.partition);
    const device = this.partition.device;
    return [
      ...checkCisPartition(this.cluster, this.partition),
      ...this.checkOwn(controller),
      ...checkWatched(controller, this.namespace, `the ${this.kind} resource`),
      ...checkIpam(controller, this.ipamLabel),
      ...checkSnat(this.cluster, this.snat),
      ...checkCisSnat(device, this.snat),
      ...this.refs.problems(device),
      ...(this.policy ? this.policy.inventoryProblems(device) : []),
      ...this.iRules.flatMap((rule, i) => {
        const problem = inventoryProblem(device, `iRules[${i}]`, rule);
        return problem ? [problem] : [];
      }),
      ...checkVirtualAddress(this),
    ];
  }

  /** Records where the app is published (`virtualServers`). */
  public renderArtifacts(context: SynthContext): void {
    context.addRecord('virtualServers', {
      name: this.node.path,
      kind: this.kind,
      device: this.partition.device.deviceName,
      partition: this.partition.partitionName,
      address: this.virtualServerAddress ?? `ipam:${this.ipamLabel}`,
      ports: this.listeners().map((l) => l.port),
      ...this.recordFields(),
    });
  }
}
