/**
 * Turns cells into blessed tag markup: escapes user text so a `{` in a
 * service name is never read as markup, and applies colour and emphasis.
 */
import type { Cell, CellColor } from '../list-model.js';

/** Escapes blessed tag braces in plain text. */
export function escapeTags(text: string): string {
  return text.replace(/[{}]/g, (c) => (c === '{' ? '{open}' : '{close}'));
}

const TAG: Record<CellColor, string> = {
  green: 'green-fg',
  yellow: 'yellow-fg',
  red: 'red-fg',
  grey: 'gray-fg',
  cyan: 'cyan-fg',
  magenta: 'magenta-fg',
  blue: 'blue-fg',
  white: 'white-fg',
};

/** Markup for one cell whose text is already fitted to its width. */
export function cellMarkup(cell: Cell, text: string, options: { dim?: boolean } = {}): string {
  let out = escapeTags(text);
  const color = options.dim === true ? 'grey' : cell.color;
  if (color !== undefined) out = `{${TAG[color]}}${out}{/${TAG[color]}}`;
  if (cell.bold === true) out = `{bold}${out}{/bold}`;
  return out;
}

/** Markup for free-form segments, cut at `width` visible columns and padded to it. */
export function segmentsMarkup(cells: readonly Cell[], width: number, options: { dim?: boolean } = {}): string {
  let used = 0;
  let out = '';
  for (const cell of cells) {
    if (used >= width) break;
    let text = cell.text;
    if (used + text.length > width) text = `${text.slice(0, Math.max(0, width - used - 1))}…`;
    used += text.length;
    out += cellMarkup(cell, text, options);
  }
  return out + ' '.repeat(Math.max(0, width - used));
}
