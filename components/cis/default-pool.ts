import type { IConstruct } from 'constructs';
import { BigipObjectKind, type BigipRef } from '../../lib/as3/inventory';
import { LoadBalancingMethod } from '../../lib/as3/load-balancing';
import { checkEnum, checkInteger, checkReference, report } from '../../lib/core/checks';
import type { VirtualServerDefaultPool } from '../../lib/k8s/cis';
import { checkCrdPattern } from '../../lib/k8s/cis-patterns';
import { isServiceBackend, type IServiceBackend } from '../workloads/service-backend';
import type { BigipReferences } from './bigip-references';
import { checkNamespaceReference } from './cis-publishing';
import {
  choosePort,
  cisMonitors,
  cisStaticMembers,
  ServiceDownAction,
  type CisPoolMonitor,
  type StaticPoolMemberOptions,
} from './pool-options';

/** The pool that takes requests no other pool matches (`defaultPool`): a Service or an existing BIG-IP pool. */
export interface DefaultPoolOptions {
  /**
   * The Service (`reference: service`); one of `service` and `bigipPool` is required.
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/virtualserver.html
   * @default - none; `bigipPool` must be set
   */
  readonly service?: IServiceBackend;
  /**
   * An existing BIG-IP pool (`reference: bigip`, `BigipRef.pool('/Common/…')`), in the device's inventory.
   * @see https://clouddocs.f5.com/containers/latest/userguide/crd/virtualserver.html
   * @default - none; `service` must be set
   */
  readonly bigipPool?: BigipRef;
  /**
   * The Service port, by number.
   * @default - the Service's first port
   */
  readonly servicePort?: number;
  /**
   * The Service port, by name; excludes `servicePort`.
   * @default - by number
   */
  readonly servicePortName?: string;
  /**
   * Name of the pool CIS creates for the Service.
   * @default - CIS derives it
   */
  readonly poolName?: string;
  /**
   * Load-balancing method.
   * @default - CIS default (round-robin)
   */
  readonly loadBalancingMethod?: LoadBalancingMethod;
  /**
   * Only nodes with this `key=value` label become NodePort members.
   * @default - every node
   */
  readonly nodeMemberLabel?: string;
  /**
   * Monitors (created by CIS, or BIG-IP monitors by reference; udp allowed here).
   * @default - none
   */
  readonly monitors?: CisPoolMonitor[];
  /**
   * How often BIG-IP picks another member when one fails.
   * @default - BIG-IP default (0)
   */
  readonly reselectTries?: number;
  /**
   * What BIG-IP does with connections of a member that went down.
   * @default - BIG-IP default (none)
   */
  readonly serviceDownAction?: ServiceDownAction;
  /**
   * Members by address.
   * @default - none
   */
  readonly staticPoolMembers?: StaticPoolMemberOptions[];
}

/** Renders `defaultPool`; the Service it names (if any) is returned for dependencies and checks. */
export function renderDefaultPool(
  scope: IConstruct,
  options: DefaultPoolOptions,
  refs: BigipReferences,
  namespace: string,
): { rendered: VirtualServerDefaultPool; service?: IServiceBackend } {
  const p = 'defaultPool.';
  if ((options.service === undefined) === (options.bigipPool === undefined)) {
    report(scope, `'defaultPool' needs exactly one of 'service' and 'bigipPool'`);
  }
  const service =
    options.service === undefined
      ? undefined
      : checkReference(
          scope,
          `${p}service`,
          options.service,
          isServiceBackend,
          'a Service construct or ServiceRef',
        );
  if (service && service.namespace !== namespace)
    checkNamespaceReference(scope, `${p}service`, service.namespace, 'resource');
  const port = service
    ? choosePort(scope, p, service, options.servicePort, options.servicePortName)
    : undefined;
  const bigip = refs.one(`${p}bigipPool`, options.bigipPool, BigipObjectKind.POOL);
  return {
    service,
    rendered: {
      reference: service ? 'service' : 'bigip',
      name:
        bigip ??
        (options.poolName === undefined
          ? undefined
          : checkCrdPattern(
              scope,
              `${p}poolName`,
              options.poolName,
              'virtualServerName',
              'a pool name starting with a letter',
            )),
      service: service?.serviceName,
      servicePort: port?.wire,
      serviceNamespace: service ? service.namespace : undefined,
      loadBalancingMethod:
        options.loadBalancingMethod === undefined
          ? undefined
          : checkEnum(scope, `${p}loadBalancingMethod`, options.loadBalancingMethod, LoadBalancingMethod),
      nodeMemberLabel: options.nodeMemberLabel,
      monitors: cisMonitors(scope, `${p}monitors`, options.monitors, refs),
      reselectTries:
        options.reselectTries === undefined
          ? undefined
          : checkInteger(scope, `${p}reselectTries`, options.reselectTries, 0, 65535),
      serviceDownAction:
        options.serviceDownAction === undefined
          ? undefined
          : checkEnum(scope, `${p}serviceDownAction`, options.serviceDownAction, ServiceDownAction),
      staticPoolMembers: cisStaticMembers(scope, `${p}staticPoolMembers`, options.staticPoolMembers),
    },
  };
}
