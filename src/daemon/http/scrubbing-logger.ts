/**
 * A logger wrapper that scrubs secrets the daemon learns at start (the
 * webhook token read from the environment) from every message and field,
 * whatever logger the composition root handed in.
 */
import type { Logger } from '../../core/logger.js';
import { redact } from '../../core/redact.js';

function errorsAsData(_key: string, value: unknown): unknown {
  if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack };
  return value;
}

/** Wraps `inner` so that no `secrets` value (nor anything token-shaped) reaches it. */
export function scrubbingLogger(inner: Logger, secrets: readonly string[]): Logger {
  if (secrets.length === 0) return inner;
  return {
    log(level, message, fields) {
      const clean = fields === undefined ? undefined : (JSON.parse(redact(JSON.stringify(fields, errorsAsData), secrets)) as Record<string, unknown>);
      inner.log(level, redact(message, secrets), clean);
    },
    child(fields) {
      return scrubbingLogger(inner.child(fields), secrets);
    },
  };
}
