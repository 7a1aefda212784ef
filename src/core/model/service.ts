/**
 * The service: one deployable unit (a Marathon app, an SDK service, a Swarm
 * service, a Compose service, a Deployment…) as every backend reports it.
 */
import type { Health } from './health.js';
import type { ActionKind } from './action.js';

/** What kind of thing the service is natively; front ends show it, policy may key on it. */
export type ServiceKind =
  | 'marathon-app'
  | 'sdk-service'
  | 'swarm-service'
  | 'compose-service'
  | 'container'
  | 'deployment'
  | 'statefulset'
  | 'daemonset'
  | 'other';

/** A service as held in the state store. Ids are globally unique: `<backendId>/<nativeId>`. */
export interface Service {
  id: string;
  /** The backend's own id for it (Marathon app id, Swarm service id, `namespace/name`…). */
  nativeId: string;
  backend: string;
  cluster: string;
  tenant: string;
  name: string;
  kind: ServiceKind;
  desired: number;
  running: number;
  healthy: number;
  /** Effective health: the store replaces it with STALE while the backend is stale. */
  health: Health;
  /** The last health the backend itself reported (kept while STALE). */
  observedHealth: Health;
  labels: Record<string, string>;
  /** Image or version currently targeted, when the backend knows it. */
  version?: string;
  /** Stateful services (SDK services, StatefulSets) get quorum guards. */
  stateful: boolean;
  /** Actions this service supports on its backend; front ends offer only these. */
  actions: ActionKind[];
  /** Epoch ms of the last change the backend reported. */
  updatedAt: number;
  /** Set while the backend is stale: epoch ms since when the data is not vouched for. */
  staleSince?: number;
}

/** What a backend reports; the store derives effective health, tenant fallback and stale marks. */
export type ServiceReport = Omit<Service, 'id' | 'backend' | 'health' | 'staleSince' | 'observedHealth'> & {
  health: Health;
};

/** Builds the global id of a service from its backend and native id. */
export function serviceId(backend: string, nativeId: string): string {
  return `${backend}/${nativeId}`;
}
