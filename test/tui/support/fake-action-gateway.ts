/**
 * A test double of the ActionGateway port (a port the lead wires to the real
 * command engine): records what was previewed and executed, answers with the
 * confirmation and outcome a test chooses, and can hold an answer until released.
 */
import type { ActionGateway, ActionOutcome, ActionPreview, GivenConfirmation, PendingApproval, ProposedAction } from '../../../src/tui/ports.js';

/** Scriptable gateway for screen tests. */
export class FakeActionGateway implements ActionGateway {
  previews: ProposedAction[] = [];
  executions: { action: ProposedAction; confirmation: GivenConfirmation }[] = [];
  protectedIds = new Set<string>();
  approvals: PendingApproval[] = [];
  /** Decides the preview per action. */
  previewFor: (action: ProposedAction) => ActionPreview = (action) => ({ summary: [`${action.kind} ${action.serviceId}`], confirmation: 'confirm' });
  /** Decides the outcome per action; may run a side effect (e.g. on a MemoryBackend). */
  outcomeFor: (action: ProposedAction) => Promise<ActionOutcome> | ActionOutcome = () => ({ status: 'succeeded', message: 'done' });

  async preview(action: ProposedAction, _options: { signal: AbortSignal }): Promise<ActionPreview> {
    this.previews.push(action);
    return this.previewFor(action);
  }

  async execute(action: ProposedAction, options: { confirmation: GivenConfirmation }): Promise<ActionOutcome> {
    this.executions.push({ action, confirmation: options.confirmation });
    return this.outcomeFor(action);
  }

  async pendingApprovals(): Promise<PendingApproval[]> {
    return this.approvals;
  }

  isProtected(serviceId: string): boolean {
    return this.protectedIds.has(serviceId);
  }
}
