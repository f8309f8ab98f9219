export * from './cluster-network';
export { type IPodRouteProvider, type PodRoute, podRoutesOf, registerPodRouteProvider } from './pod-routes';
export * from './bigip-network';
export { CalicoApiVersion, CalicoBgpPeering, type CalicoBgpPeeringProps } from './calico-bgp-peering';
export { CILIUM_PREREQUISITES, CiliumBgpPeering, type CiliumBgpPeeringProps } from './cilium-bgp-peering';
