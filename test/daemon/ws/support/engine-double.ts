/**
 * A CommandService double that behaves like the guarded engine on the
 * in-memory backend: preview, confirmation for restarts, approval for
 * rollbacks, then execution through the backend and verification against
 * the store. It checks nothing about tenants on purpose: isolation must
 * hold in the daemon even with a careless engine.
 */
import { opsError } from '../../../../src/core/errors.js';
import { systemClock } from '../../../../src/core/clock.js';
import type { MemoryBackend } from '../../../../src/backends/memory/memory-backend.js';
import { waitForState, type StateStore } from '../../../../src/core/state/index.js';
import type { CommandCallContext, CommandRequest, CommandService, CommandUpdate } from '../../../../src/daemon/ports.js';

/** One recorded call. */
export interface EngineCall {
  method: 'submit' | 'approve' | 'deny';
  request?: CommandRequest;
  requestId?: string;
  actorId: string;
}

/** The engine double. */
export class EngineDouble implements CommandService {
  readonly calls: EngineCall[] = [];
  private readonly pending = new Map<string, CommandRequest>();
  private nextId = 1;
  /** When set, execution waits for this promise (to hold a command in flight). */
  hold: Promise<void> | undefined;

  constructor(
    private readonly store: StateStore,
    private readonly backends: ReadonlyMap<string, MemoryBackend>,
  ) {}

  async *submit(request: CommandRequest, context: CommandCallContext): AsyncIterable<CommandUpdate> {
    this.calls.push({ method: 'submit', request, actorId: context.actor.id });
    const service = this.store.service(request.target);
    if (service === undefined) {
      yield { status: 'denied', stage: 'resolve', error: opsError('NOT_FOUND', `Service "${request.target}" was not found.`).toJSON() };
      return;
    }
    yield { status: 'preview', preview: { summary: `${request.kind} ${service.name}`, desired: service.desired } };
    if (request.kind === 'restart' && request.confirmation?.typed !== service.name) {
      yield { status: 'needs-confirmation', level: 'type-name', message: `Type ${service.name} to restart it.` };
      return;
    }
    if (request.kind === 'rollback') {
      const requestId = `R${this.nextId++}`;
      this.pending.set(requestId, request);
      yield { status: 'pending-approval', requestId, required: 1 };
      return;
    }
    yield* this.execute(request, context);
  }

  async *approve(requestId: string, context: CommandCallContext): AsyncIterable<CommandUpdate> {
    this.calls.push({ method: 'approve', requestId, actorId: context.actor.id });
    const request = this.pending.get(requestId);
    if (request === undefined) {
      yield { status: 'denied', stage: 'approval', error: opsError('NOT_FOUND', `Approval request "${requestId}" was not found.`).toJSON() };
      return;
    }
    this.pending.delete(requestId);
    yield* this.execute(request, context);
  }

  async *deny(requestId: string, context: CommandCallContext & { reason?: string }): AsyncIterable<CommandUpdate> {
    this.calls.push({ method: 'deny', requestId, actorId: context.actor.id });
    this.pending.delete(requestId);
    yield { status: 'denied', stage: 'approval', error: opsError('FORBIDDEN', `Denied by ${context.actor.id}: ${context.reason ?? 'no reason'}.`).toJSON() };
  }

  private async *execute(request: CommandRequest, context: CommandCallContext): AsyncIterable<CommandUpdate> {
    const service = this.store.service(request.target);
    const backend = service === undefined ? undefined : this.backends.get(service.backend);
    if (service === undefined || backend === undefined) throw opsError('NOT_FOUND', 'gone');
    const commandId = `C${this.nextId++}`;
    yield { status: 'executing', commandId };
    if (this.hold !== undefined) await this.hold;
    const options = { idempotencyKey: request.idempotencyKey, signal: context.signal };
    try {
      if (request.kind === 'scale') {
        const replicas = Number(request.args?.replicas);
        const receipt = await backend.scale(service, replicas, options);
        await waitForState(this.store, (s) => s.service(service.id)?.running === replicas, { clock: systemClock, timeoutMs: 5000 });
        yield { status: 'executed', commandId, outcome: { converged: true, message: receipt.message } };
      } else {
        const receipt = request.kind === 'rollback' ? await backend.rollback(service, options) : await backend.restart(service, options);
        yield { status: 'executed', commandId, outcome: { converged: true, message: receipt.message } };
      }
    } catch (error) {
      yield { status: 'failed', commandId, error: opsError('BACKEND_ERROR', error instanceof Error ? error.message : String(error)).toJSON() };
    }
  }
}
