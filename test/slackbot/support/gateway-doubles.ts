/**
 * Test doubles for the bot's ports, behaving like the real engine would at the
 * boundary: roles decide who may act, guarded kinds ask for confirmation,
 * some need a second person, idempotency keys are honoured, and every call is recorded.
 */
import type { Actor } from '../../../src/core/model/actor.js';
import type {
  ActorDirectory,
  AlertGateway,
  AlertOpResult,
  AlertSummary,
  CommandGateway,
  CommandRequest,
  CommandResult,
  DeniedAttempt,
  OnCallEntry,
  OnCallGateway,
} from '../../../src/slackbot/ports.js';

/** Slack users the tests use. */
export const USERS = {
  alice: { slack: 'UALICE', actor: { id: 'alice', name: 'Alice', source: 'slack' } as Actor },
  bob: { slack: 'UBOB', actor: { id: 'bob', name: 'Bob', source: 'slack' } as Actor },
  viewer: { slack: 'UVIEWER', actor: { id: 'vera', name: 'Vera', source: 'slack' } as Actor },
  stranger: { slack: 'USTRANGER' },
} as const;

/** Maps the known test users; anyone else is undefined. */
export const directory: ActorDirectory = {
  async resolve(slackUserId) {
    const found = Object.values(USERS).find((u) => u.slack === slackUserId);
    return found !== undefined && 'actor' in found ? found.actor : undefined;
  },
};

/** A command engine double: operators act, viewers are denied, kill needs the typed name, rollback needs approval. */
export class EngineDouble implements CommandGateway {
  readonly submissions: CommandRequest[] = [];
  readonly executed: CommandRequest[] = [];
  readonly denials: DeniedAttempt[] = [];
  readonly audit: string[] = [];
  readonly operators = new Set(['alice', 'bob']);
  /** While set, submissions wait for it (the backend is slow); see hold(). */
  private gate: Promise<void> | undefined;
  private readonly byKey = new Map<string, Promise<CommandResult>>();
  private readonly pending = new Map<string, CommandRequest>();
  private nextRequest = 1;

  submit(request: CommandRequest): Promise<CommandResult> {
    this.submissions.push(request);
    const existing = this.byKey.get(request.idempotencyKey);
    if (existing !== undefined) return existing;
    const result = this.decide(request);
    this.byKey.set(request.idempotencyKey, result);
    return result;
  }

  private async decide(request: CommandRequest): Promise<CommandResult> {
    if (this.gate !== undefined) await this.gate;
    if (!this.operators.has(request.actor.id)) {
      this.audit.push(`denied ${request.actor.id} ${request.kind}`);
      return { status: 'denied', message: `${request.actor.name} has no operator role for ${request.target.service ?? request.target.task}.` };
    }
    if (request.kind === 'kill-task' && request.confirmation?.level !== 'typed-name') {
      return { status: 'needs-confirmation', level: 'typed-name', preview: [`kill ${request.target.task}`], expectedName: request.target.task ?? '' };
    }
    if (request.kind === 'kill-task' && request.confirmation?.level === 'typed-name' && request.confirmation.typed !== request.target.task) {
      return { status: 'denied', message: 'typed name does not match' };
    }
    if (request.kind === 'upgrade' || request.kind === 'config-set') return this.specChange(request);
    if (request.confirmation === undefined) {
      return { status: 'needs-confirmation', level: 'confirm', preview: [`${request.kind} ${request.target.service}: 3 tasks will be replaced one by one`] };
    }
    if (request.kind === 'rollback') {
      const requestId = `req-${this.nextRequest++}`;
      this.pending.set(requestId, request);
      return { status: 'pending-approval', requestId, approvers: ['bob', 'alice'], preview: ['roll back to v41'] };
    }
    this.executed.push(request);
    this.audit.push(`executed ${request.actor.id} ${request.kind}`);
    return { status: 'executed', outcome: 'succeeded', message: `${request.target.service ?? request.target.task} is 3/3 healthy` };
  }

  /**
   * Spec changes like the engine: the typed name is always required and the
   * prompt shows the diff; a version containing "bad" fails its health check
   * (rollback offered), a canary stops after its first step (continue offered).
   */
  private specChange(request: CommandRequest): CommandResult {
    const service = request.target.service ?? '';
    if (request.confirmation?.level !== 'typed-name') {
      const to = request.args['image'] ?? request.args['version'] ?? Object.entries(request.args).filter(([k]) => k.startsWith('set.')).map(([k, v]) => `${k.slice(4)}=${v}`).join(' ');
      const preview = [`upgrade ${service}`, `  diff:    ~ image: payments:1.7 → ${String(to)}`, `  plan: ${String(request.args['strategy'] ?? 'serial')}, 3 steps (payments-0, payments-1, payments-2)`];
      return { status: 'needs-confirmation', level: 'typed-name', preview, expectedName: service };
    }
    if (request.confirmation.typed !== service) return { status: 'denied', message: 'typed name does not match' };
    this.executed.push(request);
    this.audit.push(`executed ${request.actor.id} ${request.kind}`);
    if (String(request.args['image'] ?? request.args['version'] ?? '').includes('bad')) {
      return { status: 'executed', outcome: 'failed', message: `the update plan of ${service} stopped (ERROR, paused): health check failed`, followUp: 'rollback' };
    }
    if (request.args['strategy'] === 'canary') {
      return { status: 'executed', outcome: 'succeeded', message: `canary of ${service}: the first step is done; the update plan waits for continue`, followUp: 'plan-continue' };
    }
    return { status: 'executed', outcome: 'succeeded', message: `${service} runs the new spec and is healthy` };
  }

  /** Makes every submission wait until the returned function is called. */
  hold(): () => void {
    let release: () => void = () => undefined;
    this.gate = new Promise<void>((resolve) => {
      release = () => {
        this.gate = undefined;
        resolve();
      };
    });
    return release;
  }

  async approve(requestId: string, actor: Actor): Promise<CommandResult> {
    const request = this.pending.get(requestId);
    if (request === undefined) return { status: 'denied', message: `No pending request ${requestId}.` };
    if (request.actor.id === actor.id) {
      this.audit.push(`denied self-approval ${actor.id}`);
      return { status: 'denied', message: 'You cannot approve your own request.' };
    }
    if (!this.operators.has(actor.id)) return { status: 'denied', message: `${actor.name} may not approve.` };
    this.pending.delete(requestId);
    this.executed.push(request);
    return { status: 'executed', outcome: 'succeeded', message: `${request.target.service} rolled back to v41` };
  }

  async deny(requestId: string, actor: Actor): Promise<{ ok: boolean; message: string }> {
    if (!this.pending.has(requestId)) return { ok: false, message: 'not pending' };
    if (!this.operators.has(actor.id)) return { ok: false, message: 'not an approver' };
    this.pending.delete(requestId);
    return { ok: true, message: 'denied' };
  }

  async reportDenied(attempt: DeniedAttempt): Promise<void> {
    this.denials.push(attempt);
    this.audit.push(`denied unknown ${attempt.slackUserId}`);
  }
}

/** An alert pipeline double. */
export class AlertsDouble implements AlertGateway {
  readonly calls: string[] = [];
  readonly alerts: AlertSummary[] = [
    { id: 'a-1', title: 'payments tasks failing', severity: 'critical', state: 'firing', service: 'payments', since: Date.UTC(2026, 0, 1, 3), assignees: ['alice'] },
  ];

  async list(filter?: { openOnly?: boolean; assignee?: string }): Promise<AlertSummary[]> {
    return this.alerts.filter((a) => (filter?.assignee === undefined || a.assignees?.includes(filter.assignee)) && (!filter?.openOnly || a.state !== 'resolved'));
  }

  async ack(alertId: string, actor: Actor): Promise<AlertOpResult> {
    this.calls.push(`ack ${alertId} ${actor.id}`);
    return { ok: true, message: `${alertId} acknowledged` };
  }

  async resolve(alertId: string, actor: Actor): Promise<AlertOpResult> {
    this.calls.push(`resolve ${alertId} ${actor.id}`);
    return { ok: true, message: `${alertId} resolved` };
  }

  async silence(alertId: string, options: { actor: Actor; durationMs: number; reason?: string }): Promise<AlertOpResult> {
    this.calls.push(`silence ${alertId} ${options.actor.id} ${options.durationMs} ${options.reason ?? ''}`);
    return { ok: true, message: `${alertId} silenced` };
  }
}

/** On call: Alice on the primary schedule. */
export const onCall: OnCallGateway = {
  async current(): Promise<OnCallEntry[]> {
    return [{ schedule: 'primary', actor: USERS.alice.actor, slackUserId: USERS.alice.slack }];
  },
};
