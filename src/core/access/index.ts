/** Authorization in one import: config schema and the gate. */
export * from './access-config.js';
export * from './access-gate.js';
