/**
 * Builders for the payloads Slack sends to apps: slash commands, block_actions
 * clicks (taken from a message the bot really posted), view submissions and
 * app_home_opened events. Shared by Socket Mode envelopes and signed HTTP requests.
 */
import type { PeerMessage } from './web-api-server.js';

/** A button found in a posted message. */
export interface FoundButton {
  blockId: string;
  actionId: string;
  value?: string;
  text: string;
  confirm?: unknown;
  style?: string;
}

/** Every button in a message's blocks. */
export function buttonsOf(message: Pick<PeerMessage, 'blocks'>): FoundButton[] {
  const found: FoundButton[] = [];
  for (const block of message.blocks as Array<Record<string, unknown>>) {
    if (block['type'] !== 'actions') continue;
    for (const element of (block['elements'] as Array<Record<string, unknown>>) ?? []) {
      if (element['type'] !== 'button') continue;
      found.push({
        blockId: String(block['block_id'] ?? ''),
        actionId: String(element['action_id']),
        ...(typeof element['value'] === 'string' ? { value: element['value'] } : {}),
        text: String((element['text'] as { text?: string }).text ?? ''),
        ...(element['confirm'] === undefined ? {} : { confirm: element['confirm'] }),
        ...(typeof element['style'] === 'string' ? { style: element['style'] } : {}),
      });
    }
  }
  return found;
}

/** The form fields of a slash command. */
export function slashCommandPayload(input: { command: string; text: string; user: string; channel: string; responseUrl: string; triggerId: string }): Record<string, string> {
  return {
    token: 'verification-token-unused',
    team_id: 'T0PEER',
    team_domain: 'peer',
    channel_id: input.channel,
    channel_name: input.channel.startsWith('D') ? 'directmessage' : 'ops',
    user_id: input.user,
    user_name: input.user.toLowerCase(),
    command: input.command,
    text: input.text,
    api_app_id: 'A0PEER',
    is_enterprise_install: 'false',
    response_url: input.responseUrl,
    trigger_id: input.triggerId,
  };
}

/** A block_actions payload for a click on `button` in `message`. */
export function blockActionPayload(input: { user: string; message: PeerMessage; button: FoundButton; responseUrl: string; triggerId: string; actionTs: string }): Record<string, unknown> {
  const { message, button } = input;
  return {
    type: 'block_actions',
    user: { id: input.user, username: input.user.toLowerCase(), name: input.user.toLowerCase(), team_id: 'T0PEER' },
    api_app_id: 'A0PEER',
    token: 'verification-token-unused',
    container: { type: 'message', message_ts: message.ts, channel_id: message.channel, is_ephemeral: message.ephemeralTo !== undefined },
    trigger_id: input.triggerId,
    team: { id: 'T0PEER', domain: 'peer' },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: message.channel, name: message.channel.startsWith('D') ? 'directmessage' : 'ops' },
    message: { type: 'message', user: 'UBOT', bot_id: 'BBOT', ts: message.ts, text: message.text, blocks: message.blocks },
    state: { values: {} },
    response_url: input.responseUrl,
    actions: [
      {
        type: 'button',
        action_id: button.actionId,
        block_id: button.blockId,
        text: { type: 'plain_text', text: button.text, emoji: true },
        ...(button.value === undefined ? {} : { value: button.value }),
        ...(button.style === undefined ? {} : { style: button.style }),
        action_ts: input.actionTs,
      },
    ],
  };
}

/** A view_submission for a modal the bot opened, with the person's inputs. */
export function viewSubmissionPayload(input: { user: string; view: Record<string, unknown>; viewId: string; values: Record<string, string>; triggerId: string }): Record<string, unknown> {
  const state: Record<string, Record<string, unknown>> = {};
  for (const block of (input.view['blocks'] as Array<Record<string, unknown>>) ?? []) {
    if (block['type'] !== 'input') continue;
    const blockId = String(block['block_id']);
    const element = block['element'] as Record<string, unknown>;
    const actionId = String(element['action_id']);
    const given = input.values[blockId];
    state[blockId] =
      element['type'] === 'static_select'
        ? { [actionId]: { type: 'static_select', selected_option: given === undefined ? null : { text: { type: 'plain_text', text: given }, value: given } } }
        : { [actionId]: { type: 'plain_text_input', value: given ?? null } };
  }
  return {
    type: 'view_submission',
    team: { id: 'T0PEER', domain: 'peer' },
    user: { id: input.user, username: input.user.toLowerCase(), name: input.user.toLowerCase(), team_id: 'T0PEER' },
    api_app_id: 'A0PEER',
    token: 'verification-token-unused',
    trigger_id: input.triggerId,
    view: { ...input.view, id: input.viewId, team_id: 'T0PEER', app_id: 'A0PEER', bot_id: 'BBOT', hash: `${input.viewId}-hash`, state: { values: state } },
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  };
}

/** An events_api callback for the Home tab being opened. */
export function appHomeOpenedPayload(user: string, eventId: string): Record<string, unknown> {
  return {
    token: 'verification-token-unused',
    team_id: 'T0PEER',
    api_app_id: 'A0PEER',
    event: { type: 'app_home_opened', user, channel: `D${user}`, tab: 'home', event_ts: `${Math.floor(Date.now() / 1000)}.000100` },
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ enterprise_id: null, team_id: 'T0PEER', user_id: 'UBOT', is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
  };
}
