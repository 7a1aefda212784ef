/**
 * Acts on one client's validated messages as its principal: commands go
 * through the CommandService with their target pinned inside the tenant
 * scope and their updates streamed back by request id; approvals, alert
 * acks and silences go through their ports with the same scope.
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../../core/clock.js';
import { opsError, toOpsdeckError, type OpsdeckError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import type { ClusterStateView } from '../../core/state/cluster-state.js';
import type { DaemonLimits } from '../daemon-config.js';
import type { DaemonMetrics } from '../metrics/daemon-metrics.js';
import { FINAL_COMMAND_STATUSES, type AlertService, type AlertView, type CommandService, type CommandUpdate, type Principal } from '../ports.js';
import type { InflightRegistry } from '../shutdown.js';
import type { ClientChannel } from './client-channel.js';
import type { ClientMessage } from './protocol.js';
import { pinTarget } from './scoped-target.js';

/** Everything a session needs from the server. */
export interface ClientSessionDeps {
  state: ClusterStateView;
  principal: Principal;
  channel: ClientChannel;
  commands?: CommandService;
  alerts?: AlertService;
  inflight: InflightRegistry;
  /** False once shutdown has stopped intake. */
  intakeOpen: () => boolean;
  metrics: DaemonMetrics;
  logger: Logger;
  clock: Clock;
  limits: DaemonLimits;
  /** Aborts when the daemon gives up on in-flight work. */
  signal: AbortSignal;
}

type Stream = (signal: AbortSignal) => AsyncIterable<CommandUpdate>;

/** Handles the messages of one connected client. */
export class ClientSession {
  private running = 0;

  constructor(private readonly deps: ClientSessionDeps) {}

  /** Dispatches one validated message; never throws (failures become error replies). */
  handle(message: ClientMessage): void {
    const { channel, clock } = this.deps;
    switch (message.type) {
      case 'ping':
        channel.send({ v: 1, type: 'pong', ...(message.id === undefined ? {} : { id: message.id }), at: clock.now() });
        return;
      case 'resync':
        channel.resync('requested');
        return;
      case 'command':
        this.command(message);
        return;
      case 'approve':
        this.stream(message.id, 'approve', message.requestId, undefined, (signal) => this.commands().approve(message.requestId, this.context(signal)));
        return;
      case 'deny':
        this.stream(message.id, 'deny', message.requestId, undefined, (signal) =>
          this.commands().deny(message.requestId, { ...this.context(signal), ...(message.reason === undefined ? {} : { reason: message.reason }) }),
        );
        return;
      case 'alerts-list':
        this.call(message.id, { mutating: false }, async () => ({ kind: 'alerts' as const, alerts: await this.alerts().list(this.deps.principal.scope) }));
        return;
      case 'alert-ack':
        this.call(message.id, { mutating: true }, async () => ({ kind: 'result' as const, result: await this.alerts().ack(message.alertId, this.who()) }));
        return;
      case 'alert-silence':
        this.call(message.id, { mutating: true }, async () => {
          const { alertId, matchers, durationMs, comment } = message;
          const request = { durationMs, ...(alertId === undefined ? {} : { alertId }), ...(matchers === undefined ? {} : { matchers }), ...(comment === undefined ? {} : { comment }) };
          return { kind: 'result' as const, result: await this.alerts().silence(request, this.who()) };
        });
        return;
    }
  }

  private command(message: Extract<ClientMessage, { type: 'command' }>): void {
    const { command } = message;
    const idempotencyKey = command.idempotencyKey ?? `api-${randomUUID()}`;
    let target: string;
    try {
      this.admit({ mutating: true });
      this.commands();
      target = pinTarget(this.deps.state, this.deps.principal.scope, command.kind, command.target);
    } catch (error) {
      const data = this.present(error);
      this.deps.metrics.commandOutcome({ source: 'api', outcome: 'denied' });
      this.deps.channel.send({ v: 1, type: 'command-update', id: message.id, idempotencyKey, update: { status: 'denied', stage: 'resolve', error: data } });
      return;
    }
    const request = {
      kind: command.kind,
      target,
      idempotencyKey,
      ...(command.args === undefined ? {} : { args: command.args }),
      ...(command.reason === undefined ? {} : { reason: command.reason }),
      ...(command.force === undefined ? {} : { force: command.force }),
      ...(command.confirmation === undefined ? {} : { confirmation: command.confirmation }),
    };
    this.stream(message.id, command.kind, target, idempotencyKey, (signal) => this.commands().submit(request, this.context(signal)));
  }

  private stream(id: string, what: string, target: string, idempotencyKey: string | undefined, open: Stream): void {
    const { channel, metrics, principal } = this.deps;
    const send = (update: CommandUpdate): void =>
      channel.send({ v: 1, type: 'command-update', id, ...(idempotencyKey === undefined ? {} : { idempotencyKey }), update });
    try {
      this.admit({ mutating: true });
      this.commands();
      if (this.running >= this.deps.limits.commandsPerClient) throw this.tooMany();
    } catch (error) {
      metrics.commandOutcome({ source: 'api', outcome: 'denied' });
      send({ status: 'denied', error: this.present(error) });
      return;
    }
    this.running++;
    const work = (async () => {
      let final = false;
      try {
        for await (const update of open(this.deps.signal)) {
          send(update);
          if (FINAL_COMMAND_STATUSES.has(update.status)) {
            final = true;
            metrics.commandOutcome({ source: 'api', outcome: update.status });
          }
        }
        if (!final) throw opsError('INTERNAL', 'The command engine ended without a final outcome.');
      } catch (error) {
        metrics.commandOutcome({ source: 'api', outcome: 'error' });
        send({ status: 'failed', error: this.present(error) });
      } finally {
        this.running--;
      }
    })();
    void this.deps.inflight.track(`ws ${what} ${target} by ${principal.actor.id}`, work);
  }

  private call(id: string, options: { mutating: boolean }, run: () => Promise<{ kind: 'alerts'; alerts: AlertView[] } | { kind: 'result'; result: unknown }>): void {
    const { channel } = this.deps;
    if (options.mutating && this.running >= this.deps.limits.commandsPerClient) {
      channel.send({ v: 1, type: 'error', id, error: this.present(this.tooMany()) });
      return;
    }
    if (options.mutating) this.running++;
    const work = (async () => {
      try {
        this.admit(options);
        const out = await run();
        if (out.kind === 'alerts') channel.send({ v: 1, type: 'alerts', id, alerts: out.alerts });
        else channel.send({ v: 1, type: 'result', id, result: out.result });
      } catch (error) {
        channel.send({ v: 1, type: 'error', id, error: this.present(error) });
      } finally {
        if (options.mutating) this.running--;
      }
    })();
    if (options.mutating) void this.deps.inflight.track(`ws alert action by ${this.deps.principal.actor.id}`, work);
  }

  private admit(options: { mutating: boolean }): void {
    if (options.mutating && !this.deps.intakeOpen()) {
      this.deps.metrics.wsMessageRejected('shutting-down');
      throw opsError('UNAVAILABLE', 'The daemon is shutting down and accepts no new actions.', {
        retryable: true,
        hint: 'Reconnect once it is back and send the request again.',
      });
    }
  }

  private tooMany(): Error {
    return opsError('RATE_LIMITED', `At most ${this.deps.limits.commandsPerClient} actions may run at once per connection.`, {
      retryable: true,
      hint: 'Wait for a running command to finish.',
    });
  }

  private commands(): CommandService {
    if (this.deps.commands === undefined) throw opsError('UNSUPPORTED', 'This daemon runs no command engine.', { hint: 'Enable commands in the daemon config.' });
    return this.deps.commands;
  }

  private alerts(): AlertService {
    if (this.deps.alerts === undefined) throw opsError('UNSUPPORTED', 'This daemon runs no alerting.', { hint: 'Configure the alerts section.' });
    return this.deps.alerts;
  }

  private who(): { actor: Principal['actor']; scope: Principal['scope'] } {
    return { actor: this.deps.principal.actor, scope: this.deps.principal.scope };
  }

  private context(signal: AbortSignal): { actor: Principal['actor']; scope: Principal['scope']; signal: AbortSignal } {
    return { ...this.who(), signal };
  }

  /** Our errors go out as they are; anything else is logged in full and shown generically with a correlation id. */
  private present(error: unknown): ReturnType<OpsdeckError['toJSON']> {
    const ours = toOpsdeckError(error);
    if (ours.code !== 'INTERNAL') return ours.toJSON();
    const correlationId = randomUUID();
    this.deps.logger.log('error', 'ws request failed', { correlationId, error });
    return { ...ours.toJSON(), details: { correlationId } };
  }
}
