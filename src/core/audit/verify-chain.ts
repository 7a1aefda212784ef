/**
 * Pure verification of an audit chain: finds the first sequence number whose
 * row was edited, deleted, reordered, or cut off after a checkpoint.
 */
import { chainHash, GENESIS_HASH, type AuditEntry } from './audit-entry.js';

/** A signed-off point of the chain (sequence and head hash), exportable for later truncation checks. */
export interface AuditCheckpoint {
  seq: number;
  hash: string;
  at: number;
}

/** The verdict of a verification. */
export type ChainVerdict =
  | { ok: true; entries: number; headSeq: number; headHash: string }
  | {
      ok: false;
      /** First sequence number that is wrong or missing. */
      firstBadSeq: number;
      reason: 'hash-mismatch' | 'link-mismatch' | 'sequence-gap' | 'truncated' | 'checkpoint-mismatch';
      message: string;
    };

/** Verifies entries in stored order against each other and against the given checkpoints. */
export function verifyChain(entries: Iterable<AuditEntry>, checkpoints: readonly AuditCheckpoint[] = []): ChainVerdict {
  const bySeq = new Map(checkpoints.map((c) => [c.seq, c]));
  let expectedSeq = 1;
  let prev = GENESIS_HASH;
  let count = 0;
  for (const entry of entries) {
    if (entry.seq !== expectedSeq) {
      const missing = Math.min(expectedSeq, entry.seq);
      return { ok: false, firstBadSeq: missing, reason: 'sequence-gap', message: `Audit entry ${expectedSeq} is missing or out of order (found ${entry.seq}).` };
    }
    if (entry.prevHash !== prev) {
      return { ok: false, firstBadSeq: entry.seq, reason: 'link-mismatch', message: `Audit entry ${entry.seq} does not link to entry ${entry.seq - 1}.` };
    }
    if (chainHash(prev, entry) !== entry.hash) {
      return { ok: false, firstBadSeq: entry.seq, reason: 'hash-mismatch', message: `Audit entry ${entry.seq} was modified (hash mismatch).` };
    }
    const checkpoint = bySeq.get(entry.seq);
    if (checkpoint !== undefined && checkpoint.hash !== entry.hash) {
      return { ok: false, firstBadSeq: entry.seq, reason: 'checkpoint-mismatch', message: `Audit entry ${entry.seq} differs from checkpoint ${checkpoint.seq}.` };
    }
    prev = entry.hash;
    expectedSeq++;
    count++;
  }
  const headSeq = expectedSeq - 1;
  const latest = checkpoints.reduce((max, c) => Math.max(max, c.seq), 0);
  if (latest > headSeq) {
    return { ok: false, firstBadSeq: headSeq + 1, reason: 'truncated', message: `The audit log ends at ${headSeq} but a checkpoint vouches for ${latest} entries; entries from ${headSeq + 1} were removed.` };
  }
  return { ok: true, entries: count, headSeq, headHash: prev };
}
