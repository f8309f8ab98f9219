/**
 * The typed Kubernetes API objects of cdk8s-plus-34 (its `k8s` export), loaded without the rest of
 * cdk8s-plus: its L2 constructs are not used here, and loading them costs about 30 ms at every start.
 */
export * as k8s from 'cdk8s-plus-34/lib/imports/k8s';
