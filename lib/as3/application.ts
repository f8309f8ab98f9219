import { JsonPatch } from 'cdk8s';
import { Construct, type IConstruct } from 'constructs';
import { brand } from '../core/brand';
import { checkEnum, checkId, checkReference, checkString, fail, PropChecks } from '../core/checks';
import { quote, ValidationError } from '../core/errors';
import { stackOf } from '../core/stack-marker';
import { as3NameProblem } from './names';
import { As3Object, type IAs3Application } from './object';
import { isAs3Tenant, type IAs3Tenant } from './tenant';
import { validateAtSynth } from '../core/deferred';

/** AS3 application templates (`Application.template`). */
export enum ApplicationTemplate {
  /** No constraints. */
  GENERIC = 'generic',
  /** The `Shared` application: objects other applications of the tenant may point to. */
  SHARED = 'shared',
  /** Needs a `serviceMain` of class Service_HTTP. */
  HTTP = 'http',
  /** Needs a `serviceMain` of class Service_HTTPS. */
  HTTPS = 'https',
  /** Needs a `serviceMain` of class Service_TCP. */
  TCP = 'tcp',
  /** Needs a `serviceMain` of class Service_UDP. */
  UDP = 'udp',
  /** Needs a `serviceMain` of class Service_L4. */
  L4 = 'l4',
}

const SERVICE_MAIN_CLASS: Partial<Record<ApplicationTemplate, string>> = {
  [ApplicationTemplate.HTTP]: 'Service_HTTP',
  [ApplicationTemplate.HTTPS]: 'Service_HTTPS',
  [ApplicationTemplate.TCP]: 'Service_TCP',
  [ApplicationTemplate.UDP]: 'Service_UDP',
  [ApplicationTemplate.L4]: 'Service_L4',
};

/** The template whose `serviceMain` is each service class. */
const TEMPLATE_OF: Record<string, string> = Object.fromEntries(
  Object.entries(SERVICE_MAIN_CLASS).map(([template, serviceClass]) => [serviceClass, template]),
);

export interface As3ApplicationProps {
  /** The tenant (BIG-IP partition) the application is declared in. */
  readonly tenant: IAs3Tenant;

  /**
   * Application name in the tenant; `Shared` makes it the tenant's shared application.
   * @default - the construct id
   */
  readonly name?: string;

  /**
   * AS3 template.
   * @see https://clouddocs.f5.com/products/extensions/f5-appsvcs-extension/latest/refguide/schema-reference.html#application
   * @default ApplicationTemplate.GENERIC (ApplicationTemplate.SHARED for `Shared`)
   */
  readonly template?: ApplicationTemplate;
}

/**
 * An AS3 Application. Its AS3 objects are its construct children; it may live anywhere in the tree
 * (under the construct that publishes it) and is rendered into its tenant's declaration.
 */
export class As3Application extends Construct implements IAs3Application {
  public readonly tenant: IAs3Tenant;
  public readonly applicationName: string;
  public readonly template: ApplicationTemplate;
  private readonly patches: JsonPatch[] = [];
  private readonly frontedResources: IConstruct[] = [];

  constructor(scope: Construct, id: string, props: As3ApplicationProps) {
    super(scope, checkId(scope, id));
    const checks: PropChecks = PropChecks.begin(this, props);
    try {
      this.tenant = checkReference(
        this,
        'tenant',
        props.tenant,
        isAs3Tenant,
        'the BigipPartition to declare the application in',
      );
      this.applicationName = checkString(this, 'name', props.name ?? id);
      const defaultTemplate =
        this.applicationName === 'Shared' ? ApplicationTemplate.SHARED : ApplicationTemplate.GENERIC;
      this.template = checkEnum(this, 'template', props.template ?? defaultTemplate, ApplicationTemplate);
    } catch (error) {
      checks.abort(error);
    }
    checks.end();
    validateAtSynth(this, As3Application.prototype.checkApplication);
  }

  /** The AS3 objects declared in this application, in declaration order. */
  public get objects(): As3Object[] {
    return this.node.children.filter((c): c is As3Object => c instanceof As3Object);
  }

  /**
   * Records a resource this application's virtuals send traffic to (a Kubernetes Service), so
   * deployment tools apply it first. It changes nothing in the declaration.
   */
  public addFrontedResource(resource: IConstruct): void {
    if (!this.frontedResources.includes(resource)) this.frontedResources.push(resource);
  }

  /** Resources recorded with `addFrontedResource`. */
  public get fronts(): readonly IConstruct[] {
    return this.frontedResources;
  }

  /** Escape hatch: RFC 6902 operations applied to this application's rendered JSON. */
  public addJsonPatch(...ops: JsonPatch[]): void {
    this.patches.push(...ops);
  }

  public render(): Record<string, unknown> {
    const json: Record<string, unknown> = { class: 'Application', template: this.template };
    for (const object of this.objects) json[object.name] = object.render();
    if (!this.patches.length) return json;
    try {
      return JsonPatch.apply(json, ...this.patches) as Record<string, unknown>;
    } catch (error) {
      fail(
        this,
        `'addJsonPatch' operations do not apply to the rendered application: ${(error as Error).message}`,
      );
    }
  }

  private checkApplication(): string[] {
    const errors: string[] = [];
    if (this.patches.length) {
      try {
        this.render();
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        errors.push(error.detail);
      }
    }
    const nameProblem = as3NameProblem('application', this.applicationName);
    if (nameProblem) errors.push(`'name' ${nameProblem}`);
    // A tenant renders the applications of its own stack only: elsewhere this one would silently vanish.
    const tenantStack = stackOf(this.tenant);
    if (tenantStack !== stackOf(this)) {
      errors.push(
        `'tenant' ${quote(this.tenant.tenantName)} is declared in stack ${quote(tenantStack.stackName)}, which renders it; declare the application in that stack`,
      );
    }
    if (this.tenant.tenantName === 'Common' && this.applicationName !== 'Shared') {
      errors.push(
        `tenant "Common" may hold only the "Shared" application, got ${quote(this.applicationName)}`,
      );
    }
    if (this.applicationName === 'Shared' && this.template !== ApplicationTemplate.SHARED) {
      errors.push(`the Shared application must use template "shared", got ${quote(this.template)}`);
    }
    const seen = new Map<string, As3Object>();
    for (const object of this.objects) {
      const first = seen.get(object.name);
      if (first)
        errors.push(
          `declares two objects named ${quote(object.name)}: [${first.node.path}] and [${object.node.path}]`,
        );
      else seen.set(object.name, object);
    }
    const serviceClass = SERVICE_MAIN_CLASS[this.template];
    const main = seen.get('serviceMain');
    if (this.template === ApplicationTemplate.GENERIC && main && main.as3Class !== 'Service_Generic') {
      errors.push(
        `template "generic" wants "serviceMain" to be a Service_Generic, got ${main.as3Class}; use template ${quote(TEMPLATE_OF[main.as3Class] ?? 'generic')} or name the service otherwise`,
      );
    }
    if (serviceClass) {
      if (!main)
        errors.push(
          `template ${quote(this.template)} needs an object named "serviceMain" of class ${serviceClass}`,
        );
      else if (main.as3Class !== serviceClass) {
        errors.push(
          `template ${quote(this.template)} needs "serviceMain" to be a ${serviceClass}, got ${main.as3Class}`,
        );
      }
    }
    return errors;
  }
}
brand(As3Application, 'As3Application');
