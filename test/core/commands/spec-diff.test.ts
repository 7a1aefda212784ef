/** The spec-change preview is a pure function of fixtures: a readable diff, the plan as lines, stable hashes, and strict KEY=VALUE parsing. */
import { describe, expect, it } from 'vitest';
import type { ChangePlan, ServiceSpec } from '../../../src/core/backend/capabilities.js';
import { configSetChange, diffSpecs, parseAssignments, renderChangePlan, renderSpecDiff, specHash } from '../../../src/core/commands/index.js';

const current: ServiceSpec = { image: 'nginx:1.25.3', env: { LOG_LEVEL: 'info', OLD: 'x' }, cpus: 0.5, mem: 512, replicas: 3, updateStrategy: 'parallelism 1' };

describe('spec diff renderer', () => {
  it('lists changed fields first, then env keys sorted, with + - ~ and units', () => {
    const proposed: ServiceSpec = { ...current, image: 'nginx:1.27.0', mem: 1024, env: { LOG_LEVEL: 'debug', NEW: 'y' } };
    expect(renderSpecDiff(current, proposed)).toEqual([
      '~ image: nginx:1.25.3 → nginx:1.27.0',
      '~ mem: 512 MB → 1024 MB',
      '~ env LOG_LEVEL: info → debug',
      '+ env NEW: y',
      '- env OLD: x',
    ]);
    expect(diffSpecs(current, proposed)[0]).toEqual({ op: '~', field: 'image', from: 'nginx:1.25.3', to: 'nginx:1.27.0' });
  });

  it('says so when nothing changes', () => {
    expect(renderSpecDiff(current, { ...current, env: { ...current.env } })).toEqual(['(no change: the proposed spec equals the current one)']);
  });

  it('renders the plan with order, strategy, expected duration and notes', () => {
    const plan: ChangePlan = {
      planName: 'update',
      strategy: 'canary',
      phases: [{ name: 'broker', steps: [{ name: 'kafka-0' }, { name: 'kafka-1' }] }, { name: 'empty', steps: [] }],
      expectedDurationMs: 95_000,
      notes: ['waits for continue'],
    };
    expect(renderChangePlan(plan)).toEqual([
      'plan update: canary, 2 step(s), about 1m35s (from earlier rollouts)',
      '  broker: 1. kafka-0  2. kafka-1',
      '  empty: nothing to replace',
      '  note: waits for continue',
    ]);
  });

  it('hashes specs canonically: key order does not matter, any value change does', () => {
    const reordered: ServiceSpec = { replicas: 3, env: { OLD: 'x', LOG_LEVEL: 'info' }, mem: 512, cpus: 0.5, image: 'nginx:1.25.3', updateStrategy: 'parallelism 1' };
    expect(specHash(reordered)).toBe(specHash(current));
    expect(specHash({ ...current, replicas: 4 })).not.toBe(specHash(current));
    expect(specHash(current)).toMatch(/^[a-f0-9]{64}$/);
  });
});

describe('config set arguments', () => {
  it('maps UPPER_CASE and env.name keys to env, and cpus / mem / replicas to resources', () => {
    expect(configSetChange(parseAssignments(['LOG_LEVEL=debug', 'env.lower=1', 'cpus=1.5', 'mem=2048', 'replicas=4', 'URL=a=b']))).toEqual({
      env: { LOG_LEVEL: 'debug', lower: '1', URL: 'a=b' },
      cpus: 1.5,
      mem: 2048,
      replicas: 4,
    });
  });

  it.each([
    [['heap.size=2G'], /Unknown configuration key "heap.size"/],
    [['memory=2G'], /Unknown configuration key "memory"/],
    [['cpus=0'], /Invalid value for cpus: "0" must be between 0.01 and 1024/],
    [['mem=1.5'], /Invalid value for mem: "1.5" must be a whole number/],
    [['replicas=many'], /Invalid value for replicas: "many" is not a number/],
  ])('refuses %j with a clear error', (words, message) => {
    expect(() => configSetChange(parseAssignments(words))).toThrow(message);
  });

  it('refuses words without = and keys given twice', () => {
    expect(() => parseAssignments(['LOG_LEVEL'])).toThrow(/Expected KEY=VALUE, got "LOG_LEVEL"/);
    expect(() => parseAssignments(['A=1', 'A=2'])).toThrow(/A is given twice/);
  });
});
