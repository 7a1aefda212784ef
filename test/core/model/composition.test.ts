/**
 * Compositions roll up health across backends: the OAuth service of the seed
 * (N front ends + 1 key server) is only as healthy as its weakest component,
 * and stale data makes it STALE, not down.
 */
import { describe, expect, it } from 'vitest';
import { evaluateComposition, type Composition } from '../../../src/core/model/composition.js';
import type { Service } from '../../../src/core/model/service.js';

const svc = (backend: string, name: string, healthy: number, status: Service['health']['status'] = 'HEALTHY'): Service => ({
  id: `${backend}/${name}`,
  nativeId: name,
  backend,
  cluster: backend,
  tenant: 'identity',
  name,
  kind: 'other',
  desired: healthy,
  running: healthy,
  healthy,
  health: { status, reason: 'x' },
  observedHealth: { status, reason: 'x' },
  labels: { app: name.startsWith('oauth-frontend') ? 'oauth-frontend' : name },
  stateful: false,
  actions: [],
  updatedAt: 0,
});

const oauth: Composition = {
  name: 'oauth',
  tenant: 'identity',
  components: [
    { name: 'front ends', selector: { labels: { app: 'oauth-frontend' } }, minHealthy: 3 },
    { name: 'key server', selector: { name: '/^keyserver$/' }, minHealthy: 1 },
  ],
};

describe('evaluateComposition', () => {
  it('is HEALTHY when front ends across two backends reach their minimum and the key server is up', () => {
    const status = evaluateComposition(oauth, [svc('docker', 'oauth-frontend-a', 2), svc('k8s', 'oauth-frontend-b', 1), svc('dcos', 'keyserver', 1)]);
    expect(status.health.status).toBe('HEALTHY');
    expect(status.components.map((c) => c.services.length)).toEqual([2, 1]);
  });

  it('is UNHEALTHY when the key server is down, and says which component', () => {
    const status = evaluateComposition(oauth, [svc('docker', 'oauth-frontend-a', 3), svc('dcos', 'keyserver', 0, 'UNHEALTHY')]);
    expect(status.health.status).toBe('UNHEALTHY');
    expect(status.health.reason).toBe('key server: 0/1 healthy');
  });

  it('is DEGRADED when front ends are below their minimum but some are up', () => {
    expect(evaluateComposition(oauth, [svc('docker', 'oauth-frontend-a', 2), svc('dcos', 'keyserver', 1)]).health.status).toBe('DEGRADED');
  });

  it('is STALE, not UNHEALTHY, when the missing capacity is on a stale backend', () => {
    const status = evaluateComposition(oauth, [svc('docker', 'oauth-frontend-a', 3), svc('dcos', 'keyserver', 1, 'STALE')]);
    expect(status.health.status).toBe('STALE');
  });

  it('is UNKNOWN for a component that matches nothing', () => {
    expect(evaluateComposition(oauth, [svc('docker', 'oauth-frontend-a', 3)]).components[1]?.health.status).toBe('UNKNOWN');
  });
});
