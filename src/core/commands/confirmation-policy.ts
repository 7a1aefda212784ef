/**
 * How much confirmation a command needs, by its risk: none, a confirm, typing
 * the service name, or approval by N other people of a role. The default
 * policy is here; config may change risks, levels and per-tenant overrides.
 */
import { z } from 'zod';
import { COMMAND_KINDS, type Command, type CommandKind } from './command.js';
import type { ResolvedTarget } from './resolve-target.js';

/** Risk classes, lowest first. */
export const RISKS = ['low', 'medium', 'high', 'critical'] as const;
/** One risk class. */
export type Risk = (typeof RISKS)[number];

/** Confirmation levels, weakest first. */
export const CONFIRMATION_LEVELS = ['none', 'confirm', 'type-name', 'approval'] as const;
/** One confirmation level. */
export type ConfirmationLevel = (typeof CONFIRMATION_LEVELS)[number];

/** The base risk of each command kind before escalation by circumstances. */
export const DEFAULT_RISK_BY_KIND: Readonly<Record<CommandKind, Risk>> = {
  scale: 'medium',
  restart: 'medium',
  rollback: 'high',
  'kill-task': 'medium',
  'plan-pause': 'low',
  'plan-resume': 'medium',
  'plan-restart-step': 'medium',
  'plan-force-complete': 'critical',
  'pod-restart': 'medium',
  'pod-replace': 'high',
  upgrade: 'high',
  'config-set': 'high',
  'plan-continue': 'medium',
};

const level = z.enum(CONFIRMATION_LEVELS);

/** The confirmation policy section of opsdeck.yaml. */
export const confirmationPolicySchema = z.object({
  riskByKind: z.partialRecord(z.enum(COMMAND_KINDS), z.enum(RISKS)).default({}),
  levels: z
    .object({ low: level.default('none'), medium: level.default('confirm'), high: level.default('type-name'), critical: level.default('approval') })
    .prefault({}),
  approval: z
    .object({
      /** Other people who must approve. */
      count: z.number().int().min(1).max(5).default(1),
      /** Role the approvers must hold in the service's tenant (admins always qualify). */
      role: z.string().min(1).default('approver'),
      /** How long a request stays open. */
      ttlMs: z.number().int().min(60_000).default(30 * 60_000),
    })
    .prefault({}),
  /** Exact levels for matching commands; the last match wins. */
  overrides: z
    .array(z.object({ kind: z.enum(COMMAND_KINDS).optional(), tenant: z.string().optional(), service: z.string().optional(), level }))
    .default([]),
});

/** Parsed confirmation policy. */
export type ConfirmationPolicy = z.infer<typeof confirmationPolicySchema>;

/** The built-in policy (config absent). */
export const DEFAULT_CONFIRMATION_POLICY: ConfirmationPolicy = confirmationPolicySchema.parse({});

function raise(risk: Risk, by = 1): Risk {
  return RISKS[Math.min(RISKS.length - 1, RISKS.indexOf(risk) + by)] as Risk;
}

/** The risk of a command on its target: base risk, raised for stateful targets, scale-to-zero, big scale-downs and force. */
export function assessRisk(command: Command, target: ResolvedTarget, policy: ConfirmationPolicy): { risk: Risk; reasons: string[] } {
  let risk = policy.riskByKind[command.kind] ?? DEFAULT_RISK_BY_KIND[command.kind];
  const reasons: string[] = [];
  const { service } = target;
  const disruptive = command.kind !== 'plan-pause' && command.kind !== 'plan-resume';
  if (service.stateful && disruptive) {
    risk = raise(risk);
    reasons.push('stateful service');
  }
  if (command.kind === 'scale') {
    if (command.args.replicas === 0 && service.desired > 0) {
      risk = raise(risk);
      reasons.push('scales to zero');
    } else if (command.args.replicas < service.desired / 2) {
      risk = raise(risk);
      reasons.push('removes more than half the instances');
    }
  }
  if (command.force === true) {
    risk = raise(risk);
    reasons.push('forced past guards');
  }
  return { risk, reasons };
}

/** The confirmation level for a command: from its risk, unless an override matches. */
export function confirmationLevel(command: Command, target: ResolvedTarget, policy: ConfirmationPolicy): ConfirmationLevel {
  const { risk } = assessRisk(command, target, policy);
  let result: ConfirmationLevel = policy.levels[risk];
  for (const o of policy.overrides) {
    if (o.kind !== undefined && o.kind !== command.kind) continue;
    if (o.tenant !== undefined && o.tenant !== target.service.tenant) continue;
    if (o.service !== undefined && o.service !== target.service.name && o.service !== target.service.id) continue;
    result = o.level;
  }
  return result;
}
