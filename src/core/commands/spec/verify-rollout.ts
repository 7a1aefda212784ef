/**
 * Verification of a spec change (upgrade, config set) and of a canary's
 * continue: done when the rollout plan is COMPLETE and the service is healthy
 * on the new spec; stopped when the plan hits ERROR or the rollout pauses on a
 * failed health check (the outcome then offers rollback); a canary is done
 * when its first step completed and the plan waits for `continue`.
 */
import { isOpsdeckError } from '../../errors.js';
import type { Health } from '../../model/health.js';
import type { Plan } from '../../model/plan.js';
import type { ClusterStateView } from '../../state/cluster-state.js';
import { waitForState } from '../../state/wait-for-state.js';
import type { Command } from '../command.js';
import type { ResolvedTarget } from '../resolve-target.js';
import type { BeforeExecution, VerifiedOutcome, VerifyInput } from '../verify-outcome.js';
import { isServiceHealthy } from '../verify-outcome.js';
import type { SpecChangePreview } from './spec-change-stage.js';

/** How long verification waits to see the rollout start before judging from the state as it is. */
const START_WINDOW_MS = 15_000;

type Verdict = Omit<VerifiedOutcome, 'health' | 'durationMs' | 'receipt'>;

function rolloutPlan(state: ClusterStateView, serviceId: string, planName: string | undefined): Plan | undefined {
  return planName === undefined ? undefined : state.plansOf(serviceId).find((p) => p.name === planName);
}

function expectedVersion(spec: SpecChangePreview | undefined): string | undefined {
  return spec?.proposed.image ?? spec?.proposed.version;
}

/** The verdict the state supports right now, or undefined while the rollout is still under way. */
export function judgeRollout(state: ClusterStateView, input: { command: Command; target: ResolvedTarget; spec?: SpecChangePreview; planName?: string }): Verdict | undefined {
  const { command, target, spec } = input;
  const name = target.service.name;
  const service = state.service(target.service.id);
  if (service === undefined) return undefined;
  const plan = rolloutPlan(state, service.id, input.planName);
  const rollback = service.actions.includes('rollback') ? `Roll back to the previous spec: opsdeck rollback ${name} --reason "…"` : `Inspect the tasks of ${name} (opsdeck tasks ${name}).`;
  if (plan !== undefined && (plan.status === 'ERROR' || (plan.interrupted === true && plan.errors.length > 0))) {
    const step = plan.phases.flatMap((p) => p.steps).find((s) => s.status === 'ERROR');
    const why = plan.errors[0] ?? step?.message ?? 'a step failed';
    return {
      status: 'failed',
      message: `the ${plan.name} plan of ${name} stopped (${plan.status}${plan.interrupted === true ? ', paused' : ''}): ${why}`,
      suggestion: rollback,
      ...(service.actions.includes('rollback') ? { followUp: 'rollback' as const } : {}),
    };
  }
  const canary = command.kind !== 'plan-continue' && spec?.strategy === 'canary';
  if (canary && plan !== undefined && plan.status === 'WAITING' && plan.phases.some((p) => p.steps.some((s) => s.status === 'COMPLETE'))) {
    return {
      status: 'succeeded',
      message: `canary of ${name}: the first step is done; the ${plan.name} plan waits for continue`,
      suggestion: `Check the canary, then: opsdeck plan continue ${name}`,
      followUp: 'plan-continue',
    };
  }
  const version = expectedVersion(spec);
  const onSpec = version === undefined || service.version === version;
  if ((plan === undefined || plan.status === 'COMPLETE') && onSpec && isServiceHealthy(state, service.id)) {
    return { status: 'succeeded', message: `${name} runs the new spec${version === undefined ? '' : ` (${version})`} and is healthy; plan ${input.planName ?? 'rollout'} COMPLETE` };
  }
  return undefined;
}

function started(state: ClusterStateView, input: { target: ResolvedTarget; spec?: SpecChangePreview; planName?: string; before: BeforeExecution; command: Command }): boolean {
  const service = state.service(input.target.service.id);
  const plan = rolloutPlan(state, input.target.service.id, input.planName);
  if (input.command.kind === 'plan-continue') return plan === undefined || plan.status !== 'WAITING';
  if (plan !== undefined && plan.status !== 'COMPLETE') return true;
  const version = expectedVersion(input.spec);
  return version !== undefined && version !== input.before.version && service?.version === version;
}

/** Follows the rollout (waitForState, no polling) until a verdict or the deadline. */
export async function verifyRollout(input: VerifyInput & { spec?: SpecChangePreview }): Promise<VerifiedOutcome> {
  const { store, clock, target, before, receipt } = input;
  const planName = input.spec?.plan.planName ?? target.plan?.name;
  const judgeInput = { command: input.command, target, ...(input.spec === undefined ? {} : { spec: input.spec }), ...(planName === undefined ? {} : { planName }) };
  const signal = input.signal === undefined ? {} : { signal: input.signal };
  const healthNow = (): Health => store.service(target.service.id)?.health ?? { status: 'UNKNOWN', reason: 'service no longer reported' };
  if (receipt.alreadyInEffect !== true) {
    await waitForState(store, (s) => started(s, { ...judgeInput, before }), { clock, timeoutMs: Math.min(START_WINDOW_MS, input.timeoutMs), description: `the rollout of ${target.service.name} to start`, ...signal }).catch((error: unknown) => {
      if (!isOpsdeckError(error) || error.code !== 'TIMEOUT') throw error;
    });
  }
  const elapsed = clock.now() - before.at;
  try {
    const verdict = await waitForState(store, (s) => judgeRollout(s, judgeInput), {
      clock,
      timeoutMs: Math.max(1, input.timeoutMs - elapsed),
      description: `the rollout of ${target.service.name}`,
      ...signal,
    });
    return { ...verdict, message: `${receipt.message}; ${verdict.message}`, health: healthNow(), durationMs: clock.now() - before.at, receipt };
  } catch (error) {
    if (!isOpsdeckError(error) || error.code !== 'TIMEOUT') throw error;
    const health = healthNow();
    return {
      status: 'timed-out',
      message: `the rollout of ${target.service.name} did not finish within ${Math.round(input.timeoutMs / 1000)}s (${health.status.toLowerCase()}: ${health.reason})`,
      health,
      durationMs: clock.now() - before.at,
      receipt,
      suggestion: `Watch it with opsdeck plan show ${target.service.name}; pause it (opsdeck plan pause ${target.service.name}) or roll back if it looks wrong.`,
    };
  }
}
