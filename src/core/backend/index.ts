/** The backend port, its capability interfaces and the runner, in one import. */
export * from './port.js';
export * from './capabilities.js';
export * from './run-backend.js';
export * from './idempotency-ledger.js';
