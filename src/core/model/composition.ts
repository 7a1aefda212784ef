/**
 * Compositions: a logical service made of components selected across backends
 * (an OAuth service = N front ends + 1 key server), with one rolled-up health.
 */
import { worstHealth, type Health, type HealthStatus } from './health.js';
import type { Service } from './service.js';

/** Selects services for a component; every given field must match. */
export interface ComponentSelector {
  backend?: string;
  cluster?: string;
  tenant?: string;
  /** Exact service name, or a /regex/ in slashes. */
  name?: string;
  labels?: Record<string, string>;
}

/** One part of a composition with the healthy instances it needs. */
export interface Component {
  name: string;
  selector: ComponentSelector;
  /** Healthy instances needed across matched services for the component to be HEALTHY. */
  minHealthy: number;
}

/** A logical service built from components. */
export interface Composition {
  name: string;
  tenant: string;
  components: Component[];
}

/** Rolled-up view of one component. */
export interface ComponentStatus {
  name: string;
  services: string[];
  healthy: number;
  minHealthy: number;
  health: Health;
}

/** Rolled-up view of a composition. */
export interface CompositionStatus {
  name: string;
  tenant: string;
  health: Health;
  components: ComponentStatus[];
}

/** True when the service matches every field of the selector. */
export function matchesSelector(service: Service, selector: ComponentSelector): boolean {
  if (selector.backend !== undefined && service.backend !== selector.backend) return false;
  if (selector.cluster !== undefined && service.cluster !== selector.cluster) return false;
  if (selector.tenant !== undefined && service.tenant !== selector.tenant) return false;
  if (selector.name !== undefined && !matchName(service.name, selector.name)) return false;
  for (const [key, value] of Object.entries(selector.labels ?? {})) {
    if (service.labels[key] !== value) return false;
  }
  return true;
}

function matchName(name: string, pattern: string): boolean {
  if (pattern.length > 2 && pattern.startsWith('/') && pattern.endsWith('/')) {
    return new RegExp(pattern.slice(1, -1)).test(name);
  }
  return name === pattern;
}

function componentHealth(matched: readonly Service[], minHealthy: number): Health {
  if (matched.length === 0) return { status: 'UNKNOWN', reason: 'no matching service' };
  const stale = matched.filter((s) => s.health.status === 'STALE');
  const healthy = matched.filter((s) => s.health.status !== 'STALE').reduce((n, s) => n + s.healthy, 0);
  if (healthy >= minHealthy) return { status: 'HEALTHY', reason: `${healthy}/${minHealthy} healthy` };
  if (stale.length > 0) return { status: 'STALE', reason: `${stale.length} service(s) stale; ${healthy}/${minHealthy} healthy` };
  if (healthy === 0) return { status: 'UNHEALTHY', reason: `0/${minHealthy} healthy` };
  return { status: 'DEGRADED', reason: `${healthy}/${minHealthy} healthy` };
}

/** Evaluates a composition against the current services. */
export function evaluateComposition(composition: Composition, services: Iterable<Service>): CompositionStatus {
  const all = [...services];
  const components = composition.components.map((component): ComponentStatus => {
    const matched = all.filter((s) => matchesSelector(s, component.selector));
    const health = componentHealth(matched, component.minHealthy);
    return {
      name: component.name,
      services: matched.map((s) => s.id),
      healthy: matched.reduce((n, s) => n + s.healthy, 0),
      minHealthy: component.minHealthy,
      health,
    };
  });
  const status: HealthStatus = worstHealth(components.map((c) => c.health.status));
  const bad = components.filter((c) => c.health.status !== 'HEALTHY');
  const reason = bad.length === 0 ? 'all components healthy' : bad.map((c) => `${c.name}: ${c.health.reason}`).join('; ');
  return { name: composition.name, tenant: composition.tenant, health: { status, reason }, components };
}
