/**
 * The Kubernetes backend: one kubeconfig context is one cluster. It watches
 * workloads through informers (see watch-session) and acts through the
 * requests kubectl sends (see kubernetes-actions, and spec-change-actions
 * for upgrades and configuration changes), each action at most once per
 * idempotency key.
 */
import { IdempotencyLedger } from '../../core/backend/idempotency-ledger.js';
import type { KubeConfig } from '@kubernetes/client-node';
import type {
  ActOptions,
  ActionReceipt,
  ApplyChangeOptions,
  ChangeProposal,
  ChangeStrategy,
  ServiceSpec,
  SpecChange,
  SpecChangeable,
  Backend,
  BackendDeps,
  PlanControl,
  PlanControllable,
  PlanTarget,
  Restartable,
  RollbackCapable,
  Scalable,
  TaskKillable,
  UpdateResumable,
} from '../../core/backend/index.js';
import { opsError } from '../../core/errors.js';
import type { BackendEvent } from '../../core/model/backend-event.js';
import type { Service } from '../../core/model/service.js';
import type { Task } from '../../core/model/task.js';
import { parseWorkloadId } from './kube-fields.js';
import { KubernetesActions, type WorkloadRef } from './kubernetes-actions.js';
import type { KubernetesBackendConfig } from './kubernetes-config.js';
import { ROLLOUT_PLAN } from './rollout-plan.js';
import { SpecChangeActions } from './spec-change-actions.js';
import { startWatchSession } from './watch-session.js';

/** Tuning knobs tests use (defaults suit production). */
export interface KubernetesBackendTuning {
  /** First and last delay when restarting a failed informer (default 1 s → 30 s). */
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** Items per list page (default 500). */
  listPageSize?: number;
}

/** Everything the backend is built from. */
export interface KubernetesBackendOptions {
  config: KubernetesBackendConfig;
  kubeConfig: KubeConfig;
  /** Kubeconfig context name, or `in-cluster`. */
  context: string;
  server: string;
  inCluster?: boolean;
  deps: BackendDeps;
  tuning?: KubernetesBackendTuning;
}

const RECEIPTS_LIMIT = 1000;

/** A Kubernetes cluster (one kubeconfig context) as an opsdeck backend. */
export class KubernetesBackend implements Backend, Scalable, Restartable, RollbackCapable, TaskKillable, PlanControllable, UpdateResumable, SpecChangeable {
  readonly kind = 'kubernetes' as const;
  readonly id: string;
  readonly cluster: string;
  readonly freshnessBoundMs: number;
  // True private fields: the store spreads backend registrations into status objects, and the kubeconfig holds credentials.
  readonly #options: KubernetesBackendOptions;
  readonly #actions: KubernetesActions;
  readonly #specChanges: SpecChangeActions;
  readonly #ledger = new IdempotencyLedger(RECEIPTS_LIMIT);
  readonly #secrets: string[];

  constructor(options: KubernetesBackendOptions) {
    this.#options = options;
    const { config, deps } = options;
    this.id = config.id;
    this.cluster = config.cluster ?? (options.inCluster === true ? config.id : options.context);
    this.freshnessBoundMs = config.freshnessBoundMs ?? 60_000;
    const user = options.kubeConfig.getCurrentUser();
    this.#secrets = [user?.token, user?.password, user?.keyData].filter((s): s is string => typeof s === 'string' && s.length > 0);
    this.#actions = new KubernetesActions({ kubeConfig: options.kubeConfig, clock: deps.clock, context: options.context, server: options.server, secrets: this.#secrets });
    this.#specChanges = new SpecChangeActions({ kubeConfig: options.kubeConfig, actions: this.#actions, clock: deps.clock, backendId: config.id });
  }

  /** Credential values from the kubeconfig (token, password, key), for the composition root's log and message scrubbing. */
  credentialSecrets(): string[] {
    return [...this.#secrets];
  }

  watch(signal: AbortSignal): AsyncIterable<BackendEvent> {
    const { config, deps, tuning } = this.#options;
    return startWatchSession(
      {
        backendId: this.id,
        cluster: this.cluster,
        kubeConfig: this.#options.kubeConfig,
        context: this.#options.context,
        server: this.#options.server,
        ...(config.namespaces === undefined ? {} : { namespaces: config.namespaces }),
        ...(config.tenantFrom === undefined ? {} : { tenantFrom: config.tenantFrom }),
        clock: deps.clock,
        logger: deps.logger.child({ backend: this.id }),
        secrets: this.#secrets,
        heartbeatMs: Math.max(1000, Math.min(10_000, Math.floor(this.freshnessBoundMs / 3))),
        ...(tuning?.minBackoffMs === undefined ? {} : { minBackoffMs: tuning.minBackoffMs }),
        ...(tuning?.maxBackoffMs === undefined ? {} : { maxBackoffMs: tuning.maxBackoffMs }),
        ...(tuning?.listPageSize === undefined ? {} : { listPageSize: tuning.listPageSize }),
      },
      signal,
    );
  }

  private ref(service: Service): WorkloadRef {
    const ref = parseWorkloadId(service.nativeId);
    if (ref === undefined) {
      throw opsError('NOT_FOUND', `"${service.name}" is not a Kubernetes workload of ${this.id}.`, { hint: 'Pick a Deployment, StatefulSet or DaemonSet from this cluster.' });
    }
    return ref;
  }

  scale(service: Service, replicas: number, options: ActOptions): Promise<ActionReceipt> {
    return this.#ledger.once(options, async () => {
      const ref = this.ref(service);
      const before = await this.#actions.scale(ref, replicas);
      return { message: `scaled ${service.name} from ${before ?? '?'} to ${replicas}`, ...(before === replicas ? { alreadyInEffect: true } : {}) };
    });
  }

  restart(service: Service, options: ActOptions): Promise<ActionReceipt> {
    return this.#ledger.once(options, async () => {
      const at = await this.#actions.restart(this.ref(service));
      return { message: `rollout restart of ${service.name} requested (restartedAt ${at})`, ref: at };
    });
  }

  rollback(service: Service, options: ActOptions): Promise<ActionReceipt> {
    return this.#ledger.once(options, async () => {
      const revision = await this.#actions.undo(this.ref(service));
      return { message: `rolled ${service.name} back to revision ${revision}`, ref: String(revision) };
    });
  }

  killTask(task: Task, options: ActOptions): Promise<ActionReceipt> {
    return this.#ledger.once(options, async () => {
      const [namespace, name] = task.nativeId.split('/');
      if (namespace === undefined || name === undefined) throw opsError('NOT_FOUND', `"${task.nativeId}" is not a pod of ${this.id}.`, { hint: 'Pick a pod from this cluster.' });
      await this.#actions.deletePod(namespace, name);
      return { message: `deleted pod ${namespace}/${name}; its controller replaces it` };
    });
  }

  controlPlan(service: Service, control: PlanControl, target: PlanTarget, options: ActOptions): Promise<ActionReceipt> {
    return this.#ledger.once(options, async () => {
      if (target.plan !== ROLLOUT_PLAN) throw opsError('NOT_FOUND', `${service.name} has no plan "${target.plan}"; Kubernetes workloads have "${ROLLOUT_PLAN}".`, { hint: `Use plan "${ROLLOUT_PLAN}".` });
      if (control !== 'pause' && control !== 'resume') {
        throw opsError('UNSUPPORTED', `A Kubernetes rollout cannot ${control} a step.`, { hint: 'Pause or resume the whole rollout, or restart the workload.' });
      }
      if (target.phase !== undefined) throw opsError('UNSUPPORTED', 'A Kubernetes rollout pauses as a whole, not per phase or step.', { hint: 'Leave phase and step out.' });
      const changed = await this.#actions.setPaused(this.ref(service), control === 'pause');
      return { message: `${control === 'pause' ? 'paused' : 'resumed'} the rollout of ${service.name}`, ...(changed ? {} : { alreadyInEffect: true }) };
    });
  }

  resumeUpdate(service: Service, options: ActOptions): Promise<ActionReceipt> {
    return this.controlPlan(service, 'resume', { plan: ROLLOUT_PLAN }, options);
  }

  currentSpec(service: Service, _options?: { signal?: AbortSignal }): Promise<ServiceSpec> {
    return this.#specChanges.current(this.ref(service));
  }

  planChange(service: Service, change: SpecChange, options: { strategy: ChangeStrategy; signal?: AbortSignal }): Promise<ChangeProposal> {
    return this.#specChanges.plan(this.ref(service), change, options.strategy);
  }

  applyChange(service: Service, change: SpecChange, options: ApplyChangeOptions): Promise<ActionReceipt> {
    return this.#ledger.once(options, () => this.#specChanges.apply(this.ref(service), change, options.strategy, options.signal));
  }

  continueChange(service: Service, options: ActOptions): Promise<ActionReceipt> {
    return this.#ledger.once(options, () => this.#specChanges.continue(this.ref(service)));
  }
}
