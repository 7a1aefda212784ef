/**
 * The "done when", end to end on the simulated DC/OS cluster: a task
 * fails, the crash-loop alert opens, the on-call person's Slack DM arrives
 * with buttons, the Restart button is clicked through the Slack peer in
 * Socket Mode, the engine restarts the service exactly once, and every copy
 * of the card shows the verified outcome; strangers are refused and audited;
 * an ack from the DM and a resolve from the CLI reach every copy.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LogNotifier, type Alert } from '../../../src/core/alerts/index.js';
import { isRestartable, type Restartable } from '../../../src/core/backend/capabilities.js';
import { systemClock } from '../../../src/core/clock.js';
import { waitForState } from '../../../src/core/state/wait-for-state.js';
import { jsonLogger, silentLogger, type Logger } from '../../../src/core/logger.js';
import { startDemoBackend, type DemoBackend } from '../../../src/backends/mesos/demo-backend.js';
import type { SimBackendConfig } from '../../../src/backends/mesos/sim-backend-config.js';
import { backendKinds, type BackendKindEntry } from '../../../src/daemon/backend-registry.js';
import { parseConfig } from '../../../src/daemon/config/load-config.js';
import { delegatingNotifier } from '../../../src/daemon/delegating-notifier.js';
import { startRuntime, type Runtime } from '../../../src/daemon/runtime.js';
import { buildSlackBot, type SlackWiring } from '../../../src/daemon/slack-wiring.js';
import { SlackPeer, buttonsOf, type PeerMessage } from '../../support/slack-peer/slack-peer.js';

const ALICE = 'UALICE';
const STRANGER = 'UMALLORY';
const DM = `D${ALICE}`;
const CARDS = 'COPS';
const WEB = 'sim/prod/web';

const CONFIG = {
  backends: [{ kind: 'sim', id: 'sim', chaos: 'off', heartbeatIntervalMs: 500, stepDurationMs: 50 }],
  access: {
    actors: [
      { id: 'alice', name: 'Alice', external: { slack: ALICE } },
      { id: 'bob', name: 'Bob', external: { cli: 'bob' } },
    ],
    bindings: [{ tenant: '*', role: 'operator', subjects: ['alice', 'bob'] }],
  },
  commands: { verifyTimeoutMs: 30_000, audit: { checkpointIntervalMs: 0 } },
  alerts: { rules: { crashLoopRestarts: 1, crashLoopWindow: '10m' }, grouping: { wait: '0s' }, evaluateEvery: '1s' },
  oncall: {
    people: [{ id: 'alice', name: 'Alice', timeZone: 'Europe/Berlin', contacts: { slack: ALICE } }],
    schedules: [{ name: 'primary', timeZone: 'UTC', layers: [{ name: 'weekly', users: ['alice'], start: '2026-01-05' }] }],
    escalationPolicies: [{ name: 'default', levels: [{ notify: [{ schedule: 'primary' }], wait: '10m' }] }],
    defaultPolicy: 'default',
  },
  slack: { approversChannel: 'CAPPROVERS', delivery: { perChannelIntervalMs: 0, baseBackoffMs: 50, maxBackoffMs: 500 } },
};

/** The sim kind as registered, keeping the demo (for faults) and counting restarts the backend receives. */
function instrumentedKinds(onBuilt: (demo: DemoBackend) => void, onRestart: () => void): BackendKindEntry[] {
  return backendKinds().map((entry) =>
    entry.kind !== 'sim'
      ? entry
      : {
          ...entry,
          build: async (config, deps) => {
            const c = config as SimBackendConfig;
            const demo = await startDemoBackend(deps, { id: c.id, chaos: c.chaos, heartbeatIntervalMs: c.heartbeatIntervalMs ?? 500, stepDurationMs: c.stepDurationMs ?? 50 });
            if (!isRestartable(demo.backend)) throw new Error('the sim backend must be restartable');
            const backend = demo.backend as typeof demo.backend & Restartable;
            const restart = backend.restart.bind(backend);
            backend.restart = (...args: Parameters<Restartable['restart']>) => {
              onRestart();
              return restart(...args);
            };
            onBuilt(demo);
            return { backend, close: demo.close };
          },
        },
  );
}

/** Set OPSDECK_TEST_LOG=1 to see the runtime's and the bot's logs on stderr. */
const testLogger: Logger = process.env['OPSDECK_TEST_LOG'] === '1' ? jsonLogger({ level: 'debug', write: (line: string) => process.stderr.write(`${line}\n`) }) : silentLogger;

const text = (message: PeerMessage): string => JSON.stringify(message.blocks);

describe('Slack wiring on the simulated cluster', () => {
  const dir = mkdtempSync(join(tmpdir(), 'opsdeck-slack-wiring-'));
  const peer = new SlackPeer();
  let runtime: Runtime;
  let slack: SlackWiring;
  let demo: DemoBackend | undefined;
  let restarts = 0;
  let alert: Alert;

  beforeAll(async () => {
    await peer.start();
    const kinds = instrumentedKinds(
      (built) => (demo = built),
      () => restarts++,
    );
    const config = parseConfig(JSON.stringify({ ...CONFIG, storage: { path: join(dir, 'opsdeck.db') } }), { kinds, env: {}, file: 'test.yaml' });
    const notifier = delegatingNotifier(new LogNotifier({ logger: silentLogger, write: () => undefined }));
    runtime = await startRuntime(config, { clock: systemClock, env: {}, logger: testLogger, kinds, notifier });
    await runtime.waitForFirstSync({ timeoutMs: 15_000 });
    slack = buildSlackBot({
      runtime,
      slackConfig: config.slack!,
      env: peer.env(),
      clock: systemClock,
      logger: testLogger,
      pageChannels: { default: CARDS },
      socketMode: { clientPingTimeoutMs: 200 },
    });
    notifier.use(slack.notifier);
    await slack.bot.start();
    await peer.socket.waitForConnections(1);
    runtime.alerting().start();
  }, 30_000);

  afterAll(async () => {
    await slack?.stop();
    await runtime?.close();
    await peer.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('pages the on-call person in a DM with guarded remediation buttons when a task fails', async () => {
    const faults = demo?.cluster.faults;
    if (faults === undefined) throw new Error('the simulated cluster did not start');
    const before = new Set(runtime.store.tasksOf(WEB).map((t) => t.nativeId));
    // Crash a web task, then crash its replacement: a crash loop (rules.crashLoopRestarts: 1).
    // Alerting only counts crashes of tasks it saw start, so the replacement's crash is the one that fires.
    expect(faults.killTask({ service: '/prod/web' })).toBeDefined();
    const replacement = await waitForState(runtime.store, (s) => s.tasksOf(WEB).find((t) => t.state === 'RUNNING' && !before.has(t.nativeId)), {
      clock: systemClock,
      timeoutMs: 15_000,
      description: 'a replacement web task',
    });
    expect(faults.killTask({ taskId: replacement.nativeId })).toBe(replacement.nativeId);
    const dm = await peer.web.waitFor(() => peer.messagesIn(DM)[0], 20_000);
    alert = runtime.alerting().listAlerts().find((a) => a.kind === 'crash-loop') as Alert;
    expect(alert).toBeDefined();
    expect(text(dm)).toContain(alert.id);
    expect(text(dm)).toContain('web');
    const buttons = buttonsOf(dm).map((b) => b.text);
    expect(buttons).toEqual(expect.arrayContaining(['Acknowledge', 'Restart web', 'Rollback web…']));
    // Restart of a stateless app is guarded by Slack's confirm dialog; rollback asks for the typed name.
    expect(peer.findButton(dm, 'Restart web').confirm).toBeDefined();
    expect(peer.findButton(dm, 'Rollback web').confirm).toBeUndefined();
    const card = await peer.web.waitFor(() => peer.messagesIn(CARDS)[0], 5_000);
    expect(text(card)).toContain(alert.id);
    expect(peer.messagesIn(DM)).toHaveLength(1);
  }, 30_000);

  it('answers /opsdeck oncall and /opsdeck alerts from the on-call config and alerting', async () => {
    const oncall = await peer.slashCommand({ user: ALICE, channel: 'CGENERAL', text: 'oncall' });
    const [who] = await peer.waitForResponse(oncall.responseId, 1, 10_000);
    expect(JSON.stringify(who)).toContain('Alice');
    expect(JSON.stringify(who)).toContain(`<@${ALICE}>`);
    const alerts = await peer.slashCommand({ user: ALICE, channel: 'CGENERAL', text: 'alerts' });
    const [list] = await peer.waitForResponse(alerts.responseId, 1, 10_000);
    expect(JSON.stringify(list)).toContain(alert.id);
  });

  it('refuses a Slack user with no opsdeck actor and audits the refusal', async () => {
    const card = peer.messagesIn(CARDS)[0] as PeerMessage;
    const click = await peer.click({ user: STRANGER, message: card, button: 'Restart web' });
    const [reply] = await peer.waitForResponse(click.responseId, 1, 10_000);
    expect(JSON.stringify(reply)).toContain('not allowed');
    const denied = runtime.commands().audit.entries().filter((e) => e.event === 'command.denied' && e.actor.id === `slack:${STRANGER}`);
    expect(denied).toHaveLength(1);
    expect(restarts).toBe(0);
  });

  it('restarts the service exactly once from the DM button and shows the verified outcome on every copy', async () => {
    const dm = peer.messagesIn(DM)[0] as PeerMessage;
    // A double click (and Slack redelivering it) must not restart twice.
    const first = await peer.click({ user: ALICE, message: dm, button: 'Restart web' });
    await peer.click({ user: ALICE, message: dm, button: 'Restart web' });
    await peer.deliver(first.envelope);
    const [reply] = await peer.waitForResponse(first.responseId, 1, 45_000);
    expect(JSON.stringify(reply)).toContain('succeeded');
    await peer.web.waitFor(() => text(dm).includes('succeeded') && text(peer.messagesIn(CARDS)[0] as PeerMessage).includes('succeeded'), 5_000);
    expect(peer.web.callsOf('chat.update').some((c) => c.args['channel'] === DM)).toBe(true);
    expect(restarts).toBe(1);
    const executing = runtime.commands().audit.entries().filter((e) => e.event === 'command.executing' && e.details?.['kind'] === 'restart');
    expect(executing).toHaveLength(1);
    expect(executing[0]?.actor).toEqual({ id: 'alice', source: 'slack' });
  }, 60_000);

  it('reflects an ack from the DM on every copy, and a resolve from the CLI too, once each', async () => {
    const dm = peer.messagesIn(DM)[0] as PeerMessage;
    const card = peer.messagesIn(CARDS)[0] as PeerMessage;
    await peer.click({ user: ALICE, message: dm, button: 'Acknowledge' });
    await peer.web.waitFor(() => text(dm).includes('Acknowledged') && text(card).includes('Acknowledged'), 10_000);
    expect(runtime.alerting().getAlert(alert.id)?.state).toBe('acknowledged');
    expect(buttonsOf(card).map((b) => b.text)).not.toContain('Acknowledge');

    await runtime.alerting().resolve(alert.id, { id: 'bob', name: 'Bob', source: 'cli' });
    await peer.web.waitFor(() => text(dm).includes('Resolved') && text(card).includes('Resolved'), 10_000);
    for (const copy of [dm, card]) {
      expect(text(copy)).toContain('Bob');
      expect(buttonsOf(copy).map((b) => b.text)).not.toContain('Restart web');
      expect(text(copy).match(/Acknowledged by/g)).toHaveLength(1); // one history line: the Slack ack is not drawn twice
    }
  }, 30_000);
});
