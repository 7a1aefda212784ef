/**
 * What a command will do before it does it: the change, the blast radius,
 * the current health, active plans, risk and the confirmation it needs.
 * Pure: a function of the command, its target and the state.
 */
import type { Health } from '../model/health.js';
import { isPlanActive } from '../model/plan.js';
import type { ClusterStateView } from '../state/cluster-state.js';
import { describeCommand, type Command } from './command.js';
import { assessRisk, confirmationLevel, type ConfirmationLevel, type ConfirmationPolicy, type Risk } from './confirmation-policy.js';
import type { ResolvedTarget } from './resolve-target.js';
import type { SpecChangePreview } from './spec/spec-change-stage.js';

/** The preview every front end shows before asking for confirmation. */
export interface CommandPreview {
  kind: Command['kind'];
  summary: string;
  service: { id: string; name: string; tenant: string; backend: string; cluster: string; stateful: boolean; version?: string };
  /** Task id for kill-task; plan/phase/step path for plan commands. */
  element?: string;
  health: Health;
  counts: { desired: number; running: number; healthy: number };
  /** Human lines, e.g. "desired instances: 3 → 5". */
  changes: string[];
  blastRadius: { instances: number; description: string };
  activePlans: string[];
  risk: Risk;
  riskReasons: string[];
  confirmation: ConfirmationLevel;
  /** What a person must type for type-name confirmation. */
  confirmText: string;
  warnings: string[];
  /** Whether the target's backend offers this action. */
  supported: boolean;
  /** Binds approvals to this exact command. */
  commandHash: string;
  /** For upgrade / config set: current vs proposed spec and the plan that will run. */
  specChange?: SpecChangePreview;
}

/** The preview with a spec change's diff and plan as its change lines and blast radius. */
export function withSpecChange(preview: CommandPreview, spec: SpecChangePreview): CommandPreview {
  const steps = spec.plan.phases.reduce((n, p) => n + p.steps.length, 0);
  const canary = spec.strategy === 'canary' ? '; a canary stops after the first step until `plan continue`' : '';
  return {
    ...preview,
    specChange: spec,
    changes: [...spec.diff, ...spec.planLines],
    blastRadius: { instances: steps, description: `${steps} instance(s) replaced, ${spec.strategy}${canary}` },
  };
}

function changesOf(command: Command, target: ResolvedTarget, state: ClusterStateView): { changes: string[]; instances: number; description: string } {
  const { service } = target;
  switch (command.kind) {
    case 'scale': {
      const n = command.args.replicas;
      const down = Math.max(0, service.desired - n);
      return {
        changes: [`desired instances: ${service.desired} → ${n}`],
        instances: down,
        description: down > 0 ? `${down} instance(s) will be stopped` : n > service.desired ? `${n - service.desired} instance(s) will be started` : 'no instance changes',
      };
    }
    case 'restart':
    case 'rollback': {
      const running = state.tasksOf(service.id).filter((t) => t.state === 'RUNNING').length;
      const what = command.kind === 'restart' ? 'restarted' : 'replaced with the previous version';
      return { changes: [`every instance ${what} (rolling)`], instances: running, description: `${running} running instance(s) will be ${what}` };
    }
    case 'kill-task':
      return { changes: [`task ${target.task?.id ?? command.target} killed; the orchestrator starts a replacement`], instances: 1, description: `1 instance on ${target.task?.host ?? 'its host'}` };
    case 'pod-restart':
    case 'pod-replace':
      return {
        changes: [`pod ${command.args.pod} ${command.kind === 'pod-restart' ? 'restarted in place' : 'replaced on another agent (its data is lost)'}`],
        instances: 1,
        description: `1 pod of ${service.name}`,
      };
    case 'upgrade':
    case 'config-set': {
      const what = command.kind === 'upgrade' ? `${command.args.image !== undefined ? 'image' : 'version'} → ${command.args.image ?? command.args.version ?? ''}` : Object.entries(command.args.set).map(([k, v]) => `${k} → ${v}`).join(', ');
      return { changes: [what, `rollout: ${command.args.strategy ?? 'serial'}`], instances: service.desired, description: `up to ${service.desired} instance(s) replaced` };
    }
    default: {
      const steps = target.step !== undefined ? [target.step] : target.phase !== undefined ? target.phase.steps : (target.plan?.phases.flatMap((p) => p.steps) ?? []);
      const verb = { 'plan-pause': 'paused', 'plan-resume': 'resumed', 'plan-restart-step': 'restarted', 'plan-force-complete': 'marked complete without running', 'plan-continue': 'continued past the canary' }[command.kind];
      return { changes: [`${steps.length} step(s) ${verb}`], instances: steps.length, description: `${steps.length} step(s) of plan ${target.plan?.name ?? ''}` };
    }
  }
}

/** Builds the preview; `commandHash` is computed by the caller (it needs the resolved target id). */
export function buildPreview(input: {
  command: Command;
  target: ResolvedTarget;
  state: ClusterStateView;
  policy: ConfirmationPolicy;
  supported: boolean;
  commandHash: string;
}): CommandPreview {
  const { command, target, state, policy } = input;
  const { service } = target;
  const { changes, instances, description } = changesOf(command, target, state);
  const { risk, reasons } = assessRisk(command, target, policy);
  const warnings: string[] = [];
  if (service.health.status === 'STALE') warnings.push(`state of ${service.name} is stale: what you see may be out of date`);
  if (service.health.status === 'UNHEALTHY') warnings.push(`${service.name} is already unhealthy (${service.health.reason})`);
  if (command.force === true) warnings.push('forced: plan-in-progress and freeze-window guards are bypassed');
  const element =
    command.kind === 'kill-task'
      ? target.task?.id
      : target.plan !== undefined
        ? [target.plan.name, target.phase?.name, target.step?.name].filter((p) => p !== undefined).join('/')
        : undefined;
  return {
    kind: command.kind,
    summary: describeCommand(command, command.kind === 'kill-task' ? (target.task?.id ?? command.target) : service.name),
    service: {
      id: service.id,
      name: service.name,
      tenant: service.tenant,
      backend: service.backend,
      cluster: service.cluster,
      stateful: service.stateful,
      ...(service.version === undefined ? {} : { version: service.version }),
    },
    ...(element === undefined ? {} : { element }),
    health: service.health,
    counts: { desired: service.desired, running: service.running, healthy: service.healthy },
    changes,
    blastRadius: { instances, description },
    activePlans: state.plansOf(service.id).filter((p) => isPlanActive(p)).map((p) => `${p.name} (${p.status})`),
    risk,
    riskReasons: reasons,
    confirmation: confirmationLevel(command, target, policy),
    confirmText: service.name,
    warnings,
    supported: input.supported,
    commandHash: input.commandHash,
  };
}
