/**
 * The CLI's one error presenter: an OpsdeckError becomes "error: message" plus
 * its hint; anything else is a bug shown generically with a correlation id
 * while the full error goes to the log. Also maps errors to exit codes.
 */
import { randomUUID } from 'node:crypto';
import { isOpsdeckError, type ErrorCode } from '../core/errors.js';
import { redact } from '../core/redact.js';

/** Exit codes of the CLI: 0 ok, 1 user error, 2 unreachable backend. */
export const EXIT = { ok: 0, userError: 1, unreachable: 2 } as const;

/** Result of presenting an error: the text for stderr, the exit code, and a log record for unknown errors. */
export interface PresentedError {
  text: string;
  exitCode: number;
  log?: Record<string, unknown>;
}

/** Formats any thrown value for a person; never includes a stack trace or a secret. */
export function presentError(error: unknown, secrets: readonly string[] = []): PresentedError {
  if (isOpsdeckError(error)) return { text: redact(errorText(error), secrets), exitCode: exitCodeFor(error.code) };
  const id = randomUUID().slice(0, 8);
  return {
    text: `error: opsdeck hit an unexpected problem (correlation id ${id}).\nhint: Run again with OPSDECK_LOG=debug to see details, and report the correlation id.`,
    exitCode: EXIT.userError,
    log: { correlationId: id, error: error instanceof Error ? { name: error.name, message: redact(error.message, secrets), stack: error.stack } : String(error) },
  };
}

/** The one textual form of an error for people: `error: …` and, when there is one, `hint: …`. */
export function errorText(error: { message: string; hint?: string | undefined }): string {
  return error.hint === undefined || error.hint === '' ? `error: ${error.message}` : `error: ${error.message}\nhint: ${error.hint}`;
}

/** Exit code for an error code: 2 when a backend could not be reached in time, else 1. */
export function exitCodeFor(code: ErrorCode): number {
  return code === 'BACKEND_UNREACHABLE' || code === 'TIMEOUT' ? EXIT.unreachable : EXIT.userError;
}
