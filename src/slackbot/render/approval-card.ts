/**
 * The two-person approval card posted to the approvers' channel, and how it
 * looks once someone approved or denied it. Pure.
 */
import { ACTION_IDS } from '../action-value.js';
import { escapeMrkdwn, fallbackText, limitBlocks, linesToSections, section, context, type Block } from './block-limits.js';
import { actionsBlocks, button } from './buttons.js';
import type { RenderedMessage } from './page-card.js';

/** What the approval card shows. */
export interface ApprovalCard {
  requestId: string;
  description: string;
  requestedBy: string;
  reason?: string;
  preview: string[];
  /** Set once decided: the card keeps the facts and loses its buttons. */
  decision?: string;
}

/** Renders the approval request with Approve / Deny, or its decided state. */
export function renderApprovalCard(card: ApprovalCard): RenderedMessage {
  const blocks: Block[] = [
    section(`:lock: ${card.requestedBy} asks to *${escapeMrkdwn(card.description)}*${card.reason ? `\n>${escapeMrkdwn(card.reason)}` : ''}`),
    ...linesToSections(card.preview.map((l) => `• ${escapeMrkdwn(l)}`), 10),
  ];
  if (card.decision === undefined) {
    const value = { t: 'approval' as const, id: card.requestId };
    blocks.push(
      ...actionsBlocks(
        [
          button({ actionId: ACTION_IDS.approve, text: 'Approve', style: 'primary', value, confirm: { title: 'Approve?', text: `Approve *${escapeMrkdwn(card.description)}*? It runs as soon as you approve.`, confirm: 'Approve' } }),
          button({ actionId: ACTION_IDS.deny, text: 'Deny', style: 'danger', value }),
        ],
        'opsdeck.approval',
      ),
    );
  } else {
    blocks.push(section(card.decision));
  }
  blocks.push(context(`Request \`${escapeMrkdwn(card.requestId)}\` · the requester cannot approve their own request`));
  return { text: fallbackText(`Approval needed: ${card.description} (requested by ${card.requestedBy})`), blocks: limitBlocks(blocks) };
}
