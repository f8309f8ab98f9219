import { Construct, type IConstruct } from 'constructs';
import { App } from '../../lib/core/app';
import { Annotations } from '../../lib/core/annotations';
import type { SynthContext } from '../../lib/core/artifacts';
import { brand } from '../../lib/core/brand';
import {
  checkArray,
  checkId,
  checkNonEmpty,
  checkReference,
  PropChecks,
  report,
} from '../../lib/core/checks';
import { quote } from '../../lib/core/errors';
import { isIpAddress, parseCidr, cidrContains, type Cidr } from '../../lib/core/net';
import type { VirtualServerRecord } from '../../lib/core/records';
import { Rule, RuleSeverity } from '../../lib/core/rules';
import { Stack } from '../../lib/core/stack';
import { BUILT_IN_OBJECTS } from '../../lib/as3/inventory';
import type { IBigipDevice } from './bigip-device';

export const OUTSIDE_POLICY = Rule.define({
  id: 'netops:outside-policy',
  severity: RuleSeverity.ERROR,
  summary:
    "A virtual server steps outside its device's NetOps policy (VIP range, partition, IPAM label, route domain, BIG-IP object).",
  why: 'The BIG-IP is shared: an app team taking a VIP, partition or route domain NetOps gave another team breaks that team’s traffic, and CIS has no such guardrail (a request CIS declined upstream).',
  source: 'seed: NetOps guardrails (issue 16); field-failures §1.3, §1.4, §1.10',
});

export const POLICY_EXCEPTION = Rule.define({
  id: 'netops:policy-exception',
  severity: RuleSeverity.WARNING,
  summary: 'A virtual server outside the NetOps policy that NetOps accepted, with a reason.',
  why: 'Exceptions stay visible: REVIEW.md lists each with its reason, so a reviewer sees what the policy does not cover.',
  source: 'seed: NetOps guardrails (issue 16)',
});

/** What one team (or namespace) may use on the device: one line of the policy. */
export interface NetOpsGrant {
  /** Team the line is for; named in every message about it. */
  readonly team: string;
  /**
   * Kubernetes namespaces of the team: Services behind a virtual must be in one of them.
   * @default - any namespace
   */
  readonly namespaces?: string[];
  /** Partitions (AS3 tenants) the team may write or have CIS write. */
  readonly partitions: string[];
  /**
   * CIDR blocks the team's virtual addresses must be in.
   * @default - no static VIP (IPAM labels only)
   */
  readonly vipRanges?: string[];
  /**
   * F5 IPAM Controller labels the team may ask addresses from.
   * @default - none
   */
  readonly ipamLabels?: string[];
  /**
   * Route domains the team's virtual addresses may be in.
   * @default [0]
   */
  readonly routeDomains?: number[];
  /**
   * BIG-IP objects outside the partitions (profiles, iRules, WAF and endpoint policies, SNAT pools) the
   * team's declarations may reference, by full path.
   * @default - none besides BIG-IP's built-in objects
   */
  readonly bigipObjects?: string[];
}

export interface NetOpsPolicyProps {
  /** The BIG-IP the policy governs; app stacks with a device of the same management URL are checked. */
  readonly device: IBigipDevice;
  /** One line per team or namespace. */
  readonly grants: NetOpsGrant[];
}

interface ResolvedGrant {
  readonly line: string;
  readonly grant: NetOpsGrant;
  readonly ranges: readonly Cidr[];
  readonly routeDomains: ReadonlySet<number>;
  readonly objects: ReadonlySet<string>;
}

/**
 * The NetOps team's policy for one BIG-IP, kept apart from the app stacks (its own construct, usually
 * in its own stack of the same app): which team may use which partitions, VIP ranges, IPAM labels,
 * route domains and BIG-IP objects. Synth of an app stack fails when a virtual steps outside it, naming
 * the policy line; NetOps accepts a single exception with `allowException(virtual, reason)`.
 */
export class NetOpsPolicy extends Construct {
  public readonly device: IBigipDevice;
  public readonly grants: readonly NetOpsGrant[];
  private readonly resolved: ResolvedGrant[] = [];
  private readonly byPartition = new Map<string, ResolvedGrant>();
  private readonly exceptions = new Map<string, { scope: IConstruct; reason: string }>();

  constructor(scope: Construct, id: string, props: NetOpsPolicyProps) {
    super(scope, checkId(scope, id));
    const checks: PropChecks = PropChecks.begin(this, props);
    try {
      this.device = checkReference(this, 'device', props.device, isDevice, 'a BigipDevice');
      this.grants = checkArray(this, 'grants', props.grants, 'a list of grants, one per team');
      this.grants.forEach((grant, i) => this.resolveGrant(grant, i));
    } catch (error) {
      checks.abort(error);
    }
    checks.end();
  }

  /**
   * Accepts one virtual (a construct of an app stack) outside the policy; synth reports it as the
   * acknowledged warning `netops:policy-exception` with `reason`, which REVIEW.md shows.
   */
  public allowException(virtual: IConstruct, reason: string): void {
    if (typeof reason !== 'string' || reason.trim() === '')
      report(this, `allowException(${virtual.node.path}) needs a reason that reviewers can read`);
    this.exceptions.set(virtual.node.path, { scope: virtual, reason });
  }

  private resolveGrant(grant: NetOpsGrant, i: number): void {
    const line = `grants[${i}] (team ${quote(grant?.team)})`;
    checkNonEmpty(this, `grants[${i}].team`, grant?.team);
    const partitions = checkArray(
      this,
      `grants[${i}].partitions`,
      grant?.partitions,
      'a list of partition names',
    );
    const ranges: Cidr[] = [];
    for (const [j, text] of (grant.vipRanges ?? []).entries()) {
      const cidr = parseCidr(text);
      if (cidr) ranges.push(cidr);
      else
        report(
          this,
          `'grants[${i}].vipRanges[${j}]' must be a CIDR block such as "192.0.2.0/24", got ${quote(text)}`,
        );
    }
    for (const [j, rd] of (grant.routeDomains ?? []).entries()) {
      if (!Number.isInteger(rd) || rd < 0 || rd > 65535)
        report(this, `'grants[${i}].routeDomains[${j}]' must be a route domain id 0–65535, got ${quote(rd)}`);
    }
    const resolved: ResolvedGrant = {
      line,
      grant,
      ranges,
      routeDomains: new Set(grant.routeDomains ?? [0]),
      objects: new Set(grant.bigipObjects ?? []),
    };
    this.resolved.push(resolved);
    for (const partition of partitions) {
      const other = this.byPartition.get(partition);
      if (other)
        report(this, `'grants[${i}].partitions' gives ${quote(partition)} again; ${other.line} has it`);
      else this.byPartition.set(partition, resolved);
    }
  }

  /** The violations of one virtual of an app stack, each naming the policy line. */
  public violationsOf(virtual: VirtualServerRecord, references: readonly string[]): string[] {
    const where = `NetOps policy [${this.node.path}]`;
    const grant = this.byPartition.get(virtual.partition);
    if (!grant) {
      return [`partition ${quote(virtual.partition)} is not given to any team by ${where}`];
    }
    const problems: string[] = [];
    const allowedNamespaces = grant.grant.namespaces;
    if (allowedNamespaces) {
      for (const pool of virtual.pools ?? []) {
        if (pool.namespace !== undefined && !allowedNamespaces.includes(pool.namespace))
          problems.push(`its Service namespace ${quote(pool.namespace)} is not in ${grant.line} of ${where}`);
      }
    }
    if (virtual.address.startsWith('ipam:')) {
      const label = virtual.address.slice('ipam:'.length);
      if (!(grant.grant.ipamLabels ?? []).includes(label))
        problems.push(`IPAM label ${quote(label)} is not in ${grant.line} of ${where}`);
    } else {
      const [ip, rd] = virtual.address.split('%') as [string, string | undefined];
      const address = ip.split('/')[0] ?? ip;
      if (!isIpAddress(address) || !grant.ranges.some((r) => cidrContains(r, address)))
        problems.push(`VIP ${virtual.address} is outside the vipRanges of ${grant.line} of ${where}`);
      const routeDomain = rd === undefined ? 0 : Number(rd.split('/')[0]);
      if (!grant.routeDomains.has(routeDomain))
        problems.push(`route domain ${routeDomain} is not in ${grant.line} of ${where}`);
    }
    for (const reference of references) {
      if (!grant.objects.has(reference))
        problems.push(`BIG-IP object ${reference} is not in the bigipObjects of ${grant.line} of ${where}`);
    }
    return problems;
  }

  /** Reports the violations: errors, or the acknowledged exception warning where NetOps accepted one. */
  public reportViolations(
    context: SynthContext,
    virtual: VirtualServerRecord,
    scope: IConstruct,
    problems: readonly string[],
  ): void {
    if (problems.length === 0) return;
    const exception = this.exceptions.get(virtual.name);
    const detail = `[${virtual.name}] ${problems.join('; ')}`;
    if (exception) {
      POLICY_EXCEPTION.warn(exception.scope, detail);
      Annotations.of(exception.scope).acknowledgeWarning(POLICY_EXCEPTION.id, `NetOps: ${exception.reason}`);
      return;
    }
    context.addProblem(scope, OUTSIDE_POLICY.message(detail));
  }
}
brand(NetOpsPolicy, 'NetOpsPolicy');

/** A device by shape (bigip-device imports this file, so no import back). */
function isDevice(x: unknown): x is IBigipDevice {
  const d = x as Partial<IBigipDevice> | null;
  return typeof d === 'object' && d !== null && typeof d.url === 'string' && typeof d.deviceName === 'string';
}

const BUILT_INS = new Set(BUILT_IN_OBJECTS.map((o) => o.path));

/** Every full BIG-IP path (`/Common/…`, `/<partition>/…`) a rendered object references, built-ins aside. */
function referencesIn(node: unknown, into: Set<string>, own: string): void {
  if (typeof node === 'string') {
    if (/^\/[A-Za-z][^/\s]*\/[^\s]+$/.test(node) && !node.startsWith(`/${own}/`) && !BUILT_INS.has(node))
      into.add(node);
  } else if (Array.isArray(node)) {
    for (const item of node) referencesIn(item, into, own);
  } else if (typeof node === 'object' && node !== null) {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'bigip' && typeof value === 'string') {
        if (!BUILT_INS.has(value) && !value.startsWith(`/${own}/`)) into.add(value);
      } else if (key !== 'use') referencesIn(value, into, own);
    }
  }
}

/**
 * Checks an app stack's virtuals on `device` against every NetOps policy of the app for a device with
 * the same management URL, once every record is in (called from the device's renderArtifacts).
 */
export function checkAgainstNetOpsPolicies(context: SynthContext, device: IBigipDevice): void {
  const policies = policiesFor(device, device.url);
  if (policies.length === 0) return;
  // Stack-owned declarations are recorded from finishers too: look once those have run.
  context.onFinish(() => context.onFinish(() => checkRecords(context, device, policies)));
}

function checkRecords(context: SynthContext, device: IBigipDevice, policies: readonly NetOpsPolicy[]): void {
  const stack = context.stack;
  const byPath = stack.memoize(
    checkAgainstNetOpsPolicies,
    () => new Map(stack.allConstructs().map((c) => [c.node.path, c])),
  );
  // Referenced BIG-IP objects: per tenant for AS3 declarations, per construct for custom resources.
  const byTenant = new Map<string, Set<string>>();
  for (const d of context.recordsOf('declarations')) {
    if (d.device !== device.deviceName) continue;
    const found = new Set<string>();
    const adc = (d.declaration.declaration ?? {}) as Record<string, unknown>;
    referencesIn(adc[d.tenant], found, d.tenant);
    byTenant.set(d.tenant, found);
  }
  const byConstruct = new Map<string, Set<string>>();
  for (const m of context.recordsOf('manifests')) {
    if (!m.path) continue;
    const spec = (m.manifest as { spec?: { partition?: unknown } }).spec;
    if (!spec) continue;
    const found = byConstruct.get(m.path) ?? new Set<string>();
    referencesIn(spec, found, typeof spec.partition === 'string' ? spec.partition : '');
    byConstruct.set(m.path, found);
  }
  for (const virtual of context.recordsOf('virtualServers')) {
    if (virtual.device !== device.deviceName) continue;
    const references = [
      ...(virtual.kind === 'AS3'
        ? (byTenant.get(virtual.partition) ?? [])
        : (byConstruct.get(virtual.name) ?? [])),
    ].sort();
    const scope = byPath.get(virtual.name) ?? device;
    for (const policy of policies) {
      policy.reportViolations(context, virtual, scope, policy.violationsOf(virtual, references));
    }
  }
}

/** The policies of every stack of the app that govern a device with this management URL. */
export function policiesFor(scope: IConstruct, url: string): NetOpsPolicy[] {
  const stack = Stack.of(scope);
  const byUrl = stack.memoize(policiesFor, () => {
    const index = new Map<string, NetOpsPolicy[]>();
    for (const s of App.of(scope).node.children.filter((c): c is Stack => c instanceof Stack)) {
      for (const policy of s.constructsOfType(NetOpsPolicy)) {
        const list = index.get(policy.device.url) ?? [];
        list.push(policy);
        index.set(policy.device.url, list);
      }
    }
    return index;
  });
  return byUrl.get(url) ?? [];
}
