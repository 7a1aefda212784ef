/**
 * The pure step function: same inputs, same decision; positions advance
 * through attempts, levels and rounds; acks hold; resolution closes.
 */
import { describe, expect, it } from 'vitest';
import { decideStep, nextPosition, type AlertFact } from '../../../src/core/oncall/escalation-step.js';
import type { FrozenPolicy, PageRecord } from '../../../src/core/oncall/page-record.js';

const policy: FrozenPolicy = {
  name: 'p',
  levels: [
    { notify: [{ user: 'a' }], waitMs: 300_000, times: 2 },
    { notify: [{ user: 'b' }], waitMs: 600_000, times: 1 },
  ],
  repeat: 1,
  reNotifyAcknowledgedAfterMs: 3_600_000,
};
const page = (over: Partial<PageRecord> = {}): Pick<PageRecord, 'policy' | 'position' | 'notified' | 'status'> => ({
  policy,
  position: { round: 0, level: 0, attempt: 0 },
  notified: [],
  status: 'escalating',
  ...over,
});
const firing: AlertFact = { id: 'A1', state: 'firing', muted: false };

describe('decideStep', () => {
  it('walks attempts, then levels, then rounds, then reports exhaustion', () => {
    const seen: string[] = [];
    let position = { round: 0, level: 0, attempt: 0 };
    for (let i = 0; i < 7; i++) {
      const d = decideStep(page({ position }), [firing], 1000, 'step');
      if (d.type !== 'notify') {
        seen.push(d.type);
        break;
      }
      seen.push(`${d.round}:${d.level}:${'user' in d.targets[0]! ? d.targets[0].user : ''}`);
      position = d.next;
    }
    expect(seen).toEqual(['0:0:a', '0:0:a', '0:1:b', '1:0:a', '1:0:a', '1:1:b', 'exhausted']);
    expect(nextPosition({ round: 0, level: 1, attempt: 0 }, policy)).toEqual({ round: 1, level: 0, attempt: 0 });
  });

  it('schedules the next step after the level\'s wait', () => {
    const d = decideStep(page({ position: { round: 0, level: 1, attempt: 0 } }), [firing], 5_000, 'step');
    expect(d).toMatchObject({ type: 'notify', nextAt: 605_000 });
  });

  it('closes with a summary to everyone notified once every alert is resolved', () => {
    expect(decideStep(page({ notified: ['a', 'b'] }), [{ ...firing, state: 'resolved' }], 0, 'change')).toEqual({ type: 'close', summaryTo: ['a', 'b'] });
  });

  it('holds an acknowledged page until the re-notify time, then expires the acknowledgement', () => {
    const acked: AlertFact = { id: 'A1', state: 'acknowledged', acknowledgedAt: 10_000, muted: false };
    expect(decideStep(page(), [acked], 20_000, 'change')).toEqual({ type: 'hold', ackTimeoutAt: 10_000 + 3_600_000 });
    expect(decideStep(page(), [acked], 3_700_000, 'ack-timeout')).toEqual({ type: 'ack-expired', alertIds: ['A1'] });
  });

  it('does not notify while every firing alert is muted, and resumes a held page when an alert fires again', () => {
    expect(decideStep(page(), [{ ...firing, muted: true }], 0, 'step')).toMatchObject({ type: 'muted' });
    expect(decideStep(page({ status: 'acknowledged' }), [firing], 7, 'change')).toEqual({ type: 'resume', at: 7 });
    expect(decideStep(page(), [firing], 7, 'change')).toEqual({ type: 'none' });
  });
});
