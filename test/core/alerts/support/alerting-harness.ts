/**
 * A real alerting stack for tests: StateStore fed by the in-memory backend, a
 * SQLite file in a temp dir, a FakeClock, a recording notifier and an
 * allow-all gate that records audit entries.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryBackend } from '../../../../src/backends/memory/memory-backend.js';
import { runBackend } from '../../../../src/core/backend/run-backend.js';
import { alertsConfigSchema } from '../../../../src/core/alerts/config.js';
import { createAlerting, type Alerting } from '../../../../src/core/alerts/create-alerting.js';
import type { AlertActionGate, AlertAuditEntry, RemediationRunner } from '../../../../src/core/alerts/ports.js';
import { FakeClock } from '../../../../src/core/fake-clock.js';
import { silentLogger } from '../../../../src/core/logger.js';
import type { Actor } from '../../../../src/core/model/actor.js';
import type { DeliveryResult, Notifier, PageMessage } from '../../../../src/core/notify/notifier.js';
import { oncallConfigSchema } from '../../../../src/core/oncall/config.js';
import { StateStore } from '../../../../src/core/state/store.js';
import { opsError } from '../../../../src/core/errors.js';

/** Records every delivered message with the fake time it arrived. */
export class RecordingNotifier implements Notifier {
  readonly delivered: (PageMessage & { at: number })[] = [];
  readonly attempts: { key: string; at: number; result: DeliveryResult['status'] }[] = [];
  /** Outcomes to return before delivering normally (e.g. a retryable failure first). */
  readonly script: DeliveryResult[] = [];
  constructor(private readonly clock: FakeClock) {}
  deliver(message: PageMessage): Promise<DeliveryResult> {
    const scripted = this.script.shift();
    const result: DeliveryResult = scripted ?? { status: 'delivered' };
    this.attempts.push({ key: message.idempotencyKey, at: this.clock.now(), result: result.status });
    if (result.status === 'delivered') this.delivered.push({ ...message, at: this.clock.now() });
    return Promise.resolve(result);
  }
  pages(): (PageMessage & { at: number })[] {
    return this.delivered.filter((m) => m.type === 'page');
  }
}

/** Allows everything except actors listed as forbidden; keeps audit entries. */
export class RecordingGate implements AlertActionGate {
  readonly entries: AlertAuditEntry[] = [];
  constructor(private readonly forbidden: readonly string[] = []) {}
  authorize(actor: Actor, tenant: string, action: string): Promise<void> {
    if (this.forbidden.includes(actor.id)) return Promise.reject(opsError('FORBIDDEN', `${actor.id} may not ${action} in ${tenant}.`));
    return Promise.resolve();
  }
  audit(entry: AlertAuditEntry): Promise<void> {
    this.entries.push(entry);
    return Promise.resolve();
  }
}

/** A scripted remediation runner. */
export class ScriptedRemediation implements RemediationRunner {
  readonly calls: { remediation: string; serviceId: string; alertId: string }[] = [];
  constructor(private readonly outcome: 'succeeded' | 'failed' | 'timed-out', private readonly onRun?: () => void) {}
  run(request: { remediation: string; serviceId: string; alertId: string }): Promise<{ outcome: 'succeeded' | 'failed' | 'timed-out'; summary: string }> {
    this.calls.push({ remediation: request.remediation, serviceId: request.serviceId, alertId: request.alertId });
    this.onRun?.();
    return Promise.resolve({ outcome: this.outcome, summary: `${request.remediation} ${this.outcome}` });
  }
}

/** A person actor for tests. */
export const alice: Actor = { id: 'alice', name: 'Alice', source: 'cli' };

/** The on-call config most timeline tests use. */
export const baseOncall = {
  people: [
    { id: 'alice', name: 'Alice', timeZone: 'Europe/Berlin', contacts: { slack: 'UALICE' } },
    { id: 'bob', name: 'Bob', timeZone: 'America/New_York', contacts: { slack: 'UBOB' } },
  ],
  escalationPolicies: [
    { name: 'primary', levels: [{ notify: [{ user: 'alice' }], wait: '5m', times: 2 }, { notify: [{ user: 'bob' }], wait: '10m' }], repeat: 0 },
  ],
  routes: [{ match: { severity: ['critical'] }, policy: 'primary' }],
};

/** Options for the harness. */
export interface HarnessOptions {
  alerts?: Record<string, unknown>;
  oncall?: Record<string, unknown>;
  start?: string;
  remediation?: RemediationRunner;
  dir?: string;
  clock?: FakeClock;
}

/** The assembled stack. */
export interface Harness {
  clock: FakeClock;
  store: StateStore;
  backend: MemoryBackend;
  notifier: RecordingNotifier;
  gate: RecordingGate;
  alerting: Alerting;
  dir: string;
  /** Lets queued events and microtasks run without moving time. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

/** Builds and starts the stack with a synced memory backend. */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const clock = options.clock ?? new FakeClock(options.start ?? '2026-03-02T12:00:00Z');
  const store = new StateStore({ clock });
  const backend = new MemoryBackend({ id: 'mem', cluster: 'lab', clock, freshnessBoundMs: 30_000 });
  store.registerBackend({ id: 'mem', kind: 'memory', cluster: 'lab', freshnessBoundMs: 30_000 });
  const abort = new AbortController();
  const pump = runBackend(backend, store, { clock, signal: abort.signal });
  const notifier = new RecordingNotifier(clock);
  const gate = new RecordingGate(['mallory']);
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'opsdeck-alerts-'));
  const alerting = createAlerting({
    store,
    database: join(dir, 'opsdeck.db'),
    clock,
    notifier,
    gate,
    ...(options.remediation === undefined ? {} : { remediation: options.remediation }),
    config: {
      alerts: alertsConfigSchema.parse({ evaluateEvery: '1s', ...options.alerts }),
      oncall: oncallConfigSchema.parse({ ...baseOncall, ...options.oncall }),
    },
    logger: silentLogger,
  });
  alerting.start();
  const settle = async (): Promise<void> => {
    await clock.advance(0);
    await alerting.settle();
    await clock.advance(0);
  };
  await settle();
  return {
    clock,
    store,
    backend,
    notifier,
    gate,
    alerting,
    dir,
    settle,
    async close() {
      abort.abort();
      await pump;
      await alerting.stop();
      if (options.dir === undefined) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Makes every task of a service fail (the service turns UNHEALTHY). */
export function failAll(backend: MemoryBackend, name: string, count: number): void {
  for (let i = 0; i < count; i++) backend.failTask(name);
}
