import type { BigipRef } from '../../lib/as3/inventory';
import type { IServiceBackend } from '../workloads/service-backend';

/** How an Ingress path matches (`pathType`). CIS's own examples use `ImplementationSpecific`. */
export enum IngressPathType {
  PREFIX = 'Prefix',
  EXACT = 'Exact',
  IMPLEMENTATION_SPECIFIC = 'ImplementationSpecific',
}

/** The Service a path (or the default backend) sends to. */
export interface F5IngressBackendOptions {
  /** The Service, in the Ingress's namespace. */
  readonly backend: IServiceBackend;
  /**
   * Its port: a number, or the port's name (rendered as `port.name`, as F5's named-port example does).
   * @default - the Service's first port
   */
  readonly servicePort?: number | string;
}

/** One path of a rule. */
export interface F5IngressPathOptions extends F5IngressBackendOptions {
  /**
   * The path, starting with "/".
   * @default '/'
   */
  readonly path?: string;
  /**
   * How the path matches.
   * @default IngressPathType.IMPLEMENTATION_SPECIFIC
   */
  readonly pathType?: IngressPathType;
}

/** A rule: a host (or any host) and its paths. */
export interface F5IngressRuleOptions {
  /**
   * Host name the rule applies to.
   * @default - any host
   */
  readonly host?: string;
  /** Paths of the host; at least one. */
  readonly paths: F5IngressPathOptions[];
}

/** A TLS Secret of the Ingress (`spec.tls`), referenced by name: create it out of band. */
export interface F5IngressTlsOptions {
  /** Name of the `kubernetes.io/tls` Secret in the Ingress's namespace. It is never rendered. */
  readonly secretName: string;
  /**
   * Hosts the certificate is for.
   * @default - every host of the rules
   */
  readonly hosts?: string[];
}

/** Monitor type of `virtual-server.f5.com/health`. */
export enum IngressHealthType {
  HTTP = 'http',
  HTTPS = 'https',
}

/** One entry of `virtual-server.f5.com/health`: a BIG-IP monitor for the pool of one rule path. */
export interface IngressHealthMonitorOptions {
  /** `<host><path>` of the rule whose pool is monitored, e.g. `svc1.example.com/app1` (or `/` for the default backend). */
  readonly path: string;
  /** Request the monitor sends, e.g. `GET /health HTTP/1.0\r\n\r\n`. */
  readonly send: string;
  /**
   * Text the response must contain.
   * @default - any response
   */
  readonly recv?: string;
  /** Seconds between probes. */
  readonly interval: number;
  /** Seconds without a response before the member is down. */
  readonly timeout: number;
  /**
   * Monitor type.
   * @default IngressHealthType.HTTP
   */
  readonly type?: IngressHealthType;
  /**
   * Server SSL profile of an https monitor (`BigipRef.serverSslProfile(…)`).
   * @default - none
   */
  readonly sslProfile?: BigipRef;
}

/** One entry of `virtual-server.f5.com/clientssl`: an existing BIG-IP client SSL profile. */
export interface IngressClientSslOptions {
  /** The profile (`BigipRef.clientSslProfile('/Common/clientssl')`), which must be in the device's inventory. */
  readonly profile: BigipRef;
  /**
   * Hosts it serves (SNI).
   * @default - every host
   */
  readonly hosts?: string[];
}

/** One path of an F5Ingress (or its default backend: no host, path "/"), its backend port resolved. */
export interface ResolvedIngressPath {
  readonly host?: string;
  readonly path: string;
  readonly pathType: IngressPathType;
  readonly backend: IServiceBackend;
  readonly servicePort: number;
  /** The port's name, when the Ingress names it instead of giving its number. */
  readonly servicePortName?: string;
}
