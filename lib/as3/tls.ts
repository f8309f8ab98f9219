import { checkBoolean, checkPattern, checkString, fail, report } from '../core/checks';
import { quote } from '../core/errors';
import { BigipObjectKind, BigipRef } from './inventory';
import { As3Object, type As3ObjectProps, type IAs3Application } from './object';

export interface As3CertificateProps extends As3ObjectProps {
  /**
   * The X.509 certificate: an existing BIG-IP certificate file, or the public PEM text.
   * @see https://clouddocs.f5.com/products/extensions/f5-appsvcs-extension/latest/refguide/schema-reference.html#certificate
   */
  readonly certificate: BigipRef | string;
  /**
   * The private key, by reference to an existing BIG-IP key file only: keys never go into a
   * declaration, which AS3 stores in clear text.
   * @default - none (the certificate's key must then exist on the BIG-IP under the same name)
   */
  readonly privateKey?: BigipRef;
  /**
   * CA chain, by reference to an existing BIG-IP certificate (bundle) file.
   * @default - none
   */
  readonly chainCA?: BigipRef;
}

/** Exactly one PEM certificate block (base64 body only, so no key or second block can hide inside). */
const PEM_CERTIFICATE = /^-----BEGIN CERTIFICATE-----\r?\n[A-Za-z0-9+/=\r\n]+-----END CERTIFICATE-----\s*$/;
/** AS3 `TLS_Client.serverName`/`sendSNI` have JSON-schema format `hostname`. */
const HOSTNAME =
  /^(?=.{1,253}\.?$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[-0-9a-z]{0,61}[0-9a-z])?)*\.?$/i;

/** An AS3 `Certificate`: references key material, never embeds a private key. */
export class As3Certificate extends As3Object {
  public readonly as3Class = 'Certificate';
  public readonly certificate: BigipRef | string;
  public readonly privateKey?: BigipRef;
  public readonly chainCA?: BigipRef;

  constructor(scope: IAs3Application, id: string, props: As3CertificateProps) {
    super(scope, id, props);
    try {
      if (typeof props.certificate === 'string') {
        checkPattern(
          this,
          'certificate',
          props.certificate,
          PEM_CERTIFICATE,
          'a BigipRef.sslCertificate(...) or one PEM "BEGIN CERTIFICATE" block',
        );
      } else {
        this.checkKind('certificate', props.certificate, BigipObjectKind.SSL_CERTIFICATE);
        this.refer('certificate', props.certificate, []);
      }
      if (props.privateKey !== undefined) {
        if (!(props.privateKey instanceof BigipRef)) {
          fail(
            this,
            `'privateKey' must be a BigipRef.sslKey('/Common/…') reference; private keys are never embedded in declarations`,
          );
        }
        this.checkKind('privateKey', props.privateKey, BigipObjectKind.SSL_KEY);
        this.refer('privateKey', props.privateKey, []);
      }
      if (props.chainCA !== undefined) {
        this.checkKind('chainCA', props.chainCA, BigipObjectKind.SSL_CERTIFICATE);
        this.refer('chainCA', props.chainCA, []);
      }
      this.certificate = props.certificate;
      this.privateKey = props.privateKey;
      this.chainCA = props.chainCA;
    } catch (error) {
      this.checks.abort(error);
    }
    this.endChecks(new.target, As3Certificate);
  }

  private checkKind(prop: string, ref: BigipRef, kind: BigipObjectKind): void {
    if (!(ref instanceof BigipRef) || ref.kind !== kind)
      fail(this, `'${prop}' must reference a ${kind}, got ${quote(ref === undefined ? ref : String(ref))}`);
  }

  protected renderProperties(): Record<string, unknown> {
    return {
      certificate: typeof this.certificate === 'string' ? this.certificate : this.certificate.toJson(),
      privateKey: this.privateKey?.toJson(),
      chainCA: this.chainCA?.toJson(),
    };
  }
}

/** One certificate of a TLS_Server profile. */
export interface As3TlsServerCertificate {
  /** The certificate (with its key reference). */
  readonly certificate: As3Certificate;
  /**
   * Serve this certificate when SNI matches this host name (wildcards allowed).
   * @default - no SNI match
   */
  readonly matchToSNI?: string;
  /**
   * Use this certificate for clients without (or with unknown) SNI.
   * @default false
   */
  readonly sniDefault?: boolean;
}

export interface As3TlsServerProps extends As3ObjectProps {
  /** Certificates (the first is the primary). */
  readonly certificates: As3TlsServerCertificate[];
  /**
   * Enable TLS 1.3.
   * @default false
   */
  readonly tls1_3Enabled?: boolean;
  /**
   * Reject clients that send no SNI.
   * @default false
   */
  readonly requireSNI?: boolean;
  /**
   * Cipher string.
   * @default 'DEFAULT'
   */
  readonly ciphers?: string;
}

/** An AS3 `TLS_Server` (a BIG-IP client-ssl profile). */
export class As3TlsServer extends As3Object {
  public readonly as3Class = 'TLS_Server';
  public readonly certificates: readonly As3TlsServerCertificate[];
  public readonly tls1_3Enabled?: boolean;
  public readonly requireSNI?: boolean;
  public readonly ciphers?: string;

  constructor(scope: IAs3Application, id: string, props: As3TlsServerProps) {
    super(scope, id, props);
    try {
      if (!Array.isArray(props.certificates) || props.certificates.length === 0) {
        fail(this, `'certificates' must list at least one certificate, got ${quote(props.certificates)}`);
      }
      props.certificates.forEach((c, i) =>
        this.refer(`certificates[${i}].certificate`, c?.certificate, ['Certificate']),
      );
      if (props.certificates.filter((c) => c.sniDefault).length > 1)
        report(this, `'certificates' may have at most one sniDefault`);
      this.certificates = [...props.certificates];
      this.tls1_3Enabled =
        props.tls1_3Enabled === undefined
          ? undefined
          : checkBoolean(this, 'tls1_3Enabled', props.tls1_3Enabled);
      this.requireSNI =
        props.requireSNI === undefined ? undefined : checkBoolean(this, 'requireSNI', props.requireSNI);
      this.ciphers = props.ciphers === undefined ? undefined : checkString(this, 'ciphers', props.ciphers);
    } catch (error) {
      this.checks.abort(error);
    }
    this.endChecks(new.target, As3TlsServer);
  }

  protected renderProperties(): Record<string, unknown> {
    return {
      certificates: this.certificates.map((c) => ({
        certificate: this.pointerString(c.certificate),
        matchToSNI: c.matchToSNI,
        sniDefault: c.sniDefault,
      })),
      tls1_3Enabled: this.tls1_3Enabled,
      requireSNI: this.requireSNI,
      ciphers: this.ciphers,
    };
  }
}

export interface As3TlsClientProps extends As3ObjectProps {
  /**
   * Server name (SNI) sent to the pool members.
   * @default - none
   */
  readonly serverName?: string;
  /**
   * Verify the members' certificates.
   * @default false (AS3 default)
   */
  readonly validateCertificate?: boolean;
  /**
   * CA bundle to verify against, by BIG-IP path.
   * @default - BIG-IP's generic bundle
   */
  readonly trustCA?: BigipRef;
  /**
   * Enable TLS 1.3.
   * @default false
   */
  readonly tls1_3Enabled?: boolean;
}

/** An AS3 `TLS_Client` (a BIG-IP server-ssl profile: TLS from the BIG-IP to the members). */
export class As3TlsClient extends As3Object {
  public readonly as3Class = 'TLS_Client';
  public readonly serverName?: string;
  public readonly validateCertificate?: boolean;
  public readonly trustCA?: BigipRef;
  public readonly tls1_3Enabled?: boolean;

  constructor(scope: IAs3Application, id: string, props: As3TlsClientProps = {}) {
    super(scope, id, props);
    try {
      this.serverName =
        props.serverName === undefined
          ? undefined
          : checkPattern(
              this,
              'serverName',
              props.serverName,
              HOSTNAME,
              'a host name such as "app.example.com"',
            );
      this.validateCertificate = props.validateCertificate;
      if (props.trustCA !== undefined) {
        if (!(props.trustCA instanceof BigipRef) || props.trustCA.kind !== BigipObjectKind.SSL_CERTIFICATE)
          fail(this, `'trustCA' must reference an ssl-certificate (CA bundle), got ${props.trustCA}`);
        this.refer('trustCA', props.trustCA, []);
      }
      this.trustCA = props.trustCA;
      this.tls1_3Enabled = props.tls1_3Enabled;
    } catch (error) {
      this.checks.abort(error);
    }
    this.endChecks(new.target, As3TlsClient);
  }

  protected renderProperties(): Record<string, unknown> {
    return {
      serverName: this.serverName,
      sendSNI: this.serverName,
      validateCertificate: this.validateCertificate,
      trustCA: this.trustCA?.toJson(),
      tls1_3Enabled: this.tls1_3Enabled,
    };
  }
}
