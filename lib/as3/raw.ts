import { checkPattern, checkRecord } from '../core/checks';
import { As3Object, type As3ObjectProps, type IAs3Application } from './object';

export interface As3RawObjectProps extends As3ObjectProps {
  /** AS3 class of the object, e.g. `HTTP_Profile`. */
  readonly as3Class: string;
  /**
   * Its properties, rendered as given (pointers inside are not checked).
   * @default {}
   */
  readonly properties?: Record<string, unknown>;
}

/** Escape hatch: any AS3 class this library has no typed construct for. */
export class As3RawObject extends As3Object {
  public readonly as3Class: string;
  public readonly properties: Readonly<Record<string, unknown>>;

  constructor(scope: IAs3Application, id: string, props: As3RawObjectProps) {
    super(scope, id, props);
    try {
      this.as3Class = checkPattern(
        this,
        'as3Class',
        props.as3Class,
        /^[A-Za-z][A-Za-z0-9_]*$/,
        'an AS3 class name such as "HTTP_Profile"',
      );
      this.properties = checkRecord(
        this,
        'properties',
        props.properties ?? {},
        'an object of AS3 properties',
      );
    } catch (error) {
      this.checks.abort(error);
    }
    this.endChecks(new.target, As3RawObject);
  }

  protected renderProperties(): Record<string, unknown> {
    return structuredClone({ ...this.properties });
  }
}
