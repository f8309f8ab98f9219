import { Construct, type IConstruct } from 'constructs';
import { registerArtifactSource, type IArtifactSource, type SynthContext } from '../../lib/core/artifacts';
import { brand } from '../../lib/core/brand';
import {
  checkArray,
  checkId,
  checkPattern,
  DNS_LABEL,
  fail,
  PropChecks,
  report,
} from '../../lib/core/checks';
import { quote } from '../../lib/core/errors';
import { firstByKey, positionsOf } from '../../lib/core/indexes';
import { Stack } from '../../lib/core/stack';
import { BigipInventory, type InventoryItem } from '../../lib/as3/inventory';
import type { IAs3Device } from '../../lib/as3/tenant';
import { DEFAULT_AS3_VERSION, DEFAULT_TMOS_VERSION, VERSION_PATTERN } from '../../lib/as3/versions';
import { checkDeviceVersions } from './version-guard';
import { checkAgainstNetOpsPolicies } from './netops-policy';

/** A BIG-IP device (or HA pair behind one management address) that partitions and controllers target. */
export interface IBigipDevice extends IAs3Device {
  /** Name used in output folders and messages (`dist/<stack>/bigip/<device>/`). */
  readonly deviceName: string;
  /** Management URL, e.g. `https://10.1.1.245` (no credentials). */
  readonly url: string;
  /** Objects that exist on the device and that declarations and custom resources may reference. */
  readonly inventory: BigipInventory;
  /** The AS3 release installed on the device (what its `GET /info` answers). */
  readonly as3Version?: string;
  /** The TMOS (BIG-IP software) release of the device. */
  readonly tmosVersion?: string;
}

export interface BigipDeviceProps {
  /**
   * Management URL of the BIG-IP (`https://host[:port]`). Credentials never go here: CIS reads them from
   * its login Secret and the Pulumi program from stack config secrets.
   * @see https://clouddocs.f5.com/containers/latest/userguide/config-parameters.html (`--bigip-url`)
   */
  readonly url: string;

  /**
   * Name of the device in output paths, the index and messages.
   * @default - the construct id in lower case
   */
  readonly deviceName?: string;

  /**
   * Objects that exist on the BIG-IP outside the partitions this stack writes (profiles, iRules, WAF
   * policies, SNAT pools, VLANs, monitors, certificates) and that declarations may reference with
   * `BigipRef`. A reference to anything else is a synth error: AS3 would reject the whole declaration.
   * @default - only BIG-IP's built-in objects (`/Common/clientssl`, `/Common/http`, …)
   */
  readonly inventory?: InventoryItem[];

  /**
   * The AS3 release installed on the device, as its `GET /mgmt/shared/appsvcs/info` reports it.
   * Declarations for the device are rendered with a `schemaVersion` no newer than it, and synth checks
   * features and the CIS release against it. `diff --live` and `pulumi refresh` warn when the device says otherwise.
   * @see https://clouddocs.f5.com/products/extensions/f5-appsvcs-extension/latest/refguide/as3-api.html
   * @default '3.56.0'
   */
  readonly as3Version?: string;

  /**
   * The TMOS (BIG-IP software) release of the device, e.g. `17.1.0`.
   * @see https://my.f5.com/manage/s/article/K5903
   * @default '17.1.0'
   */
  readonly tmosVersion?: string;
}

/**
 * A BIG-IP device. It holds nothing itself; partitions and CIS controllers point at it, and it checks
 * that no two partitions on it share a name.
 */
export class BigipDevice extends Construct implements IBigipDevice, IArtifactSource {
  public readonly deviceName: string;
  public readonly url: string;
  public readonly inventory: BigipInventory;
  public readonly as3Version: string;
  public readonly tmosVersion: string;

  constructor(scope: Construct, id: string, props: BigipDeviceProps) {
    super(scope, checkId(scope, id));
    const checks: PropChecks = PropChecks.begin(this, props);
    try {
      this.deviceName = checkPattern(
        this,
        'deviceName',
        props.deviceName ?? id.toLowerCase(),
        DNS_LABEL,
        'lower-case letters, digits and "-" (it names an output folder)',
      );
      this.url = BigipDevice.checkUrl(this, props.url);
      this.as3Version = checkPattern(
        this,
        'as3Version',
        props.as3Version ?? DEFAULT_AS3_VERSION,
        VERSION_PATTERN,
        'an AS3 release such as "3.56.0"',
      );
      this.tmosVersion = checkPattern(
        this,
        'tmosVersion',
        props.tmosVersion ?? DEFAULT_TMOS_VERSION,
        VERSION_PATTERN,
        'a TMOS release such as "17.1.0"',
      );
      const inventory = checkArray(
        this,
        'inventory',
        props.inventory ?? [],
        'a list of { kind, path } items',
      );
      try {
        this.inventory = new BigipInventory(inventory);
      } catch (error) {
        report(this, `'inventory' ${(error as Error).message}`);
        this.inventory = new BigipInventory();
      }
    } catch (error) {
      checks.abort(error);
    }
    checks.end();
    this.node.addValidation({ validate: () => this.checkUnique() });
    this.node.addValidation({ validate: () => checkDeviceVersions(this) });
    registerArtifactSource(this);
  }

  /** Two device constructs for one management address would let two partitions of one name slip by. */
  private checkUnique(): string[] {
    // The first device with this URL or this name, whichever was declared first.
    const stack = Stack.of(this);
    const byUrl = firstByKey(stack, BigipDevice, deviceUrlOf).get(this.url);
    const byName = firstByKey(stack, BigipDevice, deviceNameOf).get(this.deviceName);
    const position = positionsOf(stack, BigipDevice);
    const first =
      byUrl && byName
        ? (position.get(byUrl) ?? 0) <= (position.get(byName) ?? 0)
          ? byUrl
          : byName
        : (byUrl ?? byName);
    if (first === undefined || first === this) return [];
    return first.url === this.url
      ? [
          `'url' ${quote(this.url)} is already the device [${first.node.path}]; declare each BIG-IP once and share the construct`,
        ]
      : [`'deviceName' ${quote(this.deviceName)} is already used by [${first.node.path}]`];
  }

  private static checkUrl(scope: IConstruct, url: string): string {
    let parsed: URL;
    try {
      if (typeof url !== 'string') throw new TypeError('not a string');
      parsed = new URL(url);
    } catch {
      fail(scope, `'url' must be an https:// management URL such as "https://10.1.1.245", got ${quote(url)}`);
    }
    if (parsed.protocol !== 'https:') {
      fail(scope, `'url' must use https:// (BIG-IP serves its REST API over TLS only), got ${quote(url)}`);
    }
    if (parsed.username || parsed.password) {
      fail(scope, `'url' must not carry credentials; keep them in the CIS login Secret and Pulumi secrets`);
    }
    if (parsed.pathname !== '/' || parsed.search || parsed.hash) {
      fail(scope, `'url' must be the device address only (no path or query), got ${quote(url)}`);
    }
    return `${parsed.protocol}//${parsed.host}`;
  }

  public renderArtifacts(context: SynthContext): void {
    context.addRecord('devices', { name: this.deviceName, url: this.url, path: this.node.path });
    checkAgainstNetOpsPolicies(context, this);
  }
}
const deviceUrlOf = (d: BigipDevice) => d.url;
const deviceNameOf = (d: BigipDevice) => d.deviceName;

brand(BigipDevice, 'BigipDevice');

/** Whether `x` is a BIG-IP device as partitions and controllers see it. */
export function isBigipDevice(x: unknown): x is IBigipDevice {
  const d = x as Partial<IBigipDevice> | null;
  return (
    typeof d === 'object' &&
    d !== null &&
    typeof d.deviceName === 'string' &&
    typeof d.url === 'string' &&
    typeof d.inventory === 'object'
  );
}
