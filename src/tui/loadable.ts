/**
 * Data fetched from an optional port, as the views see it: not configured,
 * loading, ready, or failed (keeping the last value, so a blip does not blank a view).
 */

/** The state of one background-fetched value. */
export type Loadable<T> =
  | { state: 'unconfigured' }
  | { state: 'loading' }
  | { state: 'ready'; value: T; at: number }
  | { state: 'error'; message: string; value?: T };

/** The value if there is one (ready, or kept through an error). */
export function loadedValue<T>(l: Loadable<T>): T | undefined {
  return l.state === 'ready' ? l.value : l.state === 'error' ? l.value : undefined;
}

/** Why a view has no rows to show yet, or undefined when it has data. */
export function loadableNotice(l: Loadable<unknown>, what: string): string | undefined {
  switch (l.state) {
    case 'unconfigured':
      return `${what}: not configured.`;
    case 'loading':
      return `Loading ${what}…`;
    case 'error':
      return l.value === undefined ? `Could not load ${what}: ${l.message}` : undefined;
    case 'ready':
      return undefined;
  }
}
