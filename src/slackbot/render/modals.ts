/**
 * Modals: typed-name confirmation (with a reason) for dangerous commands and
 * the silence dialog. Pure view builders; private_metadata carries the button
 * value so the submission is self-contained.
 */
import type { types } from '@slack/bolt';
import { VIEW_IDS, type CommandButtonValue } from '../action-value.js';
import { escapeMrkdwn, limitBlocks, linesToSections, section, LIMITS } from './block-limits.js';
import { describeCommand } from './command-replies.js';

/** A modal view as views.open takes it. */
export type ModalView = types.ModalView;

/** Block and action ids of modal inputs. */
export const INPUT_IDS = {
  typedName: 'opsdeck.input.typed-name',
  reason: 'opsdeck.input.reason',
  duration: 'opsdeck.input.duration',
} as const;

/** The name a typed-name confirmation expects: the service, else the task. */
export function expectedName(value: CommandButtonValue): string {
  return value.tg.service ?? value.tg.task ?? '';
}

/** Metadata a modal round-trips (Slack allows 3000 characters). */
export interface ModalMetadata {
  value: CommandButtonValue | { t: 'alert'; al: string; pg?: string };
  channel?: string;
  messageTs?: string;
  responseUrl?: string;
}

function metadata(meta: ModalMetadata): string {
  const text = JSON.stringify(meta);
  return text.length <= 3000 ? text : JSON.stringify({ value: meta.value });
}

/** The modal asking the person to type the target's name (and why) before a dangerous command. */
export function renderTypedConfirmModal(value: CommandButtonValue, meta: Omit<ModalMetadata, 'value'>, preview: string[] = []): ModalView {
  const description = describeCommand(value.k, value.tg, value.ar);
  const name = expectedName(value);
  return {
    type: 'modal',
    callback_id: VIEW_IDS.typedConfirm,
    private_metadata: metadata({ ...meta, value }),
    title: { type: 'plain_text', text: 'Confirm command' },
    submit: { type: 'plain_text', text: 'Run it' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: limitBlocks(
      [
        section(`You are about to *${escapeMrkdwn(description)}*.`),
        ...linesToSections(preview.map((l) => `• ${escapeMrkdwn(l)}`), 10),
        {
          type: 'input',
          block_id: INPUT_IDS.typedName,
          label: { type: 'plain_text', text: `Type "${name.slice(0, 200)}" to confirm` },
          element: { type: 'plain_text_input', action_id: INPUT_IDS.typedName, max_length: 255 },
        },
        {
          type: 'input',
          block_id: INPUT_IDS.reason,
          optional: true,
          label: { type: 'plain_text', text: 'Reason (recorded in the audit log)' },
          element: { type: 'plain_text_input', action_id: INPUT_IDS.reason, multiline: true, max_length: 500 },
        },
      ],
      LIMITS.viewBlocks,
    ),
  };
}

const DURATIONS: Array<[string, number]> = [
  ['30 minutes', 30 * 60_000],
  ['1 hour', 3_600_000],
  ['4 hours', 4 * 3_600_000],
  ['1 day', 86_400_000],
];

/** The silence dialog: how long, and why. */
export function renderSilenceModal(alertId: string, meta: Omit<ModalMetadata, 'value'> & { pageId?: string }): ModalView {
  const options = DURATIONS.map(([label, ms]) => ({ text: { type: 'plain_text' as const, text: label }, value: String(ms) }));
  const { pageId, ...rest } = meta;
  return {
    type: 'modal',
    callback_id: VIEW_IDS.silence,
    private_metadata: metadata({ ...rest, value: pageId === undefined ? { t: 'alert', al: alertId } : { t: 'alert', al: alertId, pg: pageId } }),
    title: { type: 'plain_text', text: 'Silence alert' },
    submit: { type: 'plain_text', text: 'Silence' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      section(`Silence alert \`${escapeMrkdwn(alertId)}\`: no pages while it lasts.`),
      {
        type: 'input',
        block_id: INPUT_IDS.duration,
        label: { type: 'plain_text', text: 'For how long' },
        element: { type: 'static_select', action_id: INPUT_IDS.duration, options, initial_option: options[1] as (typeof options)[number] },
      },
      {
        type: 'input',
        block_id: INPUT_IDS.reason,
        label: { type: 'plain_text', text: 'Reason' },
        element: { type: 'plain_text_input', action_id: INPUT_IDS.reason, max_length: 500 },
      },
    ],
  };
}
