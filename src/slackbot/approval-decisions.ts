/**
 * Approve or deny a two-person request, from the approvers' card or the slash
 * command. The engine enforces who may approve (never the requester); the bot
 * shows its refusal to the clicker and, on a decision, updates the card.
 */
import { toOpsdeckError } from '../core/errors.js';
import type { Actor } from '../core/model/actor.js';
import type { BotContext } from './bot-context.js';
import { actorOrDeny } from './actor-resolution.js';
import type { ReplyTarget } from './delivery/messenger.js';
import { threadFollowUp, updatePage } from './page-service.js';
import type { CommandResult } from './ports.js';
import { renderApprovalCard } from './render/approval-card.js';
import type { RenderedMessage } from './render/page-card.js';
import { escapeMrkdwn, section } from './render/block-limits.js';
import { renderCommandResult, renderFailure, resultLine } from './render/command-replies.js';

type Decision = { decided: true; line: string } | { decided: false; reply: RenderedMessage };

async function ask(ctx: BotContext, requestId: string, decision: 'approve' | 'deny', actor: Actor, reason: string | undefined): Promise<CommandResult | { ok: boolean; message: string }> {
  return decision === 'approve' ? ctx.commands.approve(requestId, actor) : ctx.commands.deny(requestId, actor, reason);
}

function judge(answer: CommandResult | { ok: boolean; message: string }, description: string, who: string, requester: string, reason: string | undefined): Decision {
  if ('ok' in answer) {
    if (answer.ok) return { decided: true, line: `:no_entry_sign: Denied by ${who}${reason ? `: ${escapeMrkdwn(reason)}` : ''}` };
    const text = `:no_entry: Could not deny: ${escapeMrkdwn(answer.message)}`;
    return { decided: false, reply: { text, blocks: [section(text)] } };
  }
  if (answer.status === 'executed') return { decided: true, line: `:white_check_mark: Approved by ${who}. ${resultLine(description, answer, requester)}` };
  // Refused (e.g. the requester approving their own request) or still waiting for more approvals: only the clicker is told.
  return { decided: false, reply: renderCommandResult(description, answer, who) };
}

/** Records an approval decision for a request, once per person and decision. */
export async function decideApproval(ctx: BotContext, requestId: string, decision: 'approve' | 'deny', reply: ReplyTarget, reason?: string): Promise<void> {
  const actor = await actorOrDeny(ctx, reply, `${decision} request ${requestId}`);
  if (actor === undefined) return;
  const { result, duplicate } = ctx.once.run(`approval:${requestId}:${decision}:${reply.userId}`, () => ask(ctx, requestId, decision, actor, reason));
  if (duplicate) return;
  const record = ctx.approvals.get(requestId);
  const description = record?.card.description ?? `request ${requestId}`;
  const who = `<@${reply.userId}>`;
  let verdict: Decision;
  try {
    verdict = judge((await result) as CommandResult | { ok: boolean; message: string }, description, who, `<@${record?.requesterSlackId ?? reply.userId}>`, reason);
  } catch (error) {
    const failure = toOpsdeckError(error);
    await ctx.messenger.reply(reply, renderFailure(`${decision} ${description}`, failure.message, failure.hint));
    return;
  }
  if (!verdict.decided) {
    await ctx.messenger.reply(reply, verdict.reply);
    return;
  }
  if (record === undefined) {
    await ctx.messenger.reply(reply, { text: verdict.line, blocks: [section(verdict.line)] });
    return;
  }
  record.card = { ...record.card, decision: verdict.line };
  await ctx.messenger.update(record.channel, record.ts, renderApprovalCard(record.card));
  await ctx.messenger.post(record.channel, { text: verdict.line, blocks: [section(verdict.line)] }, { threadTs: record.ts });
  if (record.alertId !== undefined) {
    await updatePage(ctx, record.alertId, { state: 'action', by: { slackUserId: reply.userId, name: who }, note: verdict.line });
    await threadFollowUp(ctx, record.alertId, verdict.line);
  }
}
