/**
 * The storage ports of the command engine (approvals and idempotency
 * records); SQLite implementations live in core/storage/*-store.ts.
 */
import type { Command } from './command.js';

/** Lifecycle of an approval request. */
export type ApprovalState = 'pending' | 'approved' | 'denied' | 'expired' | 'executed';

/** One approval vote. */
export interface ApprovalVote {
  actorId: string;
  name: string;
  at: number;
}

/** A command waiting for N other people of a role to approve it. */
export interface ApprovalRequest {
  id: string;
  /** Hash of the canonical command: approvals bind to exactly this. */
  commandHash: string;
  command: Command;
  serviceId: string;
  tenant: string;
  requesterId: string;
  required: number;
  role: string;
  createdAt: number;
  expiresAt: number;
  state: ApprovalState;
  approvals: ApprovalVote[];
  decidedBy?: string;
}

/** Durable approval requests and votes. */
export interface ApprovalStore {
  insert(request: ApprovalRequest): void;
  get(id: string): ApprovalRequest | undefined;
  /** The newest pending or approved-but-not-executed request for this exact command, if any. */
  findOpen(commandHash: string): ApprovalRequest | undefined;
  /** Pending requests not yet expired at `now`, newest first. */
  listPending(now: number): ApprovalRequest[];
  /** Adds a vote; false when this person already voted. */
  addVote(id: string, vote: ApprovalVote): boolean;
  setState(id: string, state: ApprovalState, decidedBy?: string): void;
}

/** What is kept per idempotency key. */
export interface IdempotencyRecord {
  key: string;
  commandHash: string;
  command: Command;
  state: 'started' | 'completed';
  createdAt: number;
  /** The final result (JSON), once completed. */
  result?: unknown;
}

/** Durable at-most-once bookkeeping for command execution. */
export interface IdempotencyStore {
  get(key: string): IdempotencyRecord | undefined;
  /** Claims the key atomically; false when a record already exists. */
  claim(record: Omit<IdempotencyRecord, 'state' | 'result'>): boolean;
  complete(key: string, result: unknown): void;
  /** Forgets a claim whose execution certainly did not happen (e.g. backend unreachable before acting). */
  release(key: string): void;
  /** Deletes completed records created before `before` (epoch ms); returns how many. */
  prune(before: number): number;
}
