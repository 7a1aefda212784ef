/**
 * The alert and on-call CLI: `opsdeck alerts [--json]`, `ack <alert>`,
 * `resolve <alert>`, `silence <matcher> --for 2h`, `oncall [--at] [--schedule]`.
 * Rendering is pure; actions go through the Alerting facade (authorized and audited there).
 */
import type { Command } from 'commander';
import type { Alert } from '../core/alerts/alert.js';
import type { Alerting, OnCallAnswer } from '../core/alerts/create-alerting.js';
import { formatDuration, parseDuration } from '../core/time/duration.js';
import { formatMatchers } from '../core/alerts/matchers.js';
import { opsError } from '../core/errors.js';
import type { Actor } from '../core/model/actor.js';
import { presentError } from './present-error.js';

/** What the commands need from the composition root. */
export interface AlertCliContext {
  alerting: Alerting;
  actor: Actor;
  close(): Promise<void>;
}

/** Output side of the commands, injectable for tests. */
export interface AlertCliIo {
  out(text: string): void;
  err(text: string): void;
  setExitCode(code: number): void;
  /** Current time for relative displays and `--at +2h`. */
  now(): number;
}

const processIo: AlertCliIo = {
  out: (text) => void process.stdout.write(`${text}\n`),
  err: (text) => void process.stderr.write(`${text}\n`),
  setExitCode: (code) => {
    process.exitCode = code;
  },
  now: () => Date.now(),
};

/** Renders alerts as an aligned table, newest problems first. */
export function renderAlertsTable(alerts: readonly Alert[], now: number): string {
  if (alerts.length === 0) return 'No open alerts.';
  const rows = [['ID', 'SEVERITY', 'STATE', 'AGE', 'KIND', 'SUMMARY']];
  for (const a of [...alerts].sort((x, y) => y.firedAt - x.firedAt)) {
    const state = a.state === 'acknowledged' ? `acked by ${a.acknowledgedBy ?? '?'}` : a.state + (a.inhibitedBy ? ` (inhibited by ${a.inhibitedBy})` : '') + (a.flapping ? ' (flapping)' : '');
    rows.push([a.id, a.severity, state, formatDuration(Math.max(0, now - a.firedAt)), a.kind, a.summary]);
  }
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  ')).join('\n');
}

/** Renders who is on call. */
export function renderOnCall(answers: readonly OnCallAnswer[], at: number): string {
  if (answers.length === 0) return 'No schedules are configured.';
  return answers
    .map((a) => {
      if (a.shift === undefined || a.person === undefined) return `${a.schedule}: nobody on call at ${new Date(at).toISOString()}`;
      const until = new Date(a.shift.end).toLocaleString('en-GB', { timeZone: a.timeZone, dateStyle: 'medium', timeStyle: 'short' });
      return `${a.schedule}: ${a.person.name} (${a.person.id}, ${a.shift.source}) until ${until} ${a.timeZone}`;
    })
    .join('\n');
}

/** Parses `--at`: an ISO time, or an offset from now such as +2h. */
export function parseAt(text: string, now: number): number {
  if (text.startsWith('+')) return now + parseDuration(text.slice(1));
  const t = Date.parse(text);
  if (Number.isNaN(t)) throw opsError('INPUT_INVALID', `"${text}" is not a time.`, { hint: 'Use an ISO time like 2026-03-08T03:00:00-05:00, or +2h.' });
  return t;
}

async function run(open: () => Promise<AlertCliContext>, io: AlertCliIo, fn: (ctx: AlertCliContext) => Promise<void>): Promise<void> {
  let ctx: AlertCliContext | undefined;
  try {
    ctx = await open();
    await fn(ctx);
  } catch (error) {
    const presented = presentError(error);
    io.err(presented.text);
    io.setExitCode(presented.exitCode);
  } finally {
    await ctx?.close();
  }
}

/** Adds the alert and on-call commands to the program. */
export function registerAlertCommands(program: Command, open: () => Promise<AlertCliContext>, io: AlertCliIo = processIo): void {
  program
    .command('alerts')
    .description('list open alerts')
    .option('--json', 'machine-readable output')
    .option('--all', 'include resolved alerts')
    .action((opts: { json?: boolean; all?: boolean }) =>
      run(open, io, async ({ alerting }) => {
        const alerts = alerting.listAlerts({ includeResolved: opts.all === true });
        io.out(opts.json === true ? JSON.stringify(alerts, null, 2) : renderAlertsTable(alerts, io.now()));
      }),
    );
  program
    .command('ack <alert>')
    .description('acknowledge an alert (stops its escalation)')
    .option('--json', 'machine-readable output')
    .action((id: string, opts: { json?: boolean }) =>
      run(open, io, async ({ alerting, actor }) => {
        const alert = await alerting.ack(id, actor);
        io.out(opts.json === true ? JSON.stringify(alert, null, 2) : `${alert.id} acknowledged by ${actor.id}: ${alert.summary}`);
      }),
    );
  program
    .command('resolve <alert>')
    .description('resolve an alert by hand')
    .option('--json', 'machine-readable output')
    .action((id: string, opts: { json?: boolean }) =>
      run(open, io, async ({ alerting, actor }) => {
        const alert = await alerting.resolve(id, actor);
        io.out(opts.json === true ? JSON.stringify(alert, null, 2) : `${alert.id} resolved by ${actor.id}: ${alert.summary}`);
      }),
    );
  program
    .command('silence <matchers>')
    .description('mute notifications for alerts matching labels, e.g. service=web or tenant=shop,alertname=~"Disk.*"')
    .requiredOption('--for <duration>', 'how long, e.g. 2h')
    .option('--comment <text>', 'why (kept with the silence and in the audit log)')
    .option('--json', 'machine-readable output')
    .action((matchers: string, opts: { for: string; comment?: string; json?: boolean }) =>
      run(open, io, async ({ alerting, actor }) => {
        const silence = await alerting.silence(matchers, { for: opts.for, actor, ...(opts.comment === undefined ? {} : { comment: opts.comment }) });
        io.out(
          opts.json === true
            ? JSON.stringify(silence, null, 2)
            : `${silence.id} silences ${formatMatchers(silence.matchers)} until ${new Date(silence.endsAt).toISOString()}`,
        );
      }),
    );
  program
    .command('oncall')
    .description('who is on call now (or at --at)')
    .option('--at <time>', 'ISO time or +duration')
    .option('--schedule <name>', 'only this schedule')
    .option('--json', 'machine-readable output')
    .action((opts: { at?: string; schedule?: string; json?: boolean }) =>
      run(open, io, async ({ alerting }) => {
        const at = opts.at === undefined ? io.now() : parseAt(opts.at, io.now());
        const answers = alerting.whoIsOnCall(at, opts.schedule);
        io.out(opts.json === true ? JSON.stringify(answers, null, 2) : renderOnCall(answers, at));
      }),
    );
}
