import type { Duration } from 'cdk8s';
import { checkEnum, checkPattern, checkSeconds, report } from '../core/checks';
import { quote } from '../core/errors';
import { As3Object, type As3ObjectProps, type IAs3Application } from './object';

/**
 * BIG-IP persistence methods: how clients are pinned to pool members. A service may name the simple ones
 * directly (`persistenceMethods`); every method can back an As3Persist profile.
 */
export enum PersistenceMethod {
  COOKIE = 'cookie',
  DESTINATION_ADDRESS = 'destination-address',
  HASH = 'hash',
  MSRDP = 'msrdp',
  SIP_INFO = 'sip-info',
  SOURCE_ADDRESS = 'source-address',
  TLS_SESSION_ID = 'tls-session-id',
  UNIVERSAL = 'universal',
}

/** Methods whose AS3 profile requires a property this class does not model (AS3 schema `Persist_UIE`, `Persist_SIP`). */
const REQUIRED_BUT_NOT_MODELLED: Partial<Record<PersistenceMethod, string>> = {
  [PersistenceMethod.UNIVERSAL]: "an 'iRule'",
  [PersistenceMethod.SIP_INFO]: "a SIP 'header'",
};

export interface As3PersistProps extends As3ObjectProps {
  /** How clients are pinned to members. */
  readonly persistenceMethod: PersistenceMethod;
  /**
   * How long a record lives (at most 7 days): `ttl` for cookie, `duration` for the other methods.
   * @default - AS3 default of the method
   */
  readonly duration?: Duration;
  /**
   * Cookie name (cookie method): at most 64 letters, digits and `.~#$%^&*_-`.
   * @default - BIG-IP generates one
   */
  readonly cookieName?: string;
}

/** An AS3 `Persist` profile services may point to. */
export class As3Persist extends As3Object {
  public readonly as3Class = 'Persist';
  public readonly persistenceMethod: PersistenceMethod;
  public readonly duration?: number;
  public readonly cookieName?: string;

  constructor(scope: IAs3Application, id: string, props: As3PersistProps) {
    super(scope, id, props);
    try {
      this.persistenceMethod = checkEnum(
        this,
        'persistenceMethod',
        props.persistenceMethod,
        PersistenceMethod,
      );
      const missing = REQUIRED_BUT_NOT_MODELLED[this.persistenceMethod];
      if (missing) {
        report(
          this,
          `'persistenceMethod' ${quote(this.persistenceMethod)} needs ${missing}, which As3Persist does not declare; use As3RawObject for it`,
        );
      }
      this.duration =
        props.duration === undefined
          ? undefined
          : checkSeconds(this, 'duration', props.duration, 0, 0, 604_800);
      if (props.cookieName !== undefined) {
        if (this.persistenceMethod !== PersistenceMethod.COOKIE)
          report(this, `'cookieName' applies only to persistenceMethod cookie`);
        checkPattern(
          this,
          'cookieName',
          props.cookieName,
          /^[0-9A-Za-z.~#$%^&*_-]{1,64}$/,
          'a cookie name of at most 64 letters, digits and ".~#$%^&*_-"',
        );
      }
      this.cookieName = props.cookieName;
    } catch (error) {
      this.checks.abort(error);
    }
    this.endChecks(new.target, As3Persist);
  }

  protected renderProperties(): Record<string, unknown> {
    const cookie = this.persistenceMethod === PersistenceMethod.COOKIE;
    return {
      persistenceMethod: this.persistenceMethod,
      cookieName: this.cookieName,
      ttl: cookie ? this.duration : undefined,
      duration: cookie ? undefined : this.duration,
    };
  }
}
