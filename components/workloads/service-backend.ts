import type { IConstruct } from 'constructs';
import type { IVksCluster } from './vks-cluster';

/** Kubernetes Service types (`spec.type`). */
export enum ServiceType {
  CLUSTER_IP = 'ClusterIP',
  NODE_PORT = 'NodePort',
  LOAD_BALANCER = 'LoadBalancer',
}

/**
 * Transport protocols: of a Service port (Kubernetes spells them `TCP`, `UDP`, `SCTP`) and of a
 * TransportServer (CIS `type`, rendered in lower case).
 */
export enum Protocol {
  TCP = 'TCP',
  UDP = 'UDP',
  SCTP = 'SCTP',
}

/** One port of a backend Service. */
export interface ServiceBackendPort {
  readonly name: string;
  readonly port: number;
  readonly protocol: Protocol;
  /** Fixed nodePort, when the Service is NodePort/LoadBalancer and pins one. */
  readonly nodePort?: number;
}

/**
 * A Kubernetes Service that BIG-IP can send traffic to; what CIS custom resources and AS3 pools need to
 * know about it. Constructs that publish Services implement this, so virtual servers reference them
 * by construct, never by name.
 */
export interface IServiceBackend extends IConstruct {
  readonly cluster: IVksCluster;
  readonly serviceName: string;
  readonly namespace: string;
  readonly serviceType: ServiceType;
  /** Whether the Service carries `nodeportlocal.antrea.io/enabled: "true"`. */
  readonly nodePortLocal: boolean;
  readonly ports: readonly ServiceBackendPort[];
  /** The Service object (or, for a Service deployed elsewhere, the construct standing for it), for dependencies. */
  readonly service: IConstruct;
  /**
   * Adds labels to the Service (for example the `cis.f5.com/as3-*` labels CIS discovers AS3 pool members
   * by), on behalf of `by`; a label asked for with two values is an error the Service reports at synth.
   */
  addServiceLabels(labels: Readonly<Record<string, string>>, by?: IConstruct): void;
}

/** Whether `x` looks like an IServiceBackend (an interface other libraries implement too). */
export function isServiceBackend(x: unknown): x is IServiceBackend {
  const b = x as Partial<IServiceBackend> | null;
  return (
    typeof b === 'object' &&
    b !== null &&
    typeof b.serviceName === 'string' &&
    typeof b.namespace === 'string' &&
    Array.isArray(b.ports) &&
    typeof b.addServiceLabels === 'function' &&
    typeof b.cluster === 'object'
  );
}

/** The port of `backend` with service port `port`, or its first port. */
export function backendPort(backend: IServiceBackend, port?: number): ServiceBackendPort | undefined {
  return port === undefined ? backend.ports[0] : backend.ports.find((p) => p.port === port);
}
