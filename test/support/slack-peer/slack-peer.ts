/**
 * A wire-faithful Slack for tests and benches: Web API over HTTP, Socket Mode
 * over `ws`, and signed HTTP requests for HTTP mode. It records every call and
 * plays the person: typing a slash command, clicking a button the bot posted,
 * submitting a modal the bot opened, opening the Home tab.
 */
import { randomUUID } from 'node:crypto';
import { stringify } from 'node:querystring';
import { signSlackRequest } from '../../../src/slackbot/signed-request.js';
import { appHomeOpenedPayload, blockActionPayload, buttonsOf, slashCommandPayload, viewSubmissionPayload, type FoundButton } from './payloads.js';
import { SocketModeServer, type Envelope, type EnvelopeAck } from './socket-mode-server.js';
import { WebApiServer, type PeerMessage, type RecordedCall } from './web-api-server.js';

/** Tokens the peer accepts. */
export const PEER_TOKENS = { bot: 'xoxb-peer-bot-token-0000', app: 'xapp-1-peer-app-token-0000' } as const;

/** The environment a bot needs to talk to this peer. */
export type PeerEnv = {
  SLACK_BOT_TOKEN: string;
  SLACK_APP_TOKEN: string;
  SLACK_API_URL: string;
};

/** What an interaction sent and what came back. */
export interface Interaction {
  envelope: Envelope;
  ack: EnvelopeAck;
  responseId: string;
}

/** The whole peer. */
export class SlackPeer {
  readonly web = new WebApiServer(PEER_TOKENS);
  readonly socket = new SocketModeServer();
  private seq = 0;

  async start(): Promise<void> {
    await this.web.start();
    await this.socket.start();
    this.web.socketUrl = this.socket.url;
  }

  async stop(): Promise<void> {
    await this.socket.stop();
    await this.web.stop();
  }

  env(): PeerEnv {
    return { SLACK_BOT_TOKEN: PEER_TOKENS.bot, SLACK_APP_TOKEN: PEER_TOKENS.app, SLACK_API_URL: this.web.apiUrl };
  }

  /** Messages (not ephemeral) in a channel, oldest first; thread replies excluded unless asked. */
  messagesIn(channel: string, options: { threads?: boolean } = {}): PeerMessage[] {
    return this.web.messages.filter((m) => m.channel === channel && m.ephemeralTo === undefined && (options.threads === true || m.threadTs === undefined));
  }

  /** response_url posts for one interaction. */
  responsesTo(responseId: string): Array<Record<string, unknown>> {
    return this.web.responsePosts.filter((p) => p.id === responseId && p.status === 200).map((p) => p.body);
  }

  /** Waits until an interaction's response_url got at least `count` posts. */
  waitForResponse(responseId: string, count = 1, timeoutMs = 5000): Promise<Array<Record<string, unknown>>> {
    return this.web.waitFor(() => {
      const posts = this.responsesTo(responseId);
      return posts.length >= count ? posts : undefined;
    }, timeoutMs);
  }

  /** Sends an envelope over Socket Mode (a new one, or a redelivery of an old one). */
  deliver(envelope: Envelope): Promise<EnvelopeAck> {
    return this.socket.send(envelope);
  }

  private envelope(type: Envelope['type'], payload: Record<string, unknown>): Envelope {
    return { envelope_id: randomUUID(), type, accepts_response_payload: type !== 'events_api', payload };
  }

  /** A person types `/command text` in a channel. */
  async slashCommand(input: { user: string; channel: string; text: string; command?: string }): Promise<Interaction> {
    const responseId = `cmd-${++this.seq}`;
    const envelope = this.envelope(
      'slash_commands',
      slashCommandPayload({ command: input.command ?? '/opsdeck', text: input.text, user: input.user, channel: input.channel, responseUrl: this.web.responseUrl(responseId), triggerId: this.web.issueTrigger() }),
    );
    return { envelope, ack: await this.deliver(envelope), responseId };
  }

  /** Finds a button on a posted message by action id (exact) or label (substring). */
  findButton(message: PeerMessage, match: string): FoundButton {
    const button = buttonsOf(message).find((b) => b.actionId === match || b.text.includes(match));
    if (button === undefined) throw new Error(`No button "${match}" on message ${message.ts}: ${buttonsOf(message).map((b) => b.text).join(', ')}`);
    return button;
  }

  /** A person clicks a button (after its confirm dialog, if any, said yes). */
  async click(input: { user: string; message: PeerMessage; button: string }): Promise<Interaction> {
    const responseId = `click-${++this.seq}`;
    const button = this.findButton(input.message, input.button);
    const envelope = this.envelope(
      'interactive',
      blockActionPayload({ user: input.user, message: input.message, button, responseUrl: this.web.responseUrl(responseId), triggerId: this.web.issueTrigger(), actionTs: `${Date.now() / 1000}` }),
    );
    return { envelope, ack: await this.deliver(envelope), responseId };
  }

  /** A person fills in and submits a modal the bot opened with views.open. */
  async submitView(input: { user: string; opened: RecordedCall; values: Record<string, string> }): Promise<Interaction> {
    const view = input.opened.args['view'] as Record<string, unknown>;
    const envelope = this.envelope('interactive', viewSubmissionPayload({ user: input.user, view, viewId: `V-${input.opened.seq}`, values: input.values, triggerId: this.web.issueTrigger() }));
    return { envelope, ack: await this.deliver(envelope), responseId: '' };
  }

  /** A person opens the app's Home tab. */
  async openHome(user: string): Promise<EnvelopeAck> {
    return this.deliver(this.envelope('events_api', appHomeOpenedPayload(user, `Ev${++this.seq}`)));
  }
}

/** How to sign an HTTP-mode request (tests tamper with these). */
export interface SigningOptions {
  secret: string;
  timestampSeconds?: number;
  signature?: string;
}

/** A signed request as Slack sends it in HTTP mode. */
export interface SignedRequest {
  body: string;
  headers: Record<string, string>;
}

/** Signs a slash command (form fields) or an interactive payload (form `payload=`) or an event (JSON). */
export function signedRequest(kind: 'slash' | 'interactive' | 'event', payload: Record<string, unknown>, options: SigningOptions): SignedRequest {
  const body = kind === 'slash' ? stringify(payload as Record<string, string>) : kind === 'interactive' ? stringify({ payload: JSON.stringify(payload) }) : JSON.stringify(payload);
  const timestamp = String(options.timestampSeconds ?? Math.floor(Date.now() / 1000));
  return {
    body,
    headers: {
      'content-type': kind === 'event' ? 'application/json' : 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': timestamp,
      'x-slack-signature': options.signature ?? signSlackRequest(options.secret, timestamp, body),
    },
  };
}

/** Posts a signed request to the bot's HTTP endpoint. */
export async function postSigned(url: string, request: SignedRequest): Promise<{ status: number; body: string }> {
  const response = await fetch(url, { method: 'POST', headers: request.headers, body: request.body });
  return { status: response.status, body: await response.text() };
}

/** Payload builders and wire types, re-exported so tests import the peer from one place. */
export { buttonsOf, slashCommandPayload, blockActionPayload };
/** Wire types of the peer. */
export type { PeerMessage, RecordedCall, Envelope, EnvelopeAck };
