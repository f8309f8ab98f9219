import { ApiObject, type JsonPatch } from 'cdk8s';
import { manifestPathOf } from '../../lib/k8s/manifest-collector';
import { Construct, type IConstruct } from 'constructs';
import { As3Application } from '../../lib/as3/application';
import {
  applicationsByTenant,
  declarationId,
  findSecretMaterial,
  ownershipMarker,
  renderAs3Request,
} from '../../lib/as3/declaration';
import type { IAs3Tenant } from '../../lib/as3/tenant';
import { App } from '../../lib/core/app';
import { registerArtifactSource, type IArtifactSource, type SynthContext } from '../../lib/core/artifacts';
import { toCanonicalJson } from '../../lib/core/canonical';
import { checkEnum, checkInteger, checkPattern, fail } from '../../lib/core/checks';
import { pathOf, quote, ValidationError } from '../../lib/core/errors';
import { Stack } from '../../lib/core/stack';
import type { IBigipDevice } from './bigip-device';

/** Who writes a partition (AS3 tenant). AS3 replaces a tenant wholesale, so there is exactly one writer. */
export enum PartitionOwner {
  /** CIS writes it from custom resources (a `--bigip-partition` of a CisController, or one CRs name). */
  CIS = 'cis',
  /** This stack writes it directly through AS3 (`dist/<stack>/bigip/<device>/<tenant>.as3.json`, `pulumi up`). */
  STACK = 'stack',
  /** CIS posts it from an AS3 ConfigMap this stack renders (As3ConfigMap). */
  CIS_AS3_CONFIGMAP = 'cis-as3-configmap',
}

/** A BIG-IP partition, which is an AS3 tenant. */
export interface IBigipPartition extends IAs3Tenant {
  readonly partitionName: string;
  readonly device: IBigipDevice;
  readonly owner: PartitionOwner;
  /** The AS3 applications declared for this partition, in declaration order. */
  readonly applications: As3Application[];
  /** Route domain of addresses declared without `%<rd>` (0 unless a stack-owned tenant sets one). */
  readonly defaultRouteDomain: number;
}

export interface BigipPartitionProps {
  /** The BIG-IP device the partition lives on. */
  readonly device: IBigipDevice;

  /**
   * Partition (AS3 tenant) name. `Common` is reserved by BIG-IP and AS3 and is rejected.
   * @see https://clouddocs.f5.com/products/extensions/f5-appsvcs-extension/latest/refguide/declaration-purpose-function.html
   * @default - the construct id
   */
  readonly partitionName?: string;

  /**
   * Who writes this partition.
   * @default PartitionOwner.CIS
   */
  readonly owner?: PartitionOwner;

  /**
   * Default route domain of the tenant (`defaultRouteDomain`); stack-owned partitions only.
   * @default 0
   */
  readonly defaultRouteDomain?: number;

  /**
   * Take over a tenant that already exists on the device without this stack's ownership marker
   * (stack-owned partitions only). Without it `pulumi up` refuses to overwrite a tenant it did not create.
   * @default false
   */
  readonly adoptExisting?: boolean;
}

const POSTED_PARTITION = Symbol.for('vks-bigip.PostedPartition');

/**
 * Records that `poster` (an As3ConfigMap) renders the declaration of `partition`, so the partition can
 * check it has exactly one.
 */
export function registerAs3ConfigMapPoster(poster: IConstruct, partition: IBigipPartition): void {
  Object.defineProperty(poster, POSTED_PARTITION, { value: partition });
}

function postersOf(stack: Stack): Map<IBigipPartition, IConstruct[]> {
  return stack.memoize(postersOf, () => {
    const posters = new Map<IBigipPartition, IConstruct[]>();
    for (const c of stack.node.findAll()) {
      const partition = (c as unknown as Record<symbol, IBigipPartition | undefined>)[POSTED_PARTITION];
      if (partition) posters.set(partition, [...(posters.get(partition) ?? []), c]);
    }
    return posters;
  });
}

/**
 * Names allowed by both the CIS CRD (`^[a-zA-Z]+[-A-z0-9_.]+$`, so at least two characters) and AS3's
 * tenant rule (`^[A-Za-z][0-9A-Za-z_.-]*$`, at most 190).
 */
const PARTITION_NAME = /^[A-Za-z][0-9A-Za-z_.-]{1,189}$/;

/**
 * A BIG-IP partition with one owner: CIS, an AS3 ConfigMap posted by CIS, or this stack. A stack-owned
 * partition renders one AS3 declaration, `dist/<stack>/bigip/<device>/<tenant>.as3.json`, holding every
 * As3Application declared for it; `pulumi up` reconciles it.
 */
export class BigipPartition extends Construct implements IBigipPartition, IArtifactSource {
  public readonly partitionName: string;
  public readonly device: IBigipDevice;
  public readonly owner: PartitionOwner;
  public readonly defaultRouteDomain: number;
  public readonly adoptExisting: boolean;
  private readonly patches: JsonPatch[] = [];

  constructor(scope: Construct, id: string, props: BigipPartitionProps) {
    super(scope, id);
    if (!props.device) fail(this, `'device' is required: the BigipDevice this partition lives on`);
    this.device = props.device;
    this.owner = checkEnum(this, 'owner', props.owner ?? PartitionOwner.CIS, PartitionOwner);
    this.partitionName = checkPattern(
      this,
      'partitionName',
      props.partitionName ?? id,
      PARTITION_NAME,
      'a letter followed by 1–189 letters, digits, "_", "." or "-"',
    );
    if (this.partitionName === 'Common') {
      fail(
        this,
        `'partitionName' must not be "Common": it is BIG-IP's shared partition, which CIS and AS3 reserve`,
      );
    }
    this.defaultRouteDomain = checkInteger(
      this,
      'defaultRouteDomain',
      props.defaultRouteDomain ?? 0,
      0,
      65535,
    );
    if (this.defaultRouteDomain !== 0 && this.owner !== PartitionOwner.STACK) {
      fail(
        this,
        `'defaultRouteDomain' applies only to stack-owned partitions; CIS sets the route domain of its own`,
      );
    }
    this.adoptExisting = props.adoptExisting ?? false;
    if (this.adoptExisting && this.owner !== PartitionOwner.STACK) {
      fail(
        this,
        `'adoptExisting' applies only to stack-owned partitions; this one is written by ${this.owner}`,
      );
    }
    this.node.addValidation({
      validate: () => [
        ...this.checkUnique(),
        ...this.checkNotCisManaged(),
        ...this.checkApplications(),
        ...this.checkPatches(),
      ],
    });
    registerArtifactSource(this);
  }

  /** The AS3 tenant name (the partition name). */
  public get tenantName(): string {
    return this.partitionName;
  }

  /** The applications declared for this partition, in declaration order. */
  public get applications(): As3Application[] {
    const stack = Stack.of(this);
    const byTenant = stack.memoize(applicationsByTenant, () =>
      applicationsByTenant(stack.constructsOfType(As3Application)),
    );
    return byTenant.get(this) ?? [];
  }

  /** Escape hatch: RFC 6902 operations applied to the rendered AS3 request body of this tenant. */
  public addAs3JsonPatch(...ops: JsonPatch[]): void {
    if (this.owner !== PartitionOwner.STACK)
      fail(this, `addAs3JsonPatch() applies to stack-owned partitions; this one is ${this.owner}`);
    this.patches.push(...ops);
  }

  /**
   * The AS3 request body this stack posts for the partition (stack-owned partitions). Validation and
   * rendering both need it; during synthesis it is rendered once.
   */
  public renderDeclaration(): Record<string, unknown> {
    const stack = Stack.of(this);
    return stack.memoize(this, () => this.renderRequest(stack.stackName));
  }

  private renderRequest(stackName: string): Record<string, unknown> {
    const request = {
      tenant: this,
      applications: this.applications,
      label: ownershipMarker(stackName),
      remark: 'managed by vks-bigip; changes by hand are reverted',
      defaultRouteDomain: this.defaultRouteDomain,
      stackName,
      patches: this.patches,
    };
    try {
      return renderAs3Request(request);
    } catch (error) {
      if (error instanceof ValidationError) throw error; // an application's own patch
      fail(
        this,
        `'addAs3JsonPatch' operations do not apply to the rendered declaration: ${(error as Error).message}`,
      );
    }
  }

  /** Patches that do not apply fail at synth with this partition's path (an application reports its own). */
  private checkPatches(): string[] {
    if (this.owner !== PartitionOwner.STACK || this.patches.length === 0) return [];
    try {
      this.renderDeclaration();
      return [];
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return error.constructPath === pathOf(this) ? [error.detail] : [];
    }
  }

  /** One declaration per partition and device, across every stack of the app. */
  private checkUnique(): string[] {
    const stacks = App.of(this).node.children.filter((c) => c instanceof Stack);
    const all = stacks.flatMap((s) => s.constructsOfType(BigipPartition));
    const first = all.find((p) => p.device.url === this.device.url && p.partitionName === this.partitionName);
    if (first === undefined || first === this) return [];
    return [
      `'partitionName' ${quote(this.partitionName)} on ${this.device.url} is already declared by [${first.node.path}] (owner ${first.owner}); a partition has exactly one writer`,
    ];
  }

  /** Partitions CIS manages for itself (`<partition>_AS3`, `<partition>_gtm`) are off limits to other writers. */
  private checkNotCisManaged(): string[] {
    if (this.owner === PartitionOwner.CIS) return [];
    // Across every stack of the app: a CIS of another stack may write the same device.
    const cisPartitions = App.of(this)
      .node.children.filter((c) => c instanceof Stack)
      .flatMap((s) => s.constructsOfType(BigipPartition))
      .filter((p) => p.owner === PartitionOwner.CIS && p.device.url === this.device.url);
    const clash = cisPartitions.find(
      (p) =>
        this.partitionName === `${p.partitionName}_AS3` || this.partitionName === `${p.partitionName}_gtm`,
    );
    return clash
      ? [
          `'partitionName' ${quote(this.partitionName)} is a partition CIS manages for [${clash.node.path}] (${clash.partitionName}); choose another name`,
        ]
      : [];
  }

  private checkApplications(): string[] {
    const applications = this.applications;
    const errors: string[] = [];
    if (this.owner === PartitionOwner.CIS && applications.length > 0) {
      errors.push(
        `is written by CIS, but [${applications[0]?.node.path}] declares an AS3 application in it; AS3 replaces a tenant wholesale, so CIS and this stack would erase each other's objects. Use a partition with owner PartitionOwner.STACK`,
      );
    }
    if (this.owner === PartitionOwner.CIS_AS3_CONFIGMAP) {
      const posters = postersOf(Stack.of(this)).get(this) ?? [];
      if (posters.length === 0)
        errors.push(`has owner cis-as3-configmap but no As3ConfigMap renders it; CIS would never post it`);
      if (posters.length > 1) {
        errors.push(
          `is rendered by ${posters.length} As3ConfigMaps (${posters.map((p) => `[${p.node.path}]`).join(', ')}); CIS instances would overwrite each other`,
        );
      }
    }
    if (this.owner !== PartitionOwner.CIS && applications.length === 0) {
      errors.push(
        `declares no AS3 application; an empty tenant is what AS3 deletes, so add an As3Application or a BigipVirtualServer`,
      );
    }
    const seen = new Map<string, As3Application>();
    for (const application of applications) {
      const first = seen.get(application.applicationName);
      if (first)
        errors.push(
          `has two applications named ${quote(application.applicationName)}: [${first.node.path}] and [${application.node.path}]`,
        );
      else seen.set(application.applicationName, application);
      if (application.tenant.device !== this.device)
        errors.push(`[${application.node.path}] is on another device`);
    }
    return errors;
  }

  /** Kubernetes objects (stack-relative paths) the tenant's virtuals send traffic to. */
  private frontedManifests(): string[] {
    const paths = this.applications
      .flatMap((a) => a.fronts)
      .filter((c): c is ApiObject => c instanceof ApiObject)
      .map(manifestPathOf);
    return [...new Set(paths)].sort();
  }

  public renderArtifacts(context: SynthContext): void {
    context.addIndexEntry('partitions', {
      name: `${this.device.deviceName}/${this.partitionName}`,
      device: this.device.deviceName,
      partition: this.partitionName,
      owner: this.owner,
      path: this.node.path,
    });
    if (this.owner !== PartitionOwner.STACK) return;
    const body = this.renderDeclaration();
    for (const pointer of findSecretMaterial(body)) {
      context.addProblem(
        this,
        `the declaration carries secret material at ${pointer}; reference keys with BigipRef instead`,
      );
    }
    const file = `bigip/${this.device.deviceName}/${this.partitionName}.as3.json`;
    context.addFile(file, toCanonicalJson(body), this);
    context.addIndexEntry('declarations', {
      name: `${this.device.deviceName}/${this.partitionName}`,
      device: this.device.deviceName,
      url: this.device.url,
      tenant: this.partitionName,
      file,
      id: declarationId(Stack.of(this).stackName, this.device.deviceName, this.partitionName),
      label: ownershipMarker(Stack.of(this).stackName),
      owner: PartitionOwner.STACK,
      adopt: this.adoptExisting,
      fronts: this.frontedManifests(),
    });
  }
}
