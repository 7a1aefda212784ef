/**
 * The access section of opsdeck.yaml: who people are on each front end, which
 * groups they belong to, and which role they hold in which tenant.
 */
import { z } from 'zod';

/** Everything a role can grant; alert actions (ack, resolve, silence) use `operate`. */
export const PERMISSIONS = ['view', 'operate', 'approve', 'administer'] as const;

/** One grantable permission. */
export type Permission = (typeof PERMISSIONS)[number];

/** Built-in roles; config may add more or redefine these. */
export const DEFAULT_ROLES: Readonly<Record<string, readonly Permission[]>> = {
  viewer: ['view'],
  operator: ['view', 'operate'],
  approver: ['view', 'approve'],
  admin: ['view', 'operate', 'approve', 'administer'],
};

const idPattern = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;
const id = z.string().regex(idPattern, 'ids use letters, digits, ".", "_", "@" and "-" (max 64)');

/** A person or automation known to opsdeck, with the ids each front end knows them by. */
export const actorConfigSchema = z.object({
  id,
  name: z.string().min(1).max(120),
  /** Front-end ids: `os: alice`, `slack: U123`, `api: token-owner`… */
  external: z.partialRecord(z.enum(['tui', 'slack', 'cli', 'api', 'automation', 'os']), z.string().min(1).max(120)).default({}),
});

/** A named set of actors, usable as a subject in bindings as `group:<id>`. */
export const groupConfigSchema = z.object({ id, members: z.array(id).default([]) });

/** Grants one role in one tenant (or every tenant with "*") to actors and groups. */
export const roleBindingSchema = z.object({
  tenant: z.union([id, z.literal('*')]),
  role: id,
  /** Actor ids, or `group:<id>`. */
  subjects: z.array(z.string().min(1)).min(1),
});

/** The access section: default deny, so nobody can do anything that no binding grants. */
export const accessConfigSchema = z.object({
  /** When true nobody can act (views only), whatever the bindings say. */
  readOnly: z.boolean().default(false),
  actors: z.array(actorConfigSchema).default([]),
  groups: z.array(groupConfigSchema).default([]),
  /** Extra or redefined roles: name → permissions. */
  roles: z.record(id, z.array(z.enum(PERMISSIONS))).default({}),
  bindings: z.array(roleBindingSchema).default([]),
});

/** Parsed access config. */
export type AccessConfig = z.infer<typeof accessConfigSchema>;
/** Access config as written in the file (defaults not applied yet). */
export type AccessConfigInput = z.input<typeof accessConfigSchema>;
