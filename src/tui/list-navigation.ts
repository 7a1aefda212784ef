/**
 * Cursor arithmetic over a list with non-selectable rows (group headers,
 * section titles): moving, jumping and re-finding the selected item after the
 * list changed, as pure functions of the model.
 */
import type { ListModel } from './list-model.js';

/** Where the cursor is: an index plus the key of the item it is on. */
export interface CursorPosition {
  cursor: number;
  cursorKey?: string | undefined;
}

/** Index of the next selectable row from `from` (exclusive) in direction `dir`. */
export function nextSelectable(model: ListModel, from: number, dir: 1 | -1): number | undefined {
  for (let i = from + dir; i >= 0 && i < model.count; i += dir) if (model.selectable(i)) return i;
  return undefined;
}

function at(model: ListModel, index: number): CursorPosition {
  return { cursor: index, cursorKey: model.keyAt(index) };
}

/** Puts the cursor back on the same item after the list changed (or the nearest selectable row). */
export function reconcileCursor(model: ListModel, position: CursorPosition): CursorPosition {
  if (model.count === 0) return { cursor: 0 };
  let idx = position.cursorKey === undefined ? -1 : model.indexOfKey(position.cursorKey);
  if (idx < 0) {
    idx = Math.min(Math.max(0, position.cursor), model.count - 1);
    if (!model.selectable(idx)) idx = nextSelectable(model, idx, 1) ?? nextSelectable(model, idx, -1) ?? idx;
  }
  return at(model, idx);
}

/** Moves by `delta` rows (j/k, paging), landing on a selectable row. */
export function moveCursor(model: ListModel, position: CursorPosition, delta: number): CursorPosition {
  const from = reconcileCursor(model, position);
  if (model.count === 0) return from;
  const dir: 1 | -1 = delta > 0 ? 1 : -1;
  let target = Math.min(model.count - 1, Math.max(0, from.cursor + delta));
  if (!model.selectable(target)) target = nextSelectable(model, target, dir) ?? nextSelectable(model, target, dir === 1 ? -1 : 1) ?? from.cursor;
  return at(model, target);
}

/** Jumps to the first or last selectable row (g/G). */
export function jumpCursor(model: ListModel, where: 'first' | 'last'): CursorPosition {
  if (model.count === 0) return { cursor: 0 };
  const start = where === 'first' ? 0 : model.count - 1;
  const dir: 1 | -1 = where === 'first' ? 1 : -1;
  return at(model, model.selectable(start) ? start : (nextSelectable(model, start, dir) ?? start));
}
