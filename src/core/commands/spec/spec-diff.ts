/**
 * The readable diff of a spec change: current vs proposed spec field by field
 * (env variables one per line), the plan that will run, and the spec hashes
 * the audit log records. Pure: fixtures in, lines out.
 */
import { createHash } from 'node:crypto';
import type { ChangePlan, ServiceSpec } from '../../backend/capabilities.js';
import { canonicalJson } from '../../audit/canonical-json.js';

/** One changed field: `+` added, `-` removed, `~` changed. */
export interface SpecDiffLine {
  op: '+' | '-' | '~';
  field: string;
  from?: string;
  to?: string;
}

const FIELDS: { key: Exclude<keyof ServiceSpec, 'env'>; label: string; unit?: string }[] = [
  { key: 'image', label: 'image' },
  { key: 'version', label: 'version' },
  { key: 'cpus', label: 'cpus' },
  { key: 'mem', label: 'mem', unit: ' MB' },
  { key: 'replicas', label: 'replicas' },
  { key: 'updateStrategy', label: 'update strategy' },
];

function shown(value: unknown, unit = ''): string | undefined {
  return value === undefined ? undefined : `${String(value)}${unit}`;
}

function line(field: string, from: string | undefined, to: string | undefined): SpecDiffLine | undefined {
  if (from === to) return undefined;
  if (from === undefined) return { op: '+', field, to: to as string };
  if (to === undefined) return { op: '-', field, from };
  return { op: '~', field, from, to };
}

/** The changed fields between two specs, in a stable order (fields, then env keys sorted). */
export function diffSpecs(current: ServiceSpec, proposed: ServiceSpec): SpecDiffLine[] {
  const lines: SpecDiffLine[] = [];
  for (const f of FIELDS) {
    const l = line(f.label, shown(current[f.key], f.unit), shown(proposed[f.key], f.unit));
    if (l !== undefined) lines.push(l);
  }
  const keys = [...new Set([...Object.keys(current.env), ...Object.keys(proposed.env)])].sort();
  for (const key of keys) {
    const l = line(`env ${key}`, current.env[key], proposed.env[key]);
    if (l !== undefined) lines.push(l);
  }
  return lines;
}

/** One diff line as text, e.g. `~ image: nginx:1.25 → nginx:1.26`. */
export function renderDiffLine(l: SpecDiffLine): string {
  if (l.op === '+') return `+ ${l.field}: ${l.to ?? ''}`;
  if (l.op === '-') return `- ${l.field}: ${l.from ?? ''}`;
  return `~ ${l.field}: ${l.from ?? ''} → ${l.to ?? ''}`;
}

/** The diff as lines; "no change" when the specs are equal. */
export function renderSpecDiff(current: ServiceSpec, proposed: ServiceSpec): string[] {
  const lines = diffSpecs(current, proposed);
  return lines.length === 0 ? ['(no change: the proposed spec equals the current one)'] : lines.map(renderDiffLine);
}

function duration(ms: number): string {
  if (ms < 60_000) return `${Math.round(ms / 1000)}s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return seconds === 0 ? `${minutes}m` : `${minutes}m${seconds}s`;
}

/** The plan as lines: strategy and expected duration, then each phase with its steps in order. */
export function renderChangePlan(plan: ChangePlan): string[] {
  const steps = plan.phases.reduce((n, p) => n + p.steps.length, 0);
  const head = `plan ${plan.planName}: ${plan.strategy}, ${steps} step(s)${plan.expectedDurationMs === undefined ? '' : `, about ${duration(plan.expectedDurationMs)} (from earlier rollouts)`}`;
  const lines = [head];
  for (const phase of plan.phases) {
    lines.push(`  ${phase.name}: ${phase.steps.length === 0 ? 'nothing to replace' : phase.steps.map((s, i) => `${i + 1}. ${s.name}`).join('  ')}`);
  }
  for (const note of plan.notes) lines.push(`  note: ${note}`);
  return lines;
}

/** SHA-256 of a spec's canonical JSON, recorded in the audit log as old / new spec hash. */
export function specHash(spec: ServiceSpec): string {
  return createHash('sha256').update(canonicalJson(spec)).digest('hex');
}
