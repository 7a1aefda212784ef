/**
 * Modal submissions: the typed-name confirmation (checked before the modal
 * closes, so a typo shows inline) and the silence dialog. Work runs after the ack.
 */
import type { App, ViewSubmitAction } from '@slack/bolt';
import { z } from 'zod';
import { VIEW_IDS, buttonValueSchema } from '../action-value.js';
import { runAlertOperation } from '../alert-operations.js';
import type { BotContext } from '../bot-context.js';
import { runCommand } from '../command-runner.js';
import type { ReplyTarget } from '../delivery/messenger.js';
import { INPUT_IDS, expectedName } from '../render/modals.js';

const metadataSchema = z.object({
  value: buttonValueSchema,
  channel: z.string().optional(),
  messageTs: z.string().optional(),
  responseUrl: z.string().optional(),
});

type Metadata = z.infer<typeof metadataSchema>;

function readMetadata(text: string): Metadata | undefined {
  try {
    const parsed = metadataSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

function input(view: ViewSubmitAction['view'], blockId: string): string | undefined {
  const state = view.state.values[blockId]?.[blockId];
  if (state === undefined) return undefined;
  if (state.type === 'static_select') return state.selected_option?.value ?? undefined;
  return typeof state.value === 'string' ? state.value.trim() : undefined;
}

function replyTarget(body: ViewSubmitAction, meta: Metadata): ReplyTarget {
  return {
    userId: body.user.id,
    ...(meta.channel === undefined ? {} : { channel: meta.channel }),
    ...(meta.responseUrl === undefined ? {} : { responseUrl: meta.responseUrl }),
    ...(meta.messageTs === undefined ? {} : { threadTs: meta.messageTs }),
  };
}

/** Registers the modal submission handlers on the bolt app. */
export function registerViewSubmissions(app: App, ctx: BotContext): void {
  app.view<ViewSubmitAction>(VIEW_IDS.typedConfirm, async ({ ack, body, view }) => {
    const meta = readMetadata(view.private_metadata);
    if (meta === undefined || meta.value.t !== 'cmd') {
      await ack({ response_action: 'errors', errors: { [INPUT_IDS.typedName]: 'This dialog is out of date; click the button again.' } });
      return;
    }
    const value = meta.value;
    const typed = input(view, INPUT_IDS.typedName) ?? '';
    const expected = expectedName(value);
    if (typed !== expected) {
      await ack({ response_action: 'errors', errors: { [INPUT_IDS.typedName]: `Type "${expected}" exactly to confirm.` } });
      return;
    }
    await ack();
    const reason = input(view, INPUT_IDS.reason);
    const key = `${value.src ?? view.id}:typed`;
    ctx.background('command from modal', () =>
      runCommand(ctx, { value, reply: replyTarget(body, meta), idempotencyKey: key, confirmation: { level: 'typed-name', typed }, ...(reason ? { reason } : {}) }),
    );
  });

  app.view<ViewSubmitAction>(VIEW_IDS.silence, async ({ ack, body, view }) => {
    const meta = readMetadata(view.private_metadata);
    const durationMs = Number(input(view, INPUT_IDS.duration));
    const reason = input(view, INPUT_IDS.reason);
    if (meta === undefined || meta.value.t !== 'alert' || !Number.isFinite(durationMs) || durationMs <= 0) {
      await ack({ response_action: 'errors', errors: { [INPUT_IDS.duration]: 'Pick how long to silence the alert.' } });
      return;
    }
    await ack();
    const alertId = meta.value.al;
    ctx.background('silence from modal', () =>
      runAlertOperation(ctx, alertId, { op: 'silence', durationMs, ...(reason ? { reason } : {}) }, replyTarget(body, meta), `silence:${alertId}:${view.id}`),
    );
  });
}
