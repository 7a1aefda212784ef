/**
 * The Mesos / Marathon / DC/OS SDK backend: watches the cluster through
 * sessions (subscribe, full snapshot, follow) with reconnect and backoff, and
 * acts through Marathon (scale, restart, rollback, kill task, upgrade / config
 * change as deployments) and the SDK schedulers (plan controls, pod restart /
 * replace, update plans with canary and rollback), once per idempotency key.
 */
import { AsyncQueue } from '../../core/async-queue.js';
import type {
  ApplyChangeOptions,
  ChangeProposal,
  ChangeStrategy,
  PlanControl,
  PlanControllable,
  PlanTarget,
  PodControllable,
  Restartable,
  RollbackCapable,
  Scalable,
  ServiceSpec,
  SpecChange,
  SpecChangeable,
  TaskKillable,
} from '../../core/backend/capabilities.js';
import { opsError } from '../../core/errors.js';
import type { ActOptions, ActionReceipt, Backend, BackendDeps } from '../../core/backend/port.js';
import { toOpsdeckError } from '../../core/errors.js';
import type { BackendEvent } from '../../core/model/backend-event.js';
import type { Service } from '../../core/model/service.js';
import type { Task } from '../../core/model/task.js';
import { redact } from '../../core/redact.js';
import type { ActionContext } from './action-context.js';
import { ClusterReader } from './cluster-reader.js';
import { DcosHttp } from './dcos-http.js';
import { IdempotencyLedger } from '../../core/backend/idempotency-ledger.js';
import { killMarathonTask, restartApp, rollbackApp, scaleApp } from './marathon-actions.js';
import type { MesosBackendConfig } from './mesos-config.js';
import { controlSdkPlan, controlSdkPod } from './sdk-actions.js';
import { marathonApplyChange, marathonCurrentSpec, marathonPlanChange } from './marathon-spec-actions.js';
import { sdkApplyChange, sdkContinue, sdkCurrentSpec, sdkPlanChange, sdkRollback } from './sdk-spec-actions.js';
import { MISSED_HEARTBEATS, runSession, type LiveModel } from './watch-session.js';

/** Backend for one DC/OS (Mesos) cluster. */
export class MesosBackend implements Backend, Scalable, Restartable, RollbackCapable, TaskKillable, PlanControllable, PodControllable, SpecChangeable {
  readonly kind = 'mesos' as const;
  readonly id: string;
  readonly cluster: string;
  readonly freshnessBoundMs: number;
  // Private (#) fields stay out of spreads and JSON, so config, env and the token never leak into status objects.
  readonly #config: MesosBackendConfig;
  readonly #deps: BackendDeps;
  readonly #http: DcosHttp;
  readonly #ledger = new IdempotencyLedger();
  readonly #live: LiveModel = { model: undefined, refreshSdk: async () => undefined, refreshMarathon: async () => undefined };
  readonly #ctx: ActionContext;

  constructor(config: MesosBackendConfig, deps: BackendDeps) {
    this.#config = config;
    this.#deps = deps;
    this.id = config.id;
    this.cluster = config.cluster ?? config.id;
    // One more heartbeat than the stall detector allows, so the detector's clear message wins.
    this.freshnessBoundMs = config.freshnessBoundMs ?? (MISSED_HEARTBEATS + 1) * (config.heartbeatIntervalMs ?? 15_000);
    const token = config.tokenEnv === undefined ? undefined : deps.env[config.tokenEnv];
    this.#http = new DcosHttp({ clock: deps.clock, token: token === '' ? undefined : token, timeoutMs: config.requestTimeoutMs });
    this.#ctx = { backendId: this.id, config, http: this.#http, clock: deps.clock, live: this.#live, deploymentWaitMs: 30_000 };
  }

  /** What JSON shows of the backend: identity only, never config, env or token. */
  toJSON(): { id: string; kind: 'mesos'; cluster: string; freshnessBoundMs: number } {
    return { id: this.id, kind: this.kind, cluster: this.cluster, freshnessBoundMs: this.freshnessBoundMs };
  }

  /** Secrets this backend holds (for the composition root's redaction list). */
  get secrets(): string[] {
    return this.#http.secrets;
  }

  watch(signal: AbortSignal): AsyncIterable<BackendEvent> {
    const queue = new AsyncQueue<BackendEvent>(signal);
    void this.#loop(queue, signal);
    return queue;
  }

  async #loop(queue: AsyncQueue<BackendEvent>, signal: AbortSignal): Promise<void> {
    const { clock, logger } = this.#deps;
    const reader = new ClusterReader(this.#http, this.#config);
    let backoff = this.#config.reconnectMinBackoffMs;
    while (!signal.aborted) {
      try {
        await runSession(
          {
            config: this.#config,
            cluster: this.cluster,
            http: this.#http,
            reader,
            clock,
            logger,
            emit: (event) => queue.push(event),
            onSynced: () => {
              backoff = this.#config.reconnectMinBackoffMs;
            },
          },
          signal,
          this.#live,
        );
      } catch (error) {
        if (signal.aborted) break;
        const err = toOpsdeckError(error);
        const message = redact(err.code === 'INTERNAL' && error instanceof Error ? `Unexpected failure watching ${this.id}: ${error.message}` : err.message, this.secrets);
        logger.log('warn', 'mesos watch session ended', { backend: this.id, code: err.code, error: message });
        queue.push({
          type: 'disconnected',
          at: clock.now(),
          error: { code: err.code, message, ...(err.hint === undefined ? {} : { hint: redact(err.hint, this.secrets) }) },
        });
      }
      if (signal.aborted) break;
      try {
        await clock.sleep(backoff, signal);
      } catch {
        break;
      }
      backoff = Math.min(this.#config.reconnectMaxBackoffMs, backoff * 2);
    }
    queue.close();
  }

  scale(service: Service, replicas: number, options: ActOptions): Promise<ActionReceipt> {
    return this.#ledger.once(options, () => scaleApp(this.#ctx, service, replicas, options.signal));
  }

  restart(service: Service, options: ActOptions): Promise<ActionReceipt> {
    return this.#ledger.once(options, () => restartApp(this.#ctx, service, options.signal));
  }

  rollback(service: Service, options: ActOptions): Promise<ActionReceipt> {
    return this.#ledger.once(options, () => (this.#isSdk(service) ? sdkRollback(this.#ctx, service, options.signal) : rollbackApp(this.#ctx, service, options.signal)));
  }

  currentSpec(service: Service, options: { signal?: AbortSignal } = {}): Promise<ServiceSpec> {
    return this.#isSdk(service) ? sdkCurrentSpec(this.#ctx, service, options.signal) : marathonCurrentSpec(this.#ctx, service, options.signal);
  }

  planChange(service: Service, change: SpecChange, options: { strategy: ChangeStrategy; signal?: AbortSignal }): Promise<ChangeProposal> {
    return this.#isSdk(service)
      ? sdkPlanChange(this.#ctx, service, change, options.strategy, options.signal)
      : marathonPlanChange(this.#ctx, service, change, options.strategy, options.signal);
  }

  applyChange(service: Service, change: SpecChange, options: ApplyChangeOptions): Promise<ActionReceipt> {
    return this.#ledger.once(options, async () => {
      // Validate right before acting too: the state may have moved since the preview.
      await this.planChange(service, change, options);
      return this.#isSdk(service)
        ? sdkApplyChange(this.#ctx, service, change, options.strategy, options.signal)
        : marathonApplyChange(this.#ctx, service, change, options.strategy, options.signal);
    });
  }

  continueChange(service: Service, options: ActOptions): Promise<ActionReceipt> {
    return this.#ledger.once(options, async () => {
      if (!this.#isSdk(service)) {
        throw opsError('UNSUPPORTED', `${service.name} is a Marathon app; Marathon deployments have no canary to continue.`, { hint: 'Marathon rolls out serially on its own; watch it with opsdeck plan show.' });
      }
      return sdkContinue(this.#ctx, service, options.signal);
    });
  }

  #isSdk(service: Service): boolean {
    return this.#config.sdk[service.nativeId] !== undefined;
  }

  killTask(task: Task, options: ActOptions): Promise<ActionReceipt> {
    return this.#ledger.once(options, () => killMarathonTask(this.#ctx, task, options.signal));
  }

  controlPlan(service: Service, control: PlanControl, target: PlanTarget, options: ActOptions): Promise<ActionReceipt> {
    return this.#ledger.once(options, () => controlSdkPlan(this.#ctx, service, control, target, options.signal));
  }

  controlPod(service: Service, pod: string, action: 'restart' | 'replace', options: ActOptions): Promise<ActionReceipt> {
    return this.#ledger.once(options, () => controlSdkPod(this.#ctx, service, pod, action, options.signal));
  }
}
