/**
 * Remembers every copy of every page (DMs and channel cards) so an ack, a
 * resolve or an action's outcome updates all of them, and a page re-delivered
 * by the pager never posts a second copy to the same place. Records are kept
 * in a PageCopyStore so this survives a restart of the bot.
 */
import type { Page } from './ports.js';
import type { PageCardState } from './render/page-card.js';

/** Where one copy of a page was posted. */
export interface PageCopy {
  channel: string;
  ts: string;
  /** `dm:<user>` or `channel:<id>`: the delivery target, for de-duplication. */
  target: string;
  pageId: string;
  /** What the copy is unique for with its target: the page id (DMs) or `alert:<id>` (channel cards). */
  identity: string;
}

/** Everything the bot knows about one alert's pages. */
export interface PageRecord {
  page: Page;
  state: PageCardState;
  copies: PageCopy[];
}

/** Where page records are kept between restarts (SQLite in production, memory in tests). */
export interface PageCopyStore {
  loadAll(): PageRecord[];
  save(record: PageRecord): void;
}

/** A store that forgets everything on restart. */
export function memoryPageCopyStore(): PageCopyStore {
  return { loadAll: () => [], save: () => undefined };
}

/** Page records per alert, with at-most-once delivery per (identity, target). */
export class PageCopies {
  private readonly records = new Map<string, PageRecord>();
  private readonly delivered = new Map<string, PageCopy>();
  private readonly inFlight = new Map<string, Promise<PageCopy>>();

  constructor(private readonly store: PageCopyStore = memoryPageCopyStore()) {
    for (const record of store.loadAll()) {
      this.records.set(record.page.alertId, record);
      for (const copy of record.copies) this.delivered.set(`${copy.identity}|${copy.target}`, copy);
    }
  }

  /** Registers (or refreshes, for escalations) the page of an alert, keeping what already happened to it. */
  upsert(page: Page): PageRecord {
    const existing = this.records.get(page.alertId);
    const record = existing ?? { page, state: { history: [] }, copies: [] };
    record.page = page;
    this.records.set(page.alertId, record);
    this.store.save(record);
    return record;
  }

  /** The record of an alert, if any page of it was delivered by this bot. */
  get(alertId: string): PageRecord | undefined {
    return this.records.get(alertId);
  }

  /** Persists a record after its state changed (ack, action, resolve…). */
  saveState(alertId: string): void {
    const record = this.records.get(alertId);
    if (record !== undefined) this.store.save(record);
  }

  /** Delivers a copy once per (identity, target): concurrent and repeated calls share the first delivery. */
  deliverOnce(identity: string, target: string, deliver: () => Promise<PageCopy>): Promise<PageCopy> {
    const key = `${identity}|${target}`;
    const done = this.delivered.get(key);
    if (done !== undefined) return Promise.resolve(done);
    const running = this.inFlight.get(key);
    if (running !== undefined) return running;
    const attempt = deliver().then(
      (copy) => {
        this.delivered.set(key, copy);
        this.inFlight.delete(key);
        return copy;
      },
      (error: unknown) => {
        this.inFlight.delete(key);
        throw error;
      },
    );
    this.inFlight.set(key, attempt);
    return attempt;
  }

  /** Adds a delivered copy to its alert's record. */
  addCopy(alertId: string, copy: PageCopy): void {
    const record = this.records.get(alertId);
    if (record === undefined) return;
    record.copies.push(copy);
    this.store.save(record);
  }
}
