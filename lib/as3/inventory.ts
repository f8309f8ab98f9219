import { brand } from '../core/brand';
import { quote } from '../core/errors';

/** Kinds of objects that already exist on a BIG-IP and that declarations may reference with `{ bigip }`. */
export enum BigipObjectKind {
  CLIENT_SSL_PROFILE = 'client-ssl-profile',
  SERVER_SSL_PROFILE = 'server-ssl-profile',
  HTTP_PROFILE = 'http-profile',
  TCP_PROFILE = 'tcp-profile',
  PERSISTENCE_PROFILE = 'persistence-profile',
  MONITOR = 'monitor',
  IRULE = 'irule',
  WAF_POLICY = 'waf-policy',
  SNAT_POOL = 'snat-pool',
  VLAN = 'vlan',
  POOL = 'pool',
  SSL_CERTIFICATE = 'ssl-certificate',
  SSL_KEY = 'ssl-key',
  CIPHER_GROUP = 'cipher-group',
  DOS_PROFILE = 'dos-profile',
  BOT_DEFENSE_PROFILE = 'bot-defense-profile',
  ACCESS_PROFILE = 'access-profile',
  API_PROTECTION_PROFILE = 'api-protection-profile',
  PER_REQUEST_POLICY = 'per-request-policy',
  HTTP2_PROFILE = 'http2-profile',
  UDP_PROFILE = 'udp-profile',
  L4_PROFILE = 'l4-profile',
  PROTOCOL_INSPECTION_PROFILE = 'protocol-inspection-profile',
  ANALYTICS_PROFILE = 'analytics-profile',
  MULTIPLEX_PROFILE = 'multiplex-profile',
  HTML_PROFILE = 'html-profile',
  HTTP_COMPRESSION_PROFILE = 'http-compression-profile',
  ADAPT_PROFILE = 'adapt-profile',
  WEBSOCKET_PROFILE = 'websocket-profile',
  REWRITE_PROFILE = 'rewrite-profile',
  LOG_PROFILE = 'log-profile',
  REQUEST_LOG_PROFILE = 'request-log-profile',
  FTP_PROFILE = 'ftp-profile',
  FIREWALL_POLICY = 'firewall-policy',
  IP_INTELLIGENCE_POLICY = 'ip-intelligence-policy',
  LTM_POLICY = 'ltm-policy',
  TRAFFIC_GROUP = 'traffic-group',
  GSLB_SERVER = 'gslb-server',
}

/**
 * A full BIG-IP path: `/<partition>/[<folder>/]<name>`. The partition has at least two characters, as
 * both the CIS CRDs and AS3's pointer resolution require.
 */
export const BIGIP_PATH = /^\/[A-Za-z][0-9A-Za-z_.-]+(\/[0-9A-Za-z_.:-]+)+$/;

/** A reference to an existing BIG-IP object (`{ "bigip": "/Common/…" }`), typed by kind. */
export class BigipRef {
  public static clientSslProfile(path: string): BigipRef {
    return new BigipRef(BigipObjectKind.CLIENT_SSL_PROFILE, path);
  }
  public static serverSslProfile(path: string): BigipRef {
    return new BigipRef(BigipObjectKind.SERVER_SSL_PROFILE, path);
  }
  public static httpProfile(path: string): BigipRef {
    return new BigipRef(BigipObjectKind.HTTP_PROFILE, path);
  }
  public static tcpProfile(path: string): BigipRef {
    return new BigipRef(BigipObjectKind.TCP_PROFILE, path);
  }
  public static persistenceProfile(path: string): BigipRef {
    return new BigipRef(BigipObjectKind.PERSISTENCE_PROFILE, path);
  }
  public static monitor(path: string): BigipRef {
    return new BigipRef(BigipObjectKind.MONITOR, path);
  }
  public static iRule(path: string): BigipRef {
    return new BigipRef(BigipObjectKind.IRULE, path);
  }
  public static wafPolicy(path: string): BigipRef {
    return new BigipRef(BigipObjectKind.WAF_POLICY, path);
  }
  public static snatPool(path: string): BigipRef {
    return new BigipRef(BigipObjectKind.SNAT_POOL, path);
  }
  public static vlan(path: string): BigipRef {
    return new BigipRef(BigipObjectKind.VLAN, path);
  }
  public static pool(path: string): BigipRef {
    return new BigipRef(BigipObjectKind.POOL, path);
  }
  public static sslCertificate(path: string): BigipRef {
    return new BigipRef(BigipObjectKind.SSL_CERTIFICATE, path);
  }
  public static sslKey(path: string): BigipRef {
    return new BigipRef(BigipObjectKind.SSL_KEY, path);
  }
  public static cipherGroup(path: string): BigipRef {
    return new BigipRef(BigipObjectKind.CIPHER_GROUP, path);
  }
  public static dosProfile(path: string): BigipRef {
    return new BigipRef(BigipObjectKind.DOS_PROFILE, path);
  }
  public static botDefenseProfile(path: string): BigipRef {
    return new BigipRef(BigipObjectKind.BOT_DEFENSE_PROFILE, path);
  }
  public static accessProfile(path: string): BigipRef {
    return new BigipRef(BigipObjectKind.ACCESS_PROFILE, path);
  }
  public static apiProtectionProfile(path: string): BigipRef {
    return new BigipRef(BigipObjectKind.API_PROTECTION_PROFILE, path);
  }
  public static perRequestPolicy(path: string): BigipRef {
    return new BigipRef(BigipObjectKind.PER_REQUEST_POLICY, path);
  }
  public static http2Profile(path: string): BigipRef {
    return new BigipRef(BigipObjectKind.HTTP2_PROFILE, path);
  }
  public static udpProfile(path: string): BigipRef {
    return new BigipRef(BigipObjectKind.UDP_PROFILE, path);
  }
  public static l4Profile(path: string): BigipRef {
    return new BigipRef(BigipObjectKind.L4_PROFILE, path);
  }
  public static protocolInspectionProfile(path: string): BigipRef {
    return new BigipRef(BigipObjectKind.PROTOCOL_INSPECTION_PROFILE, path);
  }
  public static analyticsProfile(path: string): BigipRef {
    return new BigipRef(BigipObjectKind.ANALYTICS_PROFILE, path);
  }
  public static multiplexProfile(path: string): BigipRef {
    return new BigipRef(BigipObjectKind.MULTIPLEX_PROFILE, path);
  }
  public static htmlProfile(path: string): BigipRef {
    return new BigipRef(BigipObjectKind.HTML_PROFILE, path);
  }
  public static httpCompressionProfile(path: string): BigipRef {
    return new BigipRef(BigipObjectKind.HTTP_COMPRESSION_PROFILE, path);
  }
  public static adaptProfile(path: string): BigipRef {
    return new BigipRef(BigipObjectKind.ADAPT_PROFILE, path);
  }
  public static websocketProfile(path: string): BigipRef {
    return new BigipRef(BigipObjectKind.WEBSOCKET_PROFILE, path);
  }
  public static rewriteProfile(path: string): BigipRef {
    return new BigipRef(BigipObjectKind.REWRITE_PROFILE, path);
  }
  public static logProfile(path: string): BigipRef {
    return new BigipRef(BigipObjectKind.LOG_PROFILE, path);
  }
  public static requestLogProfile(path: string): BigipRef {
    return new BigipRef(BigipObjectKind.REQUEST_LOG_PROFILE, path);
  }
  public static ftpProfile(path: string): BigipRef {
    return new BigipRef(BigipObjectKind.FTP_PROFILE, path);
  }
  public static firewallPolicy(path: string): BigipRef {
    return new BigipRef(BigipObjectKind.FIREWALL_POLICY, path);
  }
  public static ipIntelligencePolicy(path: string): BigipRef {
    return new BigipRef(BigipObjectKind.IP_INTELLIGENCE_POLICY, path);
  }
  public static ltmPolicy(path: string): BigipRef {
    return new BigipRef(BigipObjectKind.LTM_POLICY, path);
  }
  public static trafficGroup(path: string): BigipRef {
    return new BigipRef(BigipObjectKind.TRAFFIC_GROUP, path);
  }
  public static gslbServer(path: string): BigipRef {
    return new BigipRef(BigipObjectKind.GSLB_SERVER, path);
  }

  /**
   * A reference is checked where it is used, so that a bad path is reported with the construct path and
   * prop of its user (see `problem`).
   */
  private constructor(
    public readonly kind: BigipObjectKind,
    public readonly path: string,
  ) {}

  /** What is wrong with the path, or undefined when it is a full BIG-IP path. */
  public get problem(): string | undefined {
    return typeof this.path === 'string' && BIGIP_PATH.test(this.path)
      ? undefined
      : `a BIG-IP ${this.kind} reference needs a full path such as "/Common/name", got ${quote(this.path)}`;
  }

  public toJson(): { bigip: string } {
    return { bigip: this.path };
  }

  public toString(): string {
    return `${this.kind} ${this.path}`;
  }
}
brand(BigipRef, 'BigipRef');

/** One declared BIG-IP object. */
export interface InventoryItem {
  readonly kind: BigipObjectKind;
  readonly path: string;
}

/**
 * Objects that exist on every BIG-IP (TMOS defaults) and that declarations may always reference.
 * @see https://clouddocs.f5.com/products/extensions/f5-appsvcs-extension/latest/refguide/schema-reference.html
 */
export const BUILT_IN_OBJECTS: readonly InventoryItem[] = [
  { kind: BigipObjectKind.CLIENT_SSL_PROFILE, path: '/Common/clientssl' },
  { kind: BigipObjectKind.SERVER_SSL_PROFILE, path: '/Common/serverssl' },
  { kind: BigipObjectKind.HTTP_PROFILE, path: '/Common/http' },
  { kind: BigipObjectKind.TCP_PROFILE, path: '/Common/tcp' },
  { kind: BigipObjectKind.TCP_PROFILE, path: '/Common/f5-tcp-progressive' },
  { kind: BigipObjectKind.TCP_PROFILE, path: '/Common/f5-tcp-lan' },
  { kind: BigipObjectKind.TCP_PROFILE, path: '/Common/f5-tcp-wan' },
  { kind: BigipObjectKind.PERSISTENCE_PROFILE, path: '/Common/cookie' },
  { kind: BigipObjectKind.PERSISTENCE_PROFILE, path: '/Common/source_addr' },
  { kind: BigipObjectKind.MONITOR, path: '/Common/http' },
  { kind: BigipObjectKind.MONITOR, path: '/Common/https' },
  { kind: BigipObjectKind.MONITOR, path: '/Common/tcp' },
  { kind: BigipObjectKind.MONITOR, path: '/Common/udp' },
  { kind: BigipObjectKind.MONITOR, path: '/Common/gateway_icmp' },
  { kind: BigipObjectKind.SSL_CERTIFICATE, path: '/Common/default.crt' },
  { kind: BigipObjectKind.SSL_KEY, path: '/Common/default.key' },
  { kind: BigipObjectKind.CIPHER_GROUP, path: '/Common/f5-default' },
  { kind: BigipObjectKind.CIPHER_GROUP, path: '/Common/f5-secure' },
  { kind: BigipObjectKind.UDP_PROFILE, path: '/Common/udp' },
  { kind: BigipObjectKind.L4_PROFILE, path: '/Common/fastL4' },
  { kind: BigipObjectKind.HTTP2_PROFILE, path: '/Common/http2' },
  { kind: BigipObjectKind.MULTIPLEX_PROFILE, path: '/Common/oneconnect' },
  { kind: BigipObjectKind.WEBSOCKET_PROFILE, path: '/Common/websocket' },
  { kind: BigipObjectKind.HTTP_COMPRESSION_PROFILE, path: '/Common/httpcompression' },
  { kind: BigipObjectKind.FTP_PROFILE, path: '/Common/ftp' },
  { kind: BigipObjectKind.TRAFFIC_GROUP, path: '/Common/traffic-group-1' },
  { kind: BigipObjectKind.TRAFFIC_GROUP, path: '/Common/traffic-group-local-only' },
];

/**
 * What exists on a BIG-IP outside the partitions this stack writes: the objects declarations may
 * reference with `{ bigip }`. One unknown reference makes AS3 reject the whole declaration (and CIS
 * fail every tenant of its post), so synth rejects it first.
 */
export class BigipInventory {
  private readonly items = new Map<string, InventoryItem>();

  constructor(declared: readonly InventoryItem[] = [], includeBuiltIns = true) {
    for (const item of includeBuiltIns ? [...BUILT_IN_OBJECTS, ...declared] : declared) {
      checkInventoryItem(item);
      this.items.set(`${item.kind}|${item.path}`, { kind: item.kind, path: item.path });
    }
  }

  public has(ref: BigipRef | InventoryItem): boolean {
    return this.items.has(`${ref.kind}|${ref.path}`);
  }

  /** Paths of a kind, for error messages that say what is available. */
  public pathsOf(kind: BigipObjectKind): string[] {
    return [...this.items.values()].filter((i) => i.kind === kind).map((i) => i.path);
  }
}

function checkInventoryItem(item: InventoryItem): void {
  if (!Object.values(BigipObjectKind).includes(item.kind)) {
    throw new Error(`inventory item kind must be a BigipObjectKind, got ${quote(item.kind)}`);
  }
  if (!BIGIP_PATH.test(item.path)) {
    throw new Error(
      `inventory item ${item.kind} needs a full path such as "/Common/name", got ${quote(item.path)}`,
    );
  }
}

/** A device as reference checks see it: its name and inventory. */
export interface IInventoryHolder {
  readonly deviceName: string;
  readonly inventory: BigipInventory;
}

/**
 * The problem with referencing `ref` from `prop` on `device`, or undefined when the device has it. CIS
 * custom resources and AS3 declarations report a missing object in the same words.
 */
export function inventoryProblem(device: IInventoryHolder, prop: string, ref: BigipRef): string | undefined {
  if (ref.problem) return `'${prop}' ${ref.problem}`;
  if (device.inventory.has(ref)) return undefined;
  const known = device.inventory.pathsOf(ref.kind);
  return `'${prop}' references ${ref.kind} ${ref.path}, which is not in the inventory of device ${device.deviceName} (declared: ${known.join(', ') || 'none'}); AS3 would reject the whole declaration`;
}
