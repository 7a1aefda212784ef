/**
 * The engine stage that asks the target's backend for a proposal (current
 * spec, proposed spec, plan) without side effects, so the preview shows a
 * real diff and bad input (unknown keys, a missing image or version, a
 * rollout already running) is refused before anything changes.
 */
import { isSpecChangeable, type ChangePlan, type ChangeStrategy, type ServiceSpec } from '../../backend/capabilities.js';
import { opsError } from '../../errors.js';
import type { CommandOf } from '../command.js';
import type { BackendLookup } from '../execute-command.js';
import type { ResolvedTarget } from '../resolve-target.js';
import { specChangeOf } from './spec-change-args.js';
import { renderChangePlan, renderSpecDiff, specHash } from './spec-diff.js';

/** What a preview shows of a spec change. */
export interface SpecChangePreview {
  strategy: ChangeStrategy;
  current: ServiceSpec;
  proposed: ServiceSpec;
  /** Readable diff lines (`~ image: a → b`). */
  diff: string[];
  plan: ChangePlan;
  /** Readable plan lines. */
  planLines: string[];
  oldSpecHash: string;
  newSpecHash: string;
}

/** Asks the backend for the proposal; throws what the backend or the argument check throws. */
export async function proposeSpecChange(
  backends: BackendLookup,
  command: CommandOf<'upgrade' | 'config-set'>,
  target: ResolvedTarget,
  signal?: AbortSignal,
): Promise<SpecChangePreview> {
  const change = specChangeOf(command);
  const backend = backends(target.service.backend);
  if (backend === undefined || !isSpecChangeable(backend)) {
    throw opsError('UNSUPPORTED', `${target.service.name} (${target.service.backend}) does not support ${command.kind}.`, {
      hint: `Actions it supports: ${target.service.actions.join(', ') || 'none'}.`,
    });
  }
  const strategy = command.args.strategy ?? 'serial';
  const proposal = await backend.planChange(target.service, change, { strategy, ...(signal === undefined ? {} : { signal }) });
  return {
    strategy,
    current: proposal.current,
    proposed: proposal.proposed,
    diff: renderSpecDiff(proposal.current, proposal.proposed),
    plan: proposal.plan,
    planLines: renderChangePlan(proposal.plan),
    oldSpecHash: specHash(proposal.current),
    newSpecHash: specHash(proposal.proposed),
  };
}
