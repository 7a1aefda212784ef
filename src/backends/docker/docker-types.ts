/**
 * The slices of Engine API v1.41 JSON this backend reads, typed once so the
 * mappers never touch `any` (field names exactly as the daemon sends them).
 */

/** `UpdateStatus.State` values (all six from the Go type, not the swagger's three). */
export type SwarmUpdateState = 'updating' | 'paused' | 'completed' | 'rollback_started' | 'rollback_paused' | 'rollback_completed';

/** `TaskTemplate` of a service spec, as far as opsdeck reads it. */
export interface SwarmTaskTemplate {
  ContainerSpec?: { Image?: string; Labels?: Record<string, string>; [key: string]: unknown };
  Resources?: { Reservations?: { NanoCPUs?: number; MemoryBytes?: number }; Limits?: { NanoCPUs?: number; MemoryBytes?: number } };
  ForceUpdate?: number;
  [key: string]: unknown;
}

/** `ServiceSpec`, kept whole because updates must send it back unchanged apart from the edit. */
export interface SwarmServiceSpec {
  Name?: string;
  Labels?: Record<string, string>;
  TaskTemplate?: SwarmTaskTemplate;
  Mode?: { Replicated?: { Replicas?: number }; Global?: Record<string, never>; ReplicatedJob?: unknown; GlobalJob?: unknown };
  UpdateConfig?: { Parallelism?: number; FailureAction?: string; [key: string]: unknown };
  [key: string]: unknown;
}

/** `GET /services` item. */
export interface SwarmService {
  ID: string;
  Version?: { Index?: number };
  CreatedAt?: string;
  UpdatedAt?: string;
  Spec: SwarmServiceSpec;
  PreviousSpec?: SwarmServiceSpec;
  UpdateStatus?: { State?: SwarmUpdateState; StartedAt?: string; CompletedAt?: string; Message?: string };
  ServiceStatus?: { RunningTasks?: number; DesiredTasks?: number; CompletedTasks?: number };
}

/** `GET /tasks` item. */
export interface SwarmTask {
  ID: string;
  Version?: { Index?: number };
  CreatedAt?: string;
  UpdatedAt?: string;
  Name?: string;
  ServiceID: string;
  Slot?: number;
  NodeID?: string;
  Spec?: SwarmTaskTemplate;
  DesiredState?: string;
  Status?: {
    Timestamp?: string;
    State?: string;
    Message?: string;
    Err?: string;
    ContainerStatus?: { ContainerID?: string; PID?: number; ExitCode?: number };
  };
}

/** `GET /nodes` item. */
export interface SwarmNode {
  ID: string;
  Spec?: { Availability?: string; Role?: string };
  Description?: { Hostname?: string; Resources?: { NanoCPUs?: number; MemoryBytes?: number } };
  Status?: { State?: string; Message?: string };
}

/** `GET /containers/json` item, plus health detail opsdeck adds from an inspect when it matters. */
export interface ContainerSummary {
  Id: string;
  Names?: string[];
  Image?: string;
  Created?: number;
  Labels?: Record<string, string>;
  State?: string;
  Status?: string;
  /** Added by opsdeck: the last health-check output of an unhealthy container. */
  healthOutput?: string;
  /** Added by opsdeck: RestartCount from an inspect, when one was made. */
  restartCount?: number;
}

/** The parts of `GET /info` opsdeck reads. */
export interface EngineInfo {
  ID?: string;
  Name?: string;
  NCPU?: number;
  MemTotal?: number;
  Swarm?: { LocalNodeState?: string; ControlAvailable?: boolean; NodeID?: string };
}

/** One message of the `/events` stream (v1.41 shape). */
export interface EngineEvent {
  Type?: string;
  Action?: string;
  Actor?: { ID?: string; Attributes?: Record<string, string> };
  scope?: string;
  time?: number;
  timeNano?: number;
}

/** Container labels with a meaning to opsdeck. */
export const LABELS = {
  composeProject: 'com.docker.compose.project',
  composeService: 'com.docker.compose.service',
  composeOneoff: 'com.docker.compose.oneoff',
  swarmServiceId: 'com.docker.swarm.service.id',
  swarmTaskId: 'com.docker.swarm.task.id',
} as const;
