/**
 * Reads a DC/OS SDK scheduler's JSON (plan names, plans, target config) into
 * the core plan model; unknown statuses and shapes are protocol errors.
 */
import { opsError } from '../../core/errors.js';
import { PLAN_STATUSES, type PlanReport, type PlanStatus, type PlanStrategy } from '../../core/model/plan.js';

type Json = Record<string, unknown>;

function bad(service: string, what: string): Error {
  return opsError('BACKEND_PROTOCOL', `The SDK scheduler of ${service} sent ${what}.`, {
    hint: 'Check the sdk URL for this service in the backend config (it should serve /v1/plans); opsdeck resynchronises.',
    retryable: true,
  });
}

const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const STRATEGIES: readonly PlanStrategy[] = ['serial', 'parallel', 'serial-canary', 'parallel-canary', 'canary'];

function status(service: string, value: unknown): PlanStatus {
  if (typeof value === 'string' && (PLAN_STATUSES as readonly string[]).includes(value)) return value as PlanStatus;
  throw bad(service, `an unknown plan status ${JSON.stringify(value)}`);
}

function strategy(value: unknown): PlanStrategy {
  return typeof value === 'string' && (STRATEGIES as readonly string[]).includes(value) ? (value as PlanStrategy) : 'serial';
}

/** Reads `GET /v1/plans`. */
export function parsePlanNames(service: string, body: unknown): string[] {
  if (!Array.isArray(body) || !body.every((n) => typeof n === 'string')) throw bad(service, 'a plan list that is not a list of names');
  return body as string[];
}

/** Reads `GET /v1/plans/{plan}` (200, 202 or 417 alike). */
export function parsePlan(service: string, name: string, body: unknown, at: number): PlanReport {
  if (!isObj(body) || !Array.isArray(body.phases)) throw bad(service, `plan ${name} without phases`);
  const planStatus = status(service, body.status);
  return {
    serviceNativeId: service,
    name,
    strategy: strategy(body.strategy),
    status: planStatus,
    interrupted: planStatus === 'WAITING',
    errors: Array.isArray(body.errors) ? body.errors.map(String) : [],
    updatedAt: at,
    phases: body.phases.map((p) => {
      if (!isObj(p) || !Array.isArray(p.steps)) throw bad(service, `a phase of plan ${name} without steps`);
      const phaseStatus = status(service, p.status);
      return {
        id: String(p.id ?? p.name),
        name: String(p.name ?? p.id),
        strategy: strategy(p.strategy),
        status: phaseStatus,
        interrupted: phaseStatus === 'WAITING',
        steps: p.steps.map((s) => {
          if (!isObj(s)) throw bad(service, `a step of plan ${name} that is not an object`);
          return { id: String(s.id ?? s.name), name: String(s.name ?? s.id), status: status(service, s.status), message: typeof s.message === 'string' ? s.message : '' };
        }),
      };
    }),
  };
}

/** The long-running task instance names (`journal-0-node`) of a target config, i.e. what should be RUNNING. */
export function parseTargetTasks(service: string, body: unknown): { role?: string; runningTasks: string[]; packageVersion?: string } {
  if (!isObj(body) || !Array.isArray(body.pods)) throw bad(service, 'a target configuration without pods');
  const runningTasks: string[] = [];
  for (const pod of body.pods) {
    if (!isObj(pod) || typeof pod.type !== 'string') continue;
    const count = typeof pod.count === 'number' ? pod.count : 0;
    const tasks = Array.isArray(pod.tasks) ? pod.tasks.filter(isObj) : [];
    for (let i = 0; i < count; i++) {
      for (const task of tasks) if (task.goal === undefined || task.goal === 'RUNNING') runningTasks.push(`${pod.type}-${i}-${String(task.name)}`);
    }
  }
  return { ...(typeof body.role === 'string' ? { role: body.role } : {}), ...(typeof body.packageVersion === 'string' ? { packageVersion: body.packageVersion } : {}), runningTasks };
}
