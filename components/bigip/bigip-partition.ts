import type { JsonPatch } from 'cdk8s';
import { Construct, type IConstruct } from 'constructs';
import { As3Application } from '../../lib/as3/application';
import {
  applicationsByTenant,
  configMapMarker,
  declarationId,
  findSecretMaterial,
  ownershipMarker,
  renderAs3Request,
  stackTenantRemark,
} from '../../lib/as3/declaration';
import type { IAs3Tenant } from '../../lib/as3/tenant';
import { App } from '../../lib/core/app';
import { registerArtifactSource, type IArtifactSource, type SynthContext } from '../../lib/core/artifacts';
import { brand } from '../../lib/core/brand';
import { AS3_HEAD, canonicalize, jsonText } from '../../lib/core/canonical';
import {
  checkBoolean,
  checkEnum,
  checkId,
  checkInteger,
  checkPattern,
  checkReference,
  fail,
  PropChecks,
  report,
} from '../../lib/core/checks';
import { pathOf, quote, ValidationError } from '../../lib/core/errors';
import { Stack } from '../../lib/core/stack';
import { isBigipDevice, type IBigipDevice } from './bigip-device';
import { checkDeclarationVersions } from './version-guard';
import { checkTenantSize } from './tenant-size';
import { DEFAULT_AS3_VERSION, schemaVersionFor } from '../../lib/as3/versions';

/** Who writes a partition (AS3 tenant). AS3 replaces a tenant wholesale, so there is exactly one writer. */
export enum PartitionOwner {
  /** CIS writes it from custom resources (a `--bigip-partition` of a CisController, or one CRs name). */
  CIS = 'cis',
  /** This stack writes it directly through AS3 (`dist/<stack>/bigip/<device>/<tenant>.as3.json`, `pulumi up`). */
  STACK = 'stack',
  /** CIS posts it from an AS3 ConfigMap this stack renders (As3ConfigMap). */
  CIS_AS3_CONFIGMAP = 'cis-as3-configmap',
}

/** Who posts a CIS-written AS3 declaration (an As3ConfigMap), as its partition sees it. */
export interface IAs3DeclarationPoster extends IConstruct {
  /** The CisController that posts it. */
  readonly controller: IConstruct;
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
  /**
   * The AS3 request body of the partition (stack-owned and AS3-ConfigMap partitions): the one rendering
   * that every consumer (the review file, the ConfigMap, `pulumi up`) uses.
   */
  renderDeclaration(): Record<string, unknown>;
  /** Registers the As3ConfigMap that has CIS post this partition's declaration (owner cis-as3-configmap). */
  postThrough(poster: IAs3DeclarationPoster): void;
}

/** Whether `x` is a partition as other constructs see it (an interface other libraries implement too). */
export function isBigipPartition(x: unknown): x is IBigipPartition {
  const p = x as Partial<IBigipPartition> | null;
  return (
    typeof p === 'object' &&
    p !== null &&
    typeof p.partitionName === 'string' &&
    typeof p.owner === 'string' &&
    typeof p.device === 'object' &&
    typeof p.renderDeclaration === 'function'
  );
}

export interface BigipPartitionProps {
  /**
   * The BIG-IP device the partition lives on.
   * @see https://clouddocs.f5.com/products/extensions/f5-appsvcs-extension/latest/refguide/schema-reference.html#tenant
   */
  readonly device: IBigipDevice;

  /**
   * Partition (AS3 tenant) name. `Common` is reserved by BIG-IP and AS3 and is rejected.
   * @see https://clouddocs.f5.com/products/extensions/f5-appsvcs-extension/latest/refguide/declaration-purpose-function.html
   * @default - the construct id
   */
  readonly partitionName?: string;

  /**
   * Who writes this partition.
   * @see https://clouddocs.f5.com/containers/latest/userguide/config-parameters.html (`--bigip-partition`)
   * @default PartitionOwner.CIS
   */
  readonly owner?: PartitionOwner;

  /**
   * Default route domain of the tenant (`defaultRouteDomain`); stack-owned partitions only.
   * @see https://clouddocs.f5.com/products/extensions/f5-appsvcs-extension/latest/refguide/schema-reference.html#tenant
   * @default 0
   */
  readonly defaultRouteDomain?: number;

  /**
   * Take over a tenant that already exists on the device without this stack's ownership marker
   * (stack-owned partitions only). Without it `pulumi up` refuses to overwrite a tenant it did not create.
   * @see https://clouddocs.f5.com/products/extensions/f5-appsvcs-extension/latest/userguide/faq.html
   * @default false
   */
  readonly adoptExisting?: boolean;
}

/**
 * Names allowed by both the CIS CRD (`^[a-zA-Z]+[-A-z0-9_.]+$`, so at least two characters) and AS3's
 * tenant rule (`^[A-Za-z][0-9A-Za-z_.-]*$`, at most 190).
 */
export const PARTITION_NAME = /^[A-Za-z][0-9A-Za-z_.-]{1,189}$/;

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
  private readonly posters: IAs3DeclarationPoster[] = [];

  constructor(scope: Construct, id: string, props: BigipPartitionProps) {
    super(scope, checkId(scope, id));
    const checks: PropChecks = PropChecks.begin(this, props);
    try {
      this.device = checkReference(
        this,
        'device',
        props.device,
        isBigipDevice,
        'the BigipDevice this partition lives on',
      );
      this.owner = checkEnum(this, 'owner', props.owner ?? PartitionOwner.CIS, PartitionOwner);
      this.partitionName = checkPattern(
        this,
        'partitionName',
        props.partitionName ?? id,
        PARTITION_NAME,
        'a letter followed by 1–189 letters, digits, "_", "." or "-"',
      );
      if (this.partitionName === 'Common') {
        report(
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
        report(
          this,
          `'defaultRouteDomain' applies only to stack-owned partitions; CIS sets the route domain of its own`,
        );
      }
      this.adoptExisting = checkBoolean(this, 'adoptExisting', props.adoptExisting ?? false);
      if (this.adoptExisting && this.owner !== PartitionOwner.STACK) {
        report(
          this,
          `'adoptExisting' applies only to stack-owned partitions; this one is written by ${this.owner}`,
        );
      }
    } catch (error) {
      checks.abort(error);
    }
    checks.end();
    this.node.addValidation({
      validate: () => [
        ...this.checkUnique(),
        ...this.checkNotCisManaged(),
        ...this.checkApplications(),
        ...this.checkDeclaration(),
        ...this.checkVersions(),
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

  public postThrough(poster: IAs3DeclarationPoster): void {
    if (!this.posters.includes(poster)) this.posters.push(poster);
  }

  /**
   * The AS3 request body of the partition: posted by `pulumi up` (stack-owned) or by CIS from the
   * As3ConfigMap (owner cis-as3-configmap). Validation and rendering both need it; during synthesis it
   * is rendered once.
   */
  public renderDeclaration(): Record<string, unknown> {
    if (this.owner === PartitionOwner.CIS)
      fail(this, `is written by CIS from custom resources; it has no declaration of this stack's`);
    const stack = Stack.of(this);
    return stack.memoize(this, () => this.renderRequest(stack.stackName));
  }

  private renderRequest(stackName: string): Record<string, unknown> {
    const stackOwned = this.owner === PartitionOwner.STACK;
    const request = {
      tenant: this,
      applications: this.applications,
      label: stackOwned ? ownershipMarker(stackName) : configMapMarker(stackName),
      remark: stackOwned
        ? stackTenantRemark(this.device.deviceName)
        : 'posted by CIS from an AS3 ConfigMap rendered by vks-bigip',
      defaultRouteDomain: stackOwned ? this.defaultRouteDomain : undefined,
      stackName,
      schemaVersion: schemaVersionFor(this.device.as3Version ?? DEFAULT_AS3_VERSION),
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

  /**
   * The rendered declaration: patches that do not apply fail with this partition's path (an application
   * reports its own), and secret material is refused.
   */
  private checkDeclaration(): string[] {
    if (this.owner === PartitionOwner.CIS) return [];
    let body: Record<string, unknown>;
    try {
      body = this.renderDeclaration();
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return error.constructPath === pathOf(this) ? [...error.details] : [];
    }
    return findSecretMaterial(body).map(
      (pointer) =>
        `the declaration carries secret material at ${pointer}; reference keys with BigipRef instead`,
    );
  }

  /** The rendered declaration against the AS3 release its device declares (version guard) and AS3's practical size. */
  private checkVersions(): string[] {
    if (this.owner === PartitionOwner.CIS) return [];
    let body: Record<string, unknown>;
    try {
      body = this.renderDeclaration();
    } catch {
      return []; // reported by checkDeclaration
    }
    const device = {
      deviceName: this.device.deviceName,
      as3Version: this.device.as3Version ?? DEFAULT_AS3_VERSION,
    };
    checkTenantSize(this, this.partitionName, body);
    return checkDeclarationVersions(device, body, this.owner === PartitionOwner.STACK);
  }

  /** One declaration per partition and device, across every stack of the app. */
  private checkUnique(): string[] {
    const first = appPartitionIndex(this).first.get(`${this.device.url}|${this.partitionName}`);
    if (first === undefined || first === this) return [];
    return [
      `'partitionName' ${quote(this.partitionName)} on ${this.device.url} is already declared by [${first.node.path}] (owner ${first.owner}); a partition has exactly one writer`,
    ];
  }

  /** Partitions CIS manages for itself (`<partition>_AS3`, `<partition>_gtm`) are off limits to other writers. */
  private checkNotCisManaged(): string[] {
    if (this.owner === PartitionOwner.CIS) return [];
    // Across every stack of the app: a CIS of another stack may write the same device.
    const clash = appPartitionIndex(this).cisManaged.get(`${this.device.url}|${this.partitionName}`);
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
      const posters = this.posters;
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

  public renderArtifacts(context: SynthContext): void {
    context.addRecord('partitions', {
      name: `${this.device.deviceName}/${this.partitionName}`,
      device: this.device.deviceName,
      partition: this.partitionName,
      owner: this.owner,
      path: this.node.path,
    });
    if (this.owner === PartitionOwner.CIS) return;
    const stackName = Stack.of(this).stackName;
    const declaration = canonicalize(this.renderDeclaration(), AS3_HEAD) as Record<string, unknown>;
    const file = `bigip/${this.device.deviceName}/${this.partitionName}.as3.json`;
    // Stack-owned: the request body `pulumi up` posts; CIS-posted: a review copy of the ConfigMap's template.
    context.addFile(file, jsonText(declaration), this); // canonical already
    const common = {
      name: `${this.device.deviceName}/${this.partitionName}`,
      device: this.device.deviceName,
      url: this.device.url,
      tenant: this.partitionName,
      file,
      id: declarationId(stackName, this.device.deviceName, this.partitionName),
      owner: this.owner,
      declaration,
    };
    if (this.owner === PartitionOwner.CIS_AS3_CONFIGMAP) {
      context.addRecord('declarations', {
        ...common,
        label: configMapMarker(stackName),
        postedBy: this.posters[0]?.controller.node.path,
      });
      return;
    }
    // The Kubernetes objects the virtuals send traffic to, by the files they render (known once written).
    const fronted = [...new Set(this.applications.flatMap((a) => a.fronts))];
    context.onFinish(() =>
      context.addRecord('declarations', {
        ...common,
        label: ownershipMarker(stackName),
        adopt: this.adoptExisting,
        fronts: [
          ...new Set(fronted.map((c) => context.fileOf(c)).filter((f): f is string => f !== undefined)),
        ].sort(),
      }),
    );
  }
}
brand(BigipPartition, 'BigipPartition');

/**
 * The partitions of every stack of the app, indexed once per synthesis: the first declaration of each
 * device URL and partition name, and the CIS partition that claims each `<partition>_AS3` and
 * `<partition>_gtm` name (the first such CIS partition, in stack and declaration order).
 */
function appPartitionIndex(scope: BigipPartition): {
  first: Map<string, BigipPartition>;
  cisManaged: Map<string, BigipPartition>;
} {
  return Stack.of(scope).memoize(appPartitionIndex, () => {
    const first = new Map<string, BigipPartition>();
    const cisManaged = new Map<string, BigipPartition>();
    const all = App.of(scope)
      .node.children.filter((c) => c instanceof Stack)
      .flatMap((s) => s.constructsOfType(BigipPartition));
    for (const p of all) {
      const key = `${p.device.url}|${p.partitionName}`;
      if (!first.has(key)) first.set(key, p);
      if (p.owner !== PartitionOwner.CIS) continue;
      for (const suffix of ['_AS3', '_gtm']) {
        const managed = `${key}${suffix}`;
        if (!cisManaged.has(managed)) cisManaged.set(managed, p);
      }
    }
    return { first, cisManaged };
  });
}
