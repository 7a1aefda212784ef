/**
 * The lifecycle actions a backend may support. Kept as data so front ends can
 * offer exactly the actions a target supports and the command engine can check them.
 */

/** Every action kind a backend can carry out. */
export const ACTION_KINDS = [
  'scale',
  'restart',
  'rollback',
  'kill-task',
  'plan-pause',
  'plan-resume',
  'plan-restart-step',
  'plan-force-complete',
  'plan-continue',
  'pod-restart',
  'pod-replace',
  'update-resume',
  'stop',
  'start',
  'upgrade',
  'config-set',
] as const;

/** One lifecycle action kind. */
export type ActionKind = (typeof ACTION_KINDS)[number];
