/**
 * The blessed glue: builds the screen, wires keys, store diffs, background
 * sources and the redraw scheduler to the controller, and restores the
 * terminal on quit, on signals and on crash. Everything it draws comes from
 * pure view-models through render/screen-composer.ts.
 */
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import type { Widgets } from 'blessed';
import type { Clock } from '../core/clock.js';
import { redact } from '../core/redact.js';
import type { ClusterStateView } from '../core/state/cluster-state.js';
import type { StateStore } from '../core/state/store.js';
import { DashboardController } from './dashboard-controller.js';
import { HealthHistory } from './health-history.js';
import { normaliseKeys, type RawKey } from './key-names.js';
import { PolledSource } from './polled-source.js';
import type { ActionGateway, AlertsSource, AuditSource, OnCallSource } from './ports.js';
import { RedrawScheduler, type RedrawReason } from './redraw-scheduler.js';
import { ResourcesPanel } from './render/resources-panel.js';
import { composeScreen } from './render/screen-composer.js';
import { preferUnicodeOverAcs, type AcsCapableScreen } from './render/unicode-output.js';
import { chooseTerminal } from './terminal-name.js';

const require = createRequire(import.meta.url);
const blessed = require('blessed') as typeof import('blessed');

/** The store surface the dashboard reads: the state view plus subscribe. */
export type DashboardStore = Pick<StateStore, 'subscribe' | keyof ClusterStateView>;

/** Where the dashboard draws: the real terminal by default, streams in tests. */
export interface DashboardScreenOptions {
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
  /** Overrides TERM detection (tests use 'xterm-256color'). */
  terminal?: string;
}

/** Options of runDashboard. */
export interface DashboardOptions {
  store: DashboardStore;
  clock: Clock;
  readOnly?: boolean;
  actions?: ActionGateway;
  alerts?: AlertsSource;
  oncall?: OnCallSource;
  audit?: AuditSource;
  screen?: DashboardScreenOptions;
  /** How often optional ports are polled (ms). */
  pollIntervalMs?: number;
  /** Called once after the dashboard closed and the terminal was restored. */
  onExit?: () => void;
}

/** A running dashboard. */
export interface Dashboard {
  /** Closes the dashboard and restores the terminal (idempotent). */
  close(): void;
  /** Redraws now (tests, bench). */
  redraw(): void;
  /** Feeds a normalised key as if typed (bench; tests type into the input stream instead). */
  press(key: string): void;
  /** Redraws performed so far. */
  readonly draws: number;
  /** Wall time of the last redraw in ms (compose + blessed render + write). */
  readonly lastDrawMs: number;
  readonly controller: DashboardController;
}

/** Starts the terminal dashboard on a store. */
export function runDashboard(options: DashboardOptions): Dashboard {
  const { clock, store } = options;
  const realTerminal = options.screen?.output === undefined;
  const terminal = options.screen?.terminal ?? chooseTerminal(process.env).terminal;
  const screen = blessed.screen({
    ...(options.screen?.input === undefined ? {} : { input: options.screen.input }),
    ...(options.screen?.output === undefined ? {} : { output: options.screen.output }),
    terminal,
    smartCSR: true,
    fullUnicode: false,
    forceUnicode: true,
    autoPadding: false,
    warnings: false,
    title: 'opsdeck',
  } as Widgets.IScreenOptions);
  preferUnicodeOverAcs(screen as unknown as AcsCapableScreen);
  const box = (o: Widgets.BoxOptions): Widgets.BoxElement => blessed.box({ parent: screen, tags: true, wrap: false, ...o });
  const header = box({ top: 0, left: 0, width: '100%', height: 2 });
  const title = box({ top: 2, left: 0, width: '100%', height: 1 });
  const BODY_TOP = 3;
  const body = box({ top: BODY_TOP, left: 0, width: '100%', height: '100%-4' });
  const footer = box({ bottom: 0, left: 0, width: '100%', height: 1 });
  const overlay = box({ top: 'center', left: 'center', width: 60, height: 10, border: { type: 'line' }, hidden: true, style: { border: { fg: 'cyan' } } });
  const resourcesPanel = new ResourcesPanel(screen, overlay);

  const pollMs = options.pollIntervalMs ?? 5000;
  let closed = false;
  const history = new HealthHistory();
  const changed = (): void => scheduler.request();
  const gateway = options.actions;
  const sources = {
    alerts: new PolledSource({ clock, intervalMs: pollMs, onChange: changed, fetch: options.alerts === undefined ? undefined : (signal: AbortSignal) => options.alerts!.listOpen({ signal }) }),
    oncall: new PolledSource({ clock, intervalMs: pollMs * 6, onChange: changed, fetch: options.oncall === undefined ? undefined : (signal: AbortSignal) => options.oncall!.current({ signal }) }),
    audit: new PolledSource({ clock, intervalMs: pollMs, onChange: changed, fetch: options.audit === undefined ? undefined : (signal: AbortSignal) => options.audit!.recent({ limit: 200, signal }) }),
    approvals: new PolledSource({
      clock,
      intervalMs: pollMs,
      onChange: changed,
      fetch: gateway?.pendingApprovals === undefined ? undefined : (signal: AbortSignal) => gateway.pendingApprovals!({ signal }),
    }),
  };
  const controller = new DashboardController({
    store,
    clock,
    readOnly: options.readOnly ?? false,
    // Read-only still asks the gateway which targets are protected; action keys are refused before it is called.
    actions: gateway,
    alerts: options.alerts,
    sources,
    history,
    changed: () => scheduler.drawNow(),
    quit: () => dashboard.close(),
  });

  const lastContent = new Map<Widgets.BoxElement, string>();
  let lastDrawMs = 0;
  const draw = (reason: RedrawReason): void => {
    if (closed) return;
    const started = performance.now();
    if (reason === 'update') controller.applyPendingFilter();
    const width = Math.max(20, screen.width as number);
    const height = Math.max(6, screen.height as number);
    const c = composeScreen(controller, width, height);
    // setContent re-parses markup; skip regions whose text did not change.
    const set = (el: Widgets.BoxElement, content: string): void => {
      if (lastContent.get(el) === content) return;
      lastContent.set(el, content);
      el.setContent(content);
    };
    set(header, c.header);
    set(title, c.title);
    set(body, c.body);
    set(footer, c.footer);
    if (c.resources === undefined) resourcesPanel.hide();
    else resourcesPanel.show(c.resources, { top: BODY_TOP, width });
    if (c.overlay === undefined) overlay.hide();
    else {
      overlay.width = c.overlay.width;
      overlay.height = c.overlay.height;
      overlay.setLabel(c.overlay.label);
      overlay.setContent(c.overlay.content);
      overlay.show();
    }
    screen.render();
    lastDrawMs = performance.now() - started;
  };
  const scheduler = new RedrawScheduler({ clock, draw });

  const onKeypress = (ch: string | undefined, key: RawKey | undefined): void => {
    const keys = normaliseKeys(ch, key);
    if (keys.length === 0 || closed) return;
    for (const k of keys) if (!closed) controller.onKey(k);
    scheduler.drawNow();
    if (controller.hasPendingWork()) scheduler.request();
  };
  screen.on('keypress', onKeypress);
  // blessed drops "Esc + punctuation" arriving in one read (Esc then ':' or '/', typed fast or sent by tmux);
  // catch it before blessed parses the chunk so the person's two keys still happen, in order.
  const rawInput = (screen as unknown as { program: { input: NodeJS.ReadableStream } }).program.input;
  const onRawData = (data: Buffer | string): void => {
    const text = data.toString();
    if (text.length >= 2 && text[0] === '\x1b' && /^[\x20-\x2f\x3a-\x40\x5c-\x60\x7b-\x7e]$/.test(text[1]!)) onKeypress(undefined, { meta: true, sequence: text.slice(0, 2) });
  };
  rawInput.prependListener('data', onRawData);
  screen.on('resize', () => scheduler.drawNow());
  const unsubscribe = store.subscribe((diff) => {
    controller.noteDiff(diff);
    scheduler.request();
  });
  const stopTick = clock.every(1000, () => scheduler.request());
  for (const s of Object.values(sources)) s.start();
  const unsubscribeAlerts = options.alerts?.subscribe?.(() => sources.alerts.refresh());

  const restoreOnCrash = (error: unknown): void => {
    dashboard.close();
    process.stderr.write(`opsdeck dashboard crashed: ${redact(error instanceof Error ? error.message : String(error))}\n`);
    process.exit(1);
  };
  const restoreOnSignal = (): void => {
    dashboard.close();
    // With an onExit the caller shuts its runtime down and exits; the timer (unref'd) only ends a process that would hang.
    if (options.onExit === undefined) process.exit(0);
    else setTimeout(() => process.exit(0), 3000).unref();
  };
  const restoreOnExit = (): void => dashboard.close();
  if (realTerminal) {
    process.on('uncaughtException', restoreOnCrash);
    process.on('unhandledRejection', restoreOnCrash);
    process.on('SIGTERM', restoreOnSignal);
    process.on('SIGHUP', restoreOnSignal);
    process.on('exit', restoreOnExit);
  }

  const dashboard: Dashboard = {
    controller,
    get draws() {
      return scheduler.draws;
    },
    get lastDrawMs() {
      return lastDrawMs;
    },
    redraw: () => scheduler.drawNow(),
    press: (key) => {
      controller.onKey(key);
      scheduler.drawNow();
      if (controller.hasPendingWork()) scheduler.request();
    },
    close() {
      if (closed) return;
      closed = true;
      scheduler.close();
      stopTick();
      unsubscribe();
      unsubscribeAlerts?.();
      for (const s of Object.values(sources)) s.stop();
      if (controller.mode.kind === 'dialog') controller.mode.dialog.cancel();
      screen.removeListener('keypress', onKeypress);
      rawInput.removeListener('data', onRawData);
      screen.destroy();
      if (realTerminal) {
        process.removeListener('uncaughtException', restoreOnCrash);
        process.removeListener('unhandledRejection', restoreOnCrash);
        process.removeListener('SIGTERM', restoreOnSignal);
        process.removeListener('SIGHUP', restoreOnSignal);
        process.removeListener('exit', restoreOnExit);
      }
      options.onExit?.();
    },
  };
  scheduler.drawNow();
  return dashboard;
}
