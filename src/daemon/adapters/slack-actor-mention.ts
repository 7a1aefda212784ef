/**
 * How a page copy names whoever acted on an alert outside Slack: the actor's
 * name, and their Slack id (to mention them) when the access config has one.
 */
import type { AccessConfig } from '../../core/access/index.js';
import type { PageUpdate } from '../../slackbot/ports.js';

/** Who acted, as a page update shows it. */
export type ActorMention = NonNullable<PageUpdate['by']>;

/** Builds the lookup from the access config; "condition-cleared" and unknown ids read sensibly. */
export function actorMentions(access: Pick<AccessConfig, 'actors'>): (actorId: string | undefined) => ActorMention {
  return (actorId) => {
    if (actorId === undefined) return { name: 'opsdeck' };
    if (actorId === 'condition-cleared') return { name: 'opsdeck (the condition cleared)' };
    const entry = access.actors.find((a) => a.id === actorId);
    if (entry === undefined) return { name: actorId };
    const slackUserId = entry.external['slack'];
    return { name: entry.name, ...(slackUserId === undefined ? {} : { slackUserId }) };
  };
}
