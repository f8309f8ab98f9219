export * from './as3-config-map';
export { BigipDevice, type BigipDeviceProps, type IBigipDevice } from './bigip-device';
export {
  BigipPartition,
  PartitionOwner,
  type BigipPartitionProps,
  type IAs3DeclarationPoster,
  type IBigipPartition,
} from './bigip-partition';
export * from './bigip-virtual-server';
export { NetOpsPolicy, type NetOpsGrant, type NetOpsPolicyProps } from './netops-policy';
