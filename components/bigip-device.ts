import { Construct, type IConstruct } from 'constructs';
import { registerArtifactSource, type IArtifactSource, type SynthContext } from '../lib/core/artifacts';
import { checkPattern, fail } from '../lib/core/checks';
import { quote } from '../lib/core/errors';

/** A BIG-IP device (or HA pair behind one management address) that partitions and controllers target. */
export interface IBigipDevice extends IConstruct {
  /** Name used in output folders and messages (`dist/<stack>/bigip/<device>/`). */
  readonly deviceName: string;
  /** Management URL, e.g. `https://10.1.1.245` (no credentials). */
  readonly url: string;
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
}

/**
 * A BIG-IP device. It holds nothing itself; partitions and CIS controllers point at it, and it checks
 * that no two partitions on it share a name.
 */
export class BigipDevice extends Construct implements IBigipDevice, IArtifactSource {
  public readonly deviceName: string;
  public readonly url: string;

  constructor(scope: Construct, id: string, props: BigipDeviceProps) {
    super(scope, id);
    this.deviceName = checkPattern(
      this,
      'deviceName',
      props.deviceName ?? id.toLowerCase(),
      /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/,
      'lower-case letters, digits and "-" (it names an output folder)',
    );
    this.url = BigipDevice.checkUrl(this, props.url);
    registerArtifactSource(this);
  }

  private static checkUrl(scope: IConstruct, url: string): string {
    let parsed: URL;
    try {
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
    context.addIndexEntry('devices', { name: this.deviceName, url: this.url, path: this.node.path });
  }
}
