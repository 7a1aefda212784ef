/**
 * Small, pure text formatters shared by the view-models: elapsed times,
 * typed durations, fixed-width cells and percentages (ages come from core).
 */
import { parseDuration as parseHumanDuration } from '../core/time/duration.js';


/** Elapsed time with two units for plan steps: "45s", "3m12s", "1h04m". */
export function formatElapsed(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

/** Parses a typed duration ("90s", "15m", "1h30m"; a bare number means minutes); undefined when invalid. */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim();
  try {
    const ms = /^\d+$/.test(trimmed) ? Number(trimmed) * 60_000 : parseHumanDuration(trimmed);
    return ms > 0 ? ms : undefined;
  } catch {
    return undefined;
  }
}

/** Fits text into exactly `width` columns: truncated with an ellipsis or padded. */
export function fit(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  if (width <= 0) return '';
  if (text.length > width) return width === 1 ? '…' : `${text.slice(0, width - 1)}…`;
  return align === 'right' ? text.padStart(width) : text.padEnd(width);
}

/** Percent of used over total, rounded ("0%" when the total is 0). */
export function percent(used: number, total: number): string {
  return total > 0 ? `${Math.round((used / total) * 100)}%` : '0%';
}

/** A text bar of `width` cells for a 0..1 ratio: "█████░░░░░". */
export function bar(ratio: number, width: number): string {
  const filled = Math.max(0, Math.min(width, Math.round(ratio * width)));
  return '█'.repeat(filled) + '░'.repeat(width - filled);
}
