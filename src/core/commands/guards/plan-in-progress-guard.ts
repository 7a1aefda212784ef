/** Stops lifecycle actions on a service while one of its plans is running, unless forced. */
import { opsError } from '../../errors.js';
import { isPlanActive } from '../../model/plan.js';
import { isPlanCommand } from '../command.js';
import type { Guard } from './guard.js';

/** Rejects non-plan commands while a plan of the target service is active (forced commands pass). */
export const planInProgressGuard: Guard = {
  name: 'plan-in-progress',
  check({ command, target, state, config }) {
    if (!config.planInProgress.enabled || isPlanCommand(command) || command.force === true) return;
    const active = state.plansOf(target.service.id).filter((p) => isPlanActive(p));
    if (active.length === 0) return;
    const names = active.map((p) => `${p.name} (${p.status})`).join(', ');
    throw opsError('GUARD_REJECTED', `${target.service.name} has a plan in progress: ${names}.`, {
      hint: 'Wait for the plan to finish or pause it first; use --force only if you know why.',
      details: { guard: 'plan-in-progress', plans: active.map((p) => p.name) },
    });
  },
};
