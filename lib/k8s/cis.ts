import { ApiObject, type ApiObjectMetadata, type GroupVersionKind } from 'cdk8s';
import type { Construct } from 'constructs';
import type {
  ExternalDNSSpec,
  IngressLinkSpec,
  PolicySpec,
  TLSProfileSpec,
  TransportServerSpec,
  VirtualServerSpec,
} from './cis-types';

export * from './cis-types';

/** The label CIS selects custom resources by (`--custom-resource-label` default `f5cr in (true)`). */
export const CIS_CUSTOM_RESOURCE_LABEL = { f5cr: 'true' } as const;

export interface CisResourceProps<Spec> {
  readonly metadata?: ApiObjectMetadata;
  readonly spec: Spec;
}

/** Base of the typed CIS custom resources: the spec is rendered as given (cdk8s Lazy values resolve). */
abstract class CisResource<Spec> extends ApiObject {
  protected constructor(scope: Construct, id: string, gvk: GroupVersionKind, props: CisResourceProps<Spec>) {
    // Named fields, not a spread of `gvk`: one spread site over many GVK objects goes megamorphic and V8
    // then gives every props object its own hidden class (about 300 bytes each).
    super(scope, id, {
      apiVersion: gvk.apiVersion,
      kind: gvk.kind,
      metadata: props.metadata,
      spec: props.spec,
    });
  }
}

/** `cis.f5.com/v1` VirtualServer: an L7 virtual on the BIG-IP that CIS builds from Services. */
export class VirtualServer extends CisResource<VirtualServerSpec> {
  public static readonly GVK: GroupVersionKind = { apiVersion: 'cis.f5.com/v1', kind: 'VirtualServer' };

  constructor(scope: Construct, id: string, props: CisResourceProps<VirtualServerSpec>) {
    super(scope, id, VirtualServer.GVK, props);
  }
}

/** `cis.f5.com/v1` TLSProfile: client/server SSL profiles a VirtualServer references by name. */
export class TLSProfile extends CisResource<TLSProfileSpec> {
  public static readonly GVK: GroupVersionKind = { apiVersion: 'cis.f5.com/v1', kind: 'TLSProfile' };

  constructor(scope: Construct, id: string, props: CisResourceProps<TLSProfileSpec>) {
    super(scope, id, TLSProfile.GVK, props);
  }
}

/** `cis.f5.com/v1` TransportServer: an L4 (TCP/UDP/SCTP) virtual. */
export class TransportServer extends CisResource<TransportServerSpec> {
  public static readonly GVK: GroupVersionKind = { apiVersion: 'cis.f5.com/v1', kind: 'TransportServer' };

  constructor(scope: Construct, id: string, props: CisResourceProps<TransportServerSpec>) {
    super(scope, id, TransportServer.GVK, props);
  }
}

/** `cis.f5.com/v1` Policy: profiles, policies and pool settings virtuals reference by name (`policyName`). */
export class Policy extends CisResource<PolicySpec> {
  public static readonly GVK: GroupVersionKind = { apiVersion: 'cis.f5.com/v1', kind: 'Policy' };

  constructor(scope: Construct, id: string, props: CisResourceProps<PolicySpec>) {
    super(scope, id, Policy.GVK, props);
  }
}

/** `cis.f5.com/v1` IngressLink: an L4 virtual in front of NGINX Ingress Controller (proxy protocol). */
export class IngressLink extends CisResource<IngressLinkSpec> {
  public static readonly GVK: GroupVersionKind = { apiVersion: 'cis.f5.com/v1', kind: 'IngressLink' };

  constructor(scope: Construct, id: string, props: CisResourceProps<IngressLinkSpec>) {
    super(scope, id, IngressLink.GVK, props);
  }
}

/** `cis.f5.com/v1` ExternalDNS: a BIG-IP DNS (GTM) WideIP with pools of data-server virtuals. */
export class ExternalDNS extends CisResource<ExternalDNSSpec> {
  public static readonly GVK: GroupVersionKind = { apiVersion: 'cis.f5.com/v1', kind: 'ExternalDNS' };

  constructor(scope: Construct, id: string, props: CisResourceProps<ExternalDNSSpec>) {
    super(scope, id, ExternalDNS.GVK, props);
  }
}
