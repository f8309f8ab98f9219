import { ApiObject } from 'cdk8s';
import type { IConstruct } from 'constructs';
import { quote } from '../../lib/core/errors';
import { addressKey } from '../../lib/core/net';
import { Rule, RuleSeverity } from '../../lib/core/rules';
import { Stack } from '../../lib/core/stack';
import type { IServiceBackend } from '../workloads/service-backend';

/**
 * Rules of the CIS custom resources that F5 does not enforce in the CRD but that break on the device or
 * in CIS, with the issue each comes from (`../docs/field-failures.md`).
 */

export const TLS_HOSTS_RULE = Rule.define({
  id: 'cis:tls-hosts-cover-host',
  severity: RuleSeverity.ERROR,
  summary: "A TLSProfile with hosts must cover the VirtualServer's host and every host alias",
  why: 'CIS selects the client-ssl profile by SNI from the TLSProfile hosts; a virtual host the profile does not list gets no certificate (or the default one) and TLS handshakes fail or show the wrong certificate.',
  source: 'F5Networks/k8s-bigip-ctlr#2391',
});

export const TS_PORT_PROTOCOL_RULE = Rule.define({
  id: 'cis:transport-server-port-protocol',
  severity: RuleSeverity.ERROR,
  summary:
    "A TransportServer's type must match the protocol of its Service port (a UDP TransportServer needs a UDP port)",
  why: 'CIS builds the pool from the Service port; a UDP virtual in front of a TCP port (or the reverse) forwards to a port nothing listens on, and the members never answer.',
  source: 'F5Networks/k8s-bigip-ctlr#2334',
});

export const TS_MONITOR_PROTOCOL_RULE = Rule.define({
  id: 'cis:transport-server-monitor-protocol',
  severity: RuleSeverity.WARNING,
  summary:
    "A TransportServer's monitor type does not fit its protocol (a udp monitor on a tcp TransportServer)",
  why: "A monitor of another protocol probes a port the pods may not answer on in that protocol (a UDP probe of a TCP listener gets no reply, or only an ICMP unreachable), so BIG-IP can mark healthy members down or down members up. F5's own example ts-with-tls-secret-ref puts a udp monitor on a tcp TransportServer, so it is a warning, not an error.",
  source: 'F5 example TransportServer/transport-server-with-tls; F5Networks/k8s-bigip-ctlr#2334',
});

export const L4_UNIQUE_RULE = Rule.define({
  id: 'cis:l4-address-port-protocol-unique',
  severity: RuleSeverity.ERROR,
  summary:
    'An L4 virtual (TransportServer, IngressLink, AS3 virtual) owns its address, port and protocol on a device',
  why: 'CIS keys L4 apps by address, port and route domain; a second one on the same key takes the pool of the first (the later one errors or silently wins). TCP and UDP on one address and port are two virtuals and are allowed, as DNS needs.',
  source: 'F5Networks/k8s-bigip-ctlr#1671, #2334',
});

export const SHARED_VIP_RULE = Rule.define({
  id: 'cis:shared-vip-needs-host-group',
  severity: RuleSeverity.ERROR,
  summary: 'VirtualServers with different hosts share a VIP:port without a common hostGroup',
  why: 'CIS merges the VirtualServers of one VIP and port into one BIG-IP virtual: one host on one virtual is fine (its resources add paths), but several different hosts need a common hostGroup, or CIS lets one resource overwrite the other and pools swap silently on each sync.',
  source: 'F5Networks/k8s-bigip-ctlr#1666, #2277, #2469',
});

export const HOST_PATH_RULE = Rule.define({
  id: 'cis:host-path-shared',
  severity: RuleSeverity.WARNING,
  summary: 'Two VirtualServers on one VIP:port serve the same host and path',
  why: 'CIS merges the VirtualServers of one VIP and port into one BIG-IP virtual whose LTM policy sends each host and path to a pool; two resources that route the same host and path give that virtual two rules for one request, and only one of the pools gets the traffic. One host may be split over several resources, each with its own paths.',
  source: 'cis-facts.md (VS CRs on one VIP:port become one virtual); F5Networks/k8s-bigip-ctlr#1666',
});

export const HOST_GROUP_NAME_RULE = Rule.define({
  id: 'cis:host-group-with-virtual-server-name',
  severity: RuleSeverity.ERROR,
  summary: "A VirtualServer in a hostGroup cannot set 'virtualServerName'",
  why: "CIS ignores 'virtualServerName' for a host group, so the name the user expects never appears; the merged virtual is named by 'hostGroupVirtualServerName', identical in every member.",
  source: 'F5Networks/k8s-bigip-ctlr#2867',
});

export const HOST_GROUP_VS_NAME_RULE = Rule.define({
  id: 'cis:host-group-virtual-server-name-differs',
  severity: RuleSeverity.ERROR,
  summary: "Members of one hostGroup set different 'hostGroupVirtualServerName's",
  why: 'The members of a host group become one BIG-IP virtual; with two names CIS renames it on every sync, as resources are processed in turn.',
  source: 'F5Networks/k8s-bigip-ctlr#2867',
});

export const POOL_NAME_RULE = Rule.define({
  id: 'cis:pool-name-unique',
  severity: RuleSeverity.ERROR,
  summary: 'Two CIS pools on one partition get the same BIG-IP pool name',
  why: "CIS names a pool `<service>_<port>_<namespace>` unless 'poolName' is set; two resources that derive the same name (two TransportServers on one Service) or set the same one write one pool, and one of them loses its members or monitors.",
  source: 'F5Networks/k8s-bigip-ctlr#2367, #3538',
});

export const SELECTORLESS_RULE = Rule.define({
  id: 'cis:service-without-selector',
  severity: RuleSeverity.WARNING,
  summary: 'A CIS pool sends to a Service without a selector',
  why: 'CIS builds pool members from the endpoints of a Service selected by labels; a Service bound to a hand-written Endpoints object is not followed, so the pool stays empty.',
  source: 'F5Networks/k8s-bigip-ctlr#2319',
});

export const POLICY_PER_VIP_RULE = Rule.define({
  id: 'cis:policy-applies-per-vip',
  severity: RuleSeverity.WARNING,
  summary: 'A Policy on a VirtualServer whose VIP serves other hosts too',
  why: 'CIS attaches the profiles, L3 policies, iRules and SNAT of a Policy to the BIG-IP virtual, which serves every host of the hostGroup on that address, not to the one host; the other hosts get them as well.',
  source: 'F5Networks/k8s-bigip-ctlr#2251',
});

export const NAMED_PORT_RULE = Rule.define({
  id: 'cis:named-port-target-unverified',
  severity: RuleSeverity.WARNING,
  summary:
    'In nodeportlocal mode a pool names the port of a Service this stack does not deploy (servicePort by name)',
  why: "In nodeportlocal mode CIS takes pool members from the pods' NodePortLocal mappings whose pod port is the Service's targetPort; a named targetPort resolves only through a containerPort of that name on the pods. The Service constructs that run their own pods name the container port, so their named ports resolve; for a Service deployed elsewhere (ServiceRef) the stack cannot see the targetPort or the pods, and a missing containerPort name leaves the pool empty. Named service ports are allowed (F5's examples use them): a warning, only where the stack cannot check them.",
  source:
    'cis-facts.md V16 (named targetPort ⇒ named containerPort); NodePortLocal misconfigurations F5Networks/k8s-bigip-ctlr#2609, #2326',
});

/** A pool's Service port as rendered (`servicePort`): a number, or the port's name. */
export interface PoolPortUse {
  readonly prop: string;
  readonly backend: IServiceBackend;
  readonly wire: number | string | undefined;
}

/**
 * The named-port warnings of a resource published in nodeportlocal mode: one per pool that names the
 * port of a Service the stack does not render (its pods and targetPort are out of sight).
 */
export function namedPortWarnings(uses: readonly PoolPortUse[]): string[] {
  return uses
    .filter((u) => typeof u.wire === 'string' && !(u.backend.service instanceof ApiObject))
    .map(
      (u) =>
        `'${u.prop}' names port ${quote(String(u.wire))} of Service ${u.backend.namespace}/${u.backend.serviceName}, which this stack does not deploy; in nodeportlocal mode CIS finds members by the Service's targetPort, and a named targetPort resolves only if the pods declare a containerPort of that name, which the stack cannot check`,
    );
}

/** Whether `host` is covered by the TLS hosts (an entry `*.example.com` covers one label). */
export function hostCovered(host: string, hosts: readonly string[]): boolean {
  const lower = host.toLowerCase();
  return hosts.some((h) => {
    const entry = h.toLowerCase();
    if (entry === lower) return true;
    if (!entry.startsWith('*.')) return false;
    const dot = lower.indexOf('.');
    return dot > 0 && lower.slice(dot + 1) === entry.slice(2);
  });
}

/** A backend that has no selector (a Service on hand-written Endpoints). */
export function isSelectorless(backend: IServiceBackend): boolean {
  const b = backend as { selector?: Readonly<Record<string, string>>; selectorless?: boolean };
  return b.selectorless === true || (b.selector !== undefined && Object.keys(b.selector).length === 0);
}

/** Warns on `scope` for each selector-less backend. */
export function warnSelectorless(
  scope: IConstruct,
  backends: ReadonlyArray<{ prop: string; backend: IServiceBackend }>,
) {
  for (const { prop, backend } of backends) {
    if (isSelectorless(backend))
      SELECTORLESS_RULE.warn(
        scope,
        `'${prop}' Service ${backend.namespace}/${backend.serviceName} has no selector: CIS does not follow hand-written Endpoints, so the pool stays empty`,
      );
  }
}

/** One pool name a CIS resource takes on a partition. */
export interface PoolNameUse {
  readonly owner: IConstruct;
  readonly prop: string;
  readonly name: string;
  /** Whether the user set it (`poolName`) or CIS derives it. */
  readonly explicit: boolean;
}

/** Something whose pools take BIG-IP pool names on a partition. */
export interface IPoolNameUser extends IConstruct {
  readonly partition: { readonly partitionName: string; readonly device: IConstruct };
  poolNames(): PoolNameUse[];
}

const POOL_NAME_USER = Symbol.for('vks-bigip.PoolNameUser');

export function registerPoolNameUser(user: IPoolNameUser): void {
  Object.defineProperty(user, POOL_NAME_USER, { value: true });
}

/** Pool-name uses by device/partition/name, with each use's position in its list (built once, O(n)). */
function poolNameIndex(stack: Stack): {
  byName: Map<string, PoolNameUse[]>;
  position: Map<string, number>;
} {
  return stack.memoize(poolNameIndex, () => {
    const byName = new Map<string, PoolNameUse[]>();
    const position = new Map<string, number>();
    for (const c of stack.allConstructs()) {
      if (!(POOL_NAME_USER in c)) continue;
      const user = c as unknown as IPoolNameUser;
      for (const use of user.poolNames()) {
        const key = poolKey(user, use.name);
        const uses = byName.get(key) ?? [];
        position.set(`${key}|${use.owner.node.path}|${use.prop}`, uses.length);
        uses.push(use);
        byName.set(key, uses);
      }
    }
    return { byName, position };
  });
}

function poolKey(user: IPoolNameUser, name: string): string {
  return `${user.partition.device.node.path}|${user.partition.partitionName}|${name}`;
}

/** Pool-name collisions of `user` with the first pool declared before it on the same partition. */
export function checkPoolNames(user: IPoolNameUser): string[] {
  const { byName, position } = poolNameIndex(Stack.of(user));
  return user.poolNames().flatMap((use) => {
    const key = poolKey(user, use.name);
    const mine = position.get(`${key}|${use.owner.node.path}|${use.prop}`) ?? 0;
    const other = mine > 0 ? byName.get(key)?.[0] : undefined;
    if (!other) return [];
    const how = use.explicit ? 'is named' : 'gets the derived name';
    return [
      POOL_NAME_RULE.message(
        `'${use.prop}' ${how} ${quote(use.name)}, as '${other.prop}' of [${other.owner.node.path}] does on partition ${user.partition.partitionName}; set distinct 'poolName's`,
      ),
    ];
  });
}

/** A VirtualServer as the host-group and Policy rules see it. */
export interface IHostGroupMember extends IConstruct {
  readonly partition: { readonly device: IConstruct };
  readonly hostGroup?: string;
  readonly host?: string;
  readonly hostGroupVirtualServerName?: string;
  readonly virtualServerAddress?: string;
}

/** One host group on a device: its first member naming the merged virtual, and its hosts per VIP. */
export interface HostGroupInfo<T> {
  readonly firstNamed?: T;
  /** Distinct hosts by VIP (`*` for members whose address IPAM assigns), sorted. */
  readonly hostsByAddress: ReadonlyMap<string, readonly string[]>;
}

/** Host groups by device and name, built once per synthesis (O(n log n)). */
export function hostGroupIndex<T extends IHostGroupMember>(
  stack: Stack,
  all: readonly T[],
): Map<string, HostGroupInfo<T>> {
  return stack.memoize(hostGroupIndex, () => {
    const named = new Map<string, T>();
    const hosts = new Map<string, Map<string, Set<string>>>();
    for (const member of all) {
      if (member.hostGroup === undefined) continue;
      const key = `${member.partition.device.node.path}|${member.hostGroup}`;
      if (member.hostGroupVirtualServerName !== undefined && !named.has(key)) named.set(key, member);
      const byAddress = hosts.get(key) ?? new Map<string, Set<string>>();
      const address =
        member.virtualServerAddress === undefined ? '*' : addressKey(member.virtualServerAddress);
      byAddress.set(address, (byAddress.get(address) ?? new Set()).add(member.host ?? '(any host)'));
      hosts.set(key, byAddress);
    }
    const index = new Map<string, HostGroupInfo<T>>();
    for (const [key, byAddress] of hosts)
      index.set(key, {
        firstNamed: named.get(key),
        hostsByAddress: new Map([...byAddress].map(([a, set]) => [a, [...set].sort()])),
      });
    return index;
  });
}

/** Up to `limit` other hosts that share the VIP of `member` through its host group. */
export function otherHostsOnVip<T extends IHostGroupMember>(
  member: T,
  info: HostGroupInfo<T>,
  limit = 3,
): string[] {
  const address = member.virtualServerAddress === undefined ? '*' : addressKey(member.virtualServerAddress);
  const own = member.host ?? '(any host)';
  const others: string[] = [];
  for (const host of info.hostsByAddress.get(address) ?? []) {
    if (host !== own) others.push(host);
    if (others.length === limit) break;
  }
  return others;
}
