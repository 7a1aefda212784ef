/**
 * A key → set-of-ids index, the building block of the store's lookups by name,
 * tenant, backend and owning service.
 */

/** Keeps, for each key, the set of ids filed under it. */
export class MultiIndex {
  private readonly map = new Map<string, Set<string>>();

  add(key: string, id: string): void {
    let set = this.map.get(key);
    if (set === undefined) {
      set = new Set();
      this.map.set(key, set);
    }
    set.add(id);
  }

  remove(key: string, id: string): void {
    const set = this.map.get(key);
    if (set === undefined) return;
    set.delete(id);
    if (set.size === 0) this.map.delete(key);
  }

  /** Moves an id from one key to another (no-op when the key is unchanged). */
  move(from: string | undefined, to: string, id: string): void {
    if (from === to) return;
    if (from !== undefined) this.remove(from, id);
    this.add(to, id);
  }

  get(key: string): ReadonlySet<string> {
    return this.map.get(key) ?? EMPTY;
  }

  keys(): IterableIterator<string> {
    return this.map.keys();
  }
}

const EMPTY: ReadonlySet<string> = new Set();

/** The entities of `map` whose ids are in `ids` (ids without an entity are skipped). */
export function pick<T>(map: ReadonlyMap<string, T>, ids: ReadonlySet<string>): T[] {
  const out: T[] = [];
  for (const id of ids) {
    const value = map.get(id);
    if (value !== undefined) out.push(value);
  }
  return out;
}
