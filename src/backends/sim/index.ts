/** The simulated DC/OS cluster in one import: start it, inject faults, choose chaos. */
export { startSimulatedCluster, type SimulatedCluster, type SimulatedClusterOptions } from './simulated-cluster.js';
export type { SimFaults } from './faults.js';
export type { ChaosMode } from './chaos.js';
export type { CorruptionMode, SimApi } from './http-util.js';
