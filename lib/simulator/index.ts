/** The local AS3 simulator: `startSimulator()` and its types. */
export { startSimulator, DEFAULT_FAULTS } from './server';
export { LOCK_BUSY_MESSAGE } from './as3-engine';
export { PROTECTED_F5SV, PROTECTED_NONE } from './secrets';
export { MAX_TASK_RECORDS } from './tasks';
export type { JsonObject } from './declaration-util';
export type {
  DeviceInventory,
  FaultOptions,
  RequestLogEntry,
  RunningSimulator,
  SimulatorFaults,
  SimulatorOptions,
  SimulatorTlsOptions,
  TaskSummary,
} from './types';
