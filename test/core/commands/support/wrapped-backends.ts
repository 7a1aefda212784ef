/**
 * Backends at the port for tests: wrap the in-memory backend to count calls,
 * or to accept an action whose effect never shows (timeout) or breaks the
 * service (failure). No module mocking.
 */
import type { MemoryBackend } from '../../../../src/backends/memory/memory-backend.js';
import type { PlanControl, PlanTarget } from '../../../../src/core/backend/capabilities.js';
import type { ActOptions, ActionReceipt, Backend } from '../../../../src/core/backend/port.js';
import type { Service } from '../../../../src/core/model/service.js';
import type { Task } from '../../../../src/core/model/task.js';

/** Calls the wrapped backend saw, by method. */
export interface CallLog {
  calls: string[];
}

/** Delegates everything to the memory backend and records each action call. */
export function countingBackend(inner: MemoryBackend, log: CallLog): Backend {
  const record = <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    log.calls.push(name);
    return fn();
  };
  return {
    id: inner.id,
    kind: inner.kind,
    cluster: inner.cluster,
    freshnessBoundMs: inner.freshnessBoundMs,
    watch: (signal: AbortSignal) => inner.watch(signal),
    scale: (s: Service, n: number, o: ActOptions) => record('scale', () => inner.scale(s, n, o)),
    restart: (s: Service, o: ActOptions) => record('restart', () => inner.restart(s, o)),
    rollback: (s: Service, o: ActOptions) => record('rollback', () => inner.rollback(s, o)),
    killTask: (t: Task, o: ActOptions) => record('killTask', () => inner.killTask(t, o)),
    controlPlan: (s: Service, c: PlanControl, t: PlanTarget, o: ActOptions) => record('controlPlan', () => inner.controlPlan(s, c, t, o)),
  } as Backend;
}

/** A backend whose scale is accepted but then `effect` decides what the orchestrator really does. */
export function scaleWithEffect(inner: MemoryBackend, effect: (service: Service, replicas: number) => void): Backend {
  return {
    id: inner.id,
    kind: inner.kind,
    cluster: inner.cluster,
    freshnessBoundMs: inner.freshnessBoundMs,
    watch: (signal: AbortSignal) => inner.watch(signal),
    scale: async (s: Service, n: number): Promise<ActionReceipt> => {
      effect(s, n);
      return { message: `asked ${s.name} to scale to ${n}` };
    },
  } as Backend;
}
