/**
 * vks-bigip: typed constructs that synthesize Kubernetes manifests and BIG-IP AS3 declarations for VMware
 * VKS clusters behind F5 BIG-IP. This entry point holds the public API; `vks-bigip/testing`,
 * `vks-bigip/simulator`, `vks-bigip/bigip` and `vks-bigip/pulumi` serve other audiences.
 */
export { Annotations, type Warning } from './core/annotations';
export type { IArtifactSource, ICollector, SynthContext } from './core/artifacts';
export { App, type AppProps } from './core/app';
export { SynthError, ValidationError, type SynthProblem } from './core/errors';
export { Names, type NameOptions } from './core/names';
export { Rule, RuleSeverity, renderRuleCatalogue, type RuleDefinition } from './core/rules';
export { Stack, type StackProps } from './core/stack';
export {
  synthesizeApp,
  synthesizeStack,
  type AppOutput,
  type StackOutput,
  type SynthesizeAppOptions,
} from './core/synth';
export type * from './core/records';
export * from './as3';
export * from '../components';
export { ManifestChart, type ManifestChartProps } from './k8s/manifest-chart';
/** The raw CIS custom resources (`cis.f5.com/v1`) the constructs render, for escape hatches. */
export * as cis from './k8s/cis';
/** The raw Antrea objects the constructs render, for escape hatches. */
export * as antrea from './k8s/antrea';
/** The raw Calico BGP objects CalicoBgpPeering renders, for escape hatches. */
export * as calico from './k8s/calico';
/** The raw Cilium BGP objects CiliumBgpPeering renders, for escape hatches. */
export * as cilium from './k8s/cilium';
