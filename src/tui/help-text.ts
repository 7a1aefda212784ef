/**
 * The `?` help overlay: every key, with action keys listed only when actions
 * are enabled (read-only mode hides them).
 */
import { PROTECTED_MARK } from './health-style.js';

/** Help lines (plain text) for the overlay. */
export function helpLines(options: { readOnly: boolean }): string[] {
  const lines = [
    'NAVIGATION',
    '  j / k, ↓ / ↑     move            g / G       first / last',
    '  ctrl-d / ctrl-u  page down / up  Enter       drill in',
    '  Esc              back (clears the filter first)',
    '  /                filter (regex; !regex inverts)',
    '  o                cycle sort: name → health → tenant',
    '  q / ctrl-c       quit            ?           this help',
    '',
    'COMMANDS (type : then a word)',
    '  :services :plans :alerts :oncall :audit :resources :approvals',
    '  :cluster NAME (or :cluster all)  :sort name|health|tenant',
    '',
    'LEGEND',
    '  ✔ HEALTHY  ▲ DEGRADED  ✖ UNHEALTHY  ◌ STALE (greyed, with its age)  ? UNKNOWN',
    `  ${PROTECTED_MARK} protected target (extra confirmation)`,
  ];
  if (options.readOnly) return [...lines, '', 'READ-ONLY: actions are disabled.'];
  return [
    ...lines,
    '',
    'ACTIONS (each shows a preview and asks for the confirmation policy requires)',
    '  s scale   r restart   b / u rollback   x / ctrl-k kill task (on a task row)',
    '  plans (on a plan, phase or step row): p pause  P resume  R restart  F force-complete',
    '  changes: U upgrade (image or version)  E config set (KEY=VALUE…)  C continue a canary',
    '  after a failed change: b rolls back · after a canary: c continues (in the outcome dialog)',
    '  alerts: a acknowledge   S silence',
  ];
}
