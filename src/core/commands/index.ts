/** The guarded command engine in one import. */
export * from './approval-flow.js';
export * from './authorize-and-audit.js';
export * from './command.js';
export * from './command-hash.js';
export * from './command-result.js';
export * from './command-storage-port.js';
export * from './command-validation.js';
export * from './confirmation-policy.js';
export * from './engine.js';
export type { CommandEngineOptions } from './engine-context.js';
export * from './execute-command.js';
export * from './guards/index.js';
export * from './preview.js';
export * from './resolve-target.js';
export * from './verify-outcome.js';
export * from './command-storage.js';
export * from './commands-config.js';
export * from './preview-lines.js';
