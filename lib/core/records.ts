/**
 * The typed records a synthesis produces besides its files: what review tools and the Pulumi program
 * read, so that nothing parses `index.json` or the files it just wrote. `index.json` is the serialized
 * form of the same records (in-memory fields such as a declaration's body or a manifest's object stay
 * out of it: they are the files).
 */

/** A VKS cluster and its output folder. */
export interface ClusterRecord {
  readonly name: string;
  readonly path: string;
  readonly vsphereNamespace: string;
  readonly cni: string;
  readonly networking: string;
  readonly podCidrs: readonly string[];
  readonly serviceCidrs: readonly string[];
  readonly nodeAddresses: readonly string[];
  readonly nodePortLocalEnabled: boolean;
  /** Stack-relative folder of the cluster's manifests, e.g. `k8s/vks-dev`. */
  readonly folder: string;
}

/** A BIG-IP device. */
export interface DeviceRecord {
  readonly name: string;
  readonly url: string;
  readonly path: string;
}

/** A partition (AS3 tenant) and who writes it. */
export interface PartitionRecord {
  /** `<device>/<partition>`. */
  readonly name: string;
  readonly device: string;
  readonly partition: string;
  /** `cis`, `stack` or `cis-as3-configmap`. */
  readonly owner: string;
  readonly path: string;
}

/** An AS3 declaration the stack renders: reconciled by `pulumi up` (owner `stack`) or posted by CIS. */
export interface DeclarationRecord {
  /** `<device>/<tenant>`: also the As3Tenant resource name. */
  readonly name: string;
  readonly device: string;
  readonly url: string;
  readonly tenant: string;
  /** Stack-relative path of the `.as3.json` file. */
  readonly file: string;
  readonly id: string;
  /** The tenant label: the ownership marker. */
  readonly label: string;
  readonly owner: string;
  /** Stack-owned: take over a tenant that exists without this stack's marker. */
  readonly adopt?: boolean;
  /** Stack-owned: stack-relative paths of the Kubernetes objects the tenant's virtuals send traffic to. */
  readonly fronts?: readonly string[];
  /** AS3 ConfigMap: the construct path of the CisController that posts it. */
  readonly postedBy?: string;
  /** The AS3 request body (in memory only: it is the file). */
  readonly declaration: Record<string, unknown>;
}

/**
 * Where an app is published: a CIS VirtualServer/TransportServer/IngressLink, a Kubernetes Ingress or a
 * legacy virtual-server ConfigMap that CIS turns into a BIG-IP virtual, or an AS3 virtual.
 */
export interface VirtualServerRecord {
  /** Construct path. */
  readonly name: string;
  readonly kind: 'VirtualServer' | 'TransportServer' | 'IngressLink' | 'Ingress' | 'ConfigMap' | 'AS3';
  readonly device: string;
  readonly partition: string;
  /** The VIP, or `ipam:<label>` when the IPAM Controller assigns it. */
  readonly address: string;
  readonly ports: readonly number[];
  readonly host?: string;
  readonly application?: string;
  /** What the virtual speaks: `http`, `https`, `tcp`, `udp` or `sctp`. */
  readonly protocol?: string;
  /** Further host names it serves besides `host` (VirtualServer `hostAliases`). */
  readonly hostAliases?: readonly string[];
  /** The cluster whose custom resource or ConfigMap publishes it (CIS-written virtuals). */
  readonly cluster?: string;
  /** The pools behind it, each with the Service and what BIG-IP will hold as members. */
  readonly pools?: readonly PoolRecord[];
}

/** One pool of a virtual: the Service behind it and the pool members BIG-IP will hold. */
export interface PoolRecord {
  /** URL path the pool serves (VirtualServer pools). */
  readonly path?: string;
  /** Cluster, namespace and name of the Service; absent for explicit member addresses. */
  readonly cluster?: string;
  readonly namespace?: string;
  readonly service?: string;
  readonly servicePort?: number;
  /**
   * How members are found: `nodeport` (node IP : node port), `cluster` (pod IP : target port),
   * `nodeportlocal` (node IP : Antrea NodePortLocal port per pod) or `static` (addresses in the declaration).
   */
  readonly memberType: string;
  /** The port BIG-IP sends to when one port serves every member (the node port, the static member port). */
  readonly memberPort?: number;
  /** The members as declared (`static`), or the node addresses of a `nodeport` pool when they are known. */
  readonly members: readonly string[];
}

/** A CIS instance: where it runs, what it writes and how it finds pool members. */
export interface CisControllerRecord {
  /** Construct path. */
  readonly name: string;
  readonly cluster: string;
  readonly namespace: string;
  readonly device: string;
  /** Its `--bigip-partition`. */
  readonly partition: string;
  readonly poolMemberType: string;
  readonly customResourceMode: boolean;
  readonly ipam: boolean;
}

/** A static route another router needs to reach the BIG-IP (NSX: the VPC gateway, seed 000). */
export interface StaticRouteRecord {
  /** `<device>/<prefix>`. */
  readonly name: string;
  readonly device: string;
  /** The destination, e.g. `203.0.113.20/32`. */
  readonly prefix: string;
  /** The BIG-IP floating (or first) self IP. */
  readonly nextHop: string;
  /** What uses the prefix: `VIP of [<path>]`, `SNAT pool [<path>]`. */
  readonly usedBy: readonly string[];
  /** Stack-relative path of the file that lists the route. */
  readonly file: string;
}

/** A warning of the synthesis: unacknowledged, or acknowledged with the reason. */
export interface WarningRecord {
  /** `<id> <construct path>`. */
  readonly name: string;
  /** The rule id, e.g. `workload:unpinned-image`. */
  readonly id: string;
  /** Construct path of what raised it. */
  readonly path: string;
  readonly message: string;
  /** The reason given with `acknowledgeWarning`; absent while the warning stands. */
  readonly acknowledged?: string;
}

/** One Kubernetes object in apply order. */
export interface ManifestRecord {
  /** Stack-relative path, e.g. `k8s/vks-dev/service-default-web.yaml`; the manifests' `name`. */
  readonly name: string;
  /** Stack-relative folder (one Kubernetes API: a cluster, or the Supervisor namespace). */
  readonly folder: string;
  /** Paths of the objects it must be applied after. */
  readonly dependsOn: readonly string[];
  /** Construct path of the object (who owns it in the app). */
  readonly path?: string;
  /** The object as written (in memory only: it is the file, read back from it on each access). */
  readonly manifest: Record<string, unknown>;
}

/** Every record of one stack, by section. */
export interface SynthRecords {
  readonly clusters: readonly ClusterRecord[];
  readonly devices: readonly DeviceRecord[];
  readonly partitions: readonly PartitionRecord[];
  readonly declarations: readonly DeclarationRecord[];
  readonly virtualServers: readonly VirtualServerRecord[];
  readonly controllers: readonly CisControllerRecord[];
  /** Static routes other routers need towards the BIG-IPs (NSX VPC gateways). */
  readonly staticRoutes: readonly StaticRouteRecord[];
  /** Warnings, acknowledged ones with their reasons. */
  readonly warnings: readonly WarningRecord[];
  /** Kubernetes objects in apply order (not sorted by name). */
  readonly manifests: readonly ManifestRecord[];
}

/** A record of one section (`SynthRecordOf<'declarations'>`, …), keyed by its name. */
export type SynthRecordOf<K extends keyof SynthRecords> = SynthRecords[K][number];

/** Fields of each section that stay in memory (they are files of the output). */
export const IN_MEMORY_FIELDS: { readonly [K in keyof SynthRecords]?: readonly string[] } = {
  declarations: ['declaration'],
  manifests: ['manifest'],
};
