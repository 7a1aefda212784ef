/**
 * The Slack bot's ActorDirectory: a Slack user is an opsdeck actor only when
 * the access config names their Slack id (`external.slack`); anyone else is refused.
 */
import type { AccessGate } from '../../core/access/index.js';
import type { ActorDirectory } from '../../slackbot/ports.js';

/** Resolves Slack user ids through the access gate, as actors whose source is "slack". */
export function slackActorDirectory(access: Pick<AccessGate, 'identify'>): ActorDirectory {
  return {
    async resolve(slackUserId) {
      const actor = access.identify('slack', slackUserId);
      return actor === undefined ? undefined : { ...actor, source: 'slack', externalId: slackUserId };
    },
  };
}
