/**
 * The one shape every dashboard view produces: columns plus rows that can be
 * built lazily, so the renderer formats only the rows inside the viewport.
 */

/** Colours the renderer knows; every coloured cell also carries text or a glyph so it reads without colour. */
export type CellColor = 'green' | 'yellow' | 'red' | 'grey' | 'cyan' | 'magenta' | 'blue' | 'white';

/** One cell: plain text (never markup) with optional emphasis. */
export interface Cell {
  text: string;
  color?: CellColor;
  bold?: boolean;
}

/** A column of a list view. `width` 0 means "take the remaining space". */
export interface Column {
  title: string;
  width: number;
  align?: 'left' | 'right';
}

/** What a row points at, so keys can act on the selection. */
export type RowTarget =
  | { type: 'service'; serviceId: string }
  | { type: 'task'; serviceId: string; taskId: string }
  | { type: 'plan'; serviceId: string; planName: string; phase?: string; step?: string }
  | { type: 'alert'; alertId: string; serviceId?: string }
  | { type: 'approval'; approvalId: string };

/** One row: a group header, a section line, or a selectable item. */
export interface ListRow {
  kind: 'group' | 'item' | 'text';
  cells: Cell[];
  /** Cells are free-form segments joined as-is instead of column cells (group/text rows always are). */
  free?: boolean;
  /** Whole row greyed (stale data). */
  dim?: boolean;
  target?: RowTarget;
}

/** A view's rows, with random access so only visible rows are built. */
export interface ListModel {
  title: string;
  columns: Column[];
  count: number;
  rowAt(index: number): ListRow;
  /** True when the row at index can hold the cursor. */
  selectable(index: number): boolean;
  /** Stable key of the row at index (keeps the cursor on the same thing across updates). */
  keyAt(index: number): string;
  /** Index of the row with this key, or -1. */
  indexOfKey(key: string): number;
  /** Shown when count is 0. */
  empty: string;
}

/** Builds a ListModel from an already materialised row array (small views). */
export function listFromRows(input: { title: string; columns: Column[]; rows: ListRow[]; empty: string }): ListModel {
  const keys = input.rows.map((row, i) => rowKey(row, i));
  const index = new Map<string, number>();
  keys.forEach((key, i) => {
    if (!index.has(key)) index.set(key, i);
  });
  return {
    title: input.title,
    columns: input.columns,
    count: input.rows.length,
    rowAt: (i) => input.rows[i] ?? { kind: 'text', cells: [] },
    selectable: (i) => input.rows[i]?.kind === 'item',
    keyAt: (i) => keys[i] ?? '',
    indexOfKey: (key) => index.get(key) ?? -1,
    empty: input.empty,
  };
}

/** A stable key for a row target (or its position when it has none). */
export function rowKey(row: ListRow, position: number): string {
  const t = row.target;
  if (t === undefined) return `#${position}`;
  switch (t.type) {
    case 'service':
      return `service:${t.serviceId}`;
    case 'task':
      return `task:${t.taskId}`;
    case 'plan':
      return `plan:${t.serviceId}#${t.planName}/${t.phase ?? ''}/${t.step ?? ''}`;
    case 'alert':
      return `alert:${t.alertId}`;
    case 'approval':
      return `approval:${t.approvalId}`;
  }
}
