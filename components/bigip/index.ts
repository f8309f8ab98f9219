export * from './as3-config-map';
export * from './bigip-device';
export {
  BigipPartition,
  PartitionOwner,
  type BigipPartitionProps,
  type IBigipPartition,
} from './bigip-partition';
export * from './bigip-virtual-server';
