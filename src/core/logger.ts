/**
 * Structured logging as JSON lines with secrets redacted, injected wherever
 * something needs to be told to operators (never to end users).
 */
import { redact } from './redact.js';

/** Log severity. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** The logger every component receives. */
export interface Logger {
  log(level: LogLevel, message: string, fields?: Record<string, unknown>): void;
  /** A logger that adds `fields` to every line. */
  child(fields: Record<string, unknown>): Logger;
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Options for the JSON-lines logger. */
export interface JsonLoggerOptions {
  write: (line: string) => void;
  level?: LogLevel;
  now?: () => number;
  /** Secret values (tokens from the environment) to scrub from every line. */
  secrets?: readonly string[];
  fields?: Record<string, unknown>;
}

/** Writes one JSON object per line: time, level, msg, fields; secrets redacted. */
export function jsonLogger(options: JsonLoggerOptions): Logger {
  const min = ORDER[options.level ?? 'info'];
  const base = options.fields ?? {};
  const now = options.now ?? Date.now;
  return {
    log(level, message, fields = {}) {
      if (ORDER[level] < min) return;
      const line = JSON.stringify({ time: new Date(now()).toISOString(), level, msg: message, ...base, ...fields }, errorReplacer);
      options.write(redact(line, options.secrets ?? []));
    },
    child(fields) {
      return jsonLogger({ ...options, fields: { ...base, ...fields } });
    },
  };
}

function errorReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack };
  return value;
}

/** A logger that drops everything (tests that do not look at logs). */
export const silentLogger: Logger = {
  log: () => undefined,
  child: () => silentLogger,
};
