export * from './cluster-network';
export { type IPodRouteProvider, type PodRoute, podRoutesOf, registerPodRouteProvider } from './pod-routes';
