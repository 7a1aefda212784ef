/**
 * One muter for silences, maintenance windows and inhibition (as in
 * Alertmanager's notify pipeline): the pager asks it before every
 * notification, so a muted alert never pages while the mute lasts.
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock.js';
import { opsError } from '../errors.js';
import type { AlertRepository, Silence } from '../storage/alert-repository.js';
import type { Alert } from './alert.js';
import type { AlertsConfig } from './config.js';
import { matchesAll, type Matcher } from './matchers.js';

/** How stale the in-memory silence list may get before it is re-read from storage. */
const SILENCE_REFRESH_MS = 2_000;

/** Why an alert is muted. */
export interface MuteReason {
  kind: 'silence' | 'maintenance' | 'inhibited';
  /** Silence id, maintenance window name or inhibiting alert id. */
  by: string;
}

/** Decides whether notifications for an alert are muted right now. */
export class Muter {
  private cache: Silence[] | undefined;
  private cachedAt = 0;
  private readonly configured: Silence[];

  constructor(
    private readonly repo: AlertRepository,
    private readonly config: Pick<AlertsConfig, 'silences' | 'maintenance'>,
    private readonly clock: Clock,
  ) {
    this.configured = config.silences.map((s, i) => ({
      id: `config-${i + 1}`,
      matchers: s.matchers,
      startsAt: s.from === undefined ? 0 : Date.parse(s.from),
      endsAt: Date.parse(s.until),
      createdBy: s.createdBy,
      comment: s.comment,
    }));
  }

  /** The first reason the alert is muted at `at`, or undefined. */
  mutedBy(alert: Pick<Alert, 'labels' | 'inhibitedBy'>, at: number = this.clock.now()): MuteReason | undefined {
    if (alert.inhibitedBy !== undefined) return { kind: 'inhibited', by: alert.inhibitedBy };
    for (const s of this.silences(at)) {
      if (s.startsAt <= at && matchesAll(alert.labels, s.matchers)) return { kind: 'silence', by: s.id };
    }
    for (const w of this.config.maintenance) {
      if (Date.parse(w.from) <= at && at < Date.parse(w.to) && matchesAll(alert.labels, w.matchers)) return { kind: 'maintenance', by: w.name };
    }
    return undefined;
  }

  /** Silences that have not ended at `at` (config ones included). */
  silences(at: number = this.clock.now()): Silence[] {
    // Re-read now and then: another process (the CLI) may have added a silence.
    const now = this.clock.now();
    if (this.cache === undefined || now - this.cachedAt > SILENCE_REFRESH_MS || now < this.cachedAt) {
      this.cache = this.repo.activeSilences(Math.min(at, now));
      this.cachedAt = now;
    }
    return [...this.configured, ...this.cache].filter((s) => (s.expiredAt ?? s.endsAt) > at);
  }

  /** Creates and stores a silence. */
  add(matchers: Matcher[], options: { forMs: number; createdBy: string; comment: string; startsAt?: number }): Silence {
    if (matchers.length === 0) throw opsError('INPUT_INVALID', 'A silence needs at least one matcher.', { hint: 'For example: service=web.' });
    if (options.forMs <= 0) throw opsError('INPUT_INVALID', 'A silence needs a positive duration.', { hint: 'For example: --for 2h.' });
    const startsAt = options.startsAt ?? this.clock.now();
    const silence: Silence = { id: `S-${randomUUID().slice(0, 8)}`, matchers, startsAt, endsAt: startsAt + options.forMs, createdBy: options.createdBy, comment: options.comment };
    this.repo.saveSilence(silence);
    this.cache = undefined;
    return silence;
  }

  /** Ends a silence now. */
  expire(id: string): Silence {
    const silence = this.silences().find((s) => s.id === id);
    if (silence === undefined || silence.id.startsWith('config-')) {
      throw opsError('NOT_FOUND', `No active silence ${id} that can be ended.`, { hint: 'Silences from the config file end when the file changes.' });
    }
    const expired = { ...silence, expiredAt: this.clock.now() };
    this.repo.saveSilence(expired);
    this.cache = undefined;
    return expired;
  }
}
