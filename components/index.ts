/** The user-facing constructs, grouped by what writes the object. */
export * from './bigip';
export * from './cis';
export * from './gitops';
export * from './multicluster';
export * from './networking';
export * from './workloads';
