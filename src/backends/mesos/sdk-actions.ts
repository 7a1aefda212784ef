/**
 * DC/OS SDK actions: plan controls (pause = interrupt, resume = continue,
 * restart, force-complete, with phase / step) and pod restart / replace. A 208
 * answer means the command was already in effect.
 */
import type { PlanControl, PlanTarget } from '../../core/backend/capabilities.js';
import type { ActionReceipt } from '../../core/backend/port.js';
import { isOpsdeckError, opsError } from '../../core/errors.js';
import type { Service } from '../../core/model/service.js';
import { sdkUrl, type ActionContext } from './action-context.js';

const COMMANDS: Record<PlanControl, string> = { pause: 'interrupt', resume: 'continue', restart: 'restart', 'force-complete': 'forceComplete' };

/** Sends one plan control to a service's scheduler. */
export async function controlSdkPlan(ctx: ActionContext, service: Service, control: PlanControl, target: PlanTarget, signal?: AbortSignal): Promise<ActionReceipt> {
  const url = sdkUrl(ctx, service);
  if (target.step !== undefined && target.phase === undefined) throw opsError('INPUT_INVALID', 'A step needs its phase: give both.', { hint: 'e.g. phase "journal", step "journal-0:[node]".' });
  if ((control === 'pause' || control === 'resume') && target.step !== undefined) {
    throw opsError('INPUT_INVALID', `${control} applies to a plan or a phase, not to a step.`, { hint: 'Leave out the step, or use restart / force-complete for one step.' });
  }
  const query = new URLSearchParams();
  if (target.phase !== undefined) query.set('phase', target.phase);
  if (target.step !== undefined) query.set('step', target.step);
  const qs = query.size > 0 ? `?${query.toString()}` : '';
  const where = [target.plan, target.phase, target.step].filter((p) => p !== undefined).join(' / ');
  try {
    const res = await ctx.http.request({
      component: `SDK scheduler ${service.name}`,
      method: 'POST',
      url: `${url}/v1/plans/${encodeURIComponent(target.plan)}/${COMMANDS[control]}${qs}`,
      accept: [208],
      ...(signal ? { signal } : {}),
    });
    await ctx.live.refreshSdk(service.nativeId);
    if (res.status === 208) return { message: `${control} of ${service.name} ${where}: already in effect`, alreadyInEffect: true };
    return { message: `${control} of ${service.name} ${where} accepted` };
  } catch (error) {
    if (isOpsdeckError(error) && error.code === 'NOT_FOUND') {
      throw opsError('NOT_FOUND', `${service.name} has no ${where} (${error.message.replace(/^.*404: /, '')}).`, { hint: 'List the plan with `opsdeck plan show` to see phase and step names.' });
    }
    throw error;
  }
}

/** Restarts a pod in place or replaces it elsewhere. */
export async function controlSdkPod(ctx: ActionContext, service: Service, pod: string, action: 'restart' | 'replace', signal?: AbortSignal): Promise<ActionReceipt> {
  const url = sdkUrl(ctx, service);
  try {
    const res = await ctx.http.request({
      component: `SDK scheduler ${service.name}`,
      method: 'POST',
      url: `${url}/v1/pod/${encodeURIComponent(pod)}/${action}`,
      ...(signal ? { signal } : {}),
    });
    await ctx.live.refreshSdk(service.nativeId);
    const tasks = (res.body as { tasks?: unknown } | undefined)?.tasks;
    const names = Array.isArray(tasks) ? tasks.map(String).join(', ') : '';
    return { message: `${action === 'restart' ? 'restarting' : 'replacing'} pod ${pod} of ${service.name}${names ? ` (${names})` : ''}` };
  } catch (error) {
    if (isOpsdeckError(error) && error.code === 'NOT_FOUND') throw opsError('NOT_FOUND', `${service.name} has no pod ${pod}.`, { hint: 'Pod names look like journal-0; see the service tasks.' });
    throw error;
  }
}
