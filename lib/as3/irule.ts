import { checkBoolean, checkNonEmpty } from '../core/checks';
import { As3Object, type As3ObjectProps, type IAs3Application } from './object';

export interface As3IRuleProps extends As3ObjectProps {
  /** The iRule's TCL source. */
  readonly iRule: string;
  /**
   * Expand backquoted AS3 pointers in the source (`` `*pool` ``).
   * @default true
   */
  readonly expand?: boolean;
}

/** An AS3 `iRule` (class string "iRule"). */
export class As3IRule extends As3Object {
  public readonly as3Class = 'iRule';
  public readonly iRule: string;
  public readonly expand?: boolean;

  constructor(scope: IAs3Application, id: string, props: As3IRuleProps) {
    super(scope, id, props);
    try {
      this.iRule = checkNonEmpty(this, 'iRule', props.iRule);
      this.expand = props.expand === undefined ? undefined : checkBoolean(this, 'expand', props.expand);
    } catch (error) {
      this.checks.abort(error);
    }
    this.endChecks(new.target, As3IRule);
  }

  protected renderProperties(): Record<string, unknown> {
    return { iRule: this.iRule, expand: this.expand };
  }
}
