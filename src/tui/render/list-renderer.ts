/**
 * Renders the visible window of a ListModel into tagged lines: a column
 * header, then only the rows in the viewport (the model builds nothing else).
 */
import { fit } from '../format.js';
import type { Column, ListModel, ListRow } from '../list-model.js';
import { cellMarkup, escapeTags, segmentsMarkup } from './tags.js';
import { viewportWindow } from './viewport.js';

/** Column widths for a total width: fixed columns as given, flex columns share the rest. */
export function columnWidths(columns: readonly Column[], width: number): number[] {
  const gaps = Math.max(0, columns.length - 1);
  const fixed = columns.reduce((n, c) => n + c.width, 0);
  const flexCount = columns.filter((c) => c.width === 0).length;
  const flex = flexCount === 0 ? 0 : Math.max(8, Math.floor((width - fixed - gaps) / flexCount));
  return columns.map((c) => (c.width === 0 ? flex : c.width));
}

function rowMarkup(row: ListRow, widths: readonly number[], columns: readonly Column[], width: number): string {
  if (row.kind !== 'item' || row.free === true || row.cells.length !== columns.length) {
    return segmentsMarkup(row.cells, width, { dim: row.dim === true });
  }
  const parts = row.cells.map((cell, i) => cellMarkup(cell, fit(cell.text, widths[i]!, columns[i]!.align), { dim: row.dim === true }));
  const used = widths.reduce((n, w) => n + w, 0) + widths.length - 1;
  return parts.join(' ') + ' '.repeat(Math.max(0, width - used));
}

/** The rendered list body and the scroll offset to keep. */
export interface RenderedList {
  lines: string[];
  scroll: number;
}

/** Renders the list into `height` lines of `width` columns, highlighting the cursor row. */
export function renderList(model: ListModel, view: { cursor: number; scroll: number; width: number; height: number }): RenderedList {
  const widths = columnWidths(model.columns, view.width);
  const lines: string[] = [];
  const hasHeader = model.columns.some((c) => c.title !== '');
  if (hasHeader) {
    const header = model.columns.map((c, i) => fit(c.title, widths[i]!, c.align)).join(' ');
    lines.push(`{bold}{underline}${escapeTags(fit(header, view.width))}{/underline}{/bold}`);
  }
  const bodyHeight = Math.max(1, view.height - lines.length);
  if (model.count === 0) {
    lines.push(escapeTags(model.empty));
    return { lines, scroll: 0 };
  }
  const win = viewportWindow({ count: model.count, cursor: view.cursor, scroll: view.scroll, height: bodyHeight });
  for (let i = win.start; i < win.end; i++) {
    const markup = rowMarkup(model.rowAt(i), widths, model.columns, view.width);
    lines.push(i === view.cursor && model.selectable(i) ? `{inverse}${markup}{/inverse}` : markup);
  }
  return { lines, scroll: win.start };
}
