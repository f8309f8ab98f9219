import type { IConstruct } from 'constructs';
import { BigipObjectKind, BigipRef, inventoryProblem, type IInventoryHolder } from '../../lib/as3/inventory';
import { checkArray, report } from '../../lib/core/checks';
import { quote } from '../../lib/core/errors';

/** One BIG-IP object a custom resource names, with the prop that names it. */
export interface BigipReferenceUse {
  readonly prop: string;
  readonly ref: BigipRef;
}

/**
 * The BIG-IP objects one CIS resource names (iRules, profiles, WAF/bot/DoS policies, VLANs, monitors,
 * SNAT pools, GSLB servers): each prop is checked for its kind when the construct is built, and every
 * reference against the device inventory at synth, as AS3 references are.
 */
export class BigipReferences {
  private readonly uses: BigipReferenceUse[] = [];

  constructor(private readonly scope: IConstruct) {}

  /** The references recorded so far. */
  public get all(): readonly BigipReferenceUse[] {
    return this.uses;
  }

  /** Checks one optional reference of `kind`; returns its path for the resource. */
  public one(prop: string, value: BigipRef | undefined, kind: BigipObjectKind): string | undefined {
    if (value === undefined) return undefined;
    if (!(value instanceof BigipRef) || value.kind !== kind) {
      report(
        this.scope,
        `'${prop}' must be a BigipRef of kind ${kind} (such as BigipRef.${factoryOf(kind)}('/Common/…')), got ${quote(String(value))}`,
      );
      return undefined;
    }
    if (value.problem) report(this.scope, `'${prop}' ${value.problem}`);
    else this.uses.push({ prop, ref: value });
    return value.path;
  }

  /** Checks an optional list of references of `kind`; returns their paths, or undefined for none. */
  public many(
    prop: string,
    values: readonly BigipRef[] | undefined,
    kind: BigipObjectKind,
  ): string[] | undefined {
    if (values === undefined) return undefined;
    const paths = checkArray(this.scope, prop, values, `a list of BigipRef of kind ${kind}`).map(
      (value, i) => this.one(`${prop}[${i}]`, value, kind) ?? '',
    );
    return paths.length ? paths : undefined;
  }

  /** The references `device` does not hold, phrased with the prop that names each. */
  public problems(device: IInventoryHolder, prefix = ''): string[] {
    return this.uses.flatMap(({ prop, ref }) => {
      const problem = inventoryProblem(device, `${prefix}${prop}`, ref);
      return problem ? [problem] : [];
    });
  }
}

/** `BigipObjectKind.DOS_PROFILE` → `dosProfile`: the BigipRef factory that makes a reference of the kind. */
function factoryOf(kind: BigipObjectKind): string {
  const name = kind.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
  return Object.getOwnPropertyNames(BigipRef).find((f) => f.toLowerCase() === name.toLowerCase()) ?? name;
}
