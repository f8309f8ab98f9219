import { Construct } from 'constructs';
import {
  BigipRef,
  F5VirtualServer,
  HttpTraffic,
  type IBigipPartition,
  MonitorType,
  NplService,
  TlsProfile,
  TlsTermination,
} from 'vks-bigip';

/** Props of a {@link StandardWebApp}. */
export interface StandardWebAppProps {
  /** Partition CIS writes the virtual server into (a `BigipPartition` owned by CIS). */
  readonly partition: IBigipPartition;

  /** Container image, pinned to a tag or digest. */
  readonly image: string;

  /** The port the container serves plain HTTP on. */
  readonly containerPort: number;

  /** Host name the app answers for (the TLS profile's SNI host and the virtual server's host). */
  readonly host: string;

  /** The virtual address on the BIG-IP. */
  readonly virtualServerAddress: string;

  /**
   * Number of pods.
   * @default 2
   */
  readonly replicas?: number;

  /**
   * Namespace of the Deployment, Service, TLSProfile and VirtualServer.
   * @default 'default'
   */
  readonly namespace?: string;

  /**
   * Client-side TLS profile on the BIG-IP that terminates TLS for the host; it must be in the device's
   * inventory (BIG-IP's built-in profiles always are).
   * @default BigipRef.clientSslProfile('/Common/clientssl')
   */
  readonly clientSslProfile?: BigipRef;

  /**
   * Health check path, probed over HTTP on each pod.
   * @default '/'
   */
  readonly healthPath?: string;
}

/**
 * The platform team's standard web app: a Deployment behind an Antrea NodePortLocal Service, published
 * by CIS on a BIG-IP virtual server that terminates TLS at the edge and redirects plain HTTP to HTTPS,
 * with an HTTP health monitor. Create it inside a `VksCluster` whose CIS runs in `nodeportlocal` mode.
 */
export class StandardWebApp extends Construct {
  /** The workload (Deployment + NPL Service). */
  public readonly service: NplService;
  /** The CIS TLSProfile (edge termination with a BIG-IP client profile). */
  public readonly tlsProfile: TlsProfile;
  /** The CIS VirtualServer. */
  public readonly virtualServer: F5VirtualServer;
  /** Effective values of the optional props. */
  public readonly replicas: number;
  public readonly namespace: string;
  public readonly clientSslProfile: BigipRef;
  public readonly healthPath: string;

  constructor(scope: Construct, id: string, props: StandardWebAppProps) {
    super(scope, id);
    this.replicas = props.replicas ?? 2;
    this.namespace = props.namespace ?? 'default';
    this.clientSslProfile = props.clientSslProfile ?? BigipRef.clientSslProfile('/Common/clientssl');
    this.healthPath = props.healthPath ?? '/';

    this.service = new NplService(this, 'Service', {
      image: props.image,
      containerPort: props.containerPort,
      replicas: this.replicas,
      namespace: this.namespace,
    });
    this.tlsProfile = new TlsProfile(this, 'Tls', {
      termination: TlsTermination.EDGE,
      clientSslProfiles: [this.clientSslProfile],
      hosts: [props.host],
      namespace: this.namespace,
    });
    this.virtualServer = new F5VirtualServer(this, 'VirtualServer', {
      partition: props.partition,
      virtualServerAddress: props.virtualServerAddress,
      host: props.host,
      namespace: this.namespace,
      tlsProfile: this.tlsProfile,
      httpTraffic: HttpTraffic.REDIRECT,
      pools: [
        {
          service: this.service,
          monitorType: MonitorType.HTTP,
          monitorSend: `GET ${this.healthPath} HTTP/1.1\r\nHost: ${props.host}\r\nConnection: close\r\n\r\n`,
        },
      ],
    });
  }
}
