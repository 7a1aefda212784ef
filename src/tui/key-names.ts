/**
 * Normalises blessed keypress events into one string per key ("j", "P",
 * "enter", "escape", "C-c"), so the controller is testable without blessed.
 */

/** The subset of blessed's key object the dashboard reads. */
export interface RawKey {
  name?: string | undefined;
  full?: string | undefined;
  ctrl?: boolean | undefined;
  meta?: boolean | undefined;
  shift?: boolean | undefined;
  sequence?: string | undefined;
}

const NAMED = new Set(['enter', 'escape', 'up', 'down', 'left', 'right', 'backspace', 'tab', 'pageup', 'pagedown', 'home', 'end', 'delete', 'space']);

/** One normalised key, or undefined for keys the dashboard ignores. */
export function normaliseKey(ch: string | undefined, key: RawKey | undefined): string | undefined {
  // blessed reports "\r" twice (as "return" and again as "enter") and "\n" as "linefeed".
  if (key?.name === 'return') return undefined;
  const name = key?.name === 'linefeed' ? 'enter' : key?.name;
  if (key?.ctrl === true && name !== undefined) return `C-${name}`;
  if (name !== undefined && NAMED.has(name)) return name;
  if (ch !== undefined && ch.length === 1 && ch >= ' ' && ch !== '\x7f') return ch === ' ' ? 'space' : ch;
  return undefined;
}

/**
 * Keys for one keypress, splitting Escape typed just before another key: when
 * both bytes arrive in one read, blessed reports "Alt+key", but a person
 * pressed Esc and then the key (e.g. Esc to close help, then q).
 */
export function normaliseKeys(ch: string | undefined, key: RawKey | undefined): string[] {
  const sequence = key?.sequence;
  if (key?.meta === true && key.ctrl !== true && sequence !== undefined && sequence.length === 2 && sequence.startsWith('\x1b')) {
    const rest = sequence.slice(1);
    const next = normaliseKey(rest, { name: rest === '\r' ? 'enter' : key.name, shift: key.shift });
    return next === undefined ? ['escape'] : ['escape', next];
  }
  const single = normaliseKey(ch, key);
  return single === undefined ? [] : [single];
}
