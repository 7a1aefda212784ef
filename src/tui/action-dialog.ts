/**
 * The guarded-action dialog as a state machine: optional input (replicas,
 * silence duration) → preview from the engine → the confirmation the engine
 * requires (y, typed name, or approval request) → execute → verified outcome.
 * All waiting is asynchronous: keys keep working while the engine answers.
 */
import { isOpsdeckError } from '../core/errors.js';
import type { ActionOutcome, ActionPreview, GivenConfirmation } from './ports.js';

/** What the dialog runs; the controller builds it from a port (gateway or alerts). */
export interface DialogSpec {
  title: string;
  /** Asks for a value first (replicas, duration); `validate` returns an error text or undefined. */
  input?: { label: string; initial: string; validate(text: string): string | undefined };
  preview(input: string, signal: AbortSignal): Promise<ActionPreview>;
  execute(input: string, confirmation: GivenConfirmation, signal: AbortSignal): Promise<ActionOutcome>;
  /** Text expected for typed-name confirmation when the preview names none. */
  defaultExpectedName: string;
  /** What an outcome offers next on a key (rollback after a failed change, continue after a canary). */
  followUp?(outcome: ActionOutcome): FollowUpOffer | undefined;
}

/** A next action the outcome step offers: press `key` to open `spec` as a new dialog. */
export interface FollowUpOffer {
  key: string;
  /** Shown under the outcome, e.g. "b: roll web back to the previous spec". */
  label: string;
  spec: DialogSpec;
}

/** Where the dialog is. */
export type DialogStep =
  | { step: 'input'; text: string; error?: string }
  | { step: 'previewing' }
  | { step: 'confirm'; preview: ActionPreview; typed: string; mismatch?: boolean }
  | { step: 'executing'; preview: ActionPreview }
  | { step: 'outcome'; preview?: ActionPreview; outcome: ActionOutcome }
  | { step: 'error'; message: string; hint?: string };

/** Result of a key given to the dialog: still open, closed, or replaced by a follow-up dialog. */
export type DialogKeyResult = 'handled' | 'closed' | { followUp: DialogSpec };

/** One running dialog. */
export class ActionDialog {
  current: DialogStep;
  private inputText = '';
  private readonly abort = new AbortController();
  private closed = false;

  constructor(
    readonly spec: DialogSpec,
    private readonly hooks: { changed: () => void; finishedInBackground: (text: string) => void },
  ) {
    if (spec.input !== undefined) this.current = { step: 'input', text: spec.input.initial };
    else {
      this.current = { step: 'previewing' };
      this.startPreview();
    }
  }

  /** The text the person must type for a typed-name confirmation. */
  expectedName(preview: ActionPreview): string {
    return preview.expectedName ?? this.spec.defaultExpectedName;
  }

  /** The follow-up the current outcome offers, if any. */
  followUp(): FollowUpOffer | undefined {
    return this.current.step === 'outcome' ? this.spec.followUp?.(this.current.outcome) : undefined;
  }

  /** Feeds one normalised key (see key-names.ts). */
  onKey(key: string): DialogKeyResult {
    const s = this.current;
    if (key === 'escape' || key === 'C-c') return this.cancel();
    switch (s.step) {
      case 'input':
        if (key === 'enter') {
          const error = this.spec.input?.validate(s.text);
          if (error !== undefined) this.current = { step: 'input', text: s.text, error };
          else {
            this.inputText = s.text;
            this.current = { step: 'previewing' };
            this.startPreview();
          }
        } else this.current = { step: 'input', text: edit(s.text, key) };
        return 'handled';
      case 'confirm':
        return this.onConfirmKey(s, key);
      case 'outcome': {
        const offer = this.followUp();
        if (offer !== undefined && key === offer.key) {
          this.closed = true;
          return { followUp: offer.spec };
        }
        if (key === 'enter' || key === 'q' || key === 'space') return this.cancel();
        return 'handled';
      }
      case 'error':
        if (key === 'enter' || key === 'q' || key === 'space') return this.cancel();
        return 'handled';
      case 'previewing':
      case 'executing':
        return 'handled';
    }
  }

  private onConfirmKey(s: Extract<DialogStep, { step: 'confirm' }>, key: string): DialogKeyResult {
    const kind = s.preview.confirmation;
    if (kind === 'typed-name') {
      if (key === 'enter') {
        if (s.typed === this.expectedName(s.preview)) this.startExecute(s.preview, { kind: 'typed-name', typed: s.typed });
        else this.current = { ...s, mismatch: true };
      } else this.current = { step: 'confirm', preview: s.preview, typed: edit(s.typed, key) };
      return 'handled';
    }
    if (key === 'n') return this.cancel();
    if (key === 'y' || (kind === 'none' && key === 'enter')) {
      this.startExecute(s.preview, kind === 'approval' ? { kind: 'approval' } : kind === 'none' ? { kind: 'none' } : { kind: 'confirm' });
    }
    return 'handled';
  }

  /** Closes the dialog; a preview in flight is cancelled, an execution in flight continues and reports later. */
  cancel(): DialogKeyResult {
    this.closed = true;
    if (this.current.step !== 'executing') this.abort.abort();
    return 'closed';
  }

  private startPreview(): void {
    this.spec.preview(this.inputText, this.abort.signal).then(
      (preview) => {
        if (this.closed) return;
        if (preview.confirmation === 'none') this.startExecute(preview, { kind: 'none' });
        else this.current = { step: 'confirm', preview, typed: '' };
        this.hooks.changed();
      },
      (error: unknown) => this.fail(error),
    );
  }

  private startExecute(preview: ActionPreview, confirmation: GivenConfirmation): void {
    this.current = { step: 'executing', preview };
    this.spec.execute(this.inputText, confirmation, this.abort.signal).then(
      (outcome) => {
        if (this.closed) this.hooks.finishedInBackground(`${this.spec.title}: ${outcome.status} — ${outcome.message}`);
        else {
          this.current = { step: 'outcome', preview, outcome };
          this.hooks.changed();
        }
      },
      (error: unknown) => this.fail(error),
    );
  }

  private fail(error: unknown): void {
    const message = isOpsdeckError(error) ? error.message : 'Something went wrong inside opsdeck.';
    const hint = isOpsdeckError(error) ? error.hint : undefined;
    if (this.closed) {
      if (!this.abort.signal.aborted) this.hooks.finishedInBackground(`${this.spec.title}: ${message}`);
      return;
    }
    this.current = hint === undefined ? { step: 'error', message } : { step: 'error', message, hint };
    this.hooks.changed();
  }
}

/** Applies a key to a one-line text input. */
export function edit(text: string, key: string): string {
  if (key === 'backspace') return text.slice(0, -1);
  if (key === 'C-u') return '';
  if (key === 'space') return `${text} `;
  if ([...key].length === 1) return text + key;
  return text;
}
