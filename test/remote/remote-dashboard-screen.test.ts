/**
 * The real terminal dashboard, unchanged, on the remote mirror inside a
 * headless xterm: it shows the daemon's services for the token's tenants,
 * follows remote changes, turns STALE when the network to the daemon dies
 * and live again after the reconnect.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/core/fake-clock.js';
import { silentLogger } from '../../src/core/logger.js';
import type { TuiRuntime } from '../../src/cli/tui-command.js';
import { openRemoteDashboard, type RemoteDashboard } from '../../src/remote/open-remote-dashboard.js';
import { runDashboard, type Dashboard } from '../../src/tui/run-dashboard.js';
import { startFixture, TOKENS, type Fixture } from '../daemon/ws/support/daemon-fixture.js';
import { HeadlessTerminal } from '../tui/support/headless-terminal.js';
import { CuttableProxy } from './support/remote-harness.js';

let fixture: Fixture | undefined;
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await fixture?.stop();
  fixture = undefined;
});

describe('dashboard on the remote mirror', () => {
  it("draws the daemon's team-a services, follows changes, shows STALE while cut off and live after the reconnect", async () => {
    const f = (fixture = await startFixture({ perTenant: 2 }));
    const proxy = new CuttableProxy(f.server.port);
    await proxy.listen();
    cleanups.push(() => proxy.cut());
    const clock = new FakeClock();
    const remote: RemoteDashboard = await openRemoteDashboard({ url: proxy.url, token: TOKENS.alice, clock, logger: silentLogger });
    cleanups.push(() => remote.close());
    // What the lead wires: the remote runtime is a TuiRuntime as it is (checked by the compiler).
    const runtime: TuiRuntime = remote;
    expect(runtime.store).toBe(remote.store);
    const term = new HeadlessTerminal({ cols: 140, rows: 30 });
    const dashboard: Dashboard = runDashboard({
      store: remote.store,
      clock: remote.clock,
      actions: remote.actions,
      screen: { input: term.input, output: term.output, terminal: 'xterm-256color' },
    });
    cleanups.push(() => {
      dashboard.close();
      term.dispose();
    });
    // Fake time drives redraws and the reconnect backoff; the deadline is wall time because a real daemon is involved.
    const until = async (check: (screen: string) => boolean, what: string): Promise<string> => {
      const deadline = Date.now() + 5000;
      for (;;) {
        await clock.advance(200);
        await term.settle();
        const screen = term.text();
        if (check(screen)) return screen;
        if (Date.now() > deadline) throw new Error(`screen never showed ${what}:\n${screen}`);
        await new Promise<void>((resolve) => setTimeout(resolve, 10));
      }
    };

    let screen = await until((s) => s.includes('services (3)') && s.includes('● b1'), 'the team-a services');
    expect(screen).toContain('alpha-00');
    expect(screen).not.toContain('beta-');
    expect(screen).not.toContain('gamma-');

    f.b1.putService({ name: 'alpha-01', tenant: 'team-a', replicas: 2, version: 'v9' });
    screen = await until((s) => s.includes('v9'), 'the new version of alpha-01');

    await proxy.cut();
    screen = await until((s) => s.includes('b1 STALE') && s.includes('b2 STALE'), 'both backends STALE');
    expect(screen).toMatch(/alpha-00/);
    expect(term.rowWith('alpha-00')).toContain('STALE');

    await proxy.listen();
    screen = await until((s) => s.includes('● b1') && !s.includes('STALE'), 'live again after the reconnect');
    expect(screen).toContain('v9');
  });
});
