/**
 * Test fixtures for the fake apiserver: a kubeconfig file pointing the real
 * client at it (one context per server), and workload objects to seed.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { KubeObject } from './resource-store.js';

/** One context in a generated kubeconfig. */
export interface KubeconfigContext {
  name: string;
  server: string;
  token: string;
  namespace?: string;
}

/** Writes a kubeconfig (token users, http servers) to a temp dir; returns its path. */
export function writeKubeconfig(contexts: KubeconfigContext[], current?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'opsdeck-kube-'));
  const path = join(dir, 'config');
  const doc = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: contexts.map((c) => ({ name: `${c.name}-cluster`, cluster: { server: c.server, 'insecure-skip-tls-verify': true } })),
    users: contexts.map((c) => ({ name: `${c.name}-user`, user: { token: c.token } })),
    contexts: contexts.map((c) => ({ name: c.name, context: { cluster: `${c.name}-cluster`, user: `${c.name}-user`, ...(c.namespace ? { namespace: c.namespace } : {}) } })),
    'current-context': current ?? contexts[0]?.name ?? '',
  };
  writeFileSync(path, stringify(doc), { mode: 0o600 });
  return path;
}

/** Options for a Deployment fixture. */
export interface DeploymentFixture {
  name: string;
  namespace?: string;
  replicas: number;
  image: string;
  labels?: Record<string, string>;
  progressDeadlineSeconds?: number;
  strategy?: Record<string, unknown>;
}

/** A Deployment as `kubectl create deployment` would make it. */
export function deployment(f: DeploymentFixture): KubeObject {
  const selector = { app: f.name };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: f.name, namespace: f.namespace ?? 'default', labels: { app: f.name, ...(f.labels ?? {}) } },
    spec: {
      replicas: f.replicas,
      selector: { matchLabels: selector },
      template: { metadata: { labels: selector }, spec: { containers: [{ name: 'app', image: f.image }] } },
      strategy: f.strategy ?? { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: f.progressDeadlineSeconds ?? 600,
    },
  };
}
