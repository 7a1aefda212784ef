/** Alerting in one import: the factory, config schemas, ports, the alert model and the webhook parser. */
export * from './alert.js';
export * from './config.js';
export * from './ports.js';
export * from './create-alerting.js';
export * from './alertmanager.js';
export * from './matchers.js';
export * from '../time/duration.js';
export { oncallConfigSchema, type OncallConfig } from '../oncall/config.js';
export type { Notifier, PageMessage, DeliveryResult, Recipient } from '../notify/notifier.js';
export { LogNotifier } from '../notify/log-notifier.js';
