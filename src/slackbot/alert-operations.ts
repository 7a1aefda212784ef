/**
 * Acknowledge, resolve and silence, from a page button or the slash command:
 * run once per person and alert, through the alert pipeline as the Slack user,
 * then update every copy of the page so nobody keeps getting paged in the dark.
 */
import { toOpsdeckError } from '../core/errors.js';
import type { BotContext } from './bot-context.js';
import { actorOrDeny } from './actor-resolution.js';
import type { ReplyTarget } from './delivery/messenger.js';
import { updatePage } from './page-service.js';
import type { AlertOpResult } from './ports.js';
import { escapeMrkdwn, section } from './render/block-limits.js';
import { renderFailure } from './render/command-replies.js';

/** One alert operation. */
export type AlertOperation = { op: 'ack' } | { op: 'resolve' } | { op: 'silence'; durationMs: number; reason?: string };

const VERB = { ack: 'acknowledge', resolve: 'resolve', silence: 'silence' } as const;

function formatDuration(ms: number): string {
  if (ms % 86_400_000 === 0) return `${ms / 86_400_000}d`;
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  return `${Math.round(ms / 1000)}s`;
}

/** Runs an alert operation for a Slack user and reflects it on every copy of the page. */
export async function runAlertOperation(ctx: BotContext, alertId: string, operation: AlertOperation, reply: ReplyTarget, key: string): Promise<void> {
  const attempted = `${VERB[operation.op]} alert ${alertId}`;
  const actor = await actorOrDeny(ctx, reply, attempted);
  if (actor === undefined) return;
  const { result, duplicate } = ctx.once.run(`alert:${key}`, () => {
    switch (operation.op) {
      case 'ack':
        return ctx.alerts.ack(alertId, actor);
      case 'resolve':
        return ctx.alerts.resolve(alertId, actor);
      case 'silence':
        return ctx.alerts.silence(alertId, { actor, durationMs: operation.durationMs, ...(operation.reason === undefined ? {} : { reason: operation.reason }) });
    }
  });
  if (duplicate) return;
  let answer: AlertOpResult;
  try {
    answer = (await result) as AlertOpResult;
  } catch (error) {
    const failure = toOpsdeckError(error);
    await ctx.messenger.reply(reply, renderFailure(attempted, failure.message, failure.hint));
    return;
  }
  if (!answer.ok) {
    const text = `:no_entry: Could not ${attempted}: ${escapeMrkdwn(answer.message)}`;
    await ctx.messenger.reply(reply, { text, blocks: [section(text)] });
    return;
  }
  const by = { slackUserId: reply.userId, name: actor.name };
  const state = operation.op === 'ack' ? 'acknowledged' : operation.op === 'resolve' ? 'resolved' : 'silenced';
  const note = operation.op === 'silence' ? `for ${formatDuration(operation.durationMs)}${operation.reason ? ` (${operation.reason})` : ''}` : undefined;
  if (ctx.copies.get(alertId) !== undefined) {
    await updatePage(ctx, alertId, { state, by, ...(note === undefined ? {} : { note }) });
  } else {
    const text = `:white_check_mark: ${escapeMrkdwn(answer.message)}`;
    await ctx.messenger.reply(reply, { text, blocks: [section(text)] });
  }
}
