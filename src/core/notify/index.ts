/** Notification in one import: the Notifier port, the page message, the log notifier and the text renderer. */
export * from './notifier.js';
export * from './log-notifier.js';
export * from './render-page.js';
