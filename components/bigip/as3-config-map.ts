import { Lazy } from 'cdk8s';
import { k8s } from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import {
  configMapMarker,
  declarationId,
  findSecretMaterial,
  renderAs3Request,
} from '../../lib/as3/declaration';
import { registerArtifactSource, type IArtifactSource, type SynthContext } from '../../lib/core/artifacts';
import { toCanonicalJson } from '../../lib/core/canonical';
import { checkDnsLabel, checkDnsSubdomain, fail } from '../../lib/core/checks';
import { quote, ValidationError } from '../../lib/core/errors';
import { Names } from '../../lib/core/names';
import { Stack } from '../../lib/core/stack';
import { PartitionOwner, registerAs3ConfigMapPoster, type IBigipPartition } from './bigip-partition';
import type { CisController } from '../cis/cis-controller';
import { VksCluster } from '../workloads/vks-cluster';

export interface As3ConfigMapProps {
  /**
   * The CIS instance that posts the declaration. It must run its legacy controller
   * (`customResourceMode: false`): in custom-resource mode CIS does not watch ConfigMaps.
   * @see https://clouddocs.f5.com/containers/latest/userguide/config-map.html
   */
  readonly controller: CisController;

  /** The tenant the ConfigMap declares; its owner must be PartitionOwner.CIS_AS3_CONFIGMAP. */
  readonly partition: IBigipPartition;

  /**
   * Namespace of the ConfigMap.
   * @default - the controller's namespace
   */
  readonly namespace?: string;

  /**
   * Name of the ConfigMap.
   * @default - generated from the construct path
   */
  readonly name?: string;
}

/** Labels CIS selects AS3 ConfigMaps by. */
export const AS3_CONFIGMAP_LABELS = { f5type: 'virtual-server', as3: 'true' } as const;

/**
 * An AS3 ConfigMap (seed 004, the NGINX 2-tier pattern): CIS posts the declaration in `data.template`,
 * filling the members of pools that BigipVirtualServer marked for discovery from Services labelled
 * `cis.f5.com/as3-tenant/-app/-pool`. The declaration holds the partition's applications.
 */
export class As3ConfigMap extends Construct implements IArtifactSource {
  public readonly cluster: VksCluster;
  public readonly controller: CisController;
  public readonly partition: IBigipPartition;
  /** The raw ConfigMap, for escape hatches (`addJsonPatch`). */
  public readonly configMap: k8s.KubeConfigMap;

  constructor(scope: Construct, id: string, props: As3ConfigMapProps) {
    super(scope, id);
    this.cluster = VksCluster.enclosing(this);
    if (!props.controller)
      fail(this, `'controller' is required: the CisController that posts the declaration`);
    if (!props.partition) fail(this, `'partition' is required: the tenant the ConfigMap declares`);
    this.controller = props.controller;
    this.partition = props.partition;
    if (this.partition.owner !== PartitionOwner.CIS_AS3_CONFIGMAP) {
      fail(
        this,
        `'partition' ${quote(this.partition.partitionName)} has owner ${this.partition.owner}; an AS3 ConfigMap needs owner PartitionOwner.CIS_AS3_CONFIGMAP`,
      );
    }
    const namespace = checkDnsLabel(this, 'namespace', props.namespace ?? this.controller.namespace);
    const name = checkDnsSubdomain(
      this,
      'name',
      props.name ?? Names.toDnsLabel(this, { relativeTo: this.cluster }),
    );
    registerAs3ConfigMapPoster(this, this.partition);

    const namespaceObject = this.cluster.ensureNamespace(namespace);
    this.configMap = new k8s.KubeConfigMap(this, 'Resource', {
      metadata: { name, namespace, labels: { ...AS3_CONFIGMAP_LABELS } },
      // Rendered at synth time, once every application of the partition has been declared.
      data: {
        template: Lazy.any({ produce: () => toCanonicalJson(this.renderDeclaration()) }) as unknown as string,
      },
    });
    if (namespaceObject) this.configMap.node.addDependency(namespaceObject);
    this.node.addValidation({ validate: () => this.checkPosting() });
    registerArtifactSource(this);
  }

  /** A review copy of the declaration next to the stack-owned ones; the index says CIS posts it. */
  public renderArtifacts(context: SynthContext): void {
    const { device, partitionName } = this.partition;
    const file = `bigip/${device.deviceName}/${partitionName}.as3.json`;
    context.addFile(file, toCanonicalJson(this.renderDeclaration()), this);
    context.addIndexEntry('declarations', {
      name: `${device.deviceName}/${partitionName}`,
      device: device.deviceName,
      url: device.url,
      tenant: partitionName,
      file,
      id: declarationId(Stack.of(this).stackName, device.deviceName, partitionName),
      label: configMapMarker(Stack.of(this).stackName),
      owner: PartitionOwner.CIS_AS3_CONFIGMAP,
      postedBy: this.controller.node.path,
    });
  }

  /** The AS3 request body CIS will post. */
  public renderDeclaration(): Record<string, unknown> {
    const stack = Stack.of(this);
    // The secret check, the ConfigMap and the review copy all use it: rendered once per synthesis.
    return stack.memoize(this, () =>
      renderAs3Request({
        tenant: this.partition,
        applications: this.partition.applications,
        label: configMapMarker(stack.stackName),
        remark: 'posted by CIS from an AS3 ConfigMap rendered by vks-bigip',
        stackName: stack.stackName,
      }),
    );
  }

  private checkPosting(): string[] {
    const errors: string[] = [];
    const c = this.controller;
    if (c.cluster !== this.cluster)
      errors.push(
        `'controller' [${c.node.path}] runs in another cluster; CIS reads ConfigMaps of its own cluster`,
      );
    if (c.customResourceMode) {
      errors.push(
        `'controller' [${c.node.path}] runs in custom-resource mode, which does not watch AS3 ConfigMaps; use a CisController with customResourceMode: false`,
      );
    }
    if (this.partition.device !== c.device) {
      errors.push(
        `'partition' ${quote(this.partition.partitionName)} is on device ${this.partition.device.deviceName}, but the controller targets ${c.device.deviceName}`,
      );
    }
    const cisPartitions = [c.partition, ...c.allowedPartitions].map((p) => p.partitionName);
    const reserved = cisPartitions.flatMap((p) => [p, `${p}_AS3`]);
    if (reserved.includes(this.partition.partitionName)) {
      errors.push(
        `'partition' ${quote(this.partition.partitionName)} is managed by CIS itself; CIS rejects an AS3 ConfigMap using it as a tenant`,
      );
    }
    let body: Record<string, unknown>;
    try {
      body = this.renderDeclaration();
    } catch (error) {
      if (error instanceof ValidationError) return errors; // an application's patch, reported by it
      throw error;
    }
    for (const pointer of findSecretMaterial(body)) {
      errors.push(
        `the declaration carries secret material at ${pointer}; reference keys with BigipRef instead`,
      );
    }
    return errors;
  }
}
