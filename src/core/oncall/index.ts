/** On-call in one import: config schema, schedules and zone math, routing, the step function and the pager. */
export * from './config.js';
export * from './schedule.js';
export * from '../time/zoned-time.js';
export * from './routing.js';
export * from './escalation-step.js';
export * from './page-record.js';
export * from './pager.js';
export * from './outbox-dispatcher.js';
