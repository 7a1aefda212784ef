/**
 * The one-line inputs of the dashboard's spec-change keys: `U` reads
 * "<image-or-version> [serial|parallel|canary]", `E` reads
 * "KEY=VALUE … [serial|parallel|canary]". Pure, so every typo is testable;
 * the engine still validates keys and values and gives its clear errors.
 */
import type { RolloutStrategy } from './ports.js';

const STRATEGIES: readonly RolloutStrategy[] = ['serial', 'parallel', 'canary'];

/** What `U` asks for: exactly one of image / version, and maybe a strategy. */
export type UpgradeInput = { image: string; strategy?: RolloutStrategy } | { version: string; strategy?: RolloutStrategy };

/** What `E` asks for. */
export interface ConfigInput {
  set: Record<string, string>;
  strategy?: RolloutStrategy;
}

/** Either the parsed value or a message saying how to write it. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

function isStrategy(word: string): word is RolloutStrategy {
  return (STRATEGIES as readonly string[]).includes(word);
}

/** Image references carry a registry path, tag or digest; anything else is a package version. `image=` / `version=` force either. */
export function upgradeRefOf(word: string): { image: string } | { version: string } {
  if (word.startsWith('image=')) return { image: word.slice(6) };
  if (word.startsWith('version=')) return { version: word.slice(8) };
  return /[:/@]/.test(word) ? { image: word } : { version: word };
}

/** Parses the upgrade key's input. */
export function parseUpgradeInput(text: string): Parsed<UpgradeInput> {
  const words = text.trim().split(/\s+/).filter((w) => w !== '');
  const usage = 'Type an image (repo/app:tag) or a version, then optionally serial, parallel or canary.';
  if (words.length === 0 || words.length > 2) return { ok: false, error: usage };
  const [ref, strategy] = words as [string, string | undefined];
  if (strategy !== undefined && !isStrategy(strategy)) return { ok: false, error: `Unknown strategy "${strategy.slice(0, 20)}": use serial, parallel or canary.` };
  const target = upgradeRefOf(ref);
  if (Object.values(target)[0] === '') return { ok: false, error: usage };
  return { ok: true, value: { ...target, ...(strategy === undefined ? {} : { strategy }) } };
}

/** Parses the config key's input. */
export function parseConfigInput(text: string): Parsed<ConfigInput> {
  const set: Record<string, string> = {};
  let strategy: RolloutStrategy | undefined;
  for (const word of text.trim().split(/\s+/).filter((w) => w !== '')) {
    if (isStrategy(word)) {
      strategy = word;
      continue;
    }
    const eq = word.indexOf('=');
    if (eq <= 0) return { ok: false, error: `Expected KEY=VALUE, got "${word.slice(0, 30)}".` };
    const key = word.slice(0, eq);
    if (key in set) return { ok: false, error: `${key} is given twice.` };
    set[key] = word.slice(eq + 1);
  }
  if (Object.keys(set).length === 0) return { ok: false, error: 'Type at least one KEY=VALUE (env variables, cpus, mem or replicas).' };
  return { ok: true, value: { set, ...(strategy === undefined ? {} : { strategy }) } };
}
