/**
 * The one place that answers "may this person do this in this tenant?" for
 * every front end and every core module (commands, alerts): default deny,
 * read-only mode, and tenant isolation that never reveals what a person cannot see.
 */
import { opsError } from '../errors.js';
import type { Actor, CommandSource } from '../model/actor.js';
import { DEFAULT_ROLES, type AccessConfig, type Permission } from './access-config.js';

/** Options for AccessGate.check. */
export interface AccessCheckOptions {
  /** How to name the resource in a NOT_FOUND message, e.g. `Service "web"`. */
  resource?: string;
}

/** Authorization decisions built from the access config. */
export interface AccessGate {
  readonly readOnly: boolean;
  /** Maps a front end's user id (OS user, Slack user id…) to a configured actor; undefined when unknown. */
  identify(source: CommandSource | 'os', externalId: string): Actor | undefined;
  /** The configured actor with this id, as seen from `source`. */
  actorById(id: string, source: CommandSource): Actor | undefined;
  /** True when the actor may see anything of the tenant. */
  canSee(actor: Actor, tenant: string): boolean;
  /** True when the actor holds the permission in the tenant (false for acting permissions in read-only mode). */
  can(actor: Actor, tenant: string, permission: Permission): boolean;
  /** True when the actor holds the named role (or admin) in the tenant. */
  hasRole(actor: Actor, tenant: string, role: string): boolean;
  /**
   * Throws unless allowed: NOT_FOUND when the actor cannot see the tenant (the
   * same error as a missing resource), READ_ONLY, or FORBIDDEN.
   */
  check(actor: Actor, tenant: string, permission: Permission, options?: AccessCheckOptions): void;
}

/** Builds the gate; the config is assumed parsed by accessConfigSchema. */
export function createAccessGate(config: AccessConfig): AccessGate {
  const roles: Record<string, readonly Permission[]> = { ...DEFAULT_ROLES, ...config.roles };
  const actors = new Map(config.actors.map((a) => [a.id, a]));
  const groupsOf = new Map<string, string[]>();
  for (const group of config.groups) {
    for (const member of group.members) groupsOf.set(member, [...(groupsOf.get(member) ?? []), group.id]);
  }

  const rolesOf = (actorId: string, tenant: string): Set<string> => {
    const out = new Set<string>();
    if (!actors.has(actorId)) return out;
    const subjects = new Set([actorId, ...(groupsOf.get(actorId) ?? []).map((g) => `group:${g}`)]);
    for (const binding of config.bindings) {
      if (binding.tenant !== '*' && binding.tenant !== tenant) continue;
      if (binding.subjects.some((s) => subjects.has(s))) out.add(binding.role);
    }
    return out;
  };

  const permissionsOf = (actorId: string, tenant: string): Set<Permission> => {
    const out = new Set<Permission>();
    for (const role of rolesOf(actorId, tenant)) for (const p of roles[role] ?? []) out.add(p);
    return out;
  };

  const toActor = (id: string, source: CommandSource, externalId?: string): Actor | undefined => {
    const entry = actors.get(id);
    if (entry === undefined) return undefined;
    return { id: entry.id, name: entry.name, source, ...(externalId === undefined ? {} : { externalId }) };
  };

  const gate: AccessGate = {
    readOnly: config.readOnly,
    identify(source, externalId) {
      const keys: string[] = source === 'cli' || source === 'os' ? ['os', 'cli'] : [source];
      for (const entry of config.actors) {
        const ext = entry.external as Record<string, string | undefined>;
        if (keys.some((k) => ext[k] === externalId)) return toActor(entry.id, source === 'os' ? 'cli' : source, externalId);
      }
      return undefined;
    },
    actorById: (id, source) => toActor(id, source),
    canSee: (actor, tenant) => permissionsOf(actor.id, tenant).size > 0,
    can(actor, tenant, permission) {
      if (config.readOnly && permission !== 'view') return false;
      const granted = permissionsOf(actor.id, tenant);
      return granted.has(permission) || (permission !== 'view' && granted.has('administer'));
    },
    hasRole(actor, tenant, role) {
      const held = rolesOf(actor.id, tenant);
      return held.has(role) || permissionsOf(actor.id, tenant).has('administer');
    },
    check(actor, tenant, permission, options = {}) {
      const resource = options.resource ?? 'The resource';
      if (!gate.canSee(actor, tenant)) {
        throw opsError('NOT_FOUND', `${resource} was not found.`, { hint: 'Check the name; `opsdeck services` lists what you can see.' });
      }
      if (config.readOnly && permission !== 'view') {
        throw opsError('READ_ONLY', 'opsdeck is in read-only mode; no actions are allowed.', {
          hint: 'An administrator can turn off access.readOnly in opsdeck.yaml.',
        });
      }
      if (!gate.can(actor, tenant, permission)) {
        throw opsError('FORBIDDEN', `${actor.name} may not ${permission} in tenant "${tenant}".`, {
          hint: 'Ask an administrator for a role binding in opsdeck.yaml (access.bindings).',
        });
      }
    },
  };
  return gate;
}
