/** The Slack bot's public surface for the composition root. */
export { createSlackBot, type SlackBot, type SlackBotOptions } from './create-slack-bot.js';
export { slackConfigSchema, resolveSlackSecrets, DEFAULT_SLACK_API_URL, type SlackConfig, type SlackSecrets } from './slack-config.js';
export type * from './ports.js';
export { parseCommandText, type ParsedCommand, type ParseResult } from './command-parser.js';
export { sqlitePageCopyStore } from './sqlite-page-copy-store.js';
export { memoryPageCopyStore, type PageCopyStore } from './page-copies.js';
