/**
 * Maps action keys to the dialog that runs them: resolves the target from the
 * selection, checks only what the backend can do (capabilities, not policy),
 * and hands everything else to the ActionGateway or the AlertsSource.
 */
import type { Service } from '../core/model/service.js';
import type { ClusterStateView } from '../core/state/cluster-state.js';
import type { DialogSpec } from './action-dialog.js';
import { formatAge } from '../core/time/duration.js';
import { parseDuration } from './format.js';
import type { RowTarget } from './list-model.js';
import type { ActionKind } from '../core/model/action.js';
import type { ActionGateway, ActionOutcome, AlertsSource, ProposedAction } from './ports.js';
import { parseConfigInput, parseUpgradeInput } from './spec-action-input.js';

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
  U: 'upgrade',
  E: 'config-set',
  C: 'plan-continue',
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
  if (!supports(service, kind)) return { message: `${service.name} does not support ${kind} on backend ${service.backend}.` };
  return { spec: gatewaySpec(proposed, service, ctx.state, ctx.actions) };
}

/** A waiting canary is continued through the backend's spec-change capability. */
function supports(service: Service, kind: ActionKind): boolean {
  return kind === 'plan-continue' ? service.actions.includes('upgrade') || service.actions.includes('config-set') : service.actions.includes(kind);
}

function inputFor(kind: ActionKind, service: Service): DialogSpec['input'] {
  switch (kind) {
    case 'scale':
      return { label: `Scale ${service.name} (now ${service.desired}) to how many instances?`, initial: String(service.desired), validate: validateReplicas };
    case 'upgrade':
      return {
        label: `Upgrade ${service.name}${service.version === undefined ? '' : ` (now ${service.version})`} to which image or version? Optionally add serial, parallel or canary.`,
        initial: '',
        validate: (text) => errorOf(parseUpgradeInput(text)),
      };
    case 'config-set':
      return { label: `Set on ${service.name}: KEY=VALUE … (env variables, cpus, mem, replicas); optionally serial, parallel or canary.`, initial: '', validate: (text) => errorOf(parseConfigInput(text)) };
    default:
      return undefined;
  }
}

function errorOf(parsed: { ok: true } | { ok: false; error: string }): string | undefined {
  return parsed.ok ? undefined : parsed.error;
}

/** The proposed action with what the person typed (replicas, image or version, KEY=VALUE pairs). */
function withInput(proposed: ProposedAction, input: string): ProposedAction {
  if (proposed.kind === 'scale') return { ...proposed, replicas: Number(input) };
  if (proposed.kind === 'upgrade') {
    const parsed = parseUpgradeInput(input);
    return parsed.ok ? { ...proposed, ...parsed.value } : proposed;
  }
  if (proposed.kind === 'config-set') {
    const parsed = parseConfigInput(input);
    return parsed.ok ? { ...proposed, ...parsed.value } : proposed;
  }
  return proposed;
}

/** The dialog for a gateway action; its outcome may offer the engine's follow-up (rollback, continue) on a key. */
function gatewaySpec(proposed: ProposedAction, service: Service, state: ClusterStateView, gateway: ActionGateway): DialogSpec {
  const input = inputFor(proposed.kind, service);
  return {
    title: describe(proposed, service.name),
    ...(input === undefined ? {} : { input }),
    defaultExpectedName: proposed.kind === 'kill-task' && proposed.taskId !== undefined ? (state.task(proposed.taskId)?.nativeId ?? service.name) : service.name,
    preview: (text, signal) => gateway.preview(withInput(proposed, text), { signal }),
    execute: (text, confirmation, signal) => gateway.execute(withInput(proposed, text), { confirmation, signal }),
    followUp: (outcome: ActionOutcome) => {
      if (outcome.followUp === 'rollback' && service.actions.includes('rollback')) {
        return { key: 'b', label: `b: roll ${service.name} back to the previous spec`, spec: gatewaySpec({ kind: 'rollback', serviceId: service.id }, service, state, gateway) };
      }
      if (outcome.followUp === 'plan-continue') {
        return { key: 'c', label: `c: continue the rollout of ${service.name} past the canary`, spec: gatewaySpec({ kind: 'plan-continue', serviceId: service.id }, service, state, gateway) };
      }
      return undefined;
    },
  };
}

function validateReplicas(text: string): string | undefined {
  return /^\d+$/.test(text.trim()) && Number(text) <= 10_000 ? undefined : 'Enter a whole number of instances (0–10000).';
}

function propose(kind: ActionKind, ctx: ActionContext): ProposedAction | { message: string } {
  const t = ctx.target;
  if (kind === 'plan-continue' && t?.type === 'plan') return { kind, serviceId: t.serviceId, plan: t.planName };
  if (kind === 'kill-task') {
    if (t?.type !== 'task') return { message: 'Select a task first (Enter a service to see its tasks).' };
    return { kind, serviceId: t.serviceId, taskId: t.taskId };
  }
  if (kind.startsWith('plan-') && kind !== 'plan-continue') {
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
    case 'plan-continue':
      return `continue the rollout of ${serviceName}${where === '' ? '' : ` plan ${where}`}`;
    case 'upgrade':
      return `upgrade ${serviceName}`;
    case 'config-set':
      return `config set ${serviceName}`;
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
