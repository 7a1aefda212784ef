/**
 * The timing stage of the pipeline: a condition must hold for its `for`
 * duration before it fires, must stay clear for the resolve delay before it
 * resolves, and an alert that keeps coming back (flapping) is held open longer
 * instead of paging again and again.
 */
import type { AlertCondition } from './alert.js';

/** What the tracker decided in one pass. */
export type TrackerEvent =
  | { type: 'fire'; condition: AlertCondition; flapping: boolean }
  | { type: 'update'; condition: AlertCondition }
  | { type: 'clear'; fingerprint: string };

interface Entry {
  condition: AlertCondition;
  present: boolean;
  pendingSince: number;
  active: boolean;
  clearedAt?: number;
}

/** Damping settings. */
export interface TrackerOptions {
  resolveAfterMs: number;
  flapFirings: number;
  flapWindowMs: number;
  flapHoldMs: number;
}

/** Tracks conditions per source and turns presence over time into fire / clear events. */
export class ConditionTracker {
  private readonly entries = new Map<string, Entry>();
  private readonly sources = new Map<string, Set<string>>();
  private readonly waiting = new Set<string>();
  private readonly dirty = new Set<string>();
  private readonly firings = new Map<string, number[]>();

  constructor(private readonly options: TrackerOptions) {}

  /** Seeds an alert that was already firing (after a restart), so its source can clear it. */
  seedActive(condition: AlertCondition): void {
    this.entries.set(condition.fingerprint, { condition, present: true, pendingSince: 0, active: true });
    this.sourceSet(condition.source).add(condition.fingerprint);
  }

  /** Replaces what one source currently reports. */
  setSource(source: string, conditions: readonly AlertCondition[], now: number): void {
    const previous = this.sources.get(source);
    const next = new Set<string>();
    for (const c of conditions) {
      next.add(c.fingerprint);
      const entry = this.entries.get(c.fingerprint);
      if (entry === undefined) {
        this.entries.set(c.fingerprint, { condition: c, present: true, pendingSince: Math.min(now, c.since ?? now), active: false });
      } else {
        entry.condition = c;
        if (!entry.present && !entry.active) entry.pendingSince = Math.min(now, c.since ?? now);
        entry.present = true;
        delete entry.clearedAt;
      }
      this.dirty.add(c.fingerprint);
    }
    if (previous !== undefined) {
      for (const fp of previous) {
        if (next.has(fp)) continue;
        const entry = this.entries.get(fp);
        if (entry === undefined) continue;
        entry.present = false;
        entry.clearedAt ??= now;
        this.dirty.add(fp);
      }
    }
    if (next.size === 0) this.sources.delete(source);
    else this.sources.set(source, next);
  }

  /** Sources that currently report something (for periodic re-evaluation). */
  activeSources(): string[] {
    return [...this.sources.keys()];
  }

  /** Advances every touched or waiting entry to `now` and returns what changed. */
  process(now: number): TrackerEvent[] {
    const out: TrackerEvent[] = [];
    const work = new Set([...this.dirty, ...this.waiting]);
    this.dirty.clear();
    for (const fp of work) {
      const entry = this.entries.get(fp);
      this.waiting.delete(fp);
      if (entry === undefined) continue;
      if (entry.present && !entry.active) {
        if (now - entry.pendingSince >= entry.condition.forMs) {
          entry.active = true;
          out.push({ type: 'fire', condition: entry.condition, flapping: this.recordFiring(fp, now) });
        } else this.waiting.add(fp);
      } else if (entry.present && entry.active) {
        out.push({ type: 'update', condition: entry.condition });
      } else if (!entry.present && !entry.active) {
        this.entries.delete(fp);
      } else if (now - (entry.clearedAt ?? now) >= this.holdFor(fp, now)) {
        this.entries.delete(fp);
        out.push({ type: 'clear', fingerprint: fp });
      } else this.waiting.add(fp);
    }
    return out;
  }

  /** True when the fingerprint fired often enough lately to count as flapping. */
  isFlapping(fp: string, now: number): boolean {
    const list = (this.firings.get(fp) ?? []).filter((at) => at > now - this.options.flapWindowMs);
    return list.length >= this.options.flapFirings;
  }

  private holdFor(fp: string, now: number): number {
    return this.isFlapping(fp, now) ? Math.max(this.options.flapHoldMs, this.options.resolveAfterMs) : this.options.resolveAfterMs;
  }

  private recordFiring(fp: string, now: number): boolean {
    const list = (this.firings.get(fp) ?? []).filter((at) => at > now - this.options.flapWindowMs);
    list.push(now);
    this.firings.set(fp, list);
    return list.length >= this.options.flapFirings;
  }

  private sourceSet(source: string): Set<string> {
    let set = this.sources.get(source);
    if (set === undefined) {
      set = new Set();
      this.sources.set(source, set);
    }
    return set;
  }
}
