/**
 * Reads Marathon's /v2 JSON (AppInfo with embedded tasks, deployments) into
 * small typed records; anything that is not Marathon's shape is a clear
 * protocol error instead of a crash.
 */
import { opsError } from '../../core/errors.js';

/** A Marathon app as the backend keeps it. */
export interface WireApp {
  id: string;
  instances: number;
  image?: string;
  version: string;
  lastConfigChangeAt?: string;
  labels: Record<string, string>;
  hasHealthChecks: boolean;
  taskIds: string[];
  deploymentIds: string[];
  lastTaskFailure?: { message: string; taskId: string; timestamp: string };
}

/** A running Marathon deployment. */
export interface WireDeployment {
  id: string;
  version: string;
  affectedApps: string[];
  steps: { action: string; app: string }[][];
  currentStep: number;
  totalSteps: number;
}

type Json = Record<string, unknown>;

function bad(what: string): Error {
  return opsError('BACKEND_PROTOCOL', `Marathon sent ${what}.`, {
    hint: 'Check that marathonUrl points at Marathon (/v2 API); opsdeck reconnects and resynchronises.',
    retryable: true,
  });
}

const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown, what: string): unknown[] => {
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw bad(`${what} that is not a list`);
  return v;
};
const strings = (v: unknown): Record<string, string> =>
  isObj(v) ? Object.fromEntries(Object.entries(v).map(([k, val]) => [k, String(val)])) : {};

/** Reads one AppInfo (or bare app definition). */
export function parseApp(value: unknown): WireApp {
  if (!isObj(value) || typeof value.id !== 'string') throw bad('an app without an id');
  const instances = typeof value.instances === 'number' ? value.instances : 1;
  const docker = isObj(value.container) && isObj(value.container.docker) ? value.container.docker : undefined;
  const versionInfo = isObj(value.versionInfo) ? value.versionInfo : {};
  const failure = isObj(value.lastTaskFailure) ? value.lastTaskFailure : undefined;
  return {
    id: value.id,
    instances,
    ...(typeof docker?.image === 'string' ? { image: docker.image } : {}),
    version: typeof value.version === 'string' ? value.version : '',
    ...(typeof versionInfo.lastConfigChangeAt === 'string' ? { lastConfigChangeAt: versionInfo.lastConfigChangeAt } : {}),
    labels: strings(value.labels),
    hasHealthChecks: list(value.healthChecks, 'health checks').length > 0,
    taskIds: list(value.tasks, 'tasks').flatMap((t) => (isObj(t) && typeof t.id === 'string' ? [t.id] : [])),
    deploymentIds: list(value.deployments, 'deployments').flatMap((d) => (isObj(d) && typeof d.id === 'string' ? [d.id] : [])),
    ...(failure !== undefined
      ? { lastTaskFailure: { message: String(failure.message ?? ''), taskId: String(failure.taskId ?? ''), timestamp: String(failure.timestamp ?? '') } }
      : {}),
  };
}

/** Reads `GET /v2/apps`. */
export function parseApps(body: unknown): WireApp[] {
  if (!isObj(body)) throw bad('an app list that is not an object');
  return list(body.apps, 'apps').map(parseApp);
}

/** Reads `GET /v2/deployments`. */
export function parseDeployments(body: unknown): WireDeployment[] {
  return list(body, 'a deployment list').map((value) => {
    if (!isObj(value) || typeof value.id !== 'string') throw bad('a deployment without an id');
    const steps = list(value.steps, 'deployment steps').map((step) =>
      list(isObj(step) ? step.actions : undefined, 'deployment actions').flatMap((a) =>
        isObj(a) ? [{ action: String(a.action ?? a.type ?? 'Unknown'), app: String(a.app ?? a.pod ?? '') }] : [],
      ),
    );
    return {
      id: value.id,
      version: typeof value.version === 'string' ? value.version : '',
      affectedApps: list(value.affectedApps, 'affected apps').map(String),
      steps,
      currentStep: typeof value.currentStep === 'number' ? value.currentStep : 1,
      totalSteps: typeof value.totalSteps === 'number' ? value.totalSteps : steps.length,
    };
  });
}

/** Reads `GET /v2/apps/{id}/versions`. */
export function parseVersions(body: unknown): string[] {
  if (!isObj(body)) throw bad('a version list that is not an object');
  return list(body.versions, 'versions').map(String);
}
