/**
 * The Backend port: what core needs from an orchestrator integration. A
 * backend watches (start yields events) and, through capability interfaces,
 * acts. Core never imports a backend; the composition root wires them.
 */
import type { BackendEvent } from '../model/backend-event.js';

/** Orchestrator families opsdeck speaks to. */
export type BackendKind = 'mesos' | 'kubernetes' | 'docker' | 'memory';

/** Options every action takes: an idempotency key (the backend must not act twice for one key) and a cancel signal. */
export interface ActOptions {
  idempotencyKey: string;
  signal?: AbortSignal;
}

/** What a backend says once it has accepted an action (convergence is verified separately, from state). */
export interface ActionReceipt {
  /** Human summary, e.g. "scaled web from 3 to 5". */
  message: string;
  /** Native reference (deployment id, update id…) when the orchestrator returns one. */
  ref?: string;
  /** True when the orchestrator reported the command as already in effect (e.g. SDK 208). */
  alreadyInEffect?: boolean;
}

/** The minimum every backend implements. */
export interface Backend {
  /** Unique id of this backend instance, from config (e.g. "dcos-prod"). */
  readonly id: string;
  readonly kind: BackendKind;
  /** Cluster name shown to people. */
  readonly cluster: string;
  /** Data older than this many ms without any event (heartbeats count) is STALE. */
  readonly freshnessBoundMs: number;
  /**
   * Watches the orchestrator until the signal aborts: first a `connected` and a
   * `snapshot`, then incremental events; on trouble a `disconnected`, then
   * reconnect with backoff and a fresh `snapshot`. The iterator ends when aborted.
   */
  watch(signal: AbortSignal): AsyncIterable<BackendEvent>;
}

/** What the composition root hands a backend factory. */
export interface BackendDeps {
  clock: import('../clock.js').Clock;
  /** Environment to read secrets from (config names the variables). */
  env: Readonly<Record<string, string | undefined>>;
  logger: import('../logger.js').Logger;
}

/** Fields every backend section of the config has. */
export interface BackendConfigBase {
  id: string;
  kind: BackendKind;
  /** Cluster name shown to people; defaults to the id. */
  cluster?: string;
  freshnessBoundMs?: number;
}
