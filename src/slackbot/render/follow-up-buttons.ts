/**
 * The button a spec change's result offers next: **Rollback** after a failed
 * rollout (guarded by the typed name) and **Continue** after a canary reached
 * its wait (Slack's native confirm). Clicking goes through the engine like any
 * command, so policy (typed name, approval) still decides.
 */
import type { types } from '@slack/bolt';
import { ACTION_IDS, type CommandButtonValue } from '../action-value.js';
import { actionsBlocks, button } from './buttons.js';

/** The actions block offering the follow-up for the command `from` (empty when no service is named). */
export function followUpBlocks(kind: 'rollback' | 'plan-continue', from: CommandButtonValue): types.ActionsBlock[] {
  const service = from.tg.service;
  if (service === undefined) return [];
  const carry = { ...(from.al === undefined ? {} : { al: from.al }), ...(from.pg === undefined ? {} : { pg: from.pg }) };
  const offered =
    kind === 'rollback'
      ? button({
          actionId: ACTION_IDS.followUp,
          text: `Rollback ${service}`,
          style: 'danger',
          value: { t: 'cmd', k: 'rollback', tg: { service }, ar: {}, g: 'typed-name', r: `rollback after a failed ${from.k}`, ...carry },
        })
      : button({
          actionId: ACTION_IDS.followUp,
          text: `Continue ${service} rollout`,
          style: 'primary',
          value: { t: 'cmd', k: 'plan-continue', tg: { service, ...(from.tg.plan === undefined ? {} : { plan: from.tg.plan }) }, ar: {}, g: 'confirm', ...carry },
          confirm: { title: 'Continue the rollout?', text: `The canary of *${service}* looked good: roll the change out to the rest?`, confirm: 'Continue' },
        });
  return actionsBlocks([offered], `opsdeck.follow-up.${kind}`);
}
