/**
 * Which alert state changes the Slack bot reflects on its page copies itself
 * (a click in Slack) and which come from elsewhere (CLI, TUI, the pager), so
 * every change reaches every copy exactly once.
 */

/** The alert states a page copy shows. */
export type ReflectedState = 'firing' | 'acknowledged' | 'resolved';

/** Bookkeeping shared by the Slack alert gateway (marks its own changes) and the alert reflector. */
export class AlertReflections {
  private readonly shown = new Map<string, ReflectedState>();
  private readonly expected = new Map<string, ReflectedState>();

  /** The bot is about to change this alert itself and will update its copies; the reflector must skip it. */
  expect(alertId: string, state: ReflectedState): () => void {
    this.expected.set(alertId, state);
    return () => {
      if (this.expected.get(alertId) === state) this.expected.delete(alertId);
    };
  }

  /**
   * Records that an alert is now in `state`; true when the copies still need
   * updating by the caller (a new state the bot did not cause itself).
   */
  transition(alertId: string, state: ReflectedState): boolean {
    const previous = this.shown.get(alertId);
    this.shown.set(alertId, state);
    if (state === 'resolved') this.expected.delete(alertId);
    if (previous === state) return false;
    if (this.expected.get(alertId) === state) {
      this.expected.delete(alertId);
      return false;
    }
    return state !== 'firing';
  }
}
