/**
 * The on-call section of the config: people (with time zones and contact ids),
 * schedules, escalation policies and routes. The lead composes it into the
 * main config schema.
 */
import { z } from 'zod';
import { durationSchema } from '../time/duration.js';
import { isValidTimeZone } from '../time/zoned-time.js';

const timeZone = z.string().refine(isValidTimeZone, { message: 'unknown IANA time zone' });
const clockTime = z.string().regex(/^([01]?\d|2[0-3]):[0-5]\d$/, 'use HH:MM');
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'use YYYY-MM-DD');
const instant = z.string().refine((s) => !Number.isNaN(Date.parse(s)), { message: 'use an ISO 8601 time with offset' });

/** A daily local-time window such as 22:00–07:00 (wrapping midnight is fine). */
export const dailyWindowSchema = z.object({ from: clockTime, to: clockTime });

/** A person who can be paged. */
export const personSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  timeZone,
  /** Contact ids per channel, e.g. { slack: "U024BE7LH" }. */
  contacts: z.record(z.string(), z.string()).default({}),
  /** Low-severity pages wait until these hours end (in the person's zone). */
  quietHours: dailyWindowSchema.optional(),
});

/** One rotation layer of a schedule; later layers win where they have someone on call. */
export const layerSchema = z.object({
  name: z.string().min(1),
  users: z.array(z.string().min(1)).min(1),
  /** Calendar date of the first shift (in the schedule's zone). */
  start: date,
  /** Local wall time the shift changes hands. */
  handoff: clockTime.default('09:00'),
  /** Shift length in days (1 daily, 7 weekly). */
  rotationDays: z.number().int().positive().default(7),
  /** Only on call inside this daily window (e.g. business hours), optionally on some weekdays (0 = Sunday). */
  restrict: z.object({ from: clockTime, to: clockTime, weekdays: z.array(z.number().int().min(0).max(6)).optional() }).optional(),
});

/** A schedule: layers plus one-off overrides, in one time zone. */
export const scheduleSchema = z.object({
  name: z.string().min(1),
  timeZone,
  layers: z.array(layerSchema).min(1),
  overrides: z.array(z.object({ user: z.string().min(1), from: instant, to: instant })).default([]),
});

/** Who a level notifies. */
export const targetSchema = z.union([z.object({ user: z.string().min(1) }), z.object({ schedule: z.string().min(1) })]);

/** An escalation policy, frozen into each page when it opens. */
export const escalationPolicySchema = z.object({
  name: z.string().min(1),
  levels: z
    .array(
      z.object({
        notify: z.array(targetSchema).min(1),
        /** Time to wait for an acknowledgement before the next notification. */
        wait: durationSchema.default(300_000),
        /** How many times this level is notified before escalating (re-pages). */
        times: z.number().int().min(1).default(1),
      }),
    )
    .min(1),
  /** How many times the whole policy runs again after the last level. */
  repeat: z.number().int().min(0).default(0),
  /** An acknowledged, still-firing alert pages again after this long. */
  reNotifyAcknowledgedAfter: durationSchema.optional(),
});

/** Sends matching alerts to a policy; the first matching route wins. */
export const routeSchema = z.object({
  match: z
    .object({
      tenant: z.string().optional(),
      /** Service name or global id; /regex/ in slashes. */
      service: z.string().optional(),
      severity: z.array(z.enum(['critical', 'warning', 'info'])).optional(),
      kind: z.array(z.string()).optional(),
    })
    .default({}),
  policy: z.string().min(1),
});

/** The whole on-call section. */
export const oncallConfigSchema = z
  .object({
    people: z.array(personSchema).default([]),
    schedules: z.array(scheduleSchema).default([]),
    escalationPolicies: z.array(escalationPolicySchema).default([]),
    routes: z.array(routeSchema).default([]),
    defaultPolicy: z.string().optional(),
    /** Severities that respect a person's quiet hours. */
    quietSeverities: z.array(z.enum(['critical', 'warning', 'info'])).default(['info']),
  })
  .superRefine((cfg, ctx) => {
    const people = new Set(cfg.people.map((p) => p.id));
    const schedules = new Set(cfg.schedules.map((s) => s.name));
    const policies = new Set(cfg.escalationPolicies.map((p) => p.name));
    for (const s of cfg.schedules) {
      for (const l of s.layers) for (const u of l.users) if (!people.has(u)) ctx.addIssue({ code: 'custom', message: `schedule ${s.name}: unknown person "${u}"` });
      for (const o of s.overrides) if (!people.has(o.user)) ctx.addIssue({ code: 'custom', message: `schedule ${s.name}: unknown person "${o.user}"` });
    }
    for (const p of cfg.escalationPolicies) {
      for (const level of p.levels) {
        for (const t of level.notify) {
          if ('user' in t && !people.has(t.user)) ctx.addIssue({ code: 'custom', message: `policy ${p.name}: unknown person "${t.user}"` });
          if ('schedule' in t && !schedules.has(t.schedule)) ctx.addIssue({ code: 'custom', message: `policy ${p.name}: unknown schedule "${t.schedule}"` });
        }
      }
    }
    for (const r of cfg.routes) if (!policies.has(r.policy)) ctx.addIssue({ code: 'custom', message: `route: unknown policy "${r.policy}"` });
    if (cfg.defaultPolicy !== undefined && !policies.has(cfg.defaultPolicy)) ctx.addIssue({ code: 'custom', message: `unknown default policy "${cfg.defaultPolicy}"` });
  });

/** Parsed on-call config. */
export type OncallConfig = z.output<typeof oncallConfigSchema>;
/** One person. */
export type Person = z.output<typeof personSchema>;
/** One schedule. */
export type Schedule = z.output<typeof scheduleSchema>;
/** One escalation policy. */
export type EscalationPolicy = z.output<typeof escalationPolicySchema>;
/** One notification target. */
export type Target = z.output<typeof targetSchema>;
