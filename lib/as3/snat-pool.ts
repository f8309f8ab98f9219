import { fail, report } from '../core/checks';
import { quote } from '../core/errors';
import { isF5Ip } from './addresses';
import { As3Object, type As3ObjectProps, type IAs3Application } from './object';

export interface As3SnatPoolProps extends As3ObjectProps {
  /** Source addresses for translated traffic (at least one). */
  readonly snatAddresses: string[];
}

/** An AS3 `SNAT_Pool`. */
export class As3SnatPool extends As3Object {
  public readonly as3Class = 'SNAT_Pool';
  public readonly snatAddresses: readonly string[];

  constructor(scope: IAs3Application, id: string, props: As3SnatPoolProps) {
    super(scope, id, props);
    try {
      if (!Array.isArray(props.snatAddresses) || props.snatAddresses.length === 0) {
        fail(this, `'snatAddresses' must list at least one address, got ${quote(props.snatAddresses)}`);
      }
      props.snatAddresses.forEach((a, i) => {
        if (!isF5Ip(a)) report(this, `'snatAddresses[${i}]' must be an IP address, got ${quote(a)}`);
      });
      if (new Set(props.snatAddresses).size !== props.snatAddresses.length)
        report(this, `'snatAddresses' lists an address twice`);
      this.snatAddresses = [...props.snatAddresses];
    } catch (error) {
      this.checks.abort(error);
    }
    this.endChecks(new.target, As3SnatPool);
  }

  protected renderProperties(): Record<string, unknown> {
    return { snatAddresses: [...this.snatAddresses] };
  }
}
