/**
 * BIG-IP pool load-balancing methods (AS3 `Pool.loadBalancingMode`, CIS `loadBalancingMethod`).
 * @see https://clouddocs.f5.com/products/extensions/f5-appsvcs-extension/latest/refguide/schema-reference.html#pool
 */
export enum LoadBalancingMethod {
  DYNAMIC_RATIO_MEMBER = 'dynamic-ratio-member',
  DYNAMIC_RATIO_NODE = 'dynamic-ratio-node',
  FASTEST_APP_RESPONSE = 'fastest-app-response',
  FASTEST_NODE = 'fastest-node',
  LEAST_CONNECTIONS_MEMBER = 'least-connections-member',
  LEAST_CONNECTIONS_NODE = 'least-connections-node',
  LEAST_SESSIONS = 'least-sessions',
  OBSERVED_MEMBER = 'observed-member',
  OBSERVED_NODE = 'observed-node',
  PREDICTIVE_MEMBER = 'predictive-member',
  PREDICTIVE_NODE = 'predictive-node',
  RATIO_LEAST_CONNECTIONS_MEMBER = 'ratio-least-connections-member',
  RATIO_LEAST_CONNECTIONS_NODE = 'ratio-least-connections-node',
  RATIO_MEMBER = 'ratio-member',
  RATIO_NODE = 'ratio-node',
  RATIO_SESSION = 'ratio-session',
  ROUND_ROBIN = 'round-robin',
  WEIGHTED_LEAST_CONNECTIONS_MEMBER = 'weighted-least-connections-member',
  WEIGHTED_LEAST_CONNECTIONS_NODE = 'weighted-least-connections-node',
}
