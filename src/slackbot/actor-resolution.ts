/**
 * Maps the Slack user behind a click or command to an opsdeck actor; unknown
 * users are refused here, told why, and the refusal is handed to the audit trail.
 */
import type { Actor } from '../core/model/actor.js';
import { toOpsdeckError } from '../core/errors.js';
import type { BotContext } from './bot-context.js';
import type { ReplyTarget } from './delivery/messenger.js';
import { section } from './render/block-limits.js';

/** The actor for a Slack user, or undefined after telling them (and the audit log) they may not act. */
export async function actorOrDeny(ctx: BotContext, target: ReplyTarget, attempted: string): Promise<Actor | undefined> {
  const actor = await ctx.actors.resolve(target.userId);
  if (actor !== undefined) return { ...actor, source: 'slack', externalId: target.userId };
  await ctx.commands.reportDenied({ slackUserId: target.userId, attempted, reason: 'Slack user is not mapped to an opsdeck user', source: 'slack' }).catch((error: unknown) => {
    ctx.logger.log('error', 'Could not audit a refused Slack user', { slackUserId: target.userId, error: toOpsdeckError(error).message });
  });
  const text = `:no_entry: You are not allowed to ${attempted}: your Slack account is not mapped to an opsdeck user. Ask an opsdeck admin to add your Slack id (${target.userId}).`;
  await ctx.messenger.reply(target, { text, blocks: [section(text)] });
  return undefined;
}
