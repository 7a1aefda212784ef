/** The domain model in one import: services, tasks, plans, health, hosts, compositions, events. */
export * from './health.js';
export * from './service.js';
export * from './task.js';
export * from './plan.js';
export * from './resources.js';
export * from './composition.js';
export * from './action.js';
export * from './backend-event.js';
export * from './actor.js';
export * from './status-glyphs.js';
