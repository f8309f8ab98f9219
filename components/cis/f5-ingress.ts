import { k8s } from '../../lib/k8s/kube-api';
import { Construct } from 'constructs';
import { BigipObjectKind, BigipRef, inventoryProblem } from '../../lib/as3/inventory';
import { LoadBalancingMethod } from '../../lib/as3/load-balancing';
import {
  checkArray,
  checkBoolean,
  checkDnsLabel,
  checkDnsSubdomain,
  checkEnum,
  checkId,
  checkInteger,
  checkNonEmpty,
  checkPort,
  checkRecord,
  checkReference,
  DNS_SUBDOMAIN,
  PropChecks,
  report,
} from '../../lib/core/checks';
import { registerArtifactSource, type IArtifactSource, type SynthContext } from '../../lib/core/artifacts';
import { quote } from '../../lib/core/errors';
import { Names } from '../../lib/core/names';
import { isIpAddress, parseCidr } from '../../lib/core/net';
import { isBigipPartition, PartitionOwner, type IBigipPartition } from '../bigip/bigip-partition';
import { backendPort, isServiceBackend, type IServiceBackend } from '../workloads/service-backend';
import { VksCluster } from '../workloads/vks-cluster';
import { CisController, PoolMemberType } from './cis-controller';
import { NAMED_PORT_RULE, namedPortWarnings } from './cis-rules';
import { cisMemberType, servicePoolRecord } from './pool-records';
import {
  checkBackend,
  checkVirtualAddress,
  registerVirtualAddressUser,
  type IVirtualAddressUser,
  type Listener,
} from './cis-publishing';
import {
  IngressHealthType,
  IngressPathType,
  type F5IngressBackendOptions,
  type F5IngressRuleOptions,
  type F5IngressTlsOptions,
  type IngressClientSslOptions,
  type IngressHealthMonitorOptions,
  type ResolvedIngressPath,
} from './f5-ingress-options';
import {
  INGRESS_BACKEND_POOL_MEMBERS,
  INGRESS_BACKEND_SAME_NAMESPACE,
  INGRESS_CLASS_MATCHES_CONTROLLER,
  INGRESS_CONTROLLER_MANAGES_INGRESS,
  INGRESS_HEALTH_MATCHES_RULE,
  INGRESS_INVENTORY,
  INGRESS_NEEDS_IP,
  INGRESS_NEEDS_LEGACY_CONTROLLER,
  INGRESS_PARTITION_MANAGED,
  INGRESS_PARTITION_NEEDS_IP,
  INGRESS_TLS_HOSTS_IN_RULES,
  INGRESS_TLS_NEEDS_SECRETS,
} from './f5-ingress-rules';

export interface F5IngressProps {
  /** The CIS that publishes the Ingress: a legacy-mode controller (`customResourceMode: false`) of the same cluster. */
  readonly controller: CisController;

  /**
   * The Ingress's class (`spec.ingressClassName`); it must be the controller's.
   * @default - the controller's `ingressClassName`
   */
  readonly ingressClassName?: string;

  /**
   * Namespace of the Ingress; its backends must be Services of this namespace.
   * @default 'default'
   */
  readonly namespace?: string;

  /**
   * Name of the Ingress.
   * @default - generated from the construct path
   */
  readonly name?: string;

  /**
   * VIP of the virtual (`virtual-server.f5.com/ip`): an address, or an address block as F5's examples
   * allow. Unset means the controller's `defaultIngressIp` (the annotation value `controller-default`).
   * @see https://clouddocs.f5.com/containers/latest/userguide/ingress.html
   * @default - the controller's defaultIngressIp
   */
  readonly ip?: string;

  /**
   * CIS partition of the virtual (`virtual-server.f5.com/partition`); needs `ip`.
   * @see https://clouddocs.f5.com/containers/latest/userguide/ingress.html
   * @default - the controller's partition
   */
  readonly partition?: IBigipPartition;

  /**
   * HTTP port of the virtual (`virtual-server.f5.com/http-port`).
   * @default 80
   */
  readonly httpPort?: number;

  /**
   * HTTPS port of the virtual (`virtual-server.f5.com/https-port`).
   * @default 443
   */
  readonly httpsPort?: number;

  /**
   * Load-balancing method of the pools (`virtual-server.f5.com/balance`).
   * @default LoadBalancingMethod.ROUND_ROBIN
   */
  readonly balance?: LoadBalancingMethod;

  /**
   * Health monitors of the rule paths' pools (`virtual-server.f5.com/health`).
   * @default - none
   */
  readonly health?: IngressHealthMonitorOptions[];

  /**
   * Existing BIG-IP client SSL profiles for HTTPS (`virtual-server.f5.com/clientssl`).
   * @default - none; `tls` Secrets, if any, provide the certificates
   */
  readonly clientSsl?: IngressClientSslOptions[];

  /**
   * Existing BIG-IP server SSL profile to re-encrypt to the pods (`virtual-server.f5.com/serverssl`).
   * @default - none; plain HTTP to the pods
   */
  readonly serverSsl?: BigipRef;

  /**
   * Verify the pods' certificates with the server SSL profile (`virtual-server.f5.com/secure-serverssl`).
   * @default false
   */
  readonly secureServerSsl?: boolean;

  /**
   * Redirect HTTP to HTTPS (`ingress.kubernetes.io/ssl-redirect`), for an Ingress with TLS.
   * @default true
   */
  readonly sslRedirect?: boolean;

  /**
   * Also serve plain HTTP when the Ingress has TLS (`ingress.kubernetes.io/allow-http`).
   * @default false
   */
  readonly allowHttp?: boolean;

  /**
   * Per host, the path `/` is redirected to (`virtual-server.f5.com/rewrite-app-root`), e.g.
   * `{ 'foo.com': '/approot1' }`.
   * @default - none
   */
  readonly rewriteAppRoot?: Record<string, string>;

  /**
   * URL rewrites `host/path` → `host/path` (`virtual-server.f5.com/rewrite-target-url`), e.g.
   * `{ 'foo.com/foo': 'bar.com/bar' }`.
   * @default - none
   */
  readonly rewriteTargetUrl?: Record<string, string>;

  /**
   * Client address blocks allowed to connect (`virtual-server.f5.com/allow-source-range`; the older
   * spelling `whitelist-source-range` means the same).
   * @default - any client
   */
  readonly allowSourceRange?: string[];

  /**
   * Existing BIG-IP WAF policy (`virtual-server.f5.com/waf`, `BigipRef.wafPolicy(…)`).
   * @default - none
   */
  readonly waf?: BigipRef;

  /**
   * Translate the server address (`virtual-server.f5.com/translate-server-address`).
   * @default true
   */
  readonly translateServerAddress?: boolean;

  /**
   * Backend of requests no rule matches (`spec.defaultBackend`).
   * @default - none; `rules` must be given
   */
  readonly defaultBackend?: F5IngressBackendOptions;

  /**
   * Host and path rules (`spec.rules`).
   * @default - none; `defaultBackend` must be given
   */
  readonly rules?: F5IngressRuleOptions[];

  /**
   * TLS Secrets (`spec.tls`), referenced by name and never rendered.
   * @default - none
   */
  readonly tls?: F5IngressTlsOptions[];
}

const HOST = /^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * A Kubernetes Ingress (`networking.k8s.io/v1`) published by CIS's legacy controller, with every
 * `virtual-server.f5.com/*` annotation as a typed prop. The class is the controller's; TLS Secrets are
 * referenced, never rendered.
 * @see https://clouddocs.f5.com/containers/latest/userguide/ingress.html
 */
export class F5Ingress extends Construct implements IVirtualAddressUser, IArtifactSource {
  public readonly cluster: VksCluster;
  public readonly controller: CisController;
  public readonly ingressClassName: string;
  public readonly namespace: string;
  public readonly resourceName: string;
  public readonly ip?: string;
  /** The partition of the virtual: `partition`, or the controller's. */
  public readonly partition: IBigipPartition;
  public readonly httpPort: number;
  public readonly httpsPort: number;
  public readonly balance: LoadBalancingMethod;
  public readonly health: readonly IngressHealthMonitorOptions[];
  public readonly clientSsl: readonly IngressClientSslOptions[];
  public readonly serverSsl?: BigipRef;
  public readonly secureServerSsl: boolean;
  public readonly sslRedirect: boolean;
  public readonly allowHttp: boolean;
  public readonly rewriteAppRoot: Readonly<Record<string, string>>;
  public readonly rewriteTargetUrl: Readonly<Record<string, string>>;
  public readonly allowSourceRange: readonly string[];
  public readonly waf?: BigipRef;
  public readonly translateServerAddress: boolean;
  public readonly tls: readonly F5IngressTlsOptions[];
  /** Every rule path and the default backend (host undefined, path "/"), resolved. */
  public readonly paths: readonly ResolvedIngressPath[];
  public readonly defaultBackend?: ResolvedIngressPath;
  /** Ingresses sharing a VIP are merged by CIS into one virtual; no custom resource may join them. */
  public readonly hostGroup = '<ingress>';
  public readonly mergeableByHostGroup = true;
  public readonly bigipRouteDomain = 0;
  /** The raw Ingress, for escape hatches (`addJsonPatch`). */
  public readonly ingress: k8s.KubeIngress;
  private readonly explicitPartition: boolean;

  constructor(scope: Construct, id: string, props: F5IngressProps) {
    super(scope, checkId(scope, id));
    this.cluster = VksCluster.enclosing(this);
    const checks: PropChecks = PropChecks.begin(this, props);
    try {
      this.controller = checkReference(
        this,
        'controller',
        props.controller,
        (x): x is CisController => x instanceof CisController,
        'the CisController (customResourceMode false) that publishes the Ingress',
      );
      this.ingressClassName = checkDnsSubdomain(
        this,
        'ingressClassName',
        props.ingressClassName ?? this.controller.ingressClassName,
      );
      this.namespace = checkDnsLabel(this, 'namespace', props.namespace ?? 'default');
      this.resourceName = checkDnsSubdomain(
        this,
        'name',
        props.name ?? Names.toDnsLabel(this, { relativeTo: this.cluster }),
      );
      if (props.ip !== undefined && !isIpAddress(props.ip) && !parseCidr(props.ip)) {
        report(this, `'ip' must be an IPv4 or IPv6 address (or address block), got ${quote(props.ip)}`);
      }
      this.ip = props.ip;
      this.explicitPartition = props.partition !== undefined;
      this.partition =
        props.partition === undefined
          ? this.controller.partition
          : checkReference(this, 'partition', props.partition, isBigipPartition, 'a CIS BigipPartition');
      this.httpPort = checkPort(this, 'httpPort', props.httpPort ?? 80);
      this.httpsPort = checkPort(this, 'httpsPort', props.httpsPort ?? 443);
      this.balance = checkEnum(
        this,
        'balance',
        props.balance ?? LoadBalancingMethod.ROUND_ROBIN,
        LoadBalancingMethod,
      );
      this.health = checkArray(this, 'health', props.health ?? [], 'a list of health monitors');
      this.health.forEach((h, i) => this.checkHealth(h, i));
      this.clientSsl = checkArray(this, 'clientSsl', props.clientSsl ?? [], 'a list of client SSL profiles');
      this.clientSsl.forEach((c, i) => {
        this.checkRef(`clientSsl[${i}].profile`, c?.profile, BigipObjectKind.CLIENT_SSL_PROFILE);
        (c?.hosts ?? []).forEach((h, j) => this.checkHost(`clientSsl[${i}].hosts[${j}]`, h));
      });
      this.serverSsl = props.serverSsl;
      if (props.serverSsl) this.checkRef('serverSsl', props.serverSsl, BigipObjectKind.SERVER_SSL_PROFILE);
      this.secureServerSsl = checkBoolean(this, 'secureServerSsl', props.secureServerSsl ?? false);
      this.sslRedirect = checkBoolean(this, 'sslRedirect', props.sslRedirect ?? true);
      this.allowHttp = checkBoolean(this, 'allowHttp', props.allowHttp ?? false);
      this.rewriteAppRoot = this.checkRewrites(
        'rewriteAppRoot',
        props.rewriteAppRoot,
        /^\/\S*$/,
        'a path "/…"',
      );
      this.rewriteTargetUrl = this.checkRewrites(
        'rewriteTargetUrl',
        props.rewriteTargetUrl,
        /^[^\s,=]+$/,
        'a "host/path" without spaces, "," or "="',
      );
      this.allowSourceRange = checkArray(
        this,
        'allowSourceRange',
        props.allowSourceRange ?? [],
        'a list of address blocks',
      ).map((cidr, i) => {
        if (!parseCidr(cidr))
          report(
            this,
            `'allowSourceRange[${i}]' must be an address block such as "10.0.0.0/8", got ${quote(cidr)}`,
          );
        return cidr;
      });
      this.waf = props.waf;
      if (props.waf) this.checkRef('waf', props.waf, BigipObjectKind.WAF_POLICY);
      this.translateServerAddress = checkBoolean(
        this,
        'translateServerAddress',
        props.translateServerAddress ?? true,
      );
      this.tls = checkArray(this, 'tls', props.tls ?? [], 'a list of TLS Secrets').map((t, i) => {
        checkDnsSubdomain(this, `tls[${i}].secretName`, t?.secretName);
        (t?.hosts ?? []).forEach((h, j) => this.checkHost(`tls[${i}].hosts[${j}]`, h));
        return t;
      });
      const paths: ResolvedIngressPath[] = [];
      checkArray(this, 'rules', props.rules ?? [], 'a list of rules').forEach((rule, i) => {
        if (rule?.host !== undefined) this.checkHost(`rules[${i}].host`, rule.host);
        const rulePaths = checkArray(this, `rules[${i}].paths`, rule?.paths, 'a list of paths');
        if (rulePaths.length === 0) report(this, `'rules[${i}].paths' must have at least one path`);
        rulePaths.forEach((p, j) => {
          const resolved = this.resolveBackend(`rules[${i}].paths[${j}]`, p, rule.host, p?.path, p?.pathType);
          if (resolved) paths.push(resolved);
        });
      });
      this.defaultBackend =
        props.defaultBackend === undefined
          ? undefined
          : this.resolveBackend('defaultBackend', props.defaultBackend, undefined, '/', undefined);
      if (paths.length === 0 && props.defaultBackend === undefined) {
        report(
          this,
          `one of 'rules' and 'defaultBackend' is required: an Ingress without either sends nowhere`,
        );
      }
      this.paths = this.defaultBackend ? [...paths, this.defaultBackend] : paths;
    } catch (error) {
      checks.abort(error);
    }
    checks.end();

    const namespaceObject = this.cluster.ensureNamespace(this.namespace);
    this.ingress = new k8s.KubeIngress(this, 'Resource', {
      metadata: { name: this.resourceName, namespace: this.namespace, annotations: this.annotations() },
      spec: {
        ingressClassName: this.ingressClassName,
        defaultBackend: this.defaultBackend ? ingressBackend(this.defaultBackend) : undefined,
        rules: this.renderRules(),
        tls: this.tls.length
          ? this.tls.map((t) => ({ secretName: t.secretName, hosts: t.hosts ? [...t.hosts] : undefined }))
          : undefined,
      },
    });
    if (namespaceObject) this.ingress.node.addDependency(namespaceObject);
    if (this.controller.ingressClass) this.ingress.node.addDependency(this.controller.ingressClass);
    registerVirtualAddressUser(this);
    registerArtifactSource(this);
    this.node.addValidation({ validate: () => this.checkAgainstStack() });
  }

  /**
   * Records the virtual CIS makes of the Ingress (`virtualServers`, REVIEW.md): its VIP and ports, its
   * hosts, and one pool per path (prefixed with its host when the Ingress serves several).
   */
  public renderArtifacts(context: SynthContext): void {
    const hosts = [...new Set(this.paths.flatMap((p) => (p.host === undefined ? [] : [p.host])))];
    const memberType = (backend: IServiceBackend) => cisMemberType(this.controller, backend);
    context.addRecord('virtualServers', {
      name: this.node.path,
      kind: 'Ingress',
      device: this.partition.device.deviceName,
      partition: this.partition.partitionName,
      address: this.address() ?? '-',
      ports: this.listeners().map((l) => l.port),
      protocol: this.terminatesTls() ? 'https' : 'http',
      ...(hosts.length ? { host: hosts[0] } : {}),
      ...(hosts.length > 1 ? { hostAliases: hosts.slice(1) } : {}),
      cluster: this.cluster.clusterName,
      pools: this.paths.map((p) =>
        servicePoolRecord(
          p.backend,
          p.servicePort,
          memberType(p.backend),
          p === this.defaultBackend ? undefined : hosts.length > 1 ? `${p.host ?? '*'}${p.path}` : p.path,
        ),
      ),
    });
  }

  /** The VIP's HTTP port, and its HTTPS port when the Ingress terminates TLS. */
  public listeners(): Listener[] {
    const address = this.address();
    if (address === undefined) return [];
    const ports = [this.httpPort];
    if (this.terminatesTls()) ports.push(this.httpsPort);
    return ports.map((port) => ({ address, port }));
  }

  /** The `virtual-server.f5.com/*` and `ingress.kubernetes.io/*` annotations, defaults omitted. */
  public annotations(): Record<string, string> {
    const a: Record<string, string> = {};
    const vs = (key: string, value: string | undefined) => {
      if (value !== undefined) a[`virtual-server.f5.com/${key}`] = value;
    };
    vs('ip', this.ip);
    vs('partition', this.explicitPartition ? this.partition.partitionName : undefined);
    vs('http-port', this.httpPort === 80 ? undefined : String(this.httpPort));
    vs('https-port', this.httpsPort === 443 ? undefined : String(this.httpsPort));
    vs('balance', this.balance === LoadBalancingMethod.ROUND_ROBIN ? undefined : this.balance);
    if (this.health.length) vs('health', JSON.stringify(this.health.map(healthJson)));
    if (this.clientSsl.length) {
      vs(
        'clientssl',
        JSON.stringify(
          this.clientSsl.map((c) => ({
            ...(c.hosts ? { hosts: c.hosts } : {}),
            bigIpProfile: c.profile.path,
          })),
        ),
      );
    }
    vs('serverssl', this.serverSsl?.path);
    vs('secure-serverssl', this.secureServerSsl ? 'true' : undefined);
    vs('rewrite-app-root', joinPairs(this.rewriteAppRoot));
    vs('rewrite-target-url', joinPairs(this.rewriteTargetUrl));
    vs('allow-source-range', this.allowSourceRange.length ? this.allowSourceRange.join(',') : undefined);
    vs('waf', this.waf?.path);
    vs('translate-server-address', this.translateServerAddress ? undefined : 'false');
    if (this.terminatesTls()) {
      a['ingress.kubernetes.io/ssl-redirect'] = String(this.sslRedirect);
      a['ingress.kubernetes.io/allow-http'] = String(this.allowHttp);
    }
    return a;
  }

  private terminatesTls(): boolean {
    return this.tls.length > 0 || this.clientSsl.length > 0;
  }

  /** The VIP without its prefix length, or the controller's default; undefined when there is none. */
  private address(): string | undefined {
    const ip = this.ip ?? this.controller.argOptions.defaultIngressIp;
    return ip?.split('/')[0];
  }

  private renderRules(): k8s.IngressRule[] | undefined {
    const byHost = new Map<string | undefined, ResolvedIngressPath[]>();
    for (const p of this.paths) {
      if (p === this.defaultBackend) continue;
      byHost.set(p.host, [...(byHost.get(p.host) ?? []), p]);
    }
    if (byHost.size === 0) return undefined;
    return [...byHost.entries()].map(([host, paths]) => ({
      host,
      http: {
        paths: paths.map((p) => ({ path: p.path, pathType: p.pathType, backend: ingressBackend(p) })),
      },
    }));
  }

  private resolveBackend(
    prop: string,
    options: F5IngressBackendOptions,
    host: string | undefined,
    path: string | undefined,
    pathType: IngressPathType | undefined,
  ): ResolvedIngressPath | undefined {
    if (!isServiceBackend(options?.backend)) {
      report(
        this,
        `'${prop}.backend' must be a Service construct (IServiceBackend), got ${quote(options?.backend)}`,
      );
      return undefined;
    }
    const backend = options.backend;
    const byName = typeof options.servicePort === 'string';
    const port = byName
      ? backend.ports.find((p) => p.name === options.servicePort)
      : backendPort(backend, options.servicePort as number | undefined);
    if (!port) {
      report(
        this,
        `'${prop}.servicePort' ${quote(options.servicePort)} is not a port of Service ${backend.namespace}/${backend.serviceName} (ports: ${backend.ports.map((p) => `${p.port} (${p.name})`).join(', ')})`,
      );
      return undefined;
    }
    const p = path ?? '/';
    if (!p.startsWith('/')) report(this, `'${prop}.path' must start with "/", got ${quote(p)}`);
    if (this.controller.poolMemberType === PoolMemberType.NODE_PORT_LOCAL) {
      const uses = [{ prop: `${prop}.servicePort`, backend, wire: byName ? port.name : port.port }];
      for (const message of namedPortWarnings(uses)) NAMED_PORT_RULE.warn(this, message);
    }
    return {
      host,
      path: p,
      pathType: checkEnum(
        this,
        `${prop}.pathType`,
        pathType ?? IngressPathType.IMPLEMENTATION_SPECIFIC,
        IngressPathType,
      ),
      backend,
      servicePort: port.port,
      servicePortName: byName ? port.name : undefined,
    };
  }

  private checkHealth(h: IngressHealthMonitorOptions, i: number): void {
    const at = `health[${i}]`;
    checkNonEmpty(this, `${at}.path`, h?.path);
    if (typeof h?.path === 'string' && !h.path.includes('/')) {
      report(this, `'${at}.path' must be "<host>/<path>" of a rule (or "/"), got ${quote(h.path)}`);
    }
    checkNonEmpty(this, `${at}.send`, h?.send);
    checkInteger(this, `${at}.interval`, h?.interval, 1, 86400);
    checkInteger(this, `${at}.timeout`, h?.timeout, 1, 86400);
    if (h?.type !== undefined) checkEnum(this, `${at}.type`, h.type, IngressHealthType);
    if (h?.sslProfile) this.checkRef(`${at}.sslProfile`, h.sslProfile, BigipObjectKind.SERVER_SSL_PROFILE);
  }

  private checkRef(prop: string, ref: BigipRef | undefined, kind: BigipObjectKind): void {
    if (!(ref instanceof BigipRef) || ref.kind !== kind) {
      report(this, `'${prop}' must be a BigipRef of kind ${kind}, got ${quote(String(ref))}`);
    } else if (ref.problem) {
      report(this, `'${prop}' ${ref.problem}`);
    }
  }

  private checkHost(prop: string, host: string): void {
    const bare = typeof host === 'string' ? host.replace(/^\*\./, '') : host;
    if (typeof bare !== 'string' || !HOST.test(host) || !DNS_SUBDOMAIN.test(bare)) {
      report(
        this,
        `'${prop}' must be a host name such as "shop.example.com" (or "*.example.com"), got ${quote(host)}`,
      );
    }
  }

  private checkRewrites(
    prop: string,
    value: Record<string, string> | undefined,
    target: RegExp,
    allowed: string,
  ): Record<string, string> {
    const checked = checkRecord(this, prop, value ?? {}, `a map { from: to }`);
    for (const [from, to] of Object.entries(checked)) {
      if (!/^[^\s,=]+$/.test(from))
        report(this, `'${prop}' key must have no spaces, "," or "=", got ${quote(from)}`);
      if (typeof to !== 'string' || !target.test(to))
        report(this, `'${prop}[${from}]' must be ${allowed}, got ${quote(to)}`);
    }
    return checked;
  }

  /** Rules that need the controller and the rest of the stack. */
  private checkAgainstStack(): string[] {
    const c = this.controller;
    const errors: string[] = [];
    if (c.cluster !== this.cluster) {
      errors.push(
        INGRESS_NEEDS_LEGACY_CONTROLLER.message(
          `'controller' [${c.node.path}] runs in cluster ${quote(c.cluster.clusterName)}, but the Ingress is in ${quote(this.cluster.clusterName)}`,
        ),
      );
    }
    if (c.customResourceMode) {
      errors.push(
        INGRESS_NEEDS_LEGACY_CONTROLLER.message(
          `'controller' [${c.node.path}] runs in custom-resource mode, which watches no Ingress; use a CisController with 'customResourceMode' false, or an F5VirtualServer`,
        ),
      );
    } else if (!c.argOptions.manageIngress) {
      errors.push(
        INGRESS_CONTROLLER_MANAGES_INGRESS.message(
          `'controller' [${c.node.path}] has 'manageIngress' false and ignores every Ingress`,
        ),
      );
    }
    if (this.ingressClassName !== c.ingressClassName) {
      errors.push(
        INGRESS_CLASS_MATCHES_CONTROLLER.message(
          `'ingressClassName' ${quote(this.ingressClassName)} is not the class of [${c.node.path}] (${quote(c.ingressClassName)}); CIS would ignore the Ingress`,
        ),
      );
    }
    if (this.ip === undefined && c.argOptions.defaultIngressIp === undefined) {
      errors.push(
        INGRESS_NEEDS_IP.message(
          `neither 'ip' nor 'defaultIngressIp' of [${c.node.path}] is set: CIS has no address for the virtual`,
        ),
      );
    }
    if (this.explicitPartition && this.ip === undefined) {
      errors.push(
        INGRESS_PARTITION_NEEDS_IP.message(
          `'partition' ${quote(this.partition.partitionName)} needs an explicit 'ip': CIS skips an Ingress with a partition annotation and no ip annotation`,
        ),
      );
    }
    if (this.partition.owner !== PartitionOwner.CIS || !c.manages(this.partition)) {
      errors.push(
        INGRESS_PARTITION_MANAGED.message(
          `'partition' ${quote(this.partition.partitionName)} is not a CIS partition [${c.node.path}] manages (its partition, or an allowed one on device ${c.device.deviceName})`,
        ),
      );
    }
    errors.push(
      ...this.checkHealthPaths(),
      ...this.checkTls(),
      ...this.checkBackends(),
      ...this.checkInventory(),
      ...checkVirtualAddress(this),
    );
    return errors;
  }

  private checkHealthPaths(): string[] {
    const known = new Set(this.paths.map((p) => `${p.host ?? ''}${p.path}`));
    return this.health
      .filter((h) => !known.has(h.path))
      .map((h) =>
        INGRESS_HEALTH_MATCHES_RULE.message(
          `'health' path ${quote(h.path)} is not the host/path of any rule (${[...known].map((k) => quote(k)).join(', ')}); CIS would drop the monitor`,
        ),
      );
  }

  private checkTls(): string[] {
    const errors: string[] = [];
    if (this.tls.length > 0 && !this.controller.argOptions.useSecrets) {
      errors.push(
        INGRESS_TLS_NEEDS_SECRETS.message(
          `'tls' names Secrets, but [${this.controller.node.path}] has 'useSecrets' false and never reads them`,
        ),
      );
    }
    const hosts = new Set(this.paths.map((p) => p.host).filter((h): h is string => h !== undefined));
    const stray = [
      ...this.tls.flatMap((t) => t.hosts ?? []),
      ...this.clientSsl.flatMap((c) => c.hosts ?? []),
    ].filter((h) => !hosts.has(h));
    if (stray.length > 0) {
      INGRESS_TLS_HOSTS_IN_RULES.warn(
        this,
        `TLS hosts ${stray.map((h) => quote(h)).join(', ')} are not hosts of any rule (${[...hosts].map((h) => quote(h)).join(', ') || 'none'})`,
      );
    }
    return errors;
  }

  private checkBackends(): string[] {
    const errors: string[] = [];
    const seen = new Set<IServiceBackend>();
    this.paths.forEach((p) => {
      if (seen.has(p.backend)) return;
      seen.add(p.backend);
      const name = `${p.backend.namespace}/${p.backend.serviceName}`;
      if (p.backend.namespace !== this.namespace) {
        errors.push(
          INGRESS_BACKEND_SAME_NAMESPACE.message(
            `backend Service ${name} is not in the Ingress namespace ${quote(this.namespace)}`,
          ),
        );
      }
      for (const problem of checkBackend(this.cluster, this.controller, p.backend, 'backend')) {
        errors.push(INGRESS_BACKEND_POOL_MEMBERS.message(problem));
      }
    });
    return errors;
  }

  private checkInventory(): string[] {
    const device = this.partition.device;
    const refs: Array<[string, BigipRef]> = [
      ...this.clientSsl.map((c, i): [string, BigipRef] => [`clientSsl[${i}].profile`, c.profile]),
      ...(this.serverSsl ? [['serverSsl', this.serverSsl] as [string, BigipRef]] : []),
      ...(this.waf ? [['waf', this.waf] as [string, BigipRef]] : []),
      ...this.health.flatMap((h, i): Array<[string, BigipRef]> =>
        h.sslProfile ? [[`health[${i}].sslProfile`, h.sslProfile]] : [],
      ),
    ];
    return refs.flatMap(([prop, ref]) => {
      const problem = inventoryProblem(device, prop, ref);
      return problem ? [INGRESS_INVENTORY.message(problem)] : [];
    });
  }
}

function ingressBackend(p: ResolvedIngressPath): k8s.IngressBackend {
  const port = p.servicePortName ? { name: p.servicePortName } : { number: p.servicePort };
  return { service: { name: p.backend.serviceName, port } };
}

function healthJson(h: IngressHealthMonitorOptions): Record<string, unknown> {
  return {
    path: h.path,
    send: h.send,
    ...(h.recv !== undefined ? { recv: h.recv } : {}),
    interval: h.interval,
    timeout: h.timeout,
    ...(h.type !== undefined ? { type: h.type } : {}),
    ...(h.sslProfile ? { sslProfile: h.sslProfile.path } : {}),
  };
}

function joinPairs(pairs: Readonly<Record<string, string>>): string | undefined {
  const entries = Object.entries(pairs);
  return entries.length ? entries.map(([k, v]) => `${k}=${v}`).join(',') : undefined;
}
