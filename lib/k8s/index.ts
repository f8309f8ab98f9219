export * from './antrea';
export * from './cis';
export * from './manifest-chart';
export * from './manifest-collector';
