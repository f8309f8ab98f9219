import { k8s } from '../../lib/k8s/kube-api';
import { Construct } from 'constructs';
import { brand } from '../../lib/core/brand';
import { toCanonicalJson } from '../../lib/core/canonical';
import {
  checkDnsLabel,
  checkDnsSubdomain,
  checkId,
  checkReference,
  PropChecks,
  report,
} from '../../lib/core/checks';
import { quote } from '../../lib/core/errors';
import { Names } from '../../lib/core/names';
import { CisController } from '../cis/cis-controller';
import {
  isBigipPartition,
  PartitionOwner,
  type IAs3DeclarationPoster,
  type IBigipPartition,
} from './bigip-partition';
import { VksCluster } from '../workloads/vks-cluster';
import { renderLazily, validateAtSynth } from '../../lib/core/deferred';

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
export class As3ConfigMap extends Construct implements IAs3DeclarationPoster {
  public readonly cluster: VksCluster;
  public readonly controller: CisController;
  public readonly partition: IBigipPartition;
  public readonly namespace: string;
  public readonly configMapName: string;
  /** The raw ConfigMap, for escape hatches (`addJsonPatch`). */
  public readonly configMap: k8s.KubeConfigMap;

  constructor(scope: Construct, id: string, props: As3ConfigMapProps) {
    super(scope, checkId(scope, id));
    this.cluster = VksCluster.enclosing(this);
    const checks: PropChecks = PropChecks.begin(this, props);
    try {
      this.controller = checkReference(
        this,
        'controller',
        props.controller,
        (x): x is CisController => x instanceof CisController,
        'the CisController that posts the declaration',
      );
      this.partition = checkReference(
        this,
        'partition',
        props.partition,
        isBigipPartition,
        'the BigipPartition the ConfigMap declares',
      );
      if (this.partition.owner !== PartitionOwner.CIS_AS3_CONFIGMAP) {
        report(
          this,
          `'partition' ${quote(this.partition.partitionName)} has owner ${this.partition.owner}; an AS3 ConfigMap needs owner PartitionOwner.CIS_AS3_CONFIGMAP`,
        );
      }
      this.namespace = checkDnsLabel(this, 'namespace', props.namespace ?? this.controller.namespace);
      this.configMapName = checkDnsSubdomain(
        this,
        'name',
        props.name ?? Names.toDnsLabel(this, { relativeTo: this.cluster }),
      );
    } catch (error) {
      checks.abort(error);
    }
    checks.end();
    this.partition.postThrough(this);

    // Created here; the manifest collector applies every object after its Namespace (no explicit edge:
    // one dependency set per object costs about 150 bytes at fleet scale).
    this.cluster.ensureNamespace(this.namespace);
    this.configMap = new k8s.KubeConfigMap(this, 'Resource', {
      metadata: { name: this.configMapName, namespace: this.namespace, labels: { ...AS3_CONFIGMAP_LABELS } },
      // The partition renders the declaration, at synth time, once every application has been declared.
      data: {
        template: renderLazily(this, As3ConfigMap.prototype.renderTemplate),
      },
    });
    validateAtSynth(this, As3ConfigMap.prototype.checkPosting);
  }

  private renderTemplate(): string {
    return toCanonicalJson(this.partition.renderDeclaration());
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
    return errors;
  }
}
brand(As3ConfigMap, 'As3ConfigMap');
