/**
 * The realistic cluster the simulator starts with: six agents, Marathon apps in
 * two tenants (groups /prod and /analytics) and three SDK services (hdfs,
 * kafka, cassandra) whose plans follow the real packages' svc.yml.
 */
import type { SimResources } from './sim-types.js';

/** An agent to register at start. */
export interface AgentSeed {
  hostname: string;
  total: SimResources;
}

/** A Marathon app definition to create at start. */
export interface AppSeed {
  id: string;
  instances: number;
  cpus: number;
  mem: number;
  disk: number;
  image: string;
  healthCheck: boolean;
  labels: Record<string, string>;
}

/** One task of an SDK pod. */
export interface SdkTaskSeed {
  name: string;
  goal: 'RUNNING' | 'FINISH';
  resources: SimResources;
}

/** One SDK pod type with its instance count. */
export interface SdkPodSeed {
  type: string;
  count: number;
  tasks: SdkTaskSeed[];
}

/** One step of a seeded plan: a pod instance and the tasks it launches. */
export interface SdkStepSeed {
  pod: string;
  index: number;
  tasks: string[];
}

/** One phase of a seeded plan. */
export interface SdkPhaseSeed {
  name: string;
  strategy: 'serial' | 'parallel';
  steps: SdkStepSeed[];
}

/** An SDK service (one scheduler framework) to start. */
export interface SdkServiceSeed {
  name: string;
  role: string;
  pods: SdkPodSeed[];
  deploy: SdkPhaseSeed[];
  /** True when the deploy plan is already complete at start; false to watch it roll out. */
  deployed: boolean;
  /** Package version running at start. */
  packageVersion: string;
  /** Versions the package repository offers; a version marked unhealthy fails its readiness check after an update. */
  packageVersions: { version: string; healthy: boolean }[];
  /** Scheduler environment (service options) at start. */
  env: Record<string, string>;
}

const AGENT_TOTAL: SimResources = { cpus: 16, mem: 65_536, disk: 512_000 };

/** Six agents in one rack-like naming scheme. */
export const SEED_AGENTS: AgentSeed[] = [1, 2, 3, 4, 5, 6].map((n) => ({ hostname: `10.0.1.${10 + n}`, total: { ...AGENT_TOTAL } }));

/** Marathon apps: the prod tenant (web, api, key server) and the analytics tenant. */
export const SEED_APPS: AppSeed[] = [
  { id: '/prod/web', instances: 3, cpus: 0.5, mem: 512, disk: 0, image: 'nginx:1.25.3', healthCheck: true, labels: { tier: 'frontend' } },
  { id: '/prod/api', instances: 2, cpus: 1, mem: 1024, disk: 0, image: 'registry.local/api:2.4.1', healthCheck: true, labels: { tier: 'backend' } },
  { id: '/prod/keyserver', instances: 1, cpus: 0.5, mem: 256, disk: 0, image: 'registry.local/keyserver:1.9.0', healthCheck: true, labels: { tier: 'security' } },
  { id: '/analytics/notebook', instances: 1, cpus: 2, mem: 4096, disk: 1024, image: 'jupyter/base-notebook:2024-05', healthCheck: false, labels: {} },
  { id: '/analytics/etl-worker', instances: 2, cpus: 1, mem: 2048, disk: 0, image: 'registry.local/etl:0.8.2', healthCheck: true, labels: {} },
];

const res = (cpus: number, mem: number, disk: number): SimResources => ({ cpus, mem, disk });
const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

/** hdfs as in frameworks/hdfs svc.yml: deploy is journal → name → zkfc → data. */
const HDFS: SdkServiceSeed = {
  name: 'hdfs',
  role: 'analytics__hdfs-role',
  deployed: false,
  packageVersion: '2.8.0-3.2.1',
  packageVersions: [{ version: '2.8.0-3.2.1', healthy: true }],
  env: {},
  pods: [
    { type: 'journal', count: 3, tasks: [{ name: 'node', goal: 'RUNNING', resources: res(0.3, 512, 5000) }] },
    {
      type: 'name',
      count: 2,
      tasks: [
        { name: 'format', goal: 'FINISH', resources: res(0.1, 128, 0) },
        { name: 'bootstrap', goal: 'FINISH', resources: res(0.1, 128, 0) },
        { name: 'node', goal: 'RUNNING', resources: res(0.3, 2048, 5000) },
        { name: 'zkfc-format', goal: 'FINISH', resources: res(0.1, 128, 0) },
        { name: 'zkfc', goal: 'RUNNING', resources: res(0.3, 512, 0) },
      ],
    },
    { type: 'data', count: 3, tasks: [{ name: 'node', goal: 'RUNNING', resources: res(0.3, 2048, 10_000) }] },
  ],
  deploy: [
    { name: 'journal', strategy: 'parallel', steps: range(3).map((i) => ({ pod: 'journal', index: i, tasks: ['node'] })) },
    {
      name: 'name',
      strategy: 'serial',
      steps: [
        { pod: 'name', index: 0, tasks: ['format'] },
        { pod: 'name', index: 0, tasks: ['node'] },
        { pod: 'name', index: 1, tasks: ['bootstrap'] },
        { pod: 'name', index: 1, tasks: ['node'] },
      ],
    },
    {
      name: 'zkfc',
      strategy: 'serial',
      steps: [
        { pod: 'name', index: 0, tasks: ['zkfc-format'] },
        { pod: 'name', index: 0, tasks: ['zkfc'] },
        { pod: 'name', index: 1, tasks: ['zkfc'] },
      ],
    },
    { name: 'data', strategy: 'parallel', steps: range(3).map((i) => ({ pod: 'data', index: i, tasks: ['node'] })) },
  ],
};

const KAFKA: SdkServiceSeed = {
  name: 'kafka',
  role: 'analytics__kafka-role',
  deployed: true,
  packageVersion: '2.9.0-3.4.0',
  packageVersions: [
    { version: '2.9.0-3.4.0', healthy: true },
    { version: '2.10.0-3.6.1', healthy: true },
    { version: '2.10.1-3.6.2', healthy: false },
  ],
  env: { BROKER_LOG_RETENTION_HOURS: '168' },
  pods: [{ type: 'kafka', count: 3, tasks: [{ name: 'broker', goal: 'RUNNING', resources: res(1, 2048, 5000) }] }],
  deploy: [{ name: 'broker', strategy: 'serial', steps: range(3).map((i) => ({ pod: 'kafka', index: i, tasks: ['broker'] })) }],
};

const CASSANDRA: SdkServiceSeed = {
  name: 'cassandra',
  role: 'prod__cassandra-role',
  deployed: true,
  packageVersion: '2.10.0-3.11.6',
  packageVersions: [
    { version: '2.10.0-3.11.6', healthy: true },
    { version: '2.11.0-3.11.10', healthy: true },
    { version: '2.11.1-3.11.11', healthy: false },
  ],
  env: {},
  pods: [{ type: 'node', count: 3, tasks: [{ name: 'server', goal: 'RUNNING', resources: res(1, 4096, 10_000) }] }],
  deploy: [{ name: 'node', strategy: 'serial', steps: range(3).map((i) => ({ pod: 'node', index: i, tasks: ['server'] })) }],
};

/** The SDK services of the default seed. */
export const SEED_SDK_SERVICES: SdkServiceSeed[] = [HDFS, KAFKA, CASSANDRA];
