/**
 * Block Kit limits (packages/types block-kit; docs.slack.dev reference) and the
 * pure helpers every renderer uses to stay inside them, so Slack never answers
 * `invalid_blocks` at 3 AM.
 */
import type { types } from '@slack/bolt';

/** A Block Kit block as Slack accepts it. */
export type Block = types.KnownBlock;

/** Limits we render against. */
export const LIMITS = {
  messageBlocks: 50,
  viewBlocks: 100,
  sectionText: 3000,
  fieldText: 2000,
  fields: 10,
  headerText: 150,
  contextElements: 10,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  buttonUrl: 3000,
  actionId: 255,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  messageText: 40_000,
  modalTitle: 24,
  modalButton: 24,
  inputLabel: 2000,
} as const;

/** Cuts text to `max` characters, marking the cut with an ellipsis. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, Math.max(0, max - 1))}…`;
}

/** Escapes the three characters Slack treats as markup in mrkdwn text. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A Slack date token that each reader sees in their own time zone, with a UTC fallback. */
export function slackDate(at: number): string {
  const iso = new Date(at).toISOString().replace('T', ' ').slice(0, 16);
  return `<!date^${Math.floor(at / 1000)}^{date_short_pretty} {time}|${iso} UTC>`;
}

/** Keeps at most `max` blocks; when some are dropped the last block says how many. */
export function limitBlocks(blocks: Block[], max: number = LIMITS.messageBlocks): Block[] {
  if (blocks.length <= max) return blocks;
  const kept = blocks.slice(0, max - 1);
  const dropped = blocks.length - kept.length;
  kept.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `…and ${dropped} more not shown (Slack allows ${max} blocks).` }] });
  return kept;
}

/** A mrkdwn section block whose text fits the section limit. */
export function section(text: string): Block {
  return { type: 'section', text: { type: 'mrkdwn', text: truncate(text, LIMITS.sectionText) } };
}

/** A header block whose plain text fits the header limit. */
export function header(text: string): Block {
  return { type: 'header', text: { type: 'plain_text', text: truncate(text, LIMITS.headerText), emoji: true } };
}

/** A context block with one mrkdwn line. */
export function context(text: string): Block {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: truncate(text, LIMITS.sectionText) }] };
}

/** Joins lines into section blocks, splitting wherever one section would overflow. */
export function linesToSections(lines: string[], maxBlocks: number): Block[] {
  const blocks: Block[] = [];
  let current = '';
  for (const raw of lines) {
    const line = truncate(raw, LIMITS.sectionText);
    if (current !== '' && current.length + 1 + line.length > LIMITS.sectionText) {
      blocks.push(section(current));
      current = '';
    }
    current = current === '' ? line : `${current}\n${line}`;
  }
  if (current !== '') blocks.push(section(current));
  return limitBlocks(blocks, maxBlocks);
}

/** The notification/fallback text of a message, within Slack's limit. */
export function fallbackText(text: string): string {
  return truncate(text, LIMITS.messageText);
}
