/**
 * Maps action keys to the dialog that runs them: resolves the target from the
 * selection, checks only what the backend can do (capabilities, not policy),
 * and hands everything else to the ActionGateway or the AlertsSource.
 */
import type { ActionKind } from '../core/model/action.js';
import type { ClusterStateView } from '../core/state/cluster-state.js';
import type { DialogSpec } from './action-dialog.js';
import { parseDuration, formatAge } from './format.js';
import type { RowTarget } from './list-model.js';
import type { ActionGateway, AlertsSource, ProposedAction } from './ports.js';

/** Keys that start actions, and what they do. */
export const ACTION_KEYS: Record<string, ActionKind | 'ack' | 'silence'> = {
  s: 'scale',
  r: 'restart',
  b: 'rollback',
  u: 'rollback',
  x: 'kill-task',
  'C-k': 'kill-task',
  p: 'plan-pause',
  P: 'plan-resume',
  R: 'plan-restart-step',
  F: 'plan-force-complete',
  a: 'ack',
  S: 'silence',
};

/** Either a dialog to open or a message saying why not. */
export type ActionRequest = { spec: DialogSpec } | { message: string };

/** Where the key was pressed. */
export interface ActionContext {
  target: RowTarget | undefined;
  /** The service of the current detail view, if any. */
  contextServiceId: string | undefined;
  state: ClusterStateView;
  actions: ActionGateway | undefined;
  alerts: AlertsSource | undefined;
  readOnly: boolean;
}

/** Builds the request for an action key, or undefined when the key is not an action key. */
export function actionForKey(key: string, ctx: ActionContext): ActionRequest | undefined {
  const kind = ACTION_KEYS[key];
  if (kind === undefined) return undefined;
  if (ctx.readOnly) return { message: 'Read-only mode: actions are disabled.' };
  if (kind === 'ack' || kind === 'silence') return alertAction(kind, ctx);
  if (ctx.actions === undefined) return { message: 'Actions are not configured for this dashboard.' };
  const proposed = propose(kind, ctx);
  if ('message' in proposed) return proposed;
  const service = ctx.state.service(proposed.serviceId);
  if (service === undefined) return { message: `${proposed.serviceId} no longer exists.` };
  if (!service.actions.includes(kind)) return { message: `${service.name} does not support ${kind} on backend ${service.backend}.` };
  const gateway = ctx.actions;
  const title = describe(proposed, service.name);
  const build = (input: string): ProposedAction => (kind === 'scale' ? { ...proposed, replicas: Number(input) } : proposed);
  return {
    spec: {
      title,
      ...(kind === 'scale'
        ? { input: { label: `Scale ${service.name} (now ${service.desired}) to how many instances?`, initial: String(service.desired), validate: validateReplicas } }
        : {}),
      defaultExpectedName: kind === 'kill-task' && proposed.taskId !== undefined ? (ctx.state.task(proposed.taskId)?.nativeId ?? service.name) : service.name,
      preview: (input, signal) => gateway.preview(build(input), { signal }),
      execute: (input, confirmation, signal) => gateway.execute(build(input), { confirmation, signal }),
    },
  };
}

function validateReplicas(text: string): string | undefined {
  return /^\d+$/.test(text.trim()) && Number(text) <= 10_000 ? undefined : 'Enter a whole number of instances (0–10000).';
}

function propose(kind: ActionKind, ctx: ActionContext): ProposedAction | { message: string } {
  const t = ctx.target;
  if (kind === 'kill-task') {
    if (t?.type !== 'task') return { message: 'Select a task first (Enter a service to see its tasks).' };
    return { kind, serviceId: t.serviceId, taskId: t.taskId };
  }
  if (kind.startsWith('plan-')) {
    if (t?.type !== 'plan') return { message: 'Select a plan, phase or step first (see :plans or a service).' };
    const base = { kind, serviceId: t.serviceId, plan: t.planName };
    if (kind === 'plan-pause' || kind === 'plan-resume') return t.phase === undefined ? base : { ...base, phase: t.phase };
    if (t.phase === undefined) return base;
    return t.step === undefined ? { ...base, phase: t.phase } : { ...base, phase: t.phase, step: t.step };
  }
  const serviceId = t?.type === 'service' || t?.type === 'task' || t?.type === 'plan' ? t.serviceId : ctx.contextServiceId;
  if (serviceId === undefined) return { message: 'Select a service first.' };
  return { kind, serviceId };
}

/** One-line description of a proposed action, used as the dialog title. */
export function describe(action: ProposedAction, serviceName: string): string {
  const where = [action.plan, action.phase, action.step].filter((v) => v !== undefined).join(' / ');
  switch (action.kind) {
    case 'kill-task':
      return `kill task ${action.taskId ?? ''} of ${serviceName}`;
    case 'plan-pause':
    case 'plan-resume':
    case 'plan-restart-step':
    case 'plan-force-complete':
      return `${action.kind.replace('plan-', '').replace('-step', '')} ${serviceName} plan ${where}`;
    default:
      return `${action.kind} ${serviceName}`;
  }
}

function alertAction(kind: 'ack' | 'silence', ctx: ActionContext): ActionRequest {
  const t = ctx.target;
  if (ctx.alerts === undefined) return { message: 'Alerts are not configured for this dashboard.' };
  if (t?.type !== 'alert') return { message: 'Select an alert first (:alerts).' };
  const alerts = ctx.alerts;
  if (kind === 'ack') {
    const ack = alerts.acknowledge;
    if (ack === undefined) return { message: 'This alert source does not support acknowledging.' };
    return {
      spec: {
        title: `acknowledge alert ${t.alertId}`,
        defaultExpectedName: t.alertId,
        preview: async () => ({ summary: [`Acknowledge alert ${t.alertId}: stops its escalation.`], confirmation: 'none' }),
        execute: async (_input, _c, signal) => ({ status: 'succeeded', message: (await ack.call(alerts, t.alertId, { signal })).message }),
      },
    };
  }
  const silence = alerts.silence;
  if (silence === undefined) return { message: 'This alert source does not support silences.' };
  return {
    spec: {
      title: `silence alert ${t.alertId}`,
      input: { label: 'Silence for how long? (e.g. 30m, 2h, 1d)', initial: '1h', validate: (text) => (parseDuration(text) === undefined ? 'Use a duration like 30m, 2h or 1d.' : undefined) },
      defaultExpectedName: t.alertId,
      preview: async (input) => ({ summary: [`Silence alert ${t.alertId} for ${formatAge(parseDuration(input) ?? 0)}.`], confirmation: 'none' }),
      execute: async (input, _c, signal) => ({
        status: 'succeeded',
        message: (await silence.call(alerts, t.alertId, { durationMs: parseDuration(input) ?? 3_600_000, signal })).message,
      }),
    },
  };
}
