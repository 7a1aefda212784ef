/**
 * Picks a terminal name blessed can actually drive. blessed's terminfo parser
 * chokes on many modern entries (tmux-256color, screen-256color, xterm-kitty…)
 * and prints compiler garbage over the screen; we probe quietly and fall back
 * to xterm-256color (or xterm when the terminal shows no sign of 256 colours).
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** Names blessed ships or parses reliably; used without probing. */
const KNOWN_GOOD = new Set(['xterm', 'xterm-256color', 'linux', 'vt100', 'vt220', 'screen', 'ansi']);

/** Why a terminal name was chosen (for the debug log). */
export interface TerminalChoice {
  terminal: string;
  fellBack: boolean;
  reason?: string;
}

/** Chooses the terminal name to give blessed for a TERM / COLORTERM environment. */
export function chooseTerminal(env: { TERM?: string | undefined; COLORTERM?: string | undefined }): TerminalChoice {
  const term = (env.TERM ?? '').trim();
  const wants256 = /256|truecolor|direct|kitty|alacritty|ghostty|wezterm|tmux|foot|iterm/i.test(term) || (env.COLORTERM ?? '') !== '';
  const fallback = wants256 ? 'xterm-256color' : 'xterm';
  if (term === '' || term === 'dumb' || term === 'unknown') return { terminal: fallback, fellBack: true, reason: `TERM is "${term}"` };
  if (KNOWN_GOOD.has(term)) return { terminal: term, fellBack: false };
  const problem = probe(term);
  return problem === undefined ? { terminal: term, fellBack: false } : { terminal: fallback, fellBack: true, reason: problem };
}

/** Loads the terminfo entry with blessed's console noise muted; returns the problem, if any. */
function probe(term: string): string | undefined {
  const blessed = require('blessed') as { Tput: new (options: { terminal: string }) => { terminal: string; error?: Error } };
  const saved = { error: console.error, log: console.log };
  let noisy = false;
  console.error = () => {
    noisy = true;
  };
  console.log = () => {
    noisy = true;
  };
  try {
    const tput = new blessed.Tput({ terminal: term });
    if (tput.error !== undefined) return `${term}: ${tput.error.message}`;
    if (tput.terminal !== term) return `${term}: not found`;
    if (noisy) return `${term}: blessed could not compile its terminfo`;
    return undefined;
  } catch (error) {
    return `${term}: ${error instanceof Error ? error.message : 'terminfo failed to load'}`;
  } finally {
    console.error = saved.error;
    console.log = saved.log;
  }
}
