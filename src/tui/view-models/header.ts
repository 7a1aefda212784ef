/**
 * The header: each backend with its connection state and data age, open
 * alerts by severity, who is on call, and the read-only badge — the first
 * thing a person reads to know whether to trust the screen.
 */
import type { BackendStatus } from '../../core/state/cluster-state.js';
import { formatAge } from '../../core/time/duration.js';
import type { Cell } from '../list-model.js';
import { loadedValue, type Loadable } from '../loadable.js';
import type { AlertSummary, OnCallEntry, PendingApproval } from '../ports.js';

/** Inputs of the header. */
export interface HeaderInput {
  now: number;
  backends: readonly BackendStatus[];
  alerts: Loadable<AlertSummary[]>;
  oncall: Loadable<OnCallEntry[]>;
  readOnly: boolean;
  cluster?: string | undefined;
  /** Pending approvals, shown only when there are some. */
  approvals?: Loadable<PendingApproval[]> | undefined;
}

/** One backend as a header chip: "● east-marathon live 2s". */
export function backendChip(b: BackendStatus, now: number): Cell[] {
  const age = b.lastEventAt === undefined ? '' : ` ${formatAge(now - b.lastEventAt)}`;
  if (b.connection === 'stale') {
    const since = b.staleSince === undefined ? '' : ` ${formatAge(now - b.staleSince)}`;
    return [{ text: `◌ ${b.id} STALE${since}`, color: 'red', bold: true }];
  }
  if (b.connection === 'connecting' || !b.synced) return [{ text: `… ${b.id} ${b.synced ? 'reconnecting' : 'syncing'}`, color: 'yellow' }];
  return [{ text: `● ${b.id}`, color: 'green' }, { text: ` live${age}` }];
}

/** The header's lines as cell segments. */
export function headerLines(input: HeaderInput): Cell[][] {
  const first: Cell[] = [{ text: 'opsdeck ', bold: true }];
  if (input.readOnly) first.push({ text: '[READ-ONLY] ', color: 'magenta', bold: true });
  if (input.cluster !== undefined) first.push({ text: `[cluster ${input.cluster}] `, color: 'cyan', bold: true });
  if (input.backends.length === 0) first.push({ text: 'no backends configured', color: 'yellow' });
  input.backends.forEach((b, i) => {
    if (i > 0) first.push({ text: '  ' });
    first.push(...backendChip(b, input.now));
  });

  const second: Cell[] = [{ text: 'alerts: ' }];
  const alerts = loadedValue(input.alerts);
  if (input.alerts.state === 'unconfigured') second.push({ text: 'not configured', color: 'grey' });
  else if (alerts === undefined) second.push({ text: input.alerts.state === 'error' ? 'unavailable' : 'loading…', color: 'grey' });
  else {
    const open = alerts.filter((a) => a.silencedUntil === undefined || a.silencedUntil <= input.now);
    const crit = open.filter((a) => a.severity === 'critical').length;
    const warn = open.filter((a) => a.severity === 'warning').length;
    const info = open.filter((a) => a.severity === 'info').length;
    if (crit + warn + info === 0) second.push({ text: '✔ none open', color: 'green' });
    else {
      second.push({ text: `✖ ${crit} critical`, ...(crit > 0 ? { color: 'red' as const, bold: true } : {}) });
      second.push({ text: `  ▲ ${warn} warning`, ...(warn > 0 ? { color: 'yellow' as const } : {}) });
      second.push({ text: `  i ${info} info` });
    }
  }
  second.push({ text: '   on call: ' });
  const oncall = loadedValue(input.oncall);
  if (input.oncall.state === 'unconfigured') second.push({ text: 'not configured', color: 'grey' });
  else if (oncall === undefined) second.push({ text: input.oncall.state === 'error' ? 'unavailable' : 'loading…', color: 'grey' });
  else if (oncall.length === 0) second.push({ text: 'nobody', color: 'yellow' });
  else {
    const primary = oncall.filter((e) => (e.level ?? 1) === 1);
    second.push({ text: (primary.length > 0 ? primary : oncall).map((e) => `${e.person} (${e.schedule})`).join(', '), bold: true });
  }
  const pending = input.approvals === undefined ? undefined : loadedValue(input.approvals);
  if (pending !== undefined && pending.length > 0) second.push({ text: `   … ${pending.length} awaiting approval (:approvals)`, color: 'yellow', bold: true });
  return [first, second];
}
