/**
 * The executor half of "a pure step function returns a decision, an executor
 * performs it": writes the page's new state, its next durable timer and its
 * notification intents (inside the caller's fenced transaction).
 */
import type { Alert } from '../alerts/alert.js';
import { opsError } from '../errors.js';
import type { AlertBook } from '../alerts/alert-book.js';
import type { Logger } from '../logger.js';
import type { PagingRepository } from '../storage/paging-repository.js';
import type { OncallConfig } from './config.js';
import type { StepDecision } from './escalation-step.js';
import { buildPageMessage } from './page-message.js';
import { START, type PageRecord } from './page-record.js';
import { deliveryTime, resolveTargets, toRecipient } from './recipients.js';

/** What the executor writes through. */
export interface StepExecutorDeps {
  repo: PagingRepository;
  book: AlertBook;
  oncall: OncallConfig;
  logger: Logger;
  /** The pager's fencing tokens; updated when a page's fence moves. */
  fences: Map<string, number>;
  alertsOf: (ids: readonly string[]) => Alert[];
}

/** Performs one decision for one page; keys of written notification intents are appended to `input.intents`. */
export function carryOutDecision(deps: StepExecutorDeps, input: { page: PageRecord; decision: StepDecision; now: number; intents: string[] }): void {
  const { repo, oncall } = deps;
  const { page, decision, now, intents } = input;
  const save = (next: PageRecord): void => {
    if (!repo.savePage({ ...next, updatedAt: now }, page.fence)) throw opsError('CONFLICT', `Page ${page.id} is owned by another pager.`, { hint: 'Another opsdeck process took over paging; this one stands by.' });
    deps.fences.set(page.id, next.fence);
  };
  const bump = { ...page, fence: page.fence + 1 };
  switch (decision.type) {
    case 'none':
      return;
    case 'close': {
      repo.cancelTimers(page.id);
      // Only people who actually saw the page get the summary (a deferred, never-sent page wakes nobody).
      const reached = new Set(repo.deliveredTo(page.id));
      const recipients = oncall.people.filter((p) => decision.summaryTo.includes(p.id) && reached.has(p.id));
      for (const person of recipients) {
        const key = `${page.id}:resolved:${person.id}`;
        const message = buildPageMessage({ page, type: 'resolved', key, recipient: toRecipient(person), now, alerts: deps.alertsOf(page.alertIds) });
        if (repo.enqueue({ key, pageId: page.id, message, dueAt: deliveryTime(person, page.severity, oncall, now) })) intents.push(key);
      }
      save({ ...bump, status: 'closed' });
      repo.log({ pageId: page.id, at: now, event: 'closed', detail: { summaries: recipients.map((p) => p.id) } });
      return;
    }
    case 'hold':
      repo.cancelTimers(page.id);
      save({ ...bump, status: 'acknowledged' });
      if (decision.ackTimeoutAt !== undefined) repo.addTimer({ pageId: page.id, dueAt: decision.ackTimeoutAt, fence: bump.fence, kind: 'ack-timeout' });
      repo.log({ pageId: page.id, at: now, event: 'acknowledged', detail: { ackTimeoutAt: decision.ackTimeoutAt ?? null } });
      return;
    case 'ack-expired':
      for (const id of decision.alertIds) deps.book.unacknowledge(id);
      repo.cancelTimers(page.id);
      save({ ...bump, status: 'escalating', position: START });
      repo.addTimer({ pageId: page.id, dueAt: now, fence: bump.fence, kind: 'step' });
      repo.log({ pageId: page.id, at: now, event: 'acknowledgement-expired', detail: { alerts: decision.alertIds } });
      return;
    case 'resume':
      repo.cancelTimers(page.id);
      save({ ...bump, status: 'escalating', position: START });
      repo.addTimer({ pageId: page.id, dueAt: decision.at, fence: bump.fence, kind: 'step' });
      return;
    case 'muted':
      repo.addTimer({ pageId: page.id, dueAt: decision.recheckAt, fence: page.fence, kind: 'step' });
      repo.log({ pageId: page.id, at: now, event: 'muted', detail: {} });
      return;
    case 'exhausted':
      save({ ...page, status: 'exhausted' });
      repo.log({ pageId: page.id, at: now, event: 'exhausted', detail: { policy: page.policy.name } });
      deps.logger.log('warn', 'escalation exhausted without acknowledgement', { page: page.id });
      return;
    case 'notify': {
      const people = resolveTargets(decision.targets, oncall, now);
      const next: PageRecord = { ...page, status: 'escalating', position: decision.next, seq: page.seq + 1, notified: [...new Set([...page.notified, ...people.map((p) => p.id)])] };
      for (const person of people) {
        const key = `${page.id}:${page.seq}:${person.id}`;
        const message = buildPageMessage({ page: next, type: 'page', key, recipient: toRecipient(person), now, alerts: deps.alertsOf(decision.alertIds), step: decision });
        if (repo.enqueue({ key, pageId: page.id, message, dueAt: deliveryTime(person, page.severity, oncall, now) })) intents.push(key);
      }
      save(next);
      repo.addTimer({ pageId: page.id, dueAt: decision.nextAt, fence: page.fence, kind: 'step' });
      repo.log({ pageId: page.id, at: now, event: 'step', detail: { level: decision.level, round: decision.round, to: people.map((p) => p.id) } });
      if (people.length === 0) deps.logger.log('error', 'escalation level resolved to nobody', { page: page.id, level: decision.level });
      return;
    }
  }
}
