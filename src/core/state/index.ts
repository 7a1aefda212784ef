/** The state store and its read-side types in one import. */
export * from './cluster-state.js';
export * from './store.js';
export * from './freshness-timer.js';
export * from './wait-for-state.js';
