import { Construct } from 'constructs';
import { checkId, checkString, fail, PropChecks, report } from '../core/checks';
import { brand } from '../core/brand';
import { quote } from '../core/errors';
import { BigipRef, inventoryProblem } from './inventory';
import { AS3_PATH_MAX, as3NameProblem } from './names';
import type { IAs3Tenant } from './tenant';
import { validateAtSynth } from '../core/deferred';

/** An AS3 application as objects see it (implemented by As3Application). */
export interface IAs3Application extends Construct {
  readonly applicationName: string;
  readonly tenant: IAs3Tenant;
}

export interface As3ObjectProps {
  /**
   * Name of the object in its application.
   * @default - the construct id
   */
  readonly name?: string;
  /**
   * AS3 `label` (at most 64 characters).
   * @default - none
   */
  readonly label?: string;
  /**
   * AS3 `remark` (at most 64 characters).
   * @default - none
   */
  readonly remark?: string;
}

/** A pointer an object holds: to another declared object, or to an existing BIG-IP object. */
interface Reference {
  readonly prop: string;
  readonly target: As3Object | BigipRef;
  readonly classes: readonly string[];
}

const hasControlCharacter = (text: string) =>
  [...text].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f);
/** AS3 `label`: at most 64 characters, no control characters nor "#&*<>?[\]`. */
const isLabel = (text: string) =>
  text.length <= 64 && !hasControlCharacter(text) && !/["#&*<>?[\\\]`]/.test(text);
/** AS3 `remark`: at most 64 characters, no control characters nor `"` or `\`. */
const isRemark = (text: string) => text.length <= 64 && !hasControlCharacter(text) && !/["\\]/.test(text);

/**
 * Base of the typed AS3 classes. The construct tree mirrors the declaration: an object's scope is its
 * application. Pointers are construct references, checked at synth against AS3's scope rules
 * (same application, `/<tenant>/Shared`, `/Common/Shared`) and the device inventory.
 */
export abstract class As3Object extends Construct {
  /** AS3 `class` of the object. */
  public abstract readonly as3Class: string;
  public readonly name: string;
  public readonly application: IAs3Application;
  public readonly label?: string;
  public readonly remark?: string;
  private readonly references: Reference[] = [];
  /**
   * The check session of the constructor, open across the class hierarchy: each class checks its props
   * in it, and the class being constructed ends it (`endChecks`), so every bad prop is reported at once.
   *
   * @internal
   */
  protected readonly checks: PropChecks;

  protected constructor(scope: IAs3Application, id: string, props: As3ObjectProps) {
    super(scope, checkId(scope, id));
    this.checks = PropChecks.begin(this, props);
    this.application = scope;
    this.name = props?.name ?? id;
    try {
      checkString(this, 'name', this.name);
      if (props.label !== undefined && (typeof props.label !== 'string' || !isLabel(props.label))) {
        report(
          this,
          `'label' must be at most 64 characters without control characters or "#&*<>?[\\]\`, got ${quote(props.label)}`,
        );
      }
      if (props.remark !== undefined && (typeof props.remark !== 'string' || !isRemark(props.remark))) {
        report(
          this,
          `'remark' must be at most 64 characters without control characters, '"' or '\\', got ${quote(props.remark)}`,
        );
      }
    } catch (error) {
      this.checks.abort(error);
    }
    this.label = props.label;
    this.remark = props.remark;
    validateAtSynth(this, As3Object.prototype.checkObject);
  }

  /** Ends the check session when `type` is the class being constructed (call it with `new.target`). */
  protected endChecks(newTarget: unknown, type: unknown): void {
    if (newTarget === type) this.checks.end();
  }

  /** `/<tenant>/<application>/<name>`. */
  public get path(): string {
    return `/${this.application.tenant.tenantName}/${this.application.applicationName}/${this.name}`;
  }

  /** The AS3 JSON of the object (class first once canonicalized). */
  public render(): Record<string, unknown> {
    return { class: this.as3Class, label: this.label, remark: this.remark, ...this.renderProperties() };
  }

  /** Properties other than class/label/remark; pointers rendered with `pointer()`. */
  protected abstract renderProperties(): Record<string, unknown>;

  /** Records a pointer held in `prop`, so synth can check it; returns the target for chaining. */
  protected refer<T extends As3Object | BigipRef>(prop: string, target: T, classes: readonly string[]): T {
    if (!(target instanceof As3Object) && !(target instanceof BigipRef)) {
      fail(this, `'${prop}' must be an AS3 object construct or a BigipRef, got ${quote(target)}`);
    }
    this.references.push({ prop, target, classes });
    return target;
  }

  /** `{ use }` or `{ bigip }` JSON for a target, relative to this object's application. */
  protected pointer(target: As3Object | BigipRef): { use: string } | { bigip: string } {
    return target instanceof BigipRef ? target.toJson() : { use: this.pointerString(target) };
  }

  /** The string form of a pointer: a bare name in the same application, else an absolute path. */
  protected pointerString(target: As3Object): string {
    return target.application === this.application ? target.name : target.path;
  }

  private checkObject(): string[] {
    const errors: string[] = [...this.checks.unreported];
    const nameProblem = as3NameProblem('object', this.name);
    if (nameProblem) errors.push(`'name' ${nameProblem}`);
    if (this.path.length > AS3_PATH_MAX) {
      errors.push(
        `AS3 path ${this.path} is ${this.path.length} characters; AS3 allows at most ${AS3_PATH_MAX}`,
      );
    }
    for (const ref of this.references) errors.push(...this.checkReference(ref));
    return errors;
  }

  private checkReference({ prop, target, classes }: Reference): string[] {
    if (target instanceof BigipRef) {
      const problem = inventoryProblem(this.application.tenant.device, prop, target);
      return problem ? [problem] : [];
    }
    const errors: string[] = [];
    if (!classes.includes(target.as3Class)) {
      errors.push(
        `'${prop}' points to ${target.path}, a ${target.as3Class}; it must be a ${classes.join(' or ')}`,
      );
    }
    if (target.name.length < 2) {
      errors.push(
        `'${prop}' points to ${target.path}; AS3 does not resolve pointers to one-character names, so name the target with at least two characters`,
      );
    }
    const sameApplication = target.application === this.application;
    const sharedOfThisTenant =
      target.application.applicationName === 'Shared' &&
      target.application.tenant === this.application.tenant;
    const commonShared =
      target.application.applicationName === 'Shared' && target.application.tenant.tenantName === 'Common';
    if (!sameApplication && !sharedOfThisTenant && !commonShared) {
      errors.push(
        `'${prop}' points to ${target.path}, outside ${this.path.split('/').slice(0, 3).join('/')}; AS3 resolves pointers only into the same application, /${this.application.tenant.tenantName}/Shared or /Common/Shared`,
      );
    }
    if (target.application.tenant.device !== this.application.tenant.device) {
      errors.push(
        `'${prop}' points to ${target.path} on device ${target.application.tenant.device.deviceName}, another BIG-IP`,
      );
    }
    return errors;
  }
}
brand(As3Object, 'As3Object');
