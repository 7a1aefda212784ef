/**
 * The `/` filter: a case-insensitive regex over a row's search text, `!` in
 * front inverts it, and an invalid regex falls back to a literal match so a
 * stray bracket never empties the screen.
 */

/** A compiled filter. */
export interface ListFilter {
  /** What the person typed, shown in the title. */
  text: string;
  inverted: boolean;
  /** True when the text was not a valid regex and is matched literally. */
  literal: boolean;
  matches(searchText: string): boolean;
}

/** Compiles filter text; undefined for an empty filter (everything matches). */
export function compileFilter(text: string): ListFilter | undefined {
  const inverted = text.startsWith('!');
  const body = inverted ? text.slice(1) : text;
  if (body.length === 0) return undefined;
  let regex: RegExp;
  let literal = false;
  try {
    regex = new RegExp(body, 'i');
  } catch {
    regex = new RegExp(body.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i');
    literal = true;
  }
  return { text, inverted, literal, matches: (s) => regex.test(s) !== inverted };
}

/** Keeps the items whose search text passes the filter (all of them without a filter). */
export function applyFilter<T>(items: readonly T[], filter: ListFilter | undefined, searchText: (item: T) => string): T[] {
  if (filter === undefined) return [...items];
  return items.filter((item) => filter.matches(searchText(item)));
}
