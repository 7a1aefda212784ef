/** The audit log in one import. */
export * from './audit-entry.js';
export * from './audit-log.js';
export * from './audit-store-port.js';
export * from './canonical-json.js';
export * from './verify-chain.js';
