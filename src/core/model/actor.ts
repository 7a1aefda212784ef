/**
 * The person (or automation) behind a command or an alert action, as every
 * front end maps it: an OS user for the CLI, a Slack user, a ws token owner.
 */

/** Where a command came from. */
export type CommandSource = 'tui' | 'slack' | 'cli' | 'api' | 'automation';

/** An authenticated identity; authorization decides what it may do per tenant. */
export interface Actor {
  /** Stable opsdeck actor id from config (e.g. "alice"). */
  id: string;
  /** Display name. */
  name: string;
  source: CommandSource;
  /** The front end's own id for the person (Slack user id, OS user name, token id). */
  externalId?: string;
}
