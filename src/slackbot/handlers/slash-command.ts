/**
 * The slash command: parsed purely, acknowledged at once (help and mistakes
 * are answered in the ack itself), everything else answered afterwards as an
 * ephemeral message, so a slow backend never breaks Slack's three seconds.
 */
import type { App, SlashCommand } from '@slack/bolt';
import { toOpsdeckError } from '../../core/errors.js';
import { runAlertOperation } from '../alert-operations.js';
import { decideApproval } from '../approval-decisions.js';
import type { BotContext } from '../bot-context.js';
import { parseCommandText, type ParsedCommand } from '../command-parser.js';
import { runCommand } from '../command-runner.js';
import type { ReplyTarget } from '../delivery/messenger.js';
import { renderFailure, renderHelp, renderParseError } from '../render/command-replies.js';
import { renderAlerts, renderOnCall, renderPlans, renderServiceStatus, renderStatusOverview } from '../render/status-replies.js';

async function answer(ctx: BotContext, command: ParsedCommand, slash: SlashCommand, reply: ReplyTarget): Promise<void> {
  const key = `slash:${slash.trigger_id}`;
  switch (command.verb) {
    case 'help':
      await ctx.messenger.reply(reply, renderHelp(ctx.config.commandName, command.topic));
      return;
    case 'status':
      await ctx.messenger.reply(reply, command.service === undefined ? renderStatusOverview(ctx.status) : renderServiceStatus(ctx.status, command.service));
      return;
    case 'plan-show':
      await ctx.messenger.reply(reply, renderPlans(ctx.status, command.service, command.plan));
      return;
    case 'action':
      await runCommand(ctx, {
        value: { t: 'cmd', k: command.kind, tg: command.target, ar: command.args, g: 'confirm', src: key, ...(command.reason === undefined ? {} : { r: command.reason }) },
        reply,
        idempotencyKey: key,
      });
      return;
    case 'alerts':
      await ctx.messenger.reply(reply, renderAlerts(await ctx.alerts.list({ openOnly: true })));
      return;
    case 'oncall':
      await ctx.messenger.reply(reply, renderOnCall(await ctx.oncall.current()));
      return;
    case 'ack':
    case 'resolve':
      await runAlertOperation(ctx, command.alertId, { op: command.verb }, reply, key);
      return;
    case 'silence':
      await runAlertOperation(ctx, command.alertId, { op: 'silence', durationMs: command.durationMs, ...(command.reason === undefined ? {} : { reason: command.reason }) }, reply, key);
      return;
    case 'approve':
    case 'deny':
      await decideApproval(ctx, command.requestId, command.verb, reply, command.reason);
      return;
  }
}

/** Registers the configured slash command on the bolt app. */
export function registerSlashCommand(app: App, ctx: BotContext): void {
  app.command(ctx.config.commandName, async ({ ack, command: slash }) => {
    const parsed = parseCommandText(typeof slash.text === 'string' ? slash.text : '');
    if (!parsed.ok) {
      const message = renderParseError(parsed.message, parsed.usage, ctx.config.commandName);
      await ack({ response_type: 'ephemeral', text: message.text, blocks: message.blocks });
      return;
    }
    if (parsed.command.verb === 'help') {
      const message = renderHelp(ctx.config.commandName, parsed.command.topic);
      await ack({ response_type: 'ephemeral', text: message.text, blocks: message.blocks });
      return;
    }
    await ack();
    const reply: ReplyTarget = { userId: slash.user_id, channel: slash.channel_id, responseUrl: slash.response_url };
    const command = parsed.command;
    ctx.background(`slash ${command.verb}`, async () => {
      const { result, duplicate } = ctx.once.run(`slash-envelope:${slash.trigger_id}`, async () => {
        try {
          await answer(ctx, command, slash, reply);
        } catch (error) {
          const failure = toOpsdeckError(error);
          await ctx.messenger.reply(reply, renderFailure(`run ${command.verb}`, failure.message, failure.hint));
        }
      });
      if (!duplicate) await result;
    });
  });
}
