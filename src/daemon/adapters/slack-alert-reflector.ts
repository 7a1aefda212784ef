/**
 * Keeps every Slack copy of a page true to the alert: an acknowledgement or a
 * resolution made anywhere (CLI, TUI, API, the condition clearing, a sibling
 * alert acknowledged with its page) is drawn on every copy, once.
 */
import type { Alert, Alerting } from '../../core/alerts/index.js';
import { toOpsdeckError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import type { SlackBot } from '../../slackbot/index.js';
import type { ActorMention } from './slack-actor-mention.js';
import type { AlertReflections } from './slack-alert-reflections.js';

/** A running reflector. */
export interface SlackAlertReflector {
  /** Unsubscribes and waits for updates already started. */
  stop(): Promise<void>;
  /** Resolves once every update started so far has finished (tests, shutdown). */
  idle(): Promise<void>;
}

/** Subscribes to alert changes and mirrors acks and resolutions onto the bot's page copies. */
export function slackAlertReflector(
  alerting: Pick<Alerting, 'onAlertChange'>,
  bot: Pick<SlackBot, 'updatePage'>,
  options: { reflections: AlertReflections; mention: (actorId: string | undefined) => ActorMention; logger: Logger },
): SlackAlertReflector {
  const pending = new Set<Promise<void>>();
  const reflect = (alert: Alert): void => {
    if (!options.reflections.transition(alert.id, alert.state)) return;
    const update =
      alert.state === 'acknowledged'
        ? { state: 'acknowledged' as const, by: options.mention(alert.acknowledgedBy) }
        : { state: 'resolved' as const, by: options.mention(alert.resolvedBy) };
    const work = bot.updatePage(alert.id, update).catch((error: unknown) => {
      options.logger.log('warn', 'Could not reflect an alert change on Slack', { alert: alert.id, state: alert.state, error: toOpsdeckError(error).message });
    });
    pending.add(work);
    void work.finally(() => pending.delete(work));
  };
  const unsubscribe = alerting.onAlertChange(reflect);
  const idle = async (): Promise<void> => {
    while (pending.size > 0) await Promise.allSettled([...pending]);
  };
  return {
    async stop() {
      unsubscribe();
      await idle();
    },
    idle,
  };
}
