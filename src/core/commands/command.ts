/**
 * Commands as data: every front end builds one of these values and hands it
 * to the command engine, which alone decides whether and how it runs.
 */
import type { ChangeStrategy } from '../backend/capabilities.js';
import type { ActionKind } from '../model/action.js';
import type { Actor, CommandSource } from '../model/actor.js';

/** The lifecycle command kinds the engine runs: the backend action kinds a person may ask for. */
export const COMMAND_KINDS = [
  'scale',
  'restart',
  'rollback',
  'kill-task',
  'plan-pause',
  'plan-resume',
  'plan-restart-step',
  'plan-force-complete',
  'pod-restart',
  'pod-replace',
  'upgrade',
  'config-set',
  'plan-continue',
] as const satisfies readonly ActionKind[];

/** One lifecycle command kind. */
export type CommandKind = (typeof COMMAND_KINDS)[number];

/** Fields every command carries. */
export interface CommandBase {
  actor: Actor;
  /** Service ref (exact global id or unique name); a task id for kill-task. */
  target: string;
  reason?: string;
  source: CommandSource;
  /** Same key → executed at most once, whoever asks and however often. */
  idempotencyKey: string;
  /** Bypasses the plan-in-progress and freeze-window guards (raises the confirmation level). */
  force?: boolean;
}

/** Which plan element a plan command addresses. */
export interface PlanCommandArgs {
  /** Plan name; defaults to the service's only active plan, else "deploy". */
  plan?: string;
  phase?: string;
  step?: string;
}

/** A lifecycle command as data. */
export type Command =
  | (CommandBase & { kind: 'scale'; args: { replicas: number } })
  | (CommandBase & { kind: 'restart'; args?: Record<string, never> })
  | (CommandBase & { kind: 'rollback'; args?: Record<string, never> })
  | (CommandBase & { kind: 'kill-task'; args?: Record<string, never> })
  | (CommandBase & { kind: 'plan-pause' | 'plan-resume' | 'plan-restart-step' | 'plan-force-complete'; args: PlanCommandArgs })
  | (CommandBase & { kind: 'pod-restart' | 'pod-replace'; args: { pod: string } })
  | (CommandBase & { kind: 'upgrade'; args: UpgradeArgs })
  | (CommandBase & { kind: 'config-set'; args: ConfigSetArgs })
  | (CommandBase & { kind: 'plan-continue'; args: PlanCommandArgs });

/** What `upgrade` changes: an image (Marathon, Swarm, Kubernetes) or a package version (DC/OS SDK). */
export interface UpgradeArgs {
  image?: string;
  version?: string;
  strategy?: ChangeStrategy;
}

/** What `config set` changes: `KEY=VALUE` pairs (env variables, or cpus / mem / replicas). */
export interface ConfigSetArgs {
  set: Record<string, string>;
  strategy?: ChangeStrategy;
}

/** True for the commands that change a service's spec (they get a diff preview and a rollout). */
export function isSpecCommand(command: Command): command is CommandOf<'upgrade' | 'config-set'> {
  return command.kind === 'upgrade' || command.kind === 'config-set';
}

/** Narrows a command to one kind. */
export type CommandOf<K extends CommandKind> = Extract<Command, { kind: K }>;

/** True for the plan-control kinds (pause, resume, restart step, force-complete, continue). */
export function isPlanCommand(command: Command): command is CommandOf<'plan-pause' | 'plan-resume' | 'plan-restart-step' | 'plan-force-complete' | 'plan-continue'> {
  return command.kind.startsWith('plan-');
}

/** A short human description, e.g. "scale web to 5". */
export function describeCommand(command: Command, targetName: string = command.target): string {
  switch (command.kind) {
    case 'scale':
      return `scale ${targetName} to ${command.args.replicas}`;
    case 'kill-task':
      return `kill task ${targetName}`;
    case 'pod-restart':
    case 'pod-replace':
      return `${command.kind === 'pod-restart' ? 'restart' : 'replace'} pod ${command.args.pod} of ${targetName}`;
    case 'upgrade':
      return `upgrade ${targetName} to ${command.args.image ?? command.args.version ?? '?'}${command.args.strategy === undefined ? '' : ` (${command.args.strategy})`}`;
    case 'config-set':
      return `set ${Object.entries(command.args.set).map(([k, v]) => `${k}=${v}`).join(' ')} on ${targetName}${command.args.strategy === undefined ? '' : ` (${command.args.strategy})`}`;
    case 'plan-pause':
    case 'plan-resume':
    case 'plan-restart-step':
    case 'plan-force-complete':
    case 'plan-continue': {
      const where = [command.args.plan, command.args.phase, command.args.step].filter((p) => p !== undefined).join('/');
      return `${command.kind.slice(5).replace('-', ' ')} ${where === '' ? 'plan' : where} of ${targetName}`;
    }
    default:
      return `${command.kind} ${targetName}`;
  }
}
