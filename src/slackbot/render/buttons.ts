/**
 * Button builders shared by every card: labels, values, styles and Slack's
 * native confirm dialog, all clipped to Block Kit's limits.
 */
import type { types } from '@slack/bolt';
import { encodeButtonValue, type ButtonValue } from '../action-value.js';
import { LIMITS, truncate } from './block-limits.js';

/** A Block Kit button element. */
export type Button = types.Button;

/** Slack's native "are you sure?" dialog, the cheapest guard there is. */
export interface ConfirmDialog {
  title: string;
  text: string;
  confirm: string;
  deny?: string;
}

/** Options for one button. */
export interface ButtonOptions {
  actionId: string;
  text: string;
  value: ButtonValue;
  style?: 'primary' | 'danger';
  confirm?: ConfirmDialog;
}

/** Builds a button, or undefined when its value cannot fit (the card then simply omits it). */
export function button(options: ButtonOptions): Button | undefined {
  const value = encodeButtonValue(options.value);
  if (value === undefined) return undefined;
  const built: Button = {
    type: 'button',
    action_id: truncate(options.actionId, LIMITS.actionId),
    text: { type: 'plain_text', text: truncate(options.text, LIMITS.buttonText), emoji: true },
    value,
  };
  if (options.style !== undefined) built.style = options.style;
  if (options.confirm !== undefined) {
    built.confirm = {
      title: { type: 'plain_text', text: truncate(options.confirm.title, LIMITS.confirmTitle) },
      text: { type: 'mrkdwn', text: truncate(options.confirm.text, LIMITS.confirmText) },
      confirm: { type: 'plain_text', text: truncate(options.confirm.confirm, LIMITS.confirmButton) },
      deny: { type: 'plain_text', text: truncate(options.confirm.deny ?? 'Cancel', LIMITS.confirmButton) },
    };
    if (options.style === 'danger') built.confirm.style = 'danger';
  }
  return built;
}

/** A link button (runbook); omitted when the URL is too long or not http(s). */
export function linkButton(actionId: string, text: string, url: string): Button | undefined {
  if (url.length > LIMITS.buttonUrl || !/^https?:\/\//i.test(url)) return undefined;
  return { type: 'button', action_id: actionId, text: { type: 'plain_text', text: truncate(text, LIMITS.buttonText) }, url };
}

/** Packs buttons into actions blocks of at most 25 elements (Slack's per-block limit). */
export function actionsBlocks(buttons: Array<Button | undefined>, blockIdPrefix: string): types.ActionsBlock[] {
  const present = buttons.filter((b): b is Button => b !== undefined);
  const blocks: types.ActionsBlock[] = [];
  for (let i = 0; i < present.length; i += LIMITS.actionsElements) {
    blocks.push({ type: 'actions', block_id: `${blockIdPrefix}.${i / LIMITS.actionsElements}`, elements: present.slice(i, i + LIMITS.actionsElements) });
  }
  return blocks;
}
