/**
 * The Slack bot's OnCallGateway: who is on call per schedule right now, as
 * opsdeck actors with the Slack user id to mention, from the on-call config.
 */
import type { AccessGate } from '../../core/access/index.js';
import type { Alerting, OnCallAnswer } from '../../core/alerts/index.js';
import type { Actor } from '../../core/model/actor.js';
import type { OnCallEntry, OnCallGateway } from '../../slackbot/ports.js';

type OnCallPerson = NonNullable<OnCallAnswer['person']>;

/** The opsdeck actor behind an on-call person: by Slack id, else by the same id, else the person as named in the schedule. */
export function actorOfPerson(person: OnCallPerson, access: AccessGate): Actor {
  const slackId = person.contacts['slack'];
  const bySlack = slackId === undefined ? undefined : access.identify('slack', slackId);
  if (bySlack !== undefined) return bySlack;
  const byId = access.actorById(person.id, 'slack');
  return byId ?? { id: person.id, name: person.name, source: 'slack', ...(slackId === undefined ? {} : { externalId: slackId }) };
}

/** Builds the gateway behind `/opsdeck oncall` and the App Home's on-call section. */
export function slackOnCallGateway(alerting: Pick<Alerting, 'whoIsOnCall'>, access: AccessGate): OnCallGateway {
  return {
    async current() {
      const entries: OnCallEntry[] = [];
      for (const answer of alerting.whoIsOnCall()) {
        if (answer.person === undefined) continue;
        const slackUserId = answer.person.contacts['slack'];
        entries.push({
          schedule: answer.schedule,
          actor: actorOfPerson(answer.person, access),
          ...(slackUserId === undefined ? {} : { slackUserId }),
          ...(answer.shift === undefined ? {} : { until: answer.shift.end }),
        });
      }
      return entries;
    },
  };
}
