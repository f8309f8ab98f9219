import { Construct, type IConstruct } from 'constructs';
import { registerArtifactSource, type IArtifactSource, type SynthContext } from '../lib/core/artifacts';
import { checkEnum, checkPattern, fail } from '../lib/core/checks';
import { Stack } from '../lib/core/stack';
import type { IBigipDevice } from './bigip-device';

/** Who writes a partition (AS3 tenant). AS3 replaces a tenant wholesale, so there is exactly one writer. */
export enum PartitionOwner {
  /** CIS posts this tenant; our custom resources and CisController use it. */
  CIS = 'cis',
  /** This stack posts the tenant directly through AS3 (reconciled by `pulumi up`). */
  STACK = 'stack',
}

/** A BIG-IP partition, which is an AS3 tenant. */
export interface IBigipPartition extends IConstruct {
  readonly partitionName: string;
  readonly device: IBigipDevice;
  readonly owner: PartitionOwner;
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
}

/**
 * Names allowed by both the CIS CRD (`^[a-zA-Z]+[-A-z0-9_.]+$`, so at least two characters) and AS3's
 * tenant rule (`^[A-Za-z][0-9A-Za-z_.-]*$`, at most 190).
 */
const PARTITION_NAME = /^[A-Za-z][0-9A-Za-z_.-]{1,189}$/;

/** A BIG-IP partition with one owner: a CIS instance or this stack. */
export class BigipPartition extends Construct implements IBigipPartition, IArtifactSource {
  public readonly partitionName: string;
  public readonly device: IBigipDevice;
  public readonly owner: PartitionOwner;

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
    this.node.addValidation({ validate: () => this.checkUniqueOnDevice() });
    registerArtifactSource(this);
  }

  private checkUniqueOnDevice(): string[] {
    const same = Stack.of(this)
      .constructsOfType(BigipPartition)
      .filter((p) => p.device === this.device && p.partitionName === this.partitionName);
    if (same.length > 1 && same[0] !== this) {
      return [
        `'partitionName' ${JSON.stringify(this.partitionName)} is already declared on device ${this.device.deviceName} by [${same[0]?.node.path}]; a partition has exactly one declaration`,
      ];
    }
    return [];
  }

  public renderArtifacts(context: SynthContext): void {
    context.addIndexEntry('partitions', {
      name: `${this.device.deviceName}/${this.partitionName}`,
      device: this.device.deviceName,
      partition: this.partitionName,
      owner: this.owner,
      path: this.node.path,
    });
  }
}
