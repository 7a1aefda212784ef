/**
 * DC/OS SDK plans as the simulated scheduler holds them, with the plan
 * controls of PlansResource (interrupt, continue, forceComplete, restart,
 * start, stop) answering the real status codes: 200, 208, 404 and 400.
 */
import { aggregateStatus, type PlanStatus, type PlanStrategy } from '../../core/model/plan.js';

/** One step: launches `tasks` of one pod instance. */
export interface SdkStep {
  id: string;
  name: string;
  pod: string;
  index: number;
  tasks: string[];
  status: PlanStatus;
  /** Mesos task ids launched for the current attempt. */
  launched: string[];
  startedAt?: number;
  finishedAt?: number;
  /** Why the step failed (fault injection), shown in its message. */
  error?: string;
  /** Recovery steps: relaunch on the same agent (restart) or anywhere (replace). */
  recovery?: 'TRANSIENT' | 'PERMANENT';
}

/** One phase of a plan. */
export interface SdkPhase {
  id: string;
  name: string;
  strategy: PlanStrategy;
  steps: SdkStep[];
  interrupted: boolean;
  /** A canary phase runs its first step, then waits for `continue` before the rest. */
  canary?: 'first' | 'rest';
}

/** One plan (deploy, recovery…). */
export interface SdkPlan {
  name: string;
  strategy: PlanStrategy;
  phases: SdkPhase[];
  interrupted: boolean;
  errors: string[];
}

/** An HTTP answer from a plan control: status code and body (JSON object or plain text). */
export interface ControlAnswer {
  status: number;
  body: Record<string, unknown> | string;
}

/** Status of a phase computed by the SDK's aggregation rules. */
export function phaseStatus(phase: SdkPhase): PlanStatus {
  return aggregateStatus({ children: phase.steps, strategy: phase.strategy, interrupted: phase.interrupted });
}

/** Status of a plan computed by the SDK's aggregation rules. */
export function planStatus(plan: SdkPlan): PlanStatus {
  const phases = plan.phases.map((p) => ({ status: phaseStatus(p) }));
  return aggregateStatus({ children: phases, strategy: plan.strategy, interrupted: plan.interrupted, errors: plan.errors });
}

/** The HTTP status `GET /v1/plans/{plan}` answers with: 417 on errors, 200 when complete, else 202. */
export function planHttpStatus(plan: SdkPlan): number {
  const status = planStatus(plan);
  if (status === 'ERROR') return 417;
  if (status === 'COMPLETE') return 200;
  return 202;
}

/** The plan JSON of `GET /v1/plans/{plan}`. */
export function planJson(plan: SdkPlan): Record<string, unknown> {
  return {
    phases: plan.phases.map((phase) => ({
      id: phase.id,
      name: phase.name,
      steps: phase.steps.map((step) => ({
        id: step.id,
        status: step.status,
        name: step.name,
        message: step.error ?? `com.mesosphere.sdk.scheduler.plan.DeploymentStep: ${step.name} [${step.id}] with status: ${step.status}`,
      })),
      status: phaseStatus(phase),
      strategy: phase.strategy,
    })),
    errors: [...plan.errors],
    status: planStatus(plan),
    strategy: plan.strategy,
  };
}

const text = (status: number, body: string): ControlAnswer => ({ status, body });
const ALREADY = text(208, 'Command has already been reported or completed');

function findPhase(plan: SdkPlan, ref: string): SdkPhase | undefined {
  return plan.phases.find((p) => p.id === ref || p.name === ref);
}

function resolve(plan: SdkPlan, phaseRef?: string, stepRef?: string): { phase?: SdkPhase; step?: SdkStep } | ControlAnswer {
  if (stepRef !== undefined && phaseRef === undefined) return text(400, 'Missing phase');
  if (phaseRef === undefined) return {};
  const phase = findPhase(plan, phaseRef);
  if (phase === undefined) return text(404, `Phase ${phaseRef} not found`);
  if (stepRef === undefined) return { phase };
  const step = phase.steps.find((s) => s.id === stepRef || s.name === stepRef);
  if (step === undefined) return text(404, `Step ${stepRef} not found`);
  return { phase, step };
}

const isAnswer = (v: unknown): v is ControlAnswer => typeof v === 'object' && v !== null && 'status' in v && 'body' in v;

function resetStep(step: SdkStep): void {
  step.status = 'PENDING';
  step.launched = [];
  delete step.error;
  delete step.startedAt;
  delete step.finishedAt;
}

function completeStep(step: SdkStep, now: number): void {
  step.status = 'COMPLETE';
  delete step.error;
  step.finishedAt = now;
}

/** POST /v1/plans/{p}/interrupt[?phase=]. */
export function interrupt(plan: SdkPlan, phaseRef?: string): ControlAnswer {
  const found = resolve(plan, phaseRef);
  if (isAnswer(found)) return found;
  const target = found.phase ?? plan;
  const complete = found.phase ? phaseStatus(found.phase) === 'COMPLETE' : planStatus(plan) === 'COMPLETE';
  if (target.interrupted || complete) return ALREADY;
  target.interrupted = true;
  return { status: 200, body: { message: 'Received cmd: interrupt' } };
}

/** POST /v1/plans/{p}/continue[?phase=]. */
export function proceed(plan: SdkPlan, phaseRef?: string): ControlAnswer {
  const found = resolve(plan, phaseRef);
  if (isAnswer(found)) return found;
  if (found.phase !== undefined) {
    if (!found.phase.interrupted || phaseStatus(found.phase) === 'COMPLETE') return ALREADY;
    found.phase.interrupted = false;
  } else {
    const anyPhase = plan.phases.some((p) => p.interrupted);
    if ((!plan.interrupted && !anyPhase) || planStatus(plan) === 'COMPLETE') return ALREADY;
    plan.interrupted = false;
    for (const p of plan.phases) p.interrupted = false;
  }
  return { status: 200, body: { message: 'Received cmd: continue' } };
}

function targetMessage(cmd: string, plan: SdkPlan, phase?: string, step?: string): ControlAnswer {
  return { status: 200, body: { message: `Received cmd: ${cmd} for Plan: ${plan.name}, Phase: ${phase ?? 'null'}, Step: ${step ?? 'null'}` } };
}

/** POST /v1/plans/{p}/forceComplete?phase=&step=. */
export function forceComplete(plan: SdkPlan, now: number, phaseRef?: string, stepRef?: string): ControlAnswer {
  const found = resolve(plan, phaseRef, stepRef);
  if (isAnswer(found)) return found;
  const steps = found.step ? [found.step] : found.phase ? found.phase.steps : plan.phases.flatMap((p) => p.steps);
  if (steps.every((s) => s.status === 'COMPLETE')) return ALREADY;
  for (const s of steps) if (s.status !== 'COMPLETE') completeStep(s, now);
  return targetMessage('forceComplete', plan, phaseRef, stepRef);
}

/** POST /v1/plans/{p}/restart?phase=&step=: back to PENDING, and proceed. Returns the steps reset. */
export function restart(plan: SdkPlan, phaseRef?: string, stepRef?: string): { answer: ControlAnswer; reset: SdkStep[] } {
  const found = resolve(plan, phaseRef, stepRef);
  if (isAnswer(found)) return { answer: found, reset: [] };
  const steps = found.step ? [found.step] : found.phase ? found.phase.steps : plan.phases.flatMap((p) => p.steps);
  if (steps.every((s) => s.status === 'PENDING')) return { answer: ALREADY, reset: [] };
  const reset = steps.filter((s) => s.status !== 'PENDING');
  for (const s of reset) resetStep(s);
  if (found.phase) found.phase.interrupted = false;
  else {
    plan.interrupted = false;
    for (const p of plan.phases) p.interrupted = false;
  }
  return { answer: targetMessage('restart', plan, phaseRef, stepRef), reset };
}

/** POST /v1/plans/{p}/start: restart if complete, then proceed; 400 on bad parameter names. */
export function start(plan: SdkPlan, parameters: Record<string, unknown>): { answer: ControlAnswer; reset: SdkStep[] } {
  const bad = Object.keys(parameters).filter((k) => !/^[A-Za-z_][A-Za-z0-9_]*$/.test(k));
  if (bad.length > 0) return { answer: text(400, `Couldn't parse parameters: invalid keys ${bad.join(', ')}`), reset: [] };
  let reset: SdkStep[] = [];
  if (planStatus(plan) === 'COMPLETE') {
    reset = plan.phases.flatMap((p) => p.steps);
    for (const s of reset) resetStep(s);
  }
  plan.interrupted = false;
  for (const p of plan.phases) p.interrupted = false;
  return { answer: { status: 200, body: { message: `Received cmd: start ${plan.name} with parameters: ${JSON.stringify(parameters)}` } }, reset };
}

/** POST /v1/plans/{p}/stop: interrupt, then everything back to PENDING. */
export function stop(plan: SdkPlan): { answer: ControlAnswer; reset: SdkStep[] } {
  plan.interrupted = true;
  const reset = plan.phases.flatMap((p) => p.steps).filter((s) => s.status !== 'PENDING');
  for (const s of reset) resetStep(s);
  return { answer: { status: 200, body: { message: 'Received cmd: stop' } }, reset };
}
