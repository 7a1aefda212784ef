/**
 * Acks and resolves made by another process (e.g. `opsdeck ack` while the
 * daemon runs the pager) are written to storage as requests; the process that
 * runs the pager applies them through its own alert book, so its escalation
 * stops even though the change happened elsewhere.
 */
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { AlertRepository } from '../storage/alert-repository.js';
import type { AlertBook } from './alert-book.js';

/** Applies every pending request; returns how many were applied. */
export function applyPendingRequests(options: {
  repo: AlertRepository;
  book: AlertBook;
  clock: Clock;
  logger: Logger;
  acknowledge: (alertId: string, actorId: string) => void;
}): number {
  const { repo, book, clock, logger } = options;
  let applied = 0;
  for (const request of repo.pendingRequests()) {
    const alert = book.open().find((a) => a.id === request.alertId);
    try {
      if (alert !== undefined && request.action === 'ack' && alert.state === 'firing') options.acknowledge(alert.id, request.actorId);
      else if (alert !== undefined && request.action === 'resolve') book.resolve(alert.id, request.actorId);
    } catch (error) {
      logger.log('warn', 'could not apply an alert request from another process', { request, error });
    }
    repo.markRequestApplied(request.id, clock.now());
    applied++;
  }
  return applied;
}
