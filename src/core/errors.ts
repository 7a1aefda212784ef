/**
 * One error family for all of opsdeck: every failure carries a stable code, a
 * user-facing message, a hint saying what to do, an optional cause and whether
 * retrying can help. Front ends present these; they never show stack traces.
 */

/** Stable error codes; front ends and tests match on these, never on text. */
export const ERROR_CODES = [
  'CONFIG_INVALID',
  'CONFIG_NOT_FOUND',
  'INPUT_INVALID',
  'NOT_FOUND',
  'AMBIGUOUS',
  'UNSUPPORTED',
  'FORBIDDEN',
  'UNAUTHENTICATED',
  'READ_ONLY',
  'GUARD_REJECTED',
  'CONFIRMATION_REQUIRED',
  'APPROVAL_REQUIRED',
  'CONFLICT',
  'RATE_LIMITED',
  'BACKEND_UNREACHABLE',
  'BACKEND_ERROR',
  'BACKEND_PROTOCOL',
  'TIMEOUT',
  'UNAVAILABLE',
  'ABORTED',
  'STORAGE_ERROR',
  'INTEGRITY_VIOLATION',
  'INTERNAL',
] as const;

/** A stable, machine-matchable error code. */
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Options for constructing an OpsdeckError. */
export interface OpsdeckErrorOptions {
  hint?: string;
  cause?: unknown;
  retryable?: boolean;
  /** Extra structured facts (candidate names, sequence numbers…), safe to show. */
  details?: Record<string, unknown>;
}

/** The one error type opsdeck throws on purpose; anything else is a bug shown generically. */
export class OpsdeckError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  readonly retryable: boolean;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, options: OpsdeckErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'OpsdeckError';
    this.code = code;
    this.hint = options.hint;
    this.retryable = options.retryable ?? false;
    this.details = options.details;
  }

  /** A plain JSON form for the wire and for `--json` output (no stack, no cause). */
  toJSON(): { code: ErrorCode; message: string; hint?: string; retryable: boolean; details?: Record<string, unknown> } {
    return {
      code: this.code,
      message: this.message,
      ...(this.hint === undefined ? {} : { hint: this.hint }),
      retryable: this.retryable,
      ...(this.details === undefined ? {} : { details: this.details }),
    };
  }
}

/** Type guard so callers can branch on our errors without instanceof across realms. */
export function isOpsdeckError(value: unknown): value is OpsdeckError {
  return value instanceof OpsdeckError;
}

/** Shorthand constructor used throughout the code base. */
export function opsError(code: ErrorCode, message: string, options: OpsdeckErrorOptions = {}): OpsdeckError {
  return new OpsdeckError(code, message, options);
}

/**
 * Wraps anything thrown into an OpsdeckError: ours pass through, AbortErrors
 * become ABORTED, the rest become INTERNAL with the original kept as cause.
 */
export function toOpsdeckError(value: unknown): OpsdeckError {
  if (isOpsdeckError(value)) return value;
  if (value instanceof Error && value.name === 'AbortError') {
    return new OpsdeckError('ABORTED', 'The operation was cancelled.', { cause: value });
  }
  return new OpsdeckError('INTERNAL', 'Something went wrong inside opsdeck.', {
    cause: value,
    hint: 'This is a bug; the full error is in the log under the correlation id.',
  });
}
