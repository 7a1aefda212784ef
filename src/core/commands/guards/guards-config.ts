/**
 * The guards section of opsdeck.yaml: scale bounds, quorum, plan-in-progress,
 * one action per service, rate limit per actor and freeze windows.
 */
import { z } from 'zod';
import { isValidTimeZone } from '../../time/zoned-time.js';
import { COMMAND_KINDS } from '../command.js';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'use HH:MM (24-hour)');
const timeZone = z.string().refine(isValidTimeZone, 'unknown IANA time zone');

/** Days of the week as written in config. */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/** A period in which changes are frozen: weekly (days + start/end in a time zone) or absolute (from/to). */
export const freezeWindowSchema = z
  .object({
    name: z.string().min(1).max(80),
    timeZone: timeZone.default('UTC'),
    days: z.array(z.enum(WEEKDAYS)).optional(),
    start: hhmm.optional(),
    end: hhmm.optional(),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    /** Only these tenants are frozen (all when absent). */
    tenants: z.array(z.string()).optional(),
    /** Commands allowed during the freeze (pausing a plan makes things safer). */
    exempt: z.array(z.enum(COMMAND_KINDS)).default(['plan-pause']),
    /** Whether `force` lets a command through. */
    allowForce: z.boolean().default(true),
  })
  .refine((w) => (w.start !== undefined && w.end !== undefined) || (w.from !== undefined && w.to !== undefined), {
    message: 'a freeze window needs start and end (weekly) or from and to (absolute)',
  });

/** Guard settings; every guard is on by default with conservative values. */
export const guardsConfigSchema = z.object({
  scale: z
    .object({
      min: z.number().int().min(0).default(0),
      max: z.number().int().min(1).max(10_000).default(100),
      /** Largest change of the instance count in one command. */
      maxChange: z.number().int().min(1).optional(),
      /** Per-service bounds by name or id. */
      overrides: z.array(z.object({ service: z.string(), min: z.number().int().min(0).optional(), max: z.number().int().min(0).optional() })).default([]),
    })
    .prefault({}),
  quorum: z.object({ enabled: z.boolean().default(true) }).prefault({}),
  planInProgress: z.object({ enabled: z.boolean().default(true) }).prefault({}),
  serviceLock: z.object({ enabled: z.boolean().default(true) }).prefault({}),
  rateLimit: z
    .object({ enabled: z.boolean().default(true), max: z.number().int().min(1).default(20), windowMs: z.number().int().min(1000).default(60_000) })
    .prefault({}),
  freezeWindows: z.array(freezeWindowSchema).default([]),
});

/** Parsed guard settings. */
export type GuardsConfig = z.infer<typeof guardsConfigSchema>;
/** One parsed freeze window. */
export type FreezeWindow = z.infer<typeof freezeWindowSchema>;
