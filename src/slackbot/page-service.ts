/**
 * Delivering pages and keeping every copy current: DM each recipient and post
 * the service's card, once per (page, target); later, redraw all copies with
 * who acted and the outcome, and thread follow-ups under the card.
 */
import { toOpsdeckError } from '../core/errors.js';
import type { BotContext } from './bot-context.js';
import { deliveryFailureKind, type DeliveryFailureKind } from './delivery/outbox.js';
import type { PageCopy } from './page-copies.js';
import type { DeliveryResult, Page, PageUpdate } from './ports.js';
import { section, type Block } from './render/block-limits.js';
import { renderPageCard } from './render/page-card.js';

type CopyOutcome = { target: string; ok: true } | { target: string; ok: false; kind: DeliveryFailureKind };

async function deliverCopy(ctx: BotContext, page: Page, target: string, channelOf: () => Promise<string>): Promise<CopyOutcome> {
  // A re-page (escalation) DMs again, but the service channel keeps one card per alert.
  const identity = target.startsWith('channel:') ? `alert:${page.alertId}` : page.pageId;
  try {
    await ctx.copies.deliverOnce(identity, target, async () => {
      const channel = await channelOf();
      const record = ctx.copies.get(page.alertId);
      const posted = await ctx.messenger.post(channel, renderPageCard(page, record?.state));
      const copy: PageCopy = { channel: posted.channel, ts: posted.ts, target, pageId: page.pageId, identity };
      ctx.copies.addCopy(page.alertId, copy);
      return copy;
    });
    return { target, ok: true };
  } catch (error) {
    const kind = deliveryFailureKind(error) ?? 'retryable';
    ctx.logger.log('warn', 'Page copy not delivered', { pageId: page.pageId, target, kind, error: toOpsdeckError(error).message });
    return { target, ok: false, kind };
  }
}

/**
 * Delivers a page: 'delivered' once every recipient has their DM, 'retryable'
 * when some failure may pass (the pager calls again; delivered copies are not
 * repeated), 'permanent' when a recipient can never be reached this way.
 */
export async function deliverPage(ctx: BotContext, page: Page): Promise<DeliveryResult> {
  const previous = ctx.copies.get(page.alertId);
  const escalated = previous !== undefined && (page.level ?? 1) > (previous.page.level ?? 1);
  ctx.copies.upsert(page);
  const dms = page.recipients.map((user) => deliverCopy(ctx, page, `dm:${user}`, () => ctx.messenger.openDm(user)));
  const card = page.channel === undefined ? [] : [deliverCopy(ctx, page, `channel:${page.channel}`, async () => page.channel as string)];
  const outcomes = await Promise.all([...dms, ...card]);
  if (escalated) {
    await updatePage(ctx, page.alertId, { state: 'escalated', note: `level ${page.level ?? 1}, paged ${page.recipients.map((u) => `<@${u}>`).join(', ') || 'nobody'}` });
  }
  const judged = page.recipients.length > 0 ? outcomes.filter((o) => o.target.startsWith('dm:')) : outcomes;
  if (judged.length === 0) return 'permanent';
  if (judged.every((o) => o.ok)) return 'delivered';
  if (judged.some((o) => !o.ok && o.kind === 'retryable')) return 'retryable';
  return 'permanent';
}

/** Redraws every copy of an alert's page from its current state. */
export async function redrawCopies(ctx: BotContext, alertId: string): Promise<void> {
  const record = ctx.copies.get(alertId);
  if (record === undefined) return;
  const message = renderPageCard(record.page, record.state);
  await Promise.all(
    record.copies.map((copy) =>
      ctx.messenger.update(copy.channel, copy.ts, message).catch((error: unknown) => {
        ctx.logger.log('warn', 'Could not update a page copy', { alertId, channel: copy.channel, error: toOpsdeckError(error).message });
      }),
    ),
  );
}

/** Posts a follow-up in the thread of every copy in the channel where something happened (or all copies). */
export async function threadFollowUp(ctx: BotContext, alertId: string, line: string, options: { channel?: string; extraBlocks?: Block[] } = {}): Promise<void> {
  const record = ctx.copies.get(alertId);
  if (record === undefined) return;
  const copies = record.copies.filter((c) => options.channel === undefined || c.channel === options.channel);
  await Promise.all(
    copies.map((copy) =>
      ctx.messenger.post(copy.channel, { text: line.replace(/[*`]/g, ''), blocks: [section(line), ...(options.extraBlocks ?? [])] }, { threadTs: copy.ts }).catch((error: unknown) => {
        ctx.logger.log('warn', 'Could not thread a follow-up', { alertId, error: toOpsdeckError(error).message });
      }),
    ),
  );
}

/** Applies an update from anywhere (button, slash command, the pager, another front end) to every copy. */
export async function updatePage(ctx: BotContext, alertId: string, update: PageUpdate): Promise<void> {
  const record = ctx.copies.get(alertId);
  if (record === undefined) return;
  const by = update.by === undefined ? 'opsdeck' : update.by.slackUserId !== undefined ? `<@${update.by.slackUserId}>` : update.by.name;
  switch (update.state) {
    case 'acknowledged':
      record.state.acknowledgedBy ??= by;
      record.state.history.push(`:eyes: Acknowledged by ${by}${update.note ? ` — ${update.note}` : ''}`);
      break;
    case 'resolved':
    case 'silenced':
      record.state.closed = { state: update.state, by };
      record.state.history.push(`${update.state === 'resolved' ? ':white_check_mark: Resolved' : ':no_bell: Silenced'} by ${by}${update.note ? ` — ${update.note}` : ''}`);
      break;
    case 'escalated':
      record.state.history.push(`:rotating_light: Escalated${update.note ? `: ${update.note}` : ''}`);
      break;
    case 'action':
      record.state.history.push(update.note ?? `Action by ${by}`);
      break;
  }
  ctx.copies.saveState(alertId);
  await redrawCopies(ctx, alertId);
}
