import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/core/fake-clock.js';
import { opsError } from '../../src/core/errors.js';
import { ActionDialog, type DialogSpec } from '../../src/tui/action-dialog.js';
import { parseCommandLine } from '../../src/tui/command-line.js';
import { healthSparkline, HealthHistory } from '../../src/tui/health-history.js';
import { normaliseKey, normaliseKeys } from '../../src/tui/key-names.js';
import { compileFilter } from '../../src/tui/list-filter.js';
import { RedrawScheduler } from '../../src/tui/redraw-scheduler.js';
import { viewportWindow } from '../../src/tui/render/viewport.js';
import { chooseTerminal } from '../../src/tui/terminal-name.js';
import { fixtureService } from './fixtures/services.js';

const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('filter', () => {
  it('matches case-insensitive regexes, inverts with !, and falls back to a literal for an invalid regex', () => {
    expect(compileFilter('WEB|api')?.matches('web-1')).toBe(true);
    expect(compileFilter('!web')?.matches('web-1')).toBe(false);
    expect(compileFilter('!web')?.matches('api')).toBe(true);
    const broken = compileFilter('web[');
    expect(broken?.literal).toBe(true);
    expect(broken?.matches('x web[ y')).toBe(true);
    expect(broken?.matches('web')).toBe(false);
    expect(compileFilter('')).toBeUndefined();
    expect(compileFilter('!')).toBeUndefined();
  });
});

describe('viewport', () => {
  it('keeps the cursor visible, scrolling only when it leaves the window', () => {
    expect(viewportWindow({ count: 10_000, cursor: 0, scroll: 0, height: 50 })).toEqual({ start: 0, end: 50 });
    expect(viewportWindow({ count: 10_000, cursor: 49, scroll: 0, height: 50 })).toEqual({ start: 0, end: 50 });
    expect(viewportWindow({ count: 10_000, cursor: 50, scroll: 0, height: 50 })).toEqual({ start: 1, end: 51 });
    expect(viewportWindow({ count: 10_000, cursor: 9_999, scroll: 3, height: 50 })).toEqual({ start: 9_950, end: 10_000 });
    expect(viewportWindow({ count: 10_000, cursor: 100, scroll: 9_950, height: 50 })).toEqual({ start: 100, end: 150 });
    expect(viewportWindow({ count: 5, cursor: 2, scroll: 0, height: 50 })).toEqual({ start: 0, end: 5 });
  });
});

describe('command line', () => {
  it('parses view switches with aliases, cluster scope, sort, and explains unknown commands', () => {
    expect(parseCommandLine('svc')).toEqual({ type: 'view', view: 'services' });
    expect(parseCommandLine(' plans ')).toEqual({ type: 'view', view: 'plans' });
    expect(parseCommandLine('oncall')).toEqual({ type: 'view', view: 'oncall' });
    expect(parseCommandLine('cluster prod-east')).toEqual({ type: 'cluster', cluster: 'prod-east' });
    expect(parseCommandLine('cluster all')).toEqual({ type: 'cluster', cluster: undefined });
    expect(parseCommandLine('sort health')).toEqual({ type: 'sort', sort: 'health' });
    expect(parseCommandLine('sort age')).toMatchObject({ type: 'invalid' });
    expect(parseCommandLine('q')).toEqual({ type: 'quit' });
    expect(parseCommandLine('pods')).toEqual({ type: 'invalid', message: expect.stringContaining('Unknown command ":pods"') });
  });
});

describe('keys', () => {
  it('normalises blessed keys, ignoring the duplicate "return" blessed sends for Enter', () => {
    expect(normaliseKey('j', { name: 'j', full: 'j' })).toBe('j');
    expect(normaliseKey('P', { name: 'p', shift: true, full: 'S-p' })).toBe('P');
    expect(normaliseKey('\r', { name: 'return' })).toBeUndefined();
    expect(normaliseKey('\r', { name: 'enter' })).toBe('enter');
    expect(normaliseKey('\n', { name: 'linefeed' })).toBe('enter');
    expect(normaliseKey('\x03', { name: 'c', ctrl: true })).toBe('C-c');
    expect(normaliseKey(':', { full: ':' })).toBe(':');
    expect(normaliseKey(' ', { name: 'space' })).toBe('space');
    expect(normaliseKey(undefined, { name: 'escape' })).toBe('escape');
  });

  it('splits Escape typed just before another key (reported by blessed as Alt+key) into both keys', () => {
    expect(normaliseKeys(undefined, { name: 'q', meta: true, sequence: '\x1bq' })).toEqual(['escape', 'q']);
    expect(normaliseKeys(undefined, { name: undefined, meta: true, sequence: '\x1b:' })).toEqual(['escape', ':']);
    expect(normaliseKeys(undefined, { name: 'p', meta: true, shift: true, sequence: '\x1bP' })).toEqual(['escape', 'P']);
    expect(normaliseKeys('j', { name: 'j', sequence: 'j' })).toEqual(['j']);
    expect(normaliseKeys('\r', { name: 'return', sequence: '\r' })).toEqual([]);
  });
});

describe('terminal name', () => {
  it('keeps terminals blessed parses and falls back for ones its terminfo parser chokes on', () => {
    expect(chooseTerminal({ TERM: 'xterm-256color' })).toEqual({ terminal: 'xterm-256color', fellBack: false });
    expect(chooseTerminal({ TERM: 'tmux-256color' })).toMatchObject({ terminal: 'xterm-256color', fellBack: true });
    expect(chooseTerminal({ TERM: 'screen-256color' })).toMatchObject({ terminal: 'xterm-256color', fellBack: true });
    expect(chooseTerminal({ TERM: 'xterm-kitty' })).toMatchObject({ terminal: 'xterm-256color', fellBack: true });
    expect(chooseTerminal({ TERM: 'no-such-term' })).toMatchObject({ terminal: 'xterm', fellBack: true });
    expect(chooseTerminal({ TERM: 'no-such-term', COLORTERM: 'truecolor' })).toMatchObject({ terminal: 'xterm-256color', fellBack: true });
    expect(chooseTerminal({})).toMatchObject({ terminal: 'xterm', fellBack: true });
  });
});

describe('health history', () => {
  it('records transitions only and draws a time-bucketed sparkline (worst state per bucket)', () => {
    const history = new HealthHistory();
    const web = fixtureService({ name: 'web' });
    history.record({ services: { upserted: [web], removed: [] } }, 0);
    history.record({ services: { upserted: [web], removed: [] } }, 10);
    history.record({ services: { upserted: [{ ...web, health: { status: 'UNHEALTHY', reason: 'x' } }], removed: [] } }, 500);
    history.record({ services: { upserted: [web], removed: [] } }, 600);
    expect(history.of(web.id).map((s) => s.status)).toEqual(['HEALTHY', 'UNHEALTHY', 'HEALTHY']);
    expect(healthSparkline(history.of(web.id), { now: 1000, windowMs: 1000, width: 10 })).toBe('████▁▁████');
    history.record({ services: { upserted: [], removed: [web.id] } }, 700);
    expect(history.of(web.id)).toEqual([]);
  });
});

describe('redraw scheduler', () => {
  it('coalesces a burst of updates into at most one redraw per 100 ms, while drawNow is immediate', async () => {
    const clock = new FakeClock(0);
    let draws = 0;
    const scheduler = new RedrawScheduler({ clock, draw: () => draws++ });
    for (let i = 0; i < 50; i++) scheduler.request();
    await clock.advance(0);
    expect(draws).toBe(1);
    for (let i = 0; i < 50; i++) scheduler.request();
    await clock.advance(50);
    expect(draws).toBe(1);
    await clock.advance(50);
    expect(draws).toBe(2);
    for (let t = 0; t < 1000; t += 10) {
      scheduler.request();
      await clock.advance(10);
    }
    expect(draws).toBeLessThanOrEqual(2 + 10);
    expect(draws).toBeGreaterThanOrEqual(2 + 9);
    scheduler.drawNow();
    expect(draws).toBeGreaterThanOrEqual(12);
    scheduler.close();
    scheduler.request();
    await clock.advance(1000);
    const after = draws;
    await clock.advance(1000);
    expect(draws).toBe(after);
  });
});

describe('action dialog', () => {
  const spec = (overrides: Partial<DialogSpec> = {}): DialogSpec => ({
    title: 'restart web',
    defaultExpectedName: 'web',
    preview: async () => ({ summary: ['restart web'], confirmation: 'typed-name' }),
    execute: async () => ({ status: 'succeeded', message: 'ok' }),
    ...overrides,
  });

  it('runs nothing until the typed name matches, then executes with that confirmation', async () => {
    const given: unknown[] = [];
    const dialog = new ActionDialog(spec({ execute: async (_i, c) => (given.push(c), { status: 'succeeded', message: 'ok' }) }), { changed: () => {}, finishedInBackground: () => {} });
    await flush();
    for (const k of ['w', 'e', 'enter']) dialog.onKey(k);
    expect(dialog.current).toMatchObject({ step: 'confirm', mismatch: true });
    expect(given).toEqual([]);
    dialog.onKey('b');
    dialog.onKey('enter');
    await flush();
    expect(given).toEqual([{ kind: 'typed-name', typed: 'web' }]);
    expect(dialog.current).toMatchObject({ step: 'outcome', outcome: { status: 'succeeded' } });
  });

  it('validates input before previewing and shows a refused preview with its hint', async () => {
    const dialog = new ActionDialog(
      spec({
        input: { label: 'replicas?', initial: '3', validate: (t) => (/^\d+$/.test(t) ? undefined : 'number please') },
        preview: async () => {
          throw opsError('GUARD_REJECTED', 'Scaling ledger to 1 breaks quorum.', { hint: 'Keep at least 2 instances.' });
        },
      }),
      { changed: () => {}, finishedInBackground: () => {} },
    );
    dialog.onKey('x');
    dialog.onKey('enter');
    expect(dialog.current).toEqual({ step: 'input', text: '3x', error: 'number please' });
    dialog.onKey('backspace');
    dialog.onKey('enter');
    await flush();
    expect(dialog.current).toEqual({ step: 'error', message: 'Scaling ledger to 1 breaks quorum.', hint: 'Keep at least 2 instances.' });
  });

  it('keeps an execution running after the dialog is hidden and reports its outcome in the background', async () => {
    let finish: ((v: { status: 'succeeded'; message: string }) => void) | undefined;
    const reported: string[] = [];
    const dialog = new ActionDialog(
      spec({ preview: async () => ({ summary: [], confirmation: 'confirm' }), execute: () => new Promise((resolve) => (finish = resolve)) }),
      { changed: () => {}, finishedInBackground: (t) => reported.push(t) },
    );
    await flush();
    dialog.onKey('y');
    expect(dialog.current.step).toBe('executing');
    expect(dialog.onKey('escape')).toBe('closed');
    finish!({ status: 'succeeded', message: 'restarted' });
    await flush();
    expect(reported).toEqual(['restart web: succeeded — restarted']);
  });
});
