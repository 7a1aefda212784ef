/**
 * The Docker backend: watches one Engine (Swarm services, Compose services,
 * standalone containers) and carries out the actions each kind supports
 * (including upgrades and config changes as Swarm rolling updates), once per
 * idempotency key.
 */
import type {
  ActOptions,
  ActionReceipt,
  ApplyChangeOptions,
  Backend,
  ChangeProposal,
  ChangeStrategy,
  Restartable,
  RollbackCapable,
  Scalable,
  ServiceSpec,
  SpecChange,
  SpecChangeable,
  Stoppable,
  TaskKillable,
  UpdateResumable,
} from '../../core/backend/index.js';
import { opsError } from '../../core/errors.js';
import type { BackendEvent } from '../../core/model/backend-event.js';
import type { Service } from '../../core/model/service.js';
import type { Task } from '../../core/model/task.js';
import { actOnGroup, killContainer, type GroupVerb } from './container-actions.js';
import { groupOfNativeId, type GroupKey } from './container-groups.js';
import type { DockerApi } from './docker-api.js';
import { IdempotencyLedger } from '../../core/backend/idempotency-ledger.js';
import { forceRestartEdit, resumeEdit, rollbackEdit, scaleEdit, updateSwarmService } from './swarm-actions.js';
import { watchDocker, type DockerWatchOptions } from './docker-watch.js';
import { canaryRollbackEdit, changedSpec, continueCanaryEdit, proposeSwarmChange, swarmSpecOf } from './swarm-spec-change.js';

/** Identity and wiring of one Docker backend instance. */
export interface DockerBackendOptions {
  id: string;
  cluster: string;
  freshnessBoundMs: number;
  api: DockerApi;
  watch: Omit<DockerWatchOptions, 'api'>;
}

/** A Docker Engine (+ Swarm) as an opsdeck backend with its capabilities. */
export class DockerBackend implements Backend, Scalable, Restartable, RollbackCapable, UpdateResumable, TaskKillable, Stoppable, SpecChangeable {
  readonly kind = 'docker' as const;
  readonly id: string;
  readonly cluster: string;
  readonly freshnessBoundMs: number;
  private readonly api: DockerApi;
  private readonly watchOptions: DockerWatchOptions;
  private readonly ledger = new IdempotencyLedger();

  constructor(options: DockerBackendOptions) {
    this.id = options.id;
    this.cluster = options.cluster;
    this.freshnessBoundMs = options.freshnessBoundMs;
    this.api = options.api;
    this.watchOptions = { ...options.watch, api: options.api };
  }

  watch(signal: AbortSignal): AsyncIterable<BackendEvent> {
    return watchDocker(this.watchOptions, signal);
  }

  scale(service: Service, replicas: number, options: ActOptions): Promise<ActionReceipt> {
    if (!Number.isInteger(replicas) || replicas < 0) {
      return Promise.reject(opsError('INPUT_INVALID', `Cannot scale to ${replicas}: replicas must be a whole number ≥ 0.`, { hint: 'Give a count such as 3.' }));
    }
    return this.ledger.once(options, () => this.swarmOnly(service, 'scale').then(() => updateSwarmService(this.api, service, scaleEdit(replicas), options.signal)));
  }

  restart(service: Service, options: ActOptions): Promise<ActionReceipt> {
    return this.ledger.once(options, () => {
      const group = groupOfNativeId(service.nativeId);
      if (group.kind === 'swarm') return updateSwarmService(this.api, service, forceRestartEdit, options.signal);
      return actOnGroup(this.api, group, service.name, 'restart', options.signal);
    });
  }

  rollback(service: Service, options: ActOptions): Promise<ActionReceipt> {
    // After a canary, Swarm's PreviousSpec may be the canary itself; go back to the spec from before it.
    return this.ledger.once(options, () => this.swarmOnly(service, 'rollback').then(() => updateSwarmService(this.api, service, (swarm) => canaryRollbackEdit(swarm) ?? rollbackEdit(swarm), options.signal)));
  }

  resumeUpdate(service: Service, options: ActOptions): Promise<ActionReceipt> {
    return this.ledger.once(options, () => this.swarmOnly(service, 'update-resume').then(() => updateSwarmService(this.api, service, resumeEdit, options.signal)));
  }

  async currentSpec(service: Service, options: { signal?: AbortSignal } = {}): Promise<ServiceSpec> {
    await this.swarmOnly(service, 'upgrade');
    return swarmSpecOf((await this.api.inspectService(service.nativeId, options.signal)).Spec);
  }

  async planChange(service: Service, change: SpecChange, options: { strategy: ChangeStrategy; signal?: AbortSignal }): Promise<ChangeProposal> {
    await this.swarmOnly(service, 'upgrade');
    const swarm = await this.api.inspectService(service.nativeId, options.signal);
    return proposeSwarmChange(this.api, { service, swarm, change, strategy: options.strategy, backendId: this.id, ...(options.signal === undefined ? {} : { signal: options.signal }) });
  }

  applyChange(service: Service, change: SpecChange, options: ApplyChangeOptions): Promise<ActionReceipt> {
    return this.ledger.once(options, async () => {
      // Validate against the spec as it is now, then send exactly that version's edit.
      await this.planChange(service, change, options);
      const what = change.image === undefined ? 'the new configuration' : change.image;
      return updateSwarmService(this.api, service, (swarm) => ({ spec: changedSpec(swarm.Spec, change, options.strategy), message: `rolling update of ${service.name} to ${what} started (${options.strategy})` }), options.signal);
    });
  }

  continueChange(service: Service, options: ActOptions): Promise<ActionReceipt> {
    return this.ledger.once(options, () => this.swarmOnly(service, 'plan-continue').then(() => updateSwarmService(this.api, service, continueCanaryEdit, options.signal)));
  }

  stop(service: Service, options: ActOptions): Promise<ActionReceipt> {
    return this.containerVerb(service, 'stop', options);
  }

  start(service: Service, options: ActOptions): Promise<ActionReceipt> {
    return this.containerVerb(service, 'start', options);
  }

  killTask(task: Task, options: ActOptions): Promise<ActionReceipt> {
    return this.ledger.once(options, async () => {
      const serviceNativeId = task.service.startsWith(`${this.id}/`) ? task.service.slice(this.id.length + 1) : task.service;
      if (groupOfNativeId(serviceNativeId).kind !== 'swarm') return killContainer(this.api, task.nativeId, `container ${task.nativeId.slice(0, 12)}`, options.signal);
      const swarmTask = await this.api.inspectTask(task.nativeId, options.signal).catch((error: unknown) => {
        if ((error as { code?: string }).code === 'NOT_FOUND') {
          throw opsError('NOT_FOUND', `No Swarm task ${task.nativeId} on this Engine.`, { hint: 'It may already have been replaced; list the tasks again.', cause: error });
        }
        throw error;
      });
      const containerId = swarmTask.Status?.ContainerStatus?.ContainerID;
      if (containerId === undefined || containerId === '') {
        throw opsError('CONFLICT', `Swarm task ${swarmTask.Name ?? task.nativeId} has no container (state ${swarmTask.Status?.State ?? 'unknown'}).`, { hint: 'Only a task that has started can be killed.' });
      }
      const receipt = await killContainer(this.api, containerId, `task ${swarmTask.Name ?? task.nativeId} (container ${containerId.slice(0, 12)})`, options.signal);
      return { ...receipt, ref: task.nativeId };
    });
  }

  private containerVerb(service: Service, verb: GroupVerb, options: ActOptions): Promise<ActionReceipt> {
    return this.ledger.once(options, () => {
      const group = groupOfNativeId(service.nativeId);
      if (group.kind === 'swarm') {
        throw opsError('UNSUPPORTED', `Swarm service "${service.name}" cannot be ${verb === 'stop' ? 'stopped' : 'started'} directly.`, { hint: verb === 'stop' ? 'Scale it to 0 instead.' : 'Scale it up instead.' });
      }
      return actOnGroup(this.api, group as Exclude<GroupKey, { kind: 'swarm' }>, service.name, verb, options.signal);
    });
  }

  private async swarmOnly(service: Service, action: string): Promise<void> {
    if (groupOfNativeId(service.nativeId).kind !== 'swarm') {
      throw opsError('UNSUPPORTED', `"${service.name}" is a ${service.kind === 'compose-service' ? 'Compose service' : 'container'}; ${action} needs a Swarm service.`, {
        hint: 'Run it as a Swarm service (`docker service create` / `docker stack deploy`) to scale, roll back or resume updates.',
      });
    }
  }

}
