/**
 * Runs a guarded command for a Slack user — from a slash command, a page
 * button, a confirmation prompt or a modal — exactly once per identity, and
 * shows the engine's answer where the person and the page can see it.
 */
import { toOpsdeckError } from '../core/errors.js';
import type { BotContext } from './bot-context.js';
import type { CommandButtonValue } from './action-value.js';
import { actorOrDeny } from './actor-resolution.js';
import type { ReplyTarget } from './delivery/messenger.js';
import { threadFollowUp, updatePage } from './page-service.js';
import type { CommandResult, Confirmation } from './ports.js';
import { describeCommand, renderCommandResult, renderConfirmationPrompt, renderFailure, resultLine } from './render/command-replies.js';
import { renderApprovalCard } from './render/approval-card.js';
import { followUpBlocks } from './render/follow-up-buttons.js';

/** One request to run a command. */
export interface RunCommandInput {
  value: CommandButtonValue;
  reply: ReplyTarget;
  /** Identity of the action (same click, same envelope → same key). */
  idempotencyKey: string;
  confirmation?: Confirmation;
  reason?: string;
}

async function postApproval(ctx: BotContext, input: RunCommandInput, result: Extract<CommandResult, { status: 'pending-approval' }>, description: string): Promise<void> {
  const channel = ctx.config.approversChannel;
  if (channel === undefined) {
    ctx.logger.log('warn', 'A command needs approval but slack.approversChannel is not set', { requestId: result.requestId });
    return;
  }
  if (ctx.approvals.has(result.requestId)) return;
  const card = {
    requestId: result.requestId,
    description,
    requestedBy: `<@${input.reply.userId}>`,
    preview: result.preview ?? [],
    ...(input.reason === undefined ? {} : { reason: input.reason }),
  };
  const posted = await ctx.messenger.post(channel, renderApprovalCard(card));
  ctx.approvals.set(result.requestId, {
    card,
    channel: posted.channel,
    ts: posted.ts,
    requesterSlackId: input.reply.userId,
    ...(input.value.al === undefined ? {} : { alertId: input.value.al }),
  });
}

/** Shows a command's result to the person, on the page it came from, and to approvers. */
export async function showResult(ctx: BotContext, input: RunCommandInput, result: CommandResult): Promise<void> {
  const description = describeCommand(input.value.k, input.value.tg, input.value.ar);
  const who = `<@${input.reply.userId}>`;
  if (result.status === 'needs-confirmation') {
    await ctx.messenger.reply(input.reply, renderConfirmationPrompt(input.value, result));
    return;
  }
  if (result.status === 'pending-approval') await postApproval(ctx, input, result, description);
  await ctx.messenger.reply(input.reply, renderCommandResult(description, result, who, { from: input.value }));
  const alertId = input.value.al;
  if (alertId !== undefined && result.status !== 'denied') {
    const line = resultLine(description, result, who);
    await updatePage(ctx, alertId, { state: 'action', by: { slackUserId: input.reply.userId, name: who }, note: line });
    const extraBlocks = result.status === 'executed' && result.followUp !== undefined ? followUpBlocks(result.followUp, input.value) : [];
    await threadFollowUp(ctx, alertId, line, { ...(input.reply.channel === undefined ? {} : { channel: input.reply.channel }), extraBlocks });
  }
}

/** Resolves the actor, submits once per idempotency key, and shows the answer. */
export async function runCommand(ctx: BotContext, input: RunCommandInput): Promise<void> {
  const description = describeCommand(input.value.k, input.value.tg, input.value.ar);
  const actor = await actorOrDeny(ctx, input.reply, description);
  if (actor === undefined) return;
  const reason = input.reason ?? input.value.r;
  const { result, duplicate } = ctx.once.run(`cmd:${input.idempotencyKey}`, () =>
    ctx.commands.submit({
      kind: input.value.k,
      target: input.value.tg,
      args: input.value.ar,
      actor,
      source: 'slack',
      idempotencyKey: input.idempotencyKey,
      ...(reason === undefined ? {} : { reason }),
      ...(input.confirmation === undefined ? {} : { confirmation: input.confirmation }),
    }, { signal: ctx.signal }),
  );
  if (duplicate) {
    ctx.logger.log('info', 'Ignored a repeated Slack action', { key: input.idempotencyKey });
    return;
  }
  try {
    await showResult(ctx, input, (await result) as CommandResult);
  } catch (error) {
    const failure = toOpsdeckError(error);
    await ctx.messenger.reply(input.reply, renderFailure(description, failure.message, failure.hint));
  }
}
