/**
 * Every button click: acknowledged at once, then routed — alert buttons to the
 * alert pipeline, remediation and confirmation buttons to the command engine
 * (typed-name guards open a modal first), approval buttons to the approval flow.
 */
import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { ACTION_IDS, decodeButtonValue } from '../action-value.js';
import { runAlertOperation } from '../alert-operations.js';
import { decideApproval } from '../approval-decisions.js';
import type { BotContext } from '../bot-context.js';
import { runCommand } from '../command-runner.js';
import type { ReplyTarget } from '../delivery/messenger.js';
import { renderSilenceModal, renderTypedConfirmModal } from '../render/modals.js';

function replyTarget(body: BlockAction): ReplyTarget {
  return {
    userId: body.user.id,
    ...(body.channel?.id === undefined ? {} : { channel: body.channel.id }),
    ...(body.response_url === undefined ? {} : { responseUrl: body.response_url }),
    ...(body.message?.ts === undefined ? {} : { threadTs: body.message.ts }),
  };
}

/** The identity of a click that does not depend on when it arrived: same user, same button, same message. */
function clickIdentity(body: BlockAction, action: ButtonAction): string {
  return `${body.channel?.id ?? body.view?.id ?? '-'}:${body.message?.ts ?? '-'}:${action.block_id}:${action.action_id}:${body.user.id}`;
}

async function onButton(ctx: BotContext, body: BlockAction, action: ButtonAction): Promise<void> {
  const value = decodeButtonValue(action.value);
  const reply = replyTarget(body);
  if (value === undefined) {
    ctx.logger.log('warn', 'Ignored a button with an unknown value', { actionId: action.action_id });
    return;
  }
  const modalMeta = {
    ...(reply.channel === undefined ? {} : { channel: reply.channel }),
    ...(reply.threadTs === undefined ? {} : { messageTs: reply.threadTs }),
    ...(reply.responseUrl === undefined ? {} : { responseUrl: reply.responseUrl }),
  };
  if (value.t === 'alert') {
    if (action.action_id === ACTION_IDS.silence) {
      await ctx.messenger.openView(body.trigger_id, renderSilenceModal(value.al, { ...modalMeta, ...(value.pg === undefined ? {} : { pageId: value.pg }) }));
      return;
    }
    const op = action.action_id === ACTION_IDS.resolve ? 'resolve' : 'ack';
    ctx.background(`alert ${op}`, () => runAlertOperation(ctx, value.al, { op }, reply, `${op}:${value.al}:${body.user.id}`));
    return;
  }
  if (value.t === 'approval') {
    const decision = action.action_id === ACTION_IDS.deny ? 'deny' : 'approve';
    ctx.background(`approval ${decision}`, () => decideApproval(ctx, value.id, decision, reply));
    return;
  }
  const key = `${value.src ?? clickIdentity(body, action)}:${value.g}`;
  if (value.g === 'typed-name') {
    await ctx.messenger.openView(body.trigger_id, renderTypedConfirmModal({ ...value, src: key }, modalMeta));
    return;
  }
  ctx.background('command from button', () => runCommand(ctx, { value, reply, idempotencyKey: key, confirmation: { level: 'confirm' } }));
}

/** Registers the button handler on the bolt app. */
export function registerBlockActions(app: App, ctx: BotContext): void {
  app.action<BlockAction>(/^opsdeck\./, async ({ ack, body, action }) => {
    await ack();
    if (body.type !== 'block_actions' || action.type !== 'button' || action.action_id === ACTION_IDS.runbook) return;
    try {
      await onButton(ctx, body, action);
    } catch (error) {
      ctx.logger.log('error', 'Button handler failed', { actionId: action.action_id, error: error instanceof Error ? error.message : String(error) });
    }
  });
}
