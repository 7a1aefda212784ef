/**
 * Every Slack write the bot makes, routed through the outbox: posts and updates
 * ordered per channel and paced, DMs opened once per user, ephemeral replies
 * via response_url or chat.postEphemeral. Modals open directly, because a
 * trigger_id dies after three seconds.
 */
import type { webApi } from '@slack/bolt';
import type { Outbox } from './outbox.js';
import { postToResponseUrl } from './response-url.js';
import type { RenderedMessage } from '../render/page-card.js';
import type { ModalView } from '../render/modals.js';
import type { HomeView } from '../render/app-home.js';

/** Where a reply to a person should go. */
export interface ReplyTarget {
  userId: string;
  channel?: string;
  responseUrl?: string;
  threadTs?: string;
}

/** Ordered, retrying Slack writes. */
export class SlackMessenger {
  private readonly dmChannels = new Map<string, string>();

  constructor(
    private readonly client: webApi.WebClient,
    private readonly outbox: Outbox,
    private readonly fetchFn: typeof fetch = fetch,
  ) {}

  /** The DM channel with a user (conversations.open, cached). */
  async openDm(userId: string): Promise<string> {
    const cached = this.dmChannels.get(userId);
    if (cached !== undefined) return cached;
    return this.outbox.enqueue(
      `open:${userId}`,
      async () => {
        const known = this.dmChannels.get(userId);
        if (known !== undefined) return known;
        const answer = await this.client.conversations.open({ users: userId });
        const id = answer.channel?.id;
        if (id === undefined) throw Object.assign(new Error('conversations.open returned no channel'), { code: 'slack_webapi_platform_error', data: { error: 'no_channel' } });
        this.dmChannels.set(userId, id);
        return id;
      },
      { label: 'conversations.open' },
    );
  }

  /** Posts a message (optionally in a thread); resolves with its ts. */
  post(channel: string, message: RenderedMessage, options: { threadTs?: string } = {}): Promise<{ channel: string; ts: string }> {
    return this.outbox.enqueue(
      channel,
      async () => {
        const answer = await this.client.chat.postMessage({
          channel,
          text: message.text,
          blocks: message.blocks,
          unfurl_links: false,
          unfurl_media: false,
          ...(options.threadTs === undefined ? {} : { thread_ts: options.threadTs }),
        });
        return { channel: answer.channel ?? channel, ts: answer.ts ?? '' };
      },
      { paced: true, label: 'chat.postMessage' },
    );
  }

  /** Replaces a message's content (chat.update), in order with other writes to its channel. */
  async update(channel: string, ts: string, message: RenderedMessage): Promise<void> {
    await this.outbox.enqueue(
      channel,
      async () => {
        await this.client.chat.update({ channel, ts, text: message.text, blocks: message.blocks });
      },
      { paced: true, label: 'chat.update' },
    );
  }

  /** Tells one person something only they see: via response_url when we have one, else chat.postEphemeral, else a DM. */
  async reply(target: ReplyTarget, message: RenderedMessage): Promise<void> {
    const { responseUrl, channel } = target;
    if (responseUrl !== undefined) {
      await this.outbox.enqueue(
        `response:${responseUrl}`,
        () => postToResponseUrl(responseUrl, { text: message.text, blocks: message.blocks, response_type: 'ephemeral', replace_original: false }, this.fetchFn),
        { label: 'response_url' },
      );
      return;
    }
    if (channel !== undefined) {
      await this.outbox.enqueue(
        channel,
        async () => {
          await this.client.chat.postEphemeral({ channel, user: target.userId, text: message.text, blocks: message.blocks, ...(target.threadTs === undefined ? {} : { thread_ts: target.threadTs }) });
        },
        { paced: true, label: 'chat.postEphemeral' },
      );
      return;
    }
    await this.post(await this.openDm(target.userId), message);
  }

  /** Opens a modal now (no queue: the trigger_id expires within three seconds). */
  async openView(triggerId: string, view: ModalView): Promise<void> {
    await this.client.views.open({ trigger_id: triggerId, view });
  }

  /** Publishes a user's Home tab. */
  async publishHome(userId: string, view: HomeView): Promise<void> {
    await this.outbox.enqueue(
      `home:${userId}`,
      async () => {
        await this.client.views.publish({ user_id: userId, view });
      },
      { label: 'views.publish' },
    );
  }
}
