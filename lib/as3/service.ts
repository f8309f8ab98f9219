import { checkArray, checkBoolean, checkEnum, checkPort, checkReference, fail, report } from '../core/checks';
import { quote } from '../core/errors';
import { isF5Ip } from './addresses';
import { BigipObjectKind, BigipRef } from './inventory';
import { As3IRule } from './irule';
import { As3Object, type As3ObjectProps, type IAs3Application } from './object';
import { As3Persist, PersistenceMethod } from './persist';
import { As3Pool } from './pool';
import { Snat } from './snat';
import { As3TlsClient, As3TlsServer } from './tls';

/** Persistence methods a service may name directly (AS3 `persistenceMethods` strings). */
const SERVICE_PERSISTENCE_METHODS: readonly PersistenceMethod[] = [
  PersistenceMethod.COOKIE,
  PersistenceMethod.DESTINATION_ADDRESS,
  PersistenceMethod.MSRDP,
  PersistenceMethod.SOURCE_ADDRESS,
  PersistenceMethod.TLS_SESSION_ID,
];

/** A persistence choice of a service: a simple method by name, a declared As3Persist, or a BIG-IP profile. */
export type Persistence = PersistenceMethod | As3Persist | BigipRef;

/** What AS3's duplicate check compares: a declared object, or the path of an existing one. */
const identity = (item: As3Object | BigipRef | string): As3Object | string =>
  item instanceof BigipRef ? item.path : item;

export interface As3ServiceProps extends As3ObjectProps {
  /**
   * Addresses the virtual listens on (AS3 `f5ip`: IP with optional `%route-domain`).
   * @see https://clouddocs.f5.com/products/extensions/f5-appsvcs-extension/latest/refguide/schema-reference.html#service-http
   */
  readonly virtualAddresses: string[];
  /**
   * Pool of the virtual.
   * @default - no pool (the virtual only runs iRules/policies)
   */
  readonly pool?: As3Pool | BigipRef;
  /**
   * Source address translation.
   * @default Snat.AUTO
   */
  readonly snat?: Snat;
  /**
   * iRules, in order.
   * @default - none
   */
  readonly iRules?: Array<As3IRule | BigipRef>;
  /**
   * Persistence methods (first is primary); an empty list disables persistence.
   * @default - AS3's default for the class (cookie for HTTP/HTTPS, source-address for TCP/UDP/L4)
   */
  readonly persistenceMethods?: Persistence[];
  /**
   * Accept traffic only on these VLANs.
   * @default - all VLANs
   */
  readonly allowVlans?: BigipRef[];
}

/** Base of the AS3 service (virtual server) classes. */
export abstract class As3Service extends As3Object {
  public readonly virtualAddresses: readonly string[];
  public readonly pool?: As3Pool | BigipRef;
  public readonly snat: Snat;
  public readonly iRules: ReadonlyArray<As3IRule | BigipRef>;
  public readonly persistenceMethods?: readonly Persistence[];
  public readonly allowVlans: readonly BigipRef[];
  public abstract readonly virtualPort?: number;

  protected constructor(scope: IAs3Application, id: string, props: As3ServiceProps) {
    super(scope, id, props);
    try {
      if (!Array.isArray(props.virtualAddresses) || props.virtualAddresses.length === 0) {
        fail(this, `'virtualAddresses' must list at least one address, got ${quote(props.virtualAddresses)}`);
      }
      props.virtualAddresses.forEach((a, i) => {
        if (!isF5Ip(a))
          report(
            this,
            `'virtualAddresses[${i}]' must be an IP address (optionally %route-domain), got ${quote(a)}`,
          );
      });
      if (new Set(props.virtualAddresses).size !== props.virtualAddresses.length)
        report(this, `'virtualAddresses' lists an address twice`);
      this.virtualAddresses = [...props.virtualAddresses];
      if (props.pool !== undefined) {
        if (props.pool instanceof BigipRef && props.pool.kind !== BigipObjectKind.POOL)
          report(this, `'pool' must reference a pool, got ${props.pool}`);
        else this.pool = this.refer('pool', props.pool, ['Pool']);
      }
      this.snat = checkReference(
        this,
        'snat',
        props.snat ?? Snat.AUTO,
        (x): x is Snat => x instanceof Snat,
        'a Snat (Snat.AUTO, Snat.NONE, Snat.SELF, Snat.pool(…) or Snat.bigip(…))',
      );
      if (this.snat.value instanceof As3Object || this.snat.value instanceof BigipRef)
        this.refer('snat', this.snat.value, ['SNAT_Pool']);
      this.iRules = checkArray(this, 'iRules', props.iRules ?? [], 'a list of iRules').map((rule, i) => {
        if (rule instanceof BigipRef && rule.kind !== BigipObjectKind.IRULE) {
          report(this, `'iRules[${i}]' must reference an iRule, got ${rule}`);
          return rule;
        }
        return this.refer(`iRules[${i}]`, rule, ['iRule']);
      });
      if (new Set(this.iRules.map(identity)).size !== this.iRules.length)
        report(this, `'iRules' lists an iRule twice (AS3: "declaration has duplicate values in iRules")`);
      this.persistenceMethods =
        props.persistenceMethods === undefined
          ? undefined
          : checkArray(
              this,
              'persistenceMethods',
              props.persistenceMethods,
              'a list of persistence methods',
            ).map((m, i) => this.checkPersistence(m, i));
      if (
        this.persistenceMethods &&
        new Set(this.persistenceMethods.map(identity)).size !== this.persistenceMethods.length
      ) {
        report(
          this,
          `'persistenceMethods' lists a method twice (AS3: "declaration has duplicate values in persistenceMethods")`,
        );
      }
      this.allowVlans = checkArray(
        this,
        'allowVlans',
        props.allowVlans ?? [],
        'a list of BigipRef.vlan(…)',
      ).map((v, i) => {
        if (!(v instanceof BigipRef) || v.kind !== BigipObjectKind.VLAN) {
          report(this, `'allowVlans[${i}]' must be a BigipRef.vlan(...), got ${quote(String(v))}`);
          return v;
        }
        return this.refer(`allowVlans[${i}]`, v, []);
      });
    } catch (error) {
      this.checks.abort(error);
    }
  }

  private checkPersistence(m: Persistence, i: number): Persistence {
    if (typeof m === 'string') {
      checkEnum(this, `persistenceMethods[${i}]`, m, PersistenceMethod);
      if (Object.values<string>(PersistenceMethod).includes(m) && !SERVICE_PERSISTENCE_METHODS.includes(m)) {
        report(
          this,
          `'persistenceMethods[${i}]' ${quote(m)} needs an As3Persist profile; a service names only ${SERVICE_PERSISTENCE_METHODS.join(', ')} directly`,
        );
      }
      return m;
    }
    if (m instanceof BigipRef && m.kind !== BigipObjectKind.PERSISTENCE_PROFILE) {
      report(this, `'persistenceMethods[${i}]' must reference a persistence profile, got ${m}`);
      return m;
    }
    return this.refer(`persistenceMethods[${i}]`, m, ['Persist']);
  }

  protected renderProperties(): Record<string, unknown> {
    const snat = this.snat.value;
    return {
      virtualAddresses: [...this.virtualAddresses],
      virtualPort: this.virtualPort,
      pool: this.pool ? this.pointer(this.pool) : undefined,
      snat: typeof snat === 'string' ? snat : this.pointer(snat),
      iRules: this.iRules.length ? this.iRules.map((r) => this.pointer(r)) : undefined,
      persistenceMethods: this.persistenceMethods?.map((m) => (typeof m === 'string' ? m : this.pointer(m))),
      allowVlans: this.allowVlans.length ? this.allowVlans.map((v) => v.toJson()) : undefined,
    };
  }
}

export interface As3ServiceHttpProps extends As3ServiceProps {
  /**
   * Port the virtual listens on.
   * @default 80
   */
  readonly virtualPort?: number;
  /**
   * TLS towards the pool members (re-encryption).
   * @default - plain to the members
   */
  readonly clientTLS?: As3TlsClient | BigipRef;
  /**
   * A WAF policy, by reference to an existing BIG-IP ASM policy.
   * @default - none
   */
  readonly policyWAF?: BigipRef;
}

/** An AS3 `Service_HTTP` (a virtual server with an HTTP profile). */
export class As3ServiceHttp extends As3Service {
  public readonly as3Class: string = 'Service_HTTP';
  public readonly virtualPort?: number;
  public readonly clientTLS?: As3TlsClient | BigipRef;
  public readonly policyWAF?: BigipRef;

  constructor(scope: IAs3Application, id: string, props: As3ServiceHttpProps) {
    super(scope, id, props);
    try {
      this.virtualPort =
        props.virtualPort === undefined ? undefined : checkPort(this, 'virtualPort', props.virtualPort);
      if (props.clientTLS !== undefined) {
        if (
          props.clientTLS instanceof BigipRef &&
          props.clientTLS.kind !== BigipObjectKind.SERVER_SSL_PROFILE
        ) {
          report(this, `'clientTLS' must reference a server-ssl profile, got ${props.clientTLS}`);
        } else this.clientTLS = this.refer('clientTLS', props.clientTLS, ['TLS_Client']);
      }
      if (props.policyWAF !== undefined) {
        if (!(props.policyWAF instanceof BigipRef) || props.policyWAF.kind !== BigipObjectKind.WAF_POLICY)
          report(
            this,
            `'policyWAF' must reference a WAF policy, got ${props.policyWAF instanceof BigipRef ? props.policyWAF : quote(props.policyWAF)}`,
          );
        else this.policyWAF = this.refer('policyWAF', props.policyWAF, []);
      }
    } catch (error) {
      this.checks.abort(error);
    }
    this.endChecks(new.target, As3ServiceHttp);
  }

  protected override renderProperties(): Record<string, unknown> {
    return {
      ...super.renderProperties(),
      clientTLS: this.clientTLS ? this.pointer(this.clientTLS) : undefined,
      policyWAF: this.policyWAF?.toJson(),
    };
  }
}

export interface As3ServiceHttpsProps extends As3ServiceHttpProps {
  /** The client-side TLS profile (certificates presented to clients). */
  readonly serverTLS: As3TlsServer | BigipRef;
  /**
   * Also create a port-80 virtual that redirects to HTTPS.
   * @default true (AS3 default)
   */
  readonly redirect80?: boolean;
}

/** An AS3 `Service_HTTPS`: HTTP with TLS terminated on the BIG-IP. */
export class As3ServiceHttps extends As3ServiceHttp {
  public override readonly as3Class: string = 'Service_HTTPS';
  public readonly serverTLS: As3TlsServer | BigipRef;
  public readonly redirect80?: boolean;

  constructor(scope: IAs3Application, id: string, props: As3ServiceHttpsProps) {
    super(scope, id, props);
    try {
      if (!props.serverTLS)
        fail(this, `'serverTLS' is required: the TLS_Server (client-ssl profile) that terminates TLS`);
      if (
        props.serverTLS instanceof BigipRef &&
        props.serverTLS.kind !== BigipObjectKind.CLIENT_SSL_PROFILE
      ) {
        fail(this, `'serverTLS' must reference a client-ssl profile, got ${props.serverTLS}`);
      }
      this.serverTLS = this.refer('serverTLS', props.serverTLS, ['TLS_Server']);
      this.redirect80 =
        props.redirect80 === undefined ? undefined : checkBoolean(this, 'redirect80', props.redirect80);
    } catch (error) {
      this.checks.abort(error);
    }
    this.endChecks(new.target, As3ServiceHttps);
  }

  protected override renderProperties(): Record<string, unknown> {
    return {
      ...super.renderProperties(),
      serverTLS: this.pointer(this.serverTLS),
      redirect80: this.redirect80,
    };
  }
}

export interface As3ServiceL4Props extends As3ServiceProps {
  /** Port the virtual listens on. */
  readonly virtualPort: number;
}

/** Base of the services whose port AS3 requires: TCP, UDP and L4. */
abstract class As3PortService extends As3Service {
  public readonly virtualPort: number;

  constructor(scope: IAs3Application, id: string, props: As3ServiceL4Props) {
    super(scope, id, props);
    try {
      this.virtualPort = checkPort(this, 'virtualPort', props.virtualPort);
    } catch (error) {
      this.checks.abort(error);
    }
    // The TCP, UDP and L4 services add no props of their own: the check session ends here.
    this.endChecks(Object.getPrototypeOf(new.target), As3PortService);
  }
}

/** An AS3 `Service_TCP`. */
export class As3ServiceTcp extends As3PortService {
  public readonly as3Class = 'Service_TCP';
}

/** An AS3 `Service_UDP`. */
export class As3ServiceUdp extends As3PortService {
  public readonly as3Class = 'Service_UDP';
}

/** An AS3 `Service_L4` (FastL4: packet forwarding without a full proxy). */
export class As3ServiceL4 extends As3PortService {
  public readonly as3Class = 'Service_L4';
}
