/**
 * Small, pure text formatters shared by the view-models: ages, durations,
 * fixed-width cells and percentages.
 */

/** Compact age of a duration in ms: "5s", "3m", "2h", "4d". */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h`;
  return `${Math.floor(h / 24)}d`;
}

/** Elapsed time with two units for plan steps: "45s", "3m12s", "1h04m". */
export function formatElapsed(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

/** Parses "90s", "15m", "2h", "1d" (or bare minutes) into ms; undefined when invalid. */
export function parseDuration(text: string): number | undefined {
  const match = /^\s*(\d+)\s*([smhd]?)\s*$/i.exec(text);
  if (match === null) return undefined;
  const n = Number(match[1]);
  const unit = (match[2] ?? '').toLowerCase();
  const factor = unit === 's' ? 1000 : unit === 'h' ? 3_600_000 : unit === 'd' ? 86_400_000 : 60_000;
  return n > 0 ? n * factor : undefined;
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
