/**
 * Makes blessed write box-drawing characters as UTF-8 instead of VT100
 * alternate-character-set letters. For terminfo entries that declare `acsc`
 * but no `U8` (xterm-256color, screen-256color, tmux-256color), blessed turns
 * ├ │ └ · into smacs + `t` `x` `m` `~`; tmux then stores the letters, so
 * `capture-pane`, copy mode and some clients show "t phase journal".
 */

/** The part of a blessed screen this touches (its terminfo wrapper). */
export interface AcsCapableScreen {
  tput: { brokenACS: boolean };
}

/** Turns off blessed's ACS translation for this screen; every character is then written as UTF-8. */
export function preferUnicodeOverAcs(screen: AcsCapableScreen): void {
  // blessed reads tput.brokenACS on every draw; "broken" is how it spells "do not use ACS".
  screen.tput.brokenACS = true;
}
