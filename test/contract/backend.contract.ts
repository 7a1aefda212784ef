/**
 * The one contract every backend passes (hono's common-case pattern): first
 * sync, live watch, STALE on a lost connection (never HEALTHY), recovery,
 * every declared capability, and no secret in any error text. A backend may
 * skip a case only with a stated reason.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/clock.js';
import { isOpsdeckError } from '../../src/core/errors.js';
import {
  isPlanControllable,
  isRestartable,
  isRollbackCapable,
  isScalable,
  isSpecChangeable,
  isTaskKillable,
  runBackend,
  type Backend,
  type PlanControl,
} from '../../src/core/backend/index.js';
import type { Service } from '../../src/core/model/service.js';
import { StateStore, startFreshnessTimer, waitForState, type ClusterStateView } from '../../src/core/state/index.js';

/** Capability cases of the contract, named so a backend can skip one with a reason. */
export type ContractCase = 'scale' | 'restart' | 'rollback' | 'kill-task' | 'plan-control' | 'external-change' | 'stale' | 'recovery';

/** What a backend's test file hands the contract suite. */
export interface ContractSubject {
  backend: Backend;
  /** Service names that must be listed after the first sync. */
  expectedServices: string[];
  /** Every secret configured into the backend; none may appear in error text or backend status. */
  secrets: string[];
  /** Cuts the backend off from its orchestrator (stop the daemon, close the server, stall the stream). */
  breakConnection(): Promise<void>;
  restoreConnection(): Promise<void>;
  /** Changes the orchestrator behind opsdeck's back; returns the service name and a check on its new state. */
  externalChange?(): Promise<{ service: string; check: (service: Service, state: ClusterStateView) => boolean }>;
  /** One scenario per declared capability. */
  scenarios: {
    scale?: { service: string; replicas: number };
    restart?: { service: string };
    /** `prepare` makes a previous version exist (e.g. an upgrade) before rollback is asked. */
    rollback?: { service: string; prepare?: () => Promise<void>; check: (service: Service) => boolean };
    killTask?: { service: string };
    planControl?: { service: string; plan: string; control: PlanControl; phase?: string; step?: string; check: (state: ClusterStateView, service: Service) => boolean };
  };
  /** Cases this backend cannot run, each with its reason. */
  skip?: Partial<Record<ContractCase, string>>;
  /** Deadline for each convergence wait. */
  timeoutMs: number;
  teardown(): Promise<void>;
}

/** Registers the contract suite for one backend. */
export function backendContract(name: string, makeSubject: () => Promise<ContractSubject>): void {
  describe(`backend contract: ${name}`, () => {
    let subject: ContractSubject;
    let store: StateStore;
    const stop = new AbortController();
    let stopTimer: () => void = () => undefined;

    const byName = (state: ClusterStateView, service: string): Service | undefined =>
      state.servicesOfBackend(subject.backend.id).find((s) => s.name === service);
    const waitFor = <T>(predicate: (s: ClusterStateView) => T | undefined | false | null, description: string): Promise<T> =>
      waitForState(store, predicate, { clock: systemClock, timeoutMs: subject.timeoutMs, description });
    const serviceOf = (service: string): Service => {
      const found = byName(store, service);
      if (found === undefined) throw new Error(`service ${service} not in state`);
      return found;
    };
    const key = (label: string): string => `contract-${label}-${process.pid}-${Date.now()}`;
    const caseIt = (c: ContractCase, title: string, fn: () => Promise<void>, timeout?: number): void => {
      const reason = subject?.skip?.[c];
      it(title, async (ctx) => {
        if (subject.skip?.[c] !== undefined) {
          ctx.skip(`${name} skips "${c}": ${subject.skip[c]}`); // the backend states the reason in its subject
          return;
        }
        await fn();
      }, timeout);
      void reason;
    };

    beforeAll(async () => {
      subject = await makeSubject();
      store = new StateStore({ clock: systemClock });
      store.registerBackend(subject.backend);
      stopTimer = startFreshnessTimer(store, systemClock, { intervalMs: 100 });
      void runBackend(subject.backend, store, { clock: systemClock, signal: stop.signal, minBackoffMs: 100, maxBackoffMs: 1000, secrets: subject.secrets });
    }, 120_000);

    afterAll(async () => {
      stop.abort();
      stopTimer();
      await subject?.teardown();
    }, 120_000);

    it('lists every expected service after the first full sync, with well-formed fields', async () => {
      await waitFor((s) => s.backend(subject.backend.id)?.synced && subject.expectedServices.every((n) => byName(s, n)), 'first sync');
      const status = store.backend(subject.backend.id);
      expect(status?.connection).toBe('live');
      for (const service of store.servicesOfBackend(subject.backend.id)) {
        expect(service.id.startsWith(`${subject.backend.id}/`)).toBe(true);
        expect(service.tenant.length).toBeGreaterThan(0);
        expect(service.desired).toBeGreaterThanOrEqual(0);
        expect(service.running).toBeGreaterThanOrEqual(0);
        expect(service.healthy).toBeLessThanOrEqual(Math.max(service.running, service.desired));
        expect(['HEALTHY', 'DEGRADED', 'UNHEALTHY', 'UNKNOWN']).toContain(service.health.status);
        expect(service.health.reason.length).toBeGreaterThan(0);
        for (const task of store.tasksOf(service.id)) expect(task.service).toBe(service.id);
      }
    });

    it('only declares actions on services that its capability interfaces implement', () => {
      const implemented = new Set<string>();
      if (isScalable(subject.backend)) implemented.add('scale');
      if (isRestartable(subject.backend)) implemented.add('restart');
      if (isRollbackCapable(subject.backend)) implemented.add('rollback');
      if (isTaskKillable(subject.backend)) implemented.add('kill-task');
      if (isPlanControllable(subject.backend)) ['plan-pause', 'plan-resume', 'plan-restart-step', 'plan-force-complete'].forEach((a) => implemented.add(a));
      if (isSpecChangeable(subject.backend)) ['upgrade', 'config-set'].forEach((a) => implemented.add(a));
      const checked = ['scale', 'restart', 'rollback', 'kill-task', 'plan-pause', 'plan-resume', 'plan-restart-step', 'plan-force-complete', 'upgrade', 'config-set'];
      for (const service of store.servicesOfBackend(subject.backend.id)) {
        for (const action of service.actions) {
          if (checked.includes(action)) {
            expect(implemented.has(action), `${service.name} offers ${action}`).toBe(true);
          }
        }
      }
    });

    caseIt('external-change', 'follows a change made behind its back through the live watch', async () => {
      if (subject.externalChange === undefined) throw new Error('externalChange missing: provide it or skip "external-change" with a reason');
      const { service, check } = await subject.externalChange();
      await waitFor((s) => {
        const found = byName(s, service);
        return found !== undefined && check(found, s);
      }, `external change to ${service}`);
    });

    caseIt('scale', 'scales a service and the watch shows the new count', async () => {
      expect(isScalable(subject.backend), 'scenario given but backend is not Scalable').toBe(true);
      const scenario = subject.scenarios.scale;
      if (scenario === undefined || !isScalable(subject.backend)) throw new Error('declares Scalable: give a scale scenario or skip with a reason');
      const receipt = await subject.backend.scale(serviceOf(scenario.service), scenario.replicas, { idempotencyKey: key('scale') });
      expect(receipt.message.length).toBeGreaterThan(0);
      await waitFor((s) => {
        const found = byName(s, scenario.service);
        return found !== undefined && found.desired === scenario.replicas && found.running === scenario.replicas;
      }, `${scenario.service} at ${scenario.replicas}`);
    });

    caseIt('restart', 'restarts a service: its tasks are replaced and it is healthy again', async () => {
      const scenario = subject.scenarios.restart;
      if (scenario === undefined || !isRestartable(subject.backend)) throw new Error('declares Restartable: give a restart scenario or skip with a reason');
      const before = new Set(store.tasksOf(serviceOf(scenario.service).id).filter((t) => t.state === 'RUNNING').map((t) => `${t.id}@${t.startedAt ?? ''}`));
      await subject.backend.restart(serviceOf(scenario.service), { idempotencyKey: key('restart') });
      await waitFor((s) => {
        const found = byName(s, scenario.service);
        if (found === undefined || found.health.status !== 'HEALTHY') return false;
        const running = s.tasksOf(found.id).filter((t) => t.state === 'RUNNING');
        return running.length > 0 && running.every((t) => !before.has(`${t.id}@${t.startedAt ?? ''}`));
      }, `${scenario.service} restarted and healthy`);
    });

    caseIt('rollback', 'rolls a service back to its previous spec', async () => {
      const scenario = subject.scenarios.rollback;
      if (scenario === undefined || !isRollbackCapable(subject.backend)) throw new Error('declares RollbackCapable: give a rollback scenario or skip with a reason');
      await scenario.prepare?.();
      await subject.backend.rollback(serviceOf(scenario.service), { idempotencyKey: key('rollback') });
      await waitFor((s) => {
        const found = byName(s, scenario.service);
        return found !== undefined && scenario.check(found);
      }, `${scenario.service} rolled back`);
    });

    caseIt('kill-task', 'kills a task and the orchestrator replaces it', async () => {
      const scenario = subject.scenarios.killTask;
      if (scenario === undefined || !isTaskKillable(subject.backend)) throw new Error('declares TaskKillable: give a kill-task scenario or skip with a reason');
      const service = serviceOf(scenario.service);
      const victim = store.tasksOf(service.id).find((t) => t.state === 'RUNNING');
      if (victim === undefined) throw new Error(`no running task of ${scenario.service}`);
      await subject.backend.killTask(victim, { idempotencyKey: key('kill') });
      await waitFor((s) => {
        const found = byName(s, scenario.service);
        if (found === undefined) return false;
        const running = s.tasksOf(found.id).filter((t) => t.state === 'RUNNING');
        return found.running >= found.desired && running.every((t) => t.id !== victim.id) && running.length >= found.desired;
      }, `${victim.id} replaced`);
    });

    caseIt('plan-control', 'controls a plan and the plan reflects it', async () => {
      const scenario = subject.scenarios.planControl;
      if (scenario === undefined || !isPlanControllable(subject.backend)) throw new Error('declares PlanControllable: give a plan-control scenario or skip with a reason');
      const target = { plan: scenario.plan, ...(scenario.phase ? { phase: scenario.phase } : {}), ...(scenario.step ? { step: scenario.step } : {}) };
      await subject.backend.controlPlan(serviceOf(scenario.service), scenario.control, target, { idempotencyKey: key('plan') });
      await waitFor((s) => {
        const found = byName(s, scenario.service);
        return found !== undefined && scenario.check(s, found);
      }, `${scenario.service} plan ${scenario.control}`);
    });

    it('rejects an action on a service that does not exist with a coded error that holds no secret', async () => {
      const ghost: Service = { ...serviceOf(subject.expectedServices[0] ?? ''), nativeId: 'opsdeck-contract-no-such-service', name: 'opsdeck-contract-no-such-service' };
      const attempt = isScalable(subject.backend)
        ? subject.backend.scale(ghost, 1, { idempotencyKey: key('ghost') })
        : isRestartable(subject.backend)
          ? subject.backend.restart(ghost, { idempotencyKey: key('ghost') })
          : undefined;
      if (attempt === undefined) return;
      const error = await attempt.then(() => undefined, (e: unknown) => e);
      expect(isOpsdeckError(error), `expected an OpsdeckError, got ${String(error)}`).toBe(true);
      if (!isOpsdeckError(error)) return;
      expect(['NOT_FOUND', 'BACKEND_ERROR', 'INPUT_INVALID']).toContain(error.code);
      for (const secret of subject.secrets) {
        expect(`${error.message} ${error.hint ?? ''}`).not.toContain(secret);
      }
    });

    caseIt('stale', 'goes STALE, keeping last values, when the connection is lost; never HEALTHY', async () => {
      const before = new Map(store.servicesOfBackend(subject.backend.id).map((s) => [s.id, s.desired]));
      expect(before.size).toBeGreaterThan(0);
      await subject.breakConnection();
      await waitFor((s) => s.backend(subject.backend.id)?.connection === 'stale', 'backend stale');
      const services = store.servicesOfBackend(subject.backend.id);
      expect(services.length).toBe(before.size);
      for (const service of services) {
        expect(service.health.status, `${service.name} must be STALE while disconnected`).toBe('STALE');
        expect(service.desired).toBe(before.get(service.id));
        expect(service.staleSince).toBeTypeOf('number');
      }
      const status = store.backend(subject.backend.id);
      for (const secret of subject.secrets) {
        expect(JSON.stringify(status)).not.toContain(secret);
      }
    });

    caseIt('recovery', 'recovers after the connection returns: live again and nothing STALE', async () => {
      if (store.backend(subject.backend.id)?.connection !== 'stale') {
        await subject.breakConnection();
        await waitFor((s) => s.backend(subject.backend.id)?.connection === 'stale', 'backend stale');
      }
      await subject.restoreConnection();
      await waitFor(
        (s) =>
          s.backend(subject.backend.id)?.connection === 'live' &&
          subject.expectedServices.every((n) => {
            const found = byName(s, n);
            return found !== undefined && found.health.status !== 'STALE';
          }),
        'recovery',
      );
    });
  });
}
