/**
 * What submitting a command returns to a front end: a union each face
 * renders (ask to confirm, show the pending approval, show the verified
 * outcome, or show why it was denied / could not run).
 */
import type { OpsdeckError } from '../errors.js';
import type { ApprovalVote } from './command-storage-port.js';
import type { CommandPreview } from './preview.js';
import type { VerifiedOutcome } from './verify-outcome.js';

/** An error as plain data (no stack, no cause). */
export type ErrorData = ReturnType<OpsdeckError['toJSON']>;

/** Pipeline stage where a command was stopped. */
export type DenialStage = 'input' | 'resolve' | 'authorize' | 'idempotency' | 'guard' | 'support' | 'confirmation' | 'approval';

/** The result of submit / approve. */
export type SubmitResult =
  | { status: 'needs-confirmation'; level: 'confirm' | 'type-name'; preview: CommandPreview; message: string; mismatch: boolean }
  | {
      status: 'pending-approval';
      requestId: string;
      required: number;
      role: string;
      approvals: ApprovalVote[];
      expiresAt: number;
      preview: CommandPreview;
    }
  | { status: 'executed'; commandId: string; preview: CommandPreview; outcome: VerifiedOutcome; replayed: boolean }
  | { status: 'denied'; stage: DenialStage; error: ErrorData }
  /** Execution was attempted but the backend refused or could not be reached. */
  | { status: 'failed'; commandId: string; preview: CommandPreview; error: ErrorData };

/** Options for submit. */
export interface SubmitOptions {
  confirmation?: { typed?: string; confirmed?: boolean };
  signal?: AbortSignal;
}

/** What the engine publishes to subscribers (Slack threads, dashboard, ws clients). */
export interface CommandEvent {
  type: 'denied' | 'needs-confirmation' | 'approval-requested' | 'approval-updated' | 'executing' | 'completed';
  commandId: string;
  actorId: string;
  /** Tenant of the target when resolved; subscribers must filter by what their viewer may see. */
  tenant?: string;
  serviceId?: string;
  summary: string;
  result?: SubmitResult;
  at: number;
}
