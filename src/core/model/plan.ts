/**
 * Deployment plans as first-class data, in the DC/OS SDK's shape: a plan has
 * phases, a phase has steps, and every backend maps its native progress
 * (SDK plans, Marathon deployments, rollouts, Swarm updates) onto it.
 */

/** The DC/OS SDK statuses, in the SDK's declaration order. */
export const PLAN_STATUSES = [
  'ERROR',
  'WAITING',
  'PENDING',
  'PREPARED',
  'STARTING',
  'STARTED',
  'COMPLETE',
  'IN_PROGRESS',
  'DELAYED',
] as const;

/** One SDK status. IN_PROGRESS and WAITING are only computed for phases and plans. */
export type PlanStatus = (typeof PLAN_STATUSES)[number];

/** How children of a plan or phase are selected for work. */
export type PlanStrategy = 'serial' | 'parallel' | 'serial-canary' | 'parallel-canary' | 'canary';

/** One unit of work, e.g. `journal-0:[node]` or "replace task 3 of web". */
export interface Step {
  id: string;
  name: string;
  status: PlanStatus;
  message: string;
  /** Global id of the task this step launches or replaces, if any. */
  task?: string;
  /** Epoch ms the step started / finished, when known (for elapsed times). */
  startedAt?: number;
  finishedAt?: number;
}

/** An ordered group of steps with its own strategy. */
export interface Phase {
  id: string;
  name: string;
  strategy: PlanStrategy;
  status: PlanStatus;
  steps: Step[];
  /** True when an operator paused (interrupted) this phase. */
  interrupted?: boolean;
}

/** A plan as held in the state store. Ids are `<serviceId>#<planName>`. */
export interface Plan {
  id: string;
  backend: string;
  /** Global id of the service the plan belongs to. */
  service: string;
  /** deploy, update, recovery, rollout, rollback, decommission… */
  name: string;
  strategy: PlanStrategy;
  status: PlanStatus;
  phases: Phase[];
  errors: string[];
  /** True when an operator paused (interrupted) the whole plan. */
  interrupted?: boolean;
  updatedAt: number;
}

/** What a backend reports for a plan (the store adds global ids). */
export type PlanReport = Omit<Plan, 'id' | 'backend' | 'service'> & { serviceNativeId: string };

/** Builds the global id of a plan. */
export function planId(service: string, name: string): string {
  return `${service}#${name}`;
}

/** True for statuses the SDK counts as running (work under way). */
export function isRunningStatus(status: PlanStatus): boolean {
  return status === 'PREPARED' || status === 'STARTING' || status === 'STARTED' || status === 'IN_PROGRESS';
}

/** True when a plan has work in progress or waiting (not COMPLETE, not ERROR, not idle PENDING). */
export function isPlanActive(plan: Pick<Plan, 'status'>): boolean {
  return plan.status !== 'COMPLETE' && plan.status !== 'ERROR' && plan.status !== 'PENDING';
}

interface Element {
  status: PlanStatus;
}

/**
 * The children a strategy currently selects for work: serial takes the first
 * incomplete child, parallel takes all incomplete children. Canary strategies
 * select like their base strategy (the waiting is modelled by interruption).
 */
export function candidates<T extends Element>(children: readonly T[], strategy: PlanStrategy): T[] {
  const incomplete = children.filter((c) => c.status !== 'COMPLETE');
  if (strategy === 'parallel' || strategy === 'parallel-canary') return incomplete;
  return incomplete.slice(0, 1);
}

/**
 * The SDK's aggregate status (PlanUtils.getAggregateStatus): computes a phase's
 * status from its steps or a plan's from its phases. The first matching rule wins.
 */
export function aggregateStatus(input: {
  children: readonly Element[];
  strategy: PlanStrategy;
  interrupted?: boolean;
  errors?: readonly string[];
}): PlanStatus {
  const { children, strategy } = input;
  const kids = children.map((c) => c.status);
  const cands = candidates(children, strategy).map((c) => c.status);
  const any = (list: PlanStatus[], s: PlanStatus): boolean => list.includes(s);

  if ((input.errors?.length ?? 0) > 0 || any(kids, 'ERROR')) return 'ERROR';
  if (kids.every((s) => s === 'COMPLETE')) return 'COMPLETE';
  if (input.interrupted) return 'WAITING';
  if (cands.length > 0 && cands.every((s) => s === 'DELAYED') && kids.every((s) => s === 'DELAYED')) return 'DELAYED';
  if (any(kids, 'PREPARED')) return 'IN_PROGRESS';
  if (any(cands, 'WAITING')) return 'WAITING';
  if (any(cands, 'IN_PROGRESS')) return 'IN_PROGRESS';
  if (any(kids, 'COMPLETE') && cands.some((s) => s === 'PENDING' || s === 'STARTING' || s === 'STARTED')) return 'IN_PROGRESS';
  if (any(cands, 'PENDING')) return 'PENDING';
  if (any(kids, 'WAITING')) return 'WAITING';
  if (any(cands, 'STARTING')) return 'STARTING';
  if (any(cands, 'STARTED')) return 'STARTED';
  return 'ERROR';
}

/** Recomputes phase and plan statuses bottom-up from step statuses. */
export function rollUpPlan<P extends Omit<Plan, 'id' | 'backend' | 'service'>>(plan: P): P {
  const phases = plan.phases.map((phase) => ({
    ...phase,
    status: aggregateStatus({ children: phase.steps, strategy: phase.strategy, interrupted: phase.interrupted ?? false }),
  }));
  const status = aggregateStatus({
    children: phases,
    strategy: plan.strategy,
    interrupted: plan.interrupted ?? false,
    errors: plan.errors,
  });
  return { ...plan, phases, status };
}

/** Finds a phase by id or name, and optionally a step in it by id or name. */
export function findPlanElement(
  plan: Pick<Plan, 'phases'>,
  ref: { phase?: string; step?: string },
): { phase?: Phase; step?: Step } {
  if (ref.phase === undefined) return {};
  const phase = plan.phases.find((p) => p.id === ref.phase || p.name === ref.phase);
  if (phase === undefined || ref.step === undefined) return phase === undefined ? {} : { phase };
  const step = phase.steps.find((s) => s.id === ref.step || s.name === ref.step);
  return step === undefined ? { phase } : { phase, step };
}
