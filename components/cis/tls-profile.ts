import { Construct, type IConstruct } from 'constructs';
import { BigipObjectKind, BigipRef, inventoryProblem, type IInventoryHolder } from '../../lib/as3/inventory';
import { brand } from '../../lib/core/brand';
import { compareVersions } from '../../lib/as3/versions';
import {
  checkArray,
  checkBoolean,
  checkDnsLabel,
  checkDnsSubdomain,
  checkEnum,
  checkId,
  checkString,
  PropChecks,
  report,
} from '../../lib/core/checks';
import { quote } from '../../lib/core/errors';
import { Names } from '../../lib/core/names';
import { Rule, RuleSeverity } from '../../lib/core/rules';
import { CIS_CUSTOM_RESOURCE_LABEL, TLSProfile, type TlsSslParams } from '../../lib/k8s/cis';
import { checkCrdPattern } from '../../lib/k8s/cis-patterns';
import { VksCluster } from '../workloads/vks-cluster';

export const TLS13_TMOS14_RULE = Rule.define({
  id: 'tls:tls13-needs-tmos14',
  severity: RuleSeverity.WARNING,
  summary: 'A TLSProfile with tlsVersion 1.3 needs BIG-IP (TMOS) 14.0 or later',
  why: 'BIG-IP offers TLS 1.3 on its SSL profiles from TMOS 14.0 on; on an older device the profile CIS builds from this TLSProfile cannot give clients what it asks for. A TLSProfile is not bound to one device (virtuals on several devices may use it), so it warns wherever 1.3 is set; a virtual on a device that declares an older TMOS fails with tls:tls13-on-old-tmos. Acknowledge the warning where every device runs TMOS 14 or later.',
  source: 'cis-facts.md V12 (TLSProfile tlsCipher)',
});

export const TLS13_OLD_TMOS_RULE = Rule.define({
  id: 'tls:tls13-on-old-tmos',
  severity: RuleSeverity.ERROR,
  summary: 'A virtual uses a TLSProfile with tlsVersion 1.3 on a device whose tmosVersion is older than 14.0',
  why: 'BIG-IP SSL profiles offer TLS 1.3 from TMOS 14.0 on. Where the device a virtual is published on declares an older release, the profile CIS builds asks for what that device cannot do; the device is known here, so it is an error rather than the profile-level warning.',
  source: 'field-failures.md (version compatibility per cluster and device); cis-facts.md V12',
});

/** The TLS 1.3 problem of `profile` on `device`: TLS 1.3 needs TMOS 14.0 or later. */
export function tlsProfileDeviceProblems(
  profile: ITlsProfile,
  device: { readonly deviceName: string; readonly tmosVersion?: string },
): string[] {
  if (profile.tlsVersion !== TlsVersion.V1_3 || device.tmosVersion === undefined) return [];
  if (compareVersions(device.tmosVersion, '14.0') >= 0) return [];
  return [
    TLS13_OLD_TMOS_RULE.message(
      `'tlsProfile' [${profile.node.path}] sets tlsVersion 1.3, which device ${quote(device.deviceName)} (tmosVersion ${quote(device.tmosVersion)}) cannot offer: TLS 1.3 needs TMOS 14.0 or later`,
    ),
  ];
}

export const CIPHERS_WITH_GROUP_RULE = Rule.define({
  id: 'tls:ciphers-with-cipher-group',
  severity: RuleSeverity.WARNING,
  summary: "A TLSProfile sets both 'ciphers' and 'cipherGroup'",
  why: "CIS documents 'ciphers' and 'cipherGroup' as mutually exclusive: the profile it builds uses one of them, and which one is not documented, so the cipher list the BIG-IP negotiates is ambiguous. F5's own example (tls-with-tls-options) sets both, so it is a warning, not an error; set only the one you mean.",
  source: 'cis-facts.md V12; F5 example tls-with-tls-options',
});

/** Where TLS ends (`tls.termination`). */
export enum TlsTermination {
  /** Decrypt on the BIG-IP; plain to the pods. Needs client-side profiles. */
  EDGE = 'edge',
  /** Decrypt and re-encrypt to the pods. Needs client- and server-side profiles. */
  REENCRYPT = 'reencrypt',
  /** Pass TLS through untouched; no profiles. */
  PASSTHROUGH = 'passthrough',
}

/** Where a TLSProfile's profiles come from (`tls.reference`); follows from the props that are set. */
export enum TlsReference {
  /** Existing BIG-IP profiles (`clientSslProfiles`, `serverSslProfiles`). */
  BIGIP = 'bigip',
  /** Kubernetes TLS Secrets in the profile's namespace (`clientSslSecrets`, `serverSslSecrets`). */
  SECRET = 'secret',
  /** One side from BIG-IP profiles, the other from Secrets (`clientSSLParams`/`serverSSLParams.profileReference`). */
  HYBRID = 'hybrid',
}

/** TLS protocol versions. */
export enum TlsVersion {
  V1_0 = '1.0',
  V1_1 = '1.1',
  V1_2 = '1.2',
  V1_3 = '1.3',
}

/** A TLS profile that virtual servers reference. */
export interface ITlsProfile extends IConstruct {
  readonly profileName: string;
  readonly namespace: string;
  readonly termination: TlsTermination;
  readonly hosts: readonly string[];
  /** The BIG-IP objects the profile names (checked against the inventory of each device that uses it). */
  readonly bigipReferences: ReadonlyArray<{ readonly prop: string; readonly ref: BigipRef }>;
  /** The TLS version the profile asks for (checked against the TMOS release of each device that uses it). */
  readonly tlsVersion?: TlsVersion;
}

/** Whether `x` is a TLS profile as virtual servers see it. */
export function isTlsProfile(x: unknown): x is ITlsProfile {
  const t = x as Partial<ITlsProfile> | null;
  return (
    typeof t === 'object' &&
    t !== null &&
    typeof t.profileName === 'string' &&
    typeof t.namespace === 'string' &&
    Array.isArray(t.bigipReferences)
  );
}

/** The profile's BIG-IP references missing from `device`'s inventory, phrased for a virtual that uses it. */
export function tlsProfileInventoryProblems(profile: ITlsProfile, device: IInventoryHolder): string[] {
  return profile.bigipReferences.flatMap(({ prop, ref }) => {
    const problem = inventoryProblem(device, `tlsProfile.${prop}`, ref);
    return problem ? [`${problem} (used through [${profile.node.path}])`] : [];
  });
}

export interface TlsProfileProps {
  /**
   * Where TLS terminates.
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/tlsprofile.html
   */
  readonly termination: TlsTermination;

  /**
   * Client-side profiles that exist on the BIG-IP (`BigipRef.clientSslProfile('/Common/…')`).
   * Mutually exclusive with `clientSslSecrets`.
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/tlsprofile.html
   * @default - none (edge and reencrypt need client-side profiles or Secrets)
   */
  readonly clientSslProfiles?: BigipRef[];

  /**
   * Client-side certificates from Kubernetes TLS Secrets in the profile's namespace, by name; CIS builds
   * client-ssl profiles from them. Mutually exclusive with `clientSslProfiles`.
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/tlsprofile.html
   * @default - none
   */
  readonly clientSslSecrets?: string[];

  /**
   * Server-side profiles that exist on the BIG-IP (`BigipRef.serverSslProfile('/Common/…')`).
   * Mutually exclusive with `serverSslSecrets`.
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/tlsprofile.html
   * @default - none (reencrypt needs server-side profiles or Secrets)
   */
  readonly serverSslProfiles?: BigipRef[];

  /**
   * Server-side certificates from Kubernetes TLS Secrets, by name. Mutually exclusive with
   * `serverSslProfiles`.
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/tlsprofile.html
   * @default - none
   */
  readonly serverSslSecrets?: string[];

  /**
   * Host names the profile serves (SNI).
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/tlsprofile.html
   * @default - none
   */
  readonly hosts?: string[];

  /**
   * Minimum TLS version; 1.3 needs BIG-IP 14 or later.
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/tlsprofile.html
   * @default - CIS default (1.2)
   */
  readonly tlsVersion?: TlsVersion;

  /**
   * Cipher string; CIS treats it as mutually exclusive with `cipherGroup` (both set: a warning).
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/tlsprofile.html
   * @default - CIS default
   */
  readonly ciphers?: string;

  /**
   * Cipher group that exists on the BIG-IP (`BigipRef.cipherGroup('/Common/…')`); CIS treats it as
   * mutually exclusive with `ciphers` (both set: a warning).
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/tlsprofile.html
   * @default - CIS default (`/Common/f5-default`)
   */
  readonly cipherGroup?: BigipRef;

  /**
   * Whether the client-side profile allows TLS renegotiation (`clientSSLParams.renegotiationEnabled`).
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/tlsprofile.html
   * @default - CIS default (true)
   */
  readonly clientSslRenegotiationEnabled?: boolean;

  /**
   * Whether the client-side profile accepts DTLS (`clientSSLParams.dtlsEnabled`).
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/tlsprofile.html
   * @default - CIS default (true)
   */
  readonly clientSslDtlsEnabled?: boolean;

  /**
   * Whether the client-side profile uses a new Diffie-Hellman key per handshake (`clientSSLParams.singleUseDhEnabled`).
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/tlsprofile.html
   * @default - CIS default (false)
   */
  readonly clientSslSingleUseDhEnabled?: boolean;

  /**
   * Whether the server-side profile allows TLS renegotiation (`serverSSLParams.renegotiationEnabled`).
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/tlsprofile.html
   * @default - CIS default (true)
   */
  readonly serverSslRenegotiationEnabled?: boolean;

  /**
   * Whether the server-side profile accepts DTLS (`serverSSLParams.dtlsEnabled`).
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/tlsprofile.html
   * @default - CIS default (true)
   */
  readonly serverSslDtlsEnabled?: boolean;

  /**
   * Whether the server-side profile uses a new Diffie-Hellman key per handshake (`serverSSLParams.singleUseDhEnabled`).
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/tlsprofile.html
   * @default - CIS default (false)
   */
  readonly serverSslSingleUseDhEnabled?: boolean;

  /**
   * SNI server name the server-side profile sends to the pods (`serverSSLParams.serverName`).
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/tlsprofile.html
   * @default - none
   */
  readonly serverSslServerName?: string;

  /**
   * TLS versions the profiles refuse (`tlsCipher.disableTLSVersions`).
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/tlsprofile.html
   * @default - none besides those below `tlsVersion`
   */
  readonly disableTlsVersions?: TlsVersion[];

  /**
   * Namespace of the TLSProfile resource.
   * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/
   * @default 'default'
   */
  readonly namespace?: string;

  /**
   * Name of the TLSProfile resource.
   * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/names/
   * @default - generated from the construct path
   */
  readonly name?: string;
}

/** One side (client or server) of a TLS profile: BIG-IP profiles or Secret names. */
interface TlsSide {
  readonly reference?: TlsReference.BIGIP | TlsReference.SECRET;
  readonly names: readonly string[];
}

/** A CIS TLSProfile custom resource with its termination rules checked. */
export class TlsProfile extends Construct implements ITlsProfile {
  public readonly profileName: string;
  public readonly namespace: string;
  public readonly termination: TlsTermination;
  /** Where the profiles come from: derived from which of the profile and Secret props are set. */
  public readonly reference: TlsReference;
  public readonly hosts: readonly string[];
  public readonly tlsVersion?: TlsVersion;
  public readonly ciphers?: string;
  public readonly cipherGroup?: BigipRef;
  public readonly disableTlsVersions: readonly TlsVersion[];
  public readonly bigipReferences: ReadonlyArray<{ readonly prop: string; readonly ref: BigipRef }>;
  /** The raw custom resource, for escape hatches. */
  public readonly resource: TLSProfile;

  constructor(scope: Construct, id: string, props: TlsProfileProps) {
    super(scope, checkId(scope, id));
    const cluster = VksCluster.enclosing(this);
    const checks: PropChecks = PropChecks.begin(this, props);
    const references: Array<{ prop: string; ref: BigipRef }> = [];
    let client: TlsSide;
    let server: TlsSide;
    let clientParams: TlsSslParams | undefined;
    let serverParams: (TlsSslParams & { serverName?: string }) | undefined;
    try {
      this.termination = checkEnum(this, 'termination', props.termination, TlsTermination);
      this.namespace = checkDnsLabel(this, 'namespace', props.namespace ?? 'default');
      this.profileName = checkDnsSubdomain(
        this,
        'name',
        props.name ?? Names.toDnsLabel(this, { relativeTo: cluster }),
      );
      this.hosts = checkArray(this, 'hosts', props.hosts ?? [], 'a list of host names').map((h, i) =>
        checkCrdPattern(this, `hosts[${i}]`, h, 'host', 'a DNS host name (labels may be "*")'),
      );
      client = this.checkSide(
        'clientSsl',
        props.clientSslProfiles,
        props.clientSslSecrets,
        BigipObjectKind.CLIENT_SSL_PROFILE,
        references,
      );
      server = this.checkSide(
        'serverSsl',
        props.serverSslProfiles,
        props.serverSslSecrets,
        BigipObjectKind.SERVER_SSL_PROFILE,
        references,
      );
      this.reference = this.checkTermination(client, server);
      this.ciphers = props.ciphers === undefined ? undefined : checkString(this, 'ciphers', props.ciphers);
      if (props.cipherGroup !== undefined) {
        if (
          !(props.cipherGroup instanceof BigipRef) ||
          props.cipherGroup.kind !== BigipObjectKind.CIPHER_GROUP
        ) {
          report(
            this,
            `'cipherGroup' must be a BigipRef.cipherGroup('/Common/…'), got ${quote(String(props.cipherGroup))}`,
          );
        } else {
          this.cipherGroup = props.cipherGroup;
          references.push({ prop: 'cipherGroup', ref: props.cipherGroup });
        }
      }
      this.tlsVersion =
        props.tlsVersion === undefined
          ? undefined
          : checkEnum(this, 'tlsVersion', props.tlsVersion, TlsVersion);
      this.disableTlsVersions = checkArray(
        this,
        'disableTlsVersions',
        props.disableTlsVersions ?? [],
        'a list of TlsVersion',
      ).map((v, i) => checkEnum(this, `disableTlsVersions[${i}]`, v, TlsVersion));
      if (this.tlsVersion && this.disableTlsVersions.includes(this.tlsVersion))
        report(this, `'disableTlsVersions' disables ${quote(this.tlsVersion)}, the minimum 'tlsVersion'`);
      clientParams = this.sslParams('client', props);
      serverParams = this.sslParams('server', props);
      if (props.serverSslServerName !== undefined) {
        checkCrdPattern(this, 'serverSslServerName', props.serverSslServerName, 'host', 'a DNS host name');
        serverParams = { ...serverParams, serverName: props.serverSslServerName };
      }
      const sideless = (side: TlsSide, params: TlsSslParams | undefined, which: string) => {
        if (params && side.names.length === 0)
          report(this, `'${which}Ssl…' params need ${which}-side profiles or Secrets to apply to`);
      };
      sideless(client, clientParams, 'client');
      sideless(server, serverParams, 'server');
    } catch (error) {
      checks.abort(error);
    }
    checks.end();
    this.bigipReferences = references;
    if (this.tlsVersion === TlsVersion.V1_3) {
      TLS13_TMOS14_RULE.warn(this, 'TLS 1.3 needs BIG-IP (TMOS) 14.0 or later');
    }
    if (this.ciphers !== undefined && this.cipherGroup !== undefined) {
      CIPHERS_WITH_GROUP_RULE.warn(
        this,
        `'ciphers' ${quote(this.ciphers)} and 'cipherGroup' ${this.cipherGroup.path} are both set; CIS treats them as mutually exclusive and which one the BIG-IP profile gets is not documented: set only one`,
      );
    }

    const namespaceObject = cluster.ensureNamespace(this.namespace);
    const single = (list: readonly string[]) =>
      list.length === 1
        ? { one: list[0], many: undefined }
        : { one: undefined, many: list.length ? [...list] : undefined };
    const clientNames = single(client.names);
    const serverNames = single(server.names);
    const hybrid = this.reference === TlsReference.HYBRID;
    this.resource = new TLSProfile(this, 'Resource', {
      metadata: {
        name: this.profileName,
        namespace: this.namespace,
        labels: { ...CIS_CUSTOM_RESOURCE_LABEL },
      },
      spec: {
        hosts: this.hosts.length ? [...this.hosts] : undefined,
        tls: {
          termination: this.termination,
          reference: this.termination === TlsTermination.PASSTHROUGH ? undefined : this.reference,
          clientSSL: clientNames.one,
          clientSSLs: clientNames.many,
          serverSSL: serverNames.one,
          serverSSLs: serverNames.many,
          clientSSLParams:
            (hybrid && client.reference) || clientParams
              ? { ...clientParams, profileReference: hybrid ? client.reference : undefined }
              : undefined,
          serverSSLParams:
            (hybrid && server.reference) || serverParams
              ? { ...serverParams, profileReference: hybrid ? server.reference : undefined }
              : undefined,
        },
        tlsCipher:
          this.tlsVersion || this.ciphers || this.cipherGroup || this.disableTlsVersions.length
            ? {
                tlsVersion: this.tlsVersion,
                disableTLSVersions: this.disableTlsVersions.length ? [...this.disableTlsVersions] : undefined,
                ciphers: this.ciphers,
                cipherGroup: this.cipherGroup?.path,
              }
            : undefined,
      },
    });
    if (namespaceObject) this.resource.node.addDependency(namespaceObject);
  }

  /** The renegotiation, DTLS and DH settings of one side, or undefined when none is set. */
  private sslParams(side: 'client' | 'server', props: TlsProfileProps): TlsSslParams | undefined {
    const flag = (name: 'RenegotiationEnabled' | 'DtlsEnabled' | 'SingleUseDhEnabled') => {
      const value = props[`${side}Ssl${name}`];
      return value === undefined ? undefined : checkBoolean(this, `${side}Ssl${name}`, value);
    };
    const params = {
      renegotiationEnabled: flag('RenegotiationEnabled'),
      dtlsEnabled: flag('DtlsEnabled'),
      singleUseDhEnabled: flag('SingleUseDhEnabled'),
    };
    return Object.values(params).some((v) => v !== undefined) ? params : undefined;
  }

  /** One side's profiles or Secrets, checked; BIG-IP profiles are recorded for the inventory check. */
  private checkSide(
    prop: 'clientSsl' | 'serverSsl',
    profiles: BigipRef[] | undefined,
    secrets: string[] | undefined,
    kind: BigipObjectKind,
    references: Array<{ prop: string; ref: BigipRef }>,
  ): TlsSide {
    if (profiles !== undefined && secrets !== undefined) {
      report(this, `'${prop}Profiles' and '${prop}Secrets' are mutually exclusive, got both`);
    }
    if (profiles !== undefined) {
      const names = checkArray(this, `${prop}Profiles`, profiles, `a list of BigipRef`).map((ref, i) => {
        const at = `${prop}Profiles[${i}]`;
        if (!(ref instanceof BigipRef) || ref.kind !== kind) {
          report(this, `'${at}' must be a BigipRef of kind ${kind}, got ${quote(String(ref))}`);
          return '';
        }
        if (!ref.problem)
          checkCrdPattern(this, at, ref.path, 'tlsProfileReference', 'a full BIG-IP profile path');
        references.push({ prop: at, ref });
        return ref.path;
      });
      return { reference: TlsReference.BIGIP, names };
    }
    if (secrets !== undefined) {
      const names = checkArray(this, `${prop}Secrets`, secrets, 'a list of Secret names').map((name, i) => {
        const at = `${prop}Secrets[${i}]`;
        checkDnsSubdomain(this, at, name);
        // The CRD's clientSSL/serverSSL pattern wants a letter first, which DNS names do not.
        return checkCrdPattern(
          this,
          at,
          name,
          'tlsProfileReference',
          'a Secret name starting with a letter (the TLSProfile CRD cannot name others)',
        );
      });
      return { reference: TlsReference.SECRET, names };
    }
    return { names: [] };
  }

  /** Which profiles each termination needs; returns the resulting `reference`. */
  private checkTermination(client: TlsSide, server: TlsSide): TlsReference {
    const t = this.termination;
    if (t === TlsTermination.PASSTHROUGH && (client.names.length || server.names.length)) {
      report(this, `termination passthrough takes no client or server profiles; the BIG-IP does not decrypt`);
    }
    if ((t === TlsTermination.EDGE || t === TlsTermination.REENCRYPT) && client.names.length === 0) {
      report(
        this,
        `termination ${t} needs client-side profiles ('clientSslProfiles' or 'clientSslSecrets') to decrypt client traffic`,
      );
    }
    if (t === TlsTermination.REENCRYPT && server.names.length === 0) {
      report(
        this,
        `termination reencrypt needs server-side profiles ('serverSslProfiles' or 'serverSslSecrets') to re-encrypt to the pods`,
      );
    }
    if (t === TlsTermination.EDGE && server.names.length > 0) {
      report(
        this,
        `termination edge sends plain traffic to the pods, so no server-side profiles; use reencrypt to encrypt it`,
      );
    }
    if (client.reference && server.reference && client.reference !== server.reference)
      return TlsReference.HYBRID;
    return client.reference ?? server.reference ?? TlsReference.BIGIP;
  }
}
brand(TlsProfile, 'TlsProfile');
