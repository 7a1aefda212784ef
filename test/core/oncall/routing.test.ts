/**
 * Routing: first matching route wins (tenant, service name or /regex/,
 * severity, kind), else the default policy; grouping keys keep backend-wide
 * alerts apart; frozen policies do not change when config does.
 */
import { describe, expect, it } from 'vitest';
import { oncallConfigSchema } from '../../../src/core/oncall/config.js';
import { freezePolicy, groupKeyOf, routeAlert } from '../../../src/core/oncall/routing.js';

const config = oncallConfigSchema.parse({
  people: [{ id: 'a', name: 'A', timeZone: 'UTC' }],
  escalationPolicies: ['payments', 'db', 'critical', 'default'].map((name) => ({ name, levels: [{ notify: [{ user: 'a' }], wait: '5m' }] })),
  routes: [
    { match: { tenant: 'payments' }, policy: 'payments' },
    { match: { service: '/^postgres-/' }, policy: 'db' },
    { match: { severity: ['critical'], kind: ['service-unhealthy', 'crash-loop'] }, policy: 'critical' },
  ],
  defaultPolicy: 'default',
});

const alert = (over: Partial<{ tenant: string; service: string; severity: 'critical' | 'warning' | 'info'; kind: string }>) => {
  const a = { tenant: 'shop', service: 'mem/web', severity: 'warning' as const, kind: 'service-degraded', ...over };
  return { ...a, labels: { name: a.service.split('/')[1] ?? '', service: a.service } };
};

describe('routeAlert', () => {
  it('takes the first matching route in order, else the default policy', () => {
    expect(routeAlert(alert({ tenant: 'payments', severity: 'critical', kind: 'crash-loop' }), config)).toBe('payments');
    expect(routeAlert(alert({ service: 'mem/postgres-main' }), config)).toBe('db');
    expect(routeAlert(alert({ severity: 'critical', kind: 'crash-loop' }), config)).toBe('critical');
    expect(routeAlert(alert({ severity: 'critical', kind: 'plan-error' }), config)).toBe('default');
  });

  it('freezes a copy of the policy with durations in ms', () => {
    const frozen = freezePolicy('db', config);
    expect(frozen).toEqual({ name: 'db', levels: [{ notify: [{ user: 'a' }], waitMs: 300_000, times: 1 }], repeat: 0 });
    (config.escalationPolicies[1]?.levels[0]?.notify as { user: string }[]).push({ user: 'b' });
    expect(frozen.levels[0]?.notify).toHaveLength(1);
    expect(() => freezePolicy('nope', config)).toThrow(/does not exist/);
  });

  it('never groups a source-unreachable alert with per-service alerts of the same backend', () => {
    const by = ['tenant', 'backend'];
    expect(groupKeyOf({ kind: 'service-unhealthy', labels: { tenant: 'platform', backend: 'b' } }, by)).not.toBe(
      groupKeyOf({ kind: 'source-unreachable', labels: { tenant: 'platform', backend: 'b' } }, by),
    );
  });
});
