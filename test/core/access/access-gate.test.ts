/** Authorization decisions: default deny, groups, per-tenant roles, wildcard tenants, read-only mode, front-end identities. */
import { describe, expect, it } from 'vitest';
import { accessConfigSchema, createAccessGate } from '../../../src/core/access/index.js';
import { isOpsdeckError } from '../../../src/core/errors.js';
import type { Actor } from '../../../src/core/model/actor.js';

const config = accessConfigSchema.parse({
  actors: [
    { id: 'alice', name: 'Alice', external: { os: 'alice', slack: 'U111' } },
    { id: 'bob', name: 'Bob', external: { slack: 'U222' } },
    { id: 'root', name: 'Root' },
    { id: 'nobody', name: 'Nobody' },
  ],
  groups: [{ id: 'sre', members: ['alice'] }],
  roles: { auditor: ['view'] },
  bindings: [
    { tenant: 'payments', role: 'operator', subjects: ['group:sre'] },
    { tenant: 'payments', role: 'approver', subjects: ['bob'] },
    { tenant: 'search', role: 'auditor', subjects: ['alice'] },
    { tenant: '*', role: 'admin', subjects: ['root'] },
  ],
});
const gate = createAccessGate(config);
const who = (id: string): Actor => ({ id, name: id, source: 'cli' });

function codeOf(fn: () => void): string | undefined {
  try {
    fn();
    return undefined;
  } catch (error) {
    return isOpsdeckError(error) ? error.code : 'NOT_OPSDECK';
  }
}

describe('access gate', () => {
  const TABLE: [string, string, 'view' | 'operate' | 'approve' | 'administer', string | undefined][] = [
    ['alice', 'payments', 'operate', undefined],
    ['alice', 'payments', 'approve', 'FORBIDDEN'],
    ['alice', 'search', 'view', undefined],
    ['alice', 'search', 'operate', 'FORBIDDEN'],
    ['alice', 'billing', 'view', 'NOT_FOUND'],
    ['bob', 'payments', 'approve', undefined],
    ['bob', 'payments', 'operate', 'FORBIDDEN'],
    ['bob', 'search', 'operate', 'NOT_FOUND'],
    ['root', 'anything', 'administer', undefined],
    ['root', 'anything', 'operate', undefined],
    ['nobody', 'payments', 'view', 'NOT_FOUND'],
    ['stranger', 'payments', 'view', 'NOT_FOUND'],
  ];
  it.each(TABLE)('%s in %s may %s → %s', (actor, tenant, permission, expected) => {
    expect(codeOf(() => gate.check(who(actor), tenant, permission))).toBe(expected);
  });

  it('denies every acting permission in read-only mode but still allows viewing', () => {
    const ro = createAccessGate({ ...config, readOnly: true });
    expect(codeOf(() => ro.check(who('root'), 'payments', 'view'))).toBeUndefined();
    expect(codeOf(() => ro.check(who('root'), 'payments', 'operate'))).toBe('READ_ONLY');
    expect(ro.can(who('bob'), 'payments', 'approve')).toBe(false);
  });

  it('maps front-end identities to configured actors and nothing else', () => {
    expect(gate.identify('cli', 'alice')).toMatchObject({ id: 'alice', source: 'cli', externalId: 'alice' });
    expect(gate.identify('slack', 'U222')).toMatchObject({ id: 'bob', source: 'slack' });
    expect(gate.identify('slack', 'alice')).toBeUndefined();
    expect(gate.identify('cli', 'mallory')).toBeUndefined();
  });

  it('knows roles per tenant, with admins qualifying for any role', () => {
    expect(gate.hasRole(who('bob'), 'payments', 'approver')).toBe(true);
    expect(gate.hasRole(who('bob'), 'search', 'approver')).toBe(false);
    expect(gate.hasRole(who('root'), 'search', 'approver')).toBe(true);
  });

  it('rejects malformed config with a field path', () => {
    const parsed = accessConfigSchema.safeParse({ actors: [{ id: 'a b', name: 'x' }] });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(['actors', 0, 'id']);
  });
});
