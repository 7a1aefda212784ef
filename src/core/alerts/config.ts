/**
 * The alerts section of the config: rule thresholds, per-service SLAs,
 * silences and maintenance windows, grouping, flap damping and the night
 * policy. The lead composes it into the main config schema.
 */
import { z } from 'zod';
import { ACTION_KINDS } from '../model/action.js';
import { isValidTimeZone } from '../time/zoned-time.js';
import { durationSchema } from '../time/duration.js';
import { matcherSchema, parseMatchers } from './matchers.js';

const instant = z.string().refine((s) => !Number.isNaN(Date.parse(s)), { message: 'use an ISO 8601 time with offset' });
const clockTime = z.string().regex(/^([01]?\d|2[0-3]):[0-5]\d$/, 'use HH:MM');
/** Matchers as a list of objects or as text (`service=web,tenant=pay`). */
const matcherList = z.union([z.string().transform((s) => parseMatchers(s)), z.array(matcherSchema)]);

/** Which services an SLA applies to; every given field must match. */
export const slaSelectorSchema = z.object({
  tenant: z.string().optional(),
  backend: z.string().optional(),
  /** Service name or global id; /regex/ in slashes. */
  service: z.string().optional(),
});

/** A per-service service-level agreement; a breach opens an alert. */
export const slaSchema = z.object({
  name: z.string().min(1),
  match: slaSelectorSchema.default({}),
  /** Minimum healthy / desired instances, 0..1. */
  minHealthyFraction: z.number().min(0).max(1).optional(),
  maxRestartsPerHour: z.number().int().nonnegative().optional(),
  /** Longest a service may stay DEGRADED or UNHEALTHY. */
  maxDegraded: durationSchema.optional(),
  /** A healthy-fraction breach suggests scaling up by this many instances. */
  scaleUpBy: z.number().int().positive().default(1),
  severity: z.enum(['critical', 'warning', 'info']).default('critical'),
});

/** A night-policy entry: try this remediation before paging for this alert kind. */
export const nightPolicyEntrySchema = z.object({
  kind: z.string().min(1),
  remediation: z.enum(ACTION_KINDS),
  /** How long to wait after a successful remediation before deciding it worked. */
  verify: durationSchema.default(120_000),
  /** "night" applies only inside the night hours; "always" at any time. */
  when: z.enum(['night', 'always']).default('night'),
});

/** The whole alerts section. */
export const alertsConfigSchema = z.object({
  rules: z
    .object({
      unhealthyFor: durationSchema.default(60_000),
      degradedFor: durationSchema.default(300_000),
      underReplicatedFor: durationSchema.default(300_000),
      crashLoopRestarts: z.number().int().positive().default(5),
      crashLoopWindow: durationSchema.default(600_000),
      maxRestartsPerHour: z.number().int().positive().default(20),
      planStuckAfter: durationSchema.default(1_800_000),
      staleFor: durationSchema.default(0),
    })
    .prefault({}),
  slas: z.array(slaSchema).default([]),
  silences: z
    .array(z.object({ matchers: matcherList, from: instant.optional(), until: instant, comment: z.string().default(''), createdBy: z.string().default('config') }))
    .default([]),
  maintenance: z.array(z.object({ name: z.string().min(1), matchers: matcherList, from: instant, to: instant })).default([]),
  grouping: z
    .object({
      by: z.array(z.string()).default(['tenant', 'backend', 'service']),
      wait: durationSchema.default(30_000),
    })
    .prefault({}),
  /** A cleared condition must stay clear this long before the alert resolves. */
  resolveAfter: durationSchema.default(0),
  flapping: z
    .object({
      /** This many firings inside the window mark an alert as flapping. */
      firings: z.number().int().min(2).default(4),
      window: durationSchema.default(1_800_000),
      /** A flapping alert resolves only after being clear this long. */
      hold: durationSchema.default(900_000),
    })
    .prefault({}),
  night: z
    .object({
      from: clockTime.default('22:00'),
      to: clockTime.default('07:00'),
      timeZone: z.string().refine(isValidTimeZone, { message: 'unknown IANA time zone' }).default('UTC'),
      policies: z.array(nightPolicyEntrySchema).default([]),
    })
    .prefault({}),
  /** Tenant label given to backend-wide alerts such as "source unreachable". */
  platformTenant: z.string().default('platform'),
  /** How often time-based rules (durations, stuck plans, expiries) are re-checked. */
  evaluateEvery: durationSchema.default(5_000),
});

/** Parsed alerts config. */
export type AlertsConfig = z.output<typeof alertsConfigSchema>;
/** One parsed SLA. */
export type Sla = z.output<typeof slaSchema>;
