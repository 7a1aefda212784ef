/**
 * Virtualization arithmetic: which slice of a long list is on screen, kept so
 * the cursor is always visible and the view scrolls only when it must.
 */

/** The visible slice [start, end) and the scroll offset to remember. */
export interface ViewportWindow {
  start: number;
  end: number;
}

/** Computes the visible window for a list of `count` rows in `height` lines. */
export function viewportWindow(input: { count: number; cursor: number; scroll: number; height: number }): ViewportWindow {
  const height = Math.max(1, input.height);
  const maxStart = Math.max(0, input.count - height);
  let start = Math.min(Math.max(0, input.scroll), maxStart);
  if (input.cursor < start) start = input.cursor;
  if (input.cursor >= start + height) start = input.cursor - height + 1;
  start = Math.max(0, Math.min(start, maxStart));
  return { start, end: Math.min(input.count, start + height) };
}
