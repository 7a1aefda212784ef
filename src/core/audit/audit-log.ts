/**
 * The append-only, hash-chained audit log: every step of every command and
 * alert action lands here, and verify() names the first tampered sequence.
 */
import type { Clock } from '../clock.js';
import { opsError } from '../errors.js';
import { chainHash, GENESIS_HASH, type AuditEntry, type AuditRecord } from './audit-entry.js';
import type { AuditQuery, AuditStore } from './audit-store-port.js';
import { verifyChain, type AuditCheckpoint, type ChainVerdict } from './verify-chain.js';

/** Options for the audit log. */
export interface AuditLogOptions {
  store: AuditStore;
  clock: Clock;
  /** Writes a checkpoint automatically every this many entries (0 = only on request). */
  checkpointEvery?: number;
}

/** Options for verify(). */
export interface AuditVerifyOptions {
  /** Checkpoints kept outside the database (exported earlier) to detect truncation of both tables. */
  external?: readonly AuditCheckpoint[];
}

/** Append, read, checkpoint and verify the audit chain. */
export interface AuditLog {
  /** Appends one record durably (committed with synchronous FULL before returning). */
  append(record: AuditRecord): AuditEntry;
  entries(query?: AuditQuery): AuditEntry[];
  head(): { seq: number; hash: string };
  /** Records (sequence, head hash) now and returns it for export. */
  checkpoint(): AuditCheckpoint;
  latestCheckpoint(): AuditCheckpoint | undefined;
  verify(options?: AuditVerifyOptions): ChainVerdict;
  /** Writes a checkpoint every `intervalMs` on the clock until the returned function is called. */
  startCheckpointTimer(intervalMs: number): () => void;
}

function jsonSafe(details: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (details === undefined) return undefined;
  return JSON.parse(JSON.stringify(details)) as Record<string, unknown>;
}

/** Creates the audit log over a store. */
export function createAuditLog(options: AuditLogOptions): AuditLog {
  const { store, clock } = options;
  const every = options.checkpointEvery ?? 100;
  const log: AuditLog = {
    append(record) {
      return store.transact(() => {
        const head = store.head();
        const prevHash = head?.hash ?? GENESIS_HASH;
        const details = jsonSafe(record.details);
        const body = {
          seq: (head?.seq ?? 0) + 1,
          at: clock.now(),
          event: record.event,
          actor: { id: record.actor.id, source: record.actor.source },
          ...(record.correlationId === undefined ? {} : { correlationId: record.correlationId }),
          ...(record.tenant === undefined ? {} : { tenant: record.tenant }),
          ...(record.target === undefined ? {} : { target: record.target }),
          ...(record.code === undefined ? {} : { code: record.code }),
          ...(record.message === undefined ? {} : { message: record.message }),
          ...(details === undefined ? {} : { details }),
        };
        const entry: AuditEntry = { ...body, prevHash, hash: chainHash(prevHash, body) };
        store.insert(entry);
        if (every > 0 && entry.seq % every === 0) store.insertCheckpoint({ seq: entry.seq, hash: entry.hash, at: entry.at });
        return entry;
      });
    },
    entries: (query) => store.entries(query),
    head: () => store.head() ?? { seq: 0, hash: GENESIS_HASH },
    checkpoint() {
      return store.transact(() => {
        const head = store.head();
        if (head === undefined) throw opsError('CONFLICT', 'The audit log is empty; there is nothing to checkpoint.');
        const checkpoint = { seq: head.seq, hash: head.hash, at: clock.now() };
        store.insertCheckpoint(checkpoint);
        return checkpoint;
      });
    },
    latestCheckpoint: () => store.checkpoints().at(-1),
    verify(verifyOptions = {}) {
      return verifyChain(store.iterate(), [...store.checkpoints(), ...(verifyOptions.external ?? [])]);
    },
    startCheckpointTimer(intervalMs) {
      return clock.every(intervalMs, () => {
        const head = store.head();
        if (head !== undefined && log.latestCheckpoint()?.seq !== head.seq) log.checkpoint();
      });
    },
  };
  return log;
}
