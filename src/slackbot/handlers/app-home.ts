/**
 * The App Home tab: rebuilt and published (views.publish) each time a person
 * opens it, and on demand after their alerts change.
 */
import type { App } from '@slack/bolt';
import type { BotContext } from '../bot-context.js';
import { renderAppHome } from '../render/app-home.js';

/** Builds and publishes one user's Home tab. */
export async function publishHome(ctx: BotContext, slackUserId: string): Promise<void> {
  const actor = await ctx.actors.resolve(slackUserId);
  const [onCall, alerts] = await Promise.all([ctx.oncall.current(), actor === undefined ? Promise.resolve([]) : ctx.alerts.list({ openOnly: true, assignee: actor.id })]);
  await ctx.messenger.publishHome(slackUserId, renderAppHome({ onCall, myAlerts: alerts, view: ctx.status, known: actor !== undefined, generatedAt: ctx.clock.now() }));
}

/** Registers the app_home_opened listener. */
export function registerAppHome(app: App, ctx: BotContext): void {
  app.event('app_home_opened', async ({ event }) => {
    if (event.tab !== 'home') return;
    ctx.background('app home', () => publishHome(ctx, event.user));
  });
}
