/**
 * Screen tests: the real dashboard draws into a headless xterm and each test
 * asserts what a person would see after pressing keys.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ActionPreview, AlertSummary, AlertsSource, ProposedAction } from '../../src/tui/ports.js';
import { FakeActionGateway } from './support/fake-action-gateway.js';
import { startHarness, type Harness } from './support/dashboard-harness.js';

let h: Harness | undefined;
afterEach(() => {
  h?.stop();
  h = undefined;
});

describe('terminal dashboard screen', () => {
  it('shows a loading state until the first sync, then every backend and cluster in one grouped table', async () => {
    h = await startHarness({ startWorld: false });
    expect(h.term.text()).toContain('Loading… waiting for the first sync from east-mem (connecting), west-mem (connecting)');
    h.world.start();
    await h.tick();
    const screen = await h.term.waitFor('services (6)');
    expect(screen).toContain('● east-mem live');
    expect(screen).toContain('● west-mem live');
    expect(screen).toMatch(/HEALTH\s+NAME\s+TASKS\s+TENANT\s+BACKEND\s+VERSION\s+UPDATED/);
    const lines = h.term.lines();
    const order = ['cluster east › tenant payments', ' api ', ' ledger ', ' web ', 'cluster east › tenant search', ' indexer ', 'cluster west › tenant search', ' cache ', 'cluster west › tenant web', ' frontend '];
    const positions = order.map((text) => lines.findIndex((l) => l.includes(text)));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(h.term.rowWith(' web ')).toMatch(/✔ HEALTHY\s+web\s+3\/3\s+payments\s+east-mem\s+v2/);
  });

  it('reads health without colour: a failed task shows a glyph and the word, and health sort puts it first', async () => {
    h = await startHarness();
    h.world.east.failTask('api', { message: 'OOMKilled' });
    await h.tick();
    expect(h.term.rowWith(' api ')).toMatch(/▲ DEGRADED\s+api\s+1\/2/);
    await h.term.press(':', ...'sort health', 'enter');
    const lines = h.term.lines();
    const group = lines.findIndex((l) => l.includes('cluster east › tenant payments'));
    expect(lines[group]).toContain('1 not healthy');
    expect(lines[group + 1]).toContain('api');
  });

  it('filters with a regex (applied on the next coalesced redraw while typing), inverts with !, and Esc clears it', async () => {
    h = await startHarness();
    await h.term.press('/', ...'cach|front');
    expect(h.term.text()).toContain('/cach|front█');
    expect(h.term.text()).toContain('services (6)');
    await h.tick();
    let screen = h.term.text();
    expect(screen).toContain('services (2 of 6)');
    expect(screen).toContain(' cache ');
    expect(screen).toContain(' frontend ');
    expect(screen).not.toContain(' api ');
    expect(screen).not.toContain(' indexer ');
    await h.term.press('enter');
    expect(h.term.text()).toContain('filter /cach|front/');
    await h.term.press('/', 'C-u', ...'!payments', 'enter');
    screen = h.term.text();
    expect(screen).toContain('services (3 of 6)');
    expect(screen).not.toContain(' ledger ');
    expect(screen).toContain(' indexer ');
    await h.term.press('escape');
    expect(h.term.text()).toContain('services (6)');
  });

  it('drills into a service and shows its tasks and the deploy plan as a tree with statuses and elapsed times', async () => {
    h = await startHarness();
    await h.term.press(...'jj', 'enter');
    const screen = await h.term.waitFor('services › web');
    expect(screen).toContain('TASKS (3)');
    expect(screen).toMatch(/✔ RUNNING\s+web\.\d/);
    expect(screen).toMatch(/▾ plan deploy\s+▶ IN_PROGRESS\s+serial/);
    expect(screen).toMatch(/└─ phase web-rollout\s+▶ IN_PROGRESS/);
    expect(screen).toMatch(/├─ web-0:\[node\]\s+✔ COMPLETE\s+1m10s\s+replaced/);
    expect(screen).toMatch(/├─ web-1:\[node\]\s+▶ STARTING\s+1m05s\s+launching v2/);
    expect(screen).toMatch(/└─ web-2:\[node\]\s+· PENDING/);
    // Drawn as UTF-8: no switch to the VT100 alternate character set (ESC ( 0), whose letters tmux would keep.
    expect(h.term.raw).not.toContain('\x1b(0');
    await h.tick(60_000);
    expect(h.term.text()).toMatch(/web-1:\[node\]\s+▶ STARTING\s+2m05s/);
    await h.term.press('escape');
    expect(h.term.text()).toContain('services (6)');
  });

  it('runs a guarded restart: preview, typed-name confirmation for a protected target, and the verified outcome', async () => {
    const gateway = new FakeActionGateway();
    gateway.protectedIds.add('east-mem/web');
    gateway.previewFor = (a) => ({ summary: [`Restart ${a.serviceId}: replaces 3 tasks one at a time.`, 'Guards: quorum ok, no freeze window.'], confirmation: 'typed-name', protected: true });
    let runOn: Harness | undefined;
    gateway.outcomeFor = async (a) => {
      const receipt = await runOn!.world.east.restart({ nativeId: a.serviceId.split('/')[1]! }, { idempotencyKey: 'k1' });
      return { status: 'succeeded', message: `${receipt.message}; 3/3 healthy again` };
    };
    h = await startHarness({ actions: gateway });
    runOn = h;
    expect(h.term.rowWith('web')).toContain('‡ web');
    await h.term.press(...'jj', 'r');
    let screen = await h.term.waitFor('Type web to confirm:');
    expect(screen).toContain('restart web');
    expect(screen).toContain('‡ PROTECTED TARGET');
    expect(screen).toContain('Restart east-mem/web: replaces 3 tasks one at a time.');
    await h.term.press(...'wbe', 'enter');
    expect(h.term.text()).toContain('That does not match; nothing was run.');
    expect(gateway.executions).toHaveLength(0);
    await h.term.press('backspace', 'backspace', ...'eb', 'enter');
    screen = await h.term.waitFor('SUCCEEDED');
    expect(screen).toContain('restarted web; 3/3 healthy again');
    expect(gateway.executions).toEqual([{ action: { kind: 'restart', serviceId: 'east-mem/web' }, confirmation: { kind: 'typed-name', typed: 'web' } }]);
    await h.term.press('enter');
    expect(h.term.text()).toContain('restart web: succeeded — restarted web; 3/3 healthy again');
    expect(h.world.east.executedActions).toBe(1);
  });

  it('pauses a plan phase from the tree and shows it paused once the backend reports it', async () => {
    const gateway = new FakeActionGateway();
    gateway.previewFor = (a) => ({ summary: [`Pause phase ${a.phase} of plan ${a.plan}: running steps finish, no new step starts.`], confirmation: 'confirm' });
    let world: Harness['world'] | undefined;
    gateway.outcomeFor = async (a) => {
      const receipt = await world!.east.controlPlan({ nativeId: 'web' }, 'pause', { plan: a.plan!, phase: a.phase! }, { idempotencyKey: 'p1' });
      return { status: 'succeeded', message: receipt.message };
    };
    h = await startHarness({ actions: gateway });
    world = h.world;
    await h.term.press(...'jj', 'enter');
    await h.term.press('G', 'k', 'k', 'k', 'p');
    await h.term.waitFor('Pause phase web-rollout of plan deploy');
    expect(h.term.text()).toContain('pause web plan deploy / web-rollout');
    await h.term.press('y');
    await h.term.waitFor('SUCCEEDED');
    await h.term.press('enter');
    await h.tick();
    expect(gateway.executions[0]?.action).toEqual({ kind: 'plan-pause', serviceId: 'east-mem/web', plan: 'deploy', phase: 'web-rollout' });
    expect(h.term.text()).toMatch(/└─ phase web-rollout\s+‖ WAITING\s+serial\s+\S+\s+‖ PAUSED/);
    expect(h.term.text()).toMatch(/▾ plan deploy\s+‖ WAITING/);
  });

  it('kills the selected task after a y/n confirmation and reports a denial as NOT succeeded', async () => {
    const gateway = new FakeActionGateway();
    gateway.outcomeFor = () => ({ status: 'denied', message: 'alice may not kill tasks of tenant payments' });
    h = await startHarness({ actions: gateway });
    await h.term.press(...'jj', 'enter', 'j', 'x');
    const screen = await h.term.waitFor('Run it?');
    expect(screen).toMatch(/kill task east-mem\/web\.\d of web/);
    await h.term.press('y');
    await h.term.waitFor('DENIED');
    expect(h.term.text()).toContain('alice may not kill tasks of tenant payments');
    expect(gateway.executions[0]?.action).toMatchObject({ kind: 'kill-task', serviceId: 'east-mem/web' });
  });

  it('asks for approval when policy requires it and lists the pending approval', async () => {
    const gateway = new FakeActionGateway();
    gateway.previewFor = () => ({ summary: ['Scale ledger from 3 to 1: below quorum.'], confirmation: 'approval' });
    gateway.outcomeFor = () => {
      gateway.approvals = [{ id: 'ap-1', summary: 'scale east-mem/ledger to 1', requestedBy: 'alice', requestedAt: Date.UTC(2026, 2, 1, 12) }];
      return { status: 'pending-approval', message: 'bob or carol must approve', approvalId: 'ap-1' };
    };
    h = await startHarness({ actions: gateway });
    await h.term.press('j', 's');
    await h.term.waitFor('to how many instances?');
    await h.term.press('backspace', '1', 'enter');
    await h.term.waitFor('This action needs approval from someone else.');
    await h.term.press('y');
    await h.term.waitFor('WAITING FOR APPROVAL');
    expect(gateway.executions[0]).toEqual({ action: { kind: 'scale', serviceId: 'east-mem/ledger', replicas: 1 }, confirmation: { kind: 'approval' } });
    await h.term.press('enter');
    await h.tick();
    expect(h.term.text()).toContain('… 1 awaiting approval (:approvals)');
    await h.term.press(':', ...'approvals', 'enter');
    await h.tick();
    expect(h.term.rowWith('scale east-mem/ledger to 1')).toMatch(/alice\s+0s ago/);
  });

  it('keeps keys working while the engine is slow, and Esc cancels the preview', async () => {
    const gateway = new FakeActionGateway();
    gateway.preview = (_a: ProposedAction, { signal }: { signal: AbortSignal }) =>
      new Promise<ActionPreview>((_resolve, reject) => signal.addEventListener('abort', () => reject(new Error('aborted'))));
    h = await startHarness({ actions: gateway });
    await h.term.press('r');
    expect(h.term.text()).toContain('Asking for a preview…');
    await h.term.press('escape', 'j');
    expect(h.term.text()).toContain('Cancelled.');
    expect(h.term.text()).not.toContain('Asking for a preview…');
  });

  it('marks a silent backend STALE: its rows greyed with their age, the header says so, other backends stay live', async () => {
    h = await startHarness();
    h.world.west.disconnect('connection refused');
    await h.tick(125_000);
    const screen = h.term.text();
    expect(screen).toContain('◌ west-mem STALE 2m');
    expect(screen).toContain('● east-mem');
    expect(h.term.rowWith(' cache ')).toMatch(/◌ STALE 2m\s+cache\s+2\/2/);
    expect(h.term.rowWith(' frontend ')).toMatch(/◌ STALE 2m\s+frontend/);
    expect(h.term.rowWith(' web ')).toContain('✔ HEALTHY');
    expect(h.term.colorOf('frontend')).toBe(h.term.colorOf('◌ STALE 2m'));
    expect(h.term.colorOf('frontend')).not.toBe(h.term.colorOf('ledger'));
  });

  it('switches views with : commands, scopes to a cluster, and shows help', async () => {
    h = await startHarness();
    await h.term.press(':', ...'cluster west', 'enter');
    let screen = h.term.text();
    expect(screen).toContain('[cluster west]');
    expect(screen).toContain('services (2)');
    await h.term.press(':', ...'cluster mars', 'enter');
    expect(h.term.text()).toContain('Unknown cluster "mars". Known: east, west.');
    await h.term.press(':', ...'cluster all', 'enter', ':', ...'plans', 'enter');
    screen = h.term.text();
    expect(screen).toContain('IN FLIGHT');
    expect(screen).toMatch(/plan east-mem\/web deploy\s+▶ IN_PROGRESS/);
    await h.term.press(':', ...'alerts', 'enter');
    expect(h.term.text()).toContain('alerts: not configured.');
    await h.term.press('?');
    expect(h.term.text()).toContain(':services :plans :alerts :oncall :audit :resources :approvals');
    await h.term.press('x');
    expect(h.term.text()).not.toContain('NAVIGATION');
  });

  it('acknowledges an alert through the AlertsSource and shows alerts and on-call in the header', async () => {
    const open: AlertSummary[] = [
      { id: 'al-1', severity: 'critical', title: 'web error rate > 5%', serviceId: 'east-mem/web', openedAt: Date.UTC(2026, 2, 1, 11, 50) },
      { id: 'al-2', severity: 'warning', title: 'disk 85%', openedAt: Date.UTC(2026, 2, 1, 11, 0) },
    ];
    const alerts: AlertsSource = {
      listOpen: async () => open,
      acknowledge: async (id) => {
        const a = open.find((x) => x.id === id)!;
        a.acknowledgedBy = 'alice';
        return { message: `acknowledged ${id}` };
      },
      silence: async (id, { durationMs }) => {
        const a = open.find((x) => x.id === id)!;
        a.silencedUntil = Date.UTC(2026, 2, 1, 12) + durationMs + 1000;
        return { message: `silenced ${id} for ${durationMs / 3_600_000}h` };
      },
    };
    h = await startHarness({ alerts, oncall: { current: async () => [{ schedule: 'payments', person: 'alice', level: 1 }] } });
    await h.tick();
    expect(h.term.text()).toMatch(/alerts: ✖ 1 critical\s+▲ 1 warning\s+i 0 info\s+on call: alice \(payments\)/);
    await h.term.press(':', ...'alerts', 'enter');
    await h.tick();
    expect(h.term.rowWith('web error rate')).toMatch(/✖ CRITICAL\s+web error rate > 5%\s+east-mem\/web\s+10m\s+OPEN/);
    await h.term.press('a');
    await h.term.waitFor('acknowledged al-1');
    await h.term.press('enter');
    await h.tick();
    expect(h.term.rowWith('web error rate')).toContain('acked by alice');
    await h.term.press('j', 'S');
    await h.term.waitFor('Silence for how long?');
    await h.term.press('backspace', 'backspace', ...'2h', 'enter');
    await h.term.waitFor('silenced al-2 for 2h');
    await h.term.press('enter');
    await h.tick();
    expect(h.term.rowWith('disk 85%')).toContain('silenced 2h');
  });

  it('hides actions in read-only mode and refuses action keys without calling the gateway', async () => {
    const gateway = new FakeActionGateway();
    gateway.protectedIds.add('east-mem/web');
    h = await startHarness({ actions: gateway, readOnly: true });
    let screen = h.term.text();
    expect(screen).toContain('[READ-ONLY]');
    expect(screen).toContain('‡ web');
    expect(screen).not.toContain('r:restart');
    await h.term.press('r');
    screen = h.term.text();
    expect(screen).toContain('Read-only mode: actions are disabled.');
    expect(gateway.previews).toHaveLength(0);
  });

  it('reflows the table when the terminal is resized', async () => {
    h = await startHarness();
    expect(h.term.rowWith(' web ')).toMatch(/v2\s+0s$/);
    h.term.resize(80, 20);
    await h.tick();
    const lines = h.term.lines();
    expect(lines).toHaveLength(20);
    expect(lines.find((l) => l.includes(' web '))).toMatch(/^✔ HEALTHY\s+web\s+3\/3\s+payments\s+east-mem\s+v2\s+0s$/);
    expect(lines.every((l) => l.length <= 80)).toBe(true);
    expect(lines[19]).toContain('?:help');
  });

  it('quits on q and restores the terminal (alternate screen left, cursor shown)', async () => {
    h = await startHarness();
    await h.term.press('q');
    expect(h.exited()).toBe(true);
    expect(h.term.raw).toContain('\x1b[?1049h');
    expect(h.term.raw.slice(-200)).toContain('\x1b[?1049l');
    expect(h.term.raw.slice(-200)).toContain('\x1b[?25h');
  });

  it('treats Esc and a key arriving in one read (fast typing, tmux) as two keys, not Alt+key', async () => {
    h = await startHarness();
    await h.term.press(...'jj', 'enter');
    await h.term.waitFor('TASKS (3)');
    await h.term.press('\x1b:');
    expect(h.term.text()).toContain('services (6)');
    await h.term.press(...'plans', 'enter');
    expect(h.term.text()).toContain('IN FLIGHT');
    await h.term.press('?', '\x1bq');
    expect(h.exited()).toBe(true);
  });
});
