import { ApiObject, type ApiObjectMetadata, type GroupVersionKind } from 'cdk8s';
import type { Construct } from 'constructs';

/**
 * The part of VKS/TKG's `AntreaConfig` (`cni.tanzu.vmware.com/v1alpha1`) this tool manages.
 * Note the key is `nodePortLocal.enabled` (the agent's own antrea-agent.conf says `enable`).
 * @see https://github.com/vmware-tanzu/tanzu-framework/blob/main/apis/cni/v1alpha1/antreaconfig_types.go
 */
export interface AntreaConfigSpec {
  readonly antrea: {
    readonly config: {
      readonly featureGates?: { readonly NodePortLocal?: boolean } & Record<string, boolean | undefined>;
      readonly nodePortLocal?: { readonly enabled: boolean; readonly portRange?: string };
    } & Record<string, unknown>;
  };
}

export interface AntreaConfigProps {
  readonly metadata?: ApiObjectMetadata;
  readonly spec: AntreaConfigSpec;
}

/** Antrea package configuration of one VKS cluster, applied in its Supervisor (vSphere) namespace. */
export class AntreaConfig extends ApiObject {
  public static readonly GVK: GroupVersionKind = {
    apiVersion: 'cni.tanzu.vmware.com/v1alpha1',
    kind: 'AntreaConfig',
  };

  constructor(scope: Construct, id: string, props: AntreaConfigProps) {
    super(scope, id, { ...AntreaConfig.GVK, metadata: props.metadata, spec: props.spec });
  }
}
