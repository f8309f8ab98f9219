import { Construct, type IConstruct } from 'constructs';
import { Annotations } from '../../lib/core/annotations';
import { checkDnsLabel, checkDnsSubdomain, checkEnum, checkPattern, fail } from '../../lib/core/checks';
import { quote } from '../../lib/core/errors';
import { Names } from '../../lib/core/names';
import { CIS_CUSTOM_RESOURCE_LABEL, TLSProfile } from '../../lib/k8s/cis';
import { BIGIP_PATH, HOSTNAME } from './cis-patterns';
import { VksCluster } from '../workloads/vks-cluster';

/** Where TLS ends (`tls.termination`). */
export enum TlsTermination {
  /** Decrypt on the BIG-IP; plain to the pods. Needs client-side profiles. */
  EDGE = 'edge',
  /** Decrypt and re-encrypt to the pods. Needs client- and server-side profiles. */
  REENCRYPT = 'reencrypt',
  /** Pass TLS through untouched; no profiles. */
  PASSTHROUGH = 'passthrough',
}

/** Where the TLS profiles come from (`tls.reference`). */
export enum TlsReference {
  /** Existing BIG-IP profiles, by full path (`/Common/clientssl`). */
  BIGIP = 'bigip',
  /** Kubernetes TLS Secrets in the profile's namespace, by name. */
  SECRET = 'secret',
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
}

export interface TlsProfileProps {
  /**
   * Where TLS terminates.
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/tlsprofile.html
   */
  readonly termination: TlsTermination;

  /**
   * Kind of profile references in `clientSsl` / `serverSsl`.
   * @default TlsReference.BIGIP
   */
  readonly reference?: TlsReference;

  /**
   * Client-side (BIG-IP clientssl) profiles: BIG-IP paths or Secret names per `reference`.
   * @default - none (required for edge and reencrypt)
   */
  readonly clientSsl?: string[];

  /**
   * Server-side (BIG-IP serverssl) profiles: BIG-IP paths or Secret names per `reference`.
   * @default - none (required for reencrypt)
   */
  readonly serverSsl?: string[];

  /**
   * Host names the profile serves (SNI).
   * @default - none
   */
  readonly hosts?: string[];

  /**
   * Minimum TLS version; 1.3 needs BIG-IP 14 or later.
   * @default - CIS default (1.2)
   */
  readonly tlsVersion?: TlsVersion;

  /**
   * Cipher string; mutually exclusive with `cipherGroup`.
   * @default - CIS default
   */
  readonly ciphers?: string;

  /**
   * Cipher group path; mutually exclusive with `ciphers`.
   * @default - CIS default (`/Common/f5-default`)
   */
  readonly cipherGroup?: string;

  /**
   * Namespace of the TLSProfile resource.
   * @default 'default'
   */
  readonly namespace?: string;

  /**
   * Name of the TLSProfile resource.
   * @default - generated from the construct path
   */
  readonly name?: string;
}

/** A CIS TLSProfile custom resource with its termination rules checked. */
export class TlsProfile extends Construct implements ITlsProfile {
  public readonly profileName: string;
  public readonly namespace: string;
  public readonly termination: TlsTermination;
  public readonly reference: TlsReference;
  public readonly hosts: readonly string[];
  /** The raw custom resource, for escape hatches. */
  public readonly resource: TLSProfile;

  constructor(scope: Construct, id: string, props: TlsProfileProps) {
    super(scope, id);
    const cluster = VksCluster.enclosing(this);
    this.termination = checkEnum(this, 'termination', props.termination, TlsTermination);
    this.reference = checkEnum(this, 'reference', props.reference ?? TlsReference.BIGIP, TlsReference);
    this.namespace = checkDnsLabel(this, 'namespace', props.namespace ?? 'default');
    this.profileName = checkDnsSubdomain(
      this,
      'name',
      props.name ?? Names.toDnsLabel(this, { relativeTo: cluster }),
    );
    this.hosts = (props.hosts ?? []).map((h, i) =>
      checkPattern(this, `hosts[${i}]`, h, HOSTNAME, 'a DNS host name (labels may be "*")'),
    );
    const clientSsl = this.checkProfiles('clientSsl', props.clientSsl ?? []);
    const serverSsl = this.checkProfiles('serverSsl', props.serverSsl ?? []);
    this.checkTermination(clientSsl, serverSsl);
    if (props.ciphers !== undefined && props.cipherGroup !== undefined) {
      fail(
        this,
        `'ciphers' and 'cipherGroup' are mutually exclusive, got both (${quote(props.ciphers)}, ${quote(props.cipherGroup)})`,
      );
    }
    if (props.cipherGroup !== undefined)
      checkPattern(
        this,
        'cipherGroup',
        props.cipherGroup,
        BIGIP_PATH,
        'a BIG-IP path such as "/Common/f5-default"',
      );
    const tlsVersion =
      props.tlsVersion === undefined
        ? undefined
        : checkEnum(this, 'tlsVersion', props.tlsVersion, TlsVersion);
    if (tlsVersion === TlsVersion.V1_3) {
      Annotations.of(this).addWarning('tls:tls13-needs-tmos14', 'TLS 1.3 needs BIG-IP (TMOS) 14.0 or later');
    }

    const namespaceObject = cluster.ensureNamespace(this.namespace);
    const single = (list: string[]) =>
      list.length === 1
        ? { one: list[0], many: undefined }
        : { one: undefined, many: list.length ? list : undefined };
    const client = single(clientSsl);
    const server = single(serverSsl);
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
          clientSSL: client.one,
          clientSSLs: client.many,
          serverSSL: server.one,
          serverSSLs: server.many,
        },
        tlsCipher:
          tlsVersion || props.ciphers || props.cipherGroup
            ? { tlsVersion, ciphers: props.ciphers, cipherGroup: props.cipherGroup }
            : undefined,
      },
    });
    if (namespaceObject) this.resource.node.addDependency(namespaceObject);
  }

  private checkProfiles(prop: string, values: string[]): string[] {
    values.forEach((value, i) => {
      if (this.reference === TlsReference.BIGIP) {
        checkPattern(
          this,
          `${prop}[${i}]`,
          value,
          BIGIP_PATH,
          'a full BIG-IP profile path such as "/Common/clientssl" (reference bigip)',
        );
      } else {
        checkDnsSubdomain(this, `${prop}[${i}]`, value);
        // The CRD's clientSSL/serverSSL pattern wants a letter first, which DNS names do not.
        checkPattern(
          this,
          `${prop}[${i}]`,
          value,
          /^[a-z]/,
          'a Secret name starting with a letter (the TLSProfile CRD cannot name others)',
        );
      }
    });
    return values;
  }

  private checkTermination(clientSsl: string[], serverSsl: string[]): void {
    const t = this.termination;
    if (t === TlsTermination.PASSTHROUGH && (clientSsl.length || serverSsl.length)) {
      fail(
        this,
        `termination passthrough takes no 'clientSsl' or 'serverSsl' profiles; the BIG-IP does not decrypt`,
      );
    }
    if ((t === TlsTermination.EDGE || t === TlsTermination.REENCRYPT) && clientSsl.length === 0) {
      fail(this, `termination ${t} needs at least one 'clientSsl' profile to decrypt client traffic`);
    }
    if (t === TlsTermination.REENCRYPT && serverSsl.length === 0) {
      fail(this, `termination reencrypt needs at least one 'serverSsl' profile to re-encrypt to the pods`);
    }
    if (t === TlsTermination.EDGE && serverSsl.length > 0) {
      fail(
        this,
        `termination edge sends plain traffic to the pods, so 'serverSsl' must be empty; use reencrypt to encrypt it`,
      );
    }
  }
}
